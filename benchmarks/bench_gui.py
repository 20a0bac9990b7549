"""Desktop app timings through the real widgets: drawing latency and start-up.

    .venv/bin/python benchmarks/bench_gui.py [--moves 400] [--startup-runs 5] [--number 307142]

Latency: synthetic mouse-move events (left button held) go to the canvas one at a time;
each is timed from the moment it is sent until the prediction for it is shown and the
repaints it caused (canvas, chart, input view, feature maps) have been handled. Measured
twice: with the default views, and with every view on (S2/S4 shown, the Learn view open,
the "Why this digit?" overlay on, whose maps are computed in a background thread once
the drawing rests; how long after the last move its map appears is printed too). The CPU
time spent on each move is printed as well: on a shared, loaded machine the wall time
also counts waiting for a core. Start-up: a fresh interpreter starts the app the way
`lenet-gui` does; the times from launch to the first painted window and to the first
prediction (of an image put on the canvas before the model loaded) are printed.
With --number, that number is written on the canvas first (mouse events) and the moves
write its next digit to its right (--number-at right) or a digit under it (below: the
whole drawing is then read as one row): the latency while a number is read on every move.
Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw
from PySide6.QtCore import QEvent, QEventLoop, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

STARTUP_SCRIPT = r"""
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from lenet_gui.paths import bundled_weights
from lenet_gui.ui.app import init_application
from lenet_gui.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = True
            print(f"window {time.time() - t0:.3f}", flush=True)
        return False

app = QApplication(sys.argv[:1])
init_application(app)
window = MainWindow(persist=False)
window.canvas.open_image(sys.argv[2])
probe = FirstPaint()
window.chart.installEventFilter(probe)

def predicted(prediction):
    print(f"prediction {time.time() - t0:.3f} digit {prediction.digit}", flush=True)
    app.quit()

window.session.prediction_changed.connect(predicted)
window.show()
window.session.load_weights(bundled_weights())
app.exec()
"""


def _mouse(kind: QEvent.Type, pos: QPointF, buttons: Qt.MouseButton) -> QMouseEvent:
    return QMouseEvent(
        kind, pos, pos, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )


def _spiral(rect, n: int) -> list[QPointF]:
    """A long wandering stroke inside `rect` (a curly "2"-like path), n points."""
    cx, cy, r = rect.center().x(), rect.center().y(), min(rect.width(), rect.height()) * 0.35
    return [
        QPointF(
            cx + r * math.sin(0.05 * i) * (0.6 + 0.4 * math.cos(0.013 * i)),
            cy - r * math.cos(0.031 * i),
        )
        for i in range(n)
    ]


# Where the moves draw while a number is on the canvas: a next digit of the number, to its
# right (the number written small at the left of a row), or a digit under it (the number
# written large across the top half; the drawing is then read as one row, all of it).
NUMBER_ROW = {  # place: (left, top, digit height) of the number, x the sheet
    "right": (0.04, 0.3, 0.13),
    "below": (None, 0.12, 0.2),
}


def _write_number(app: QApplication, canvas, text: str, place: str) -> QRectF:
    """`text` written with mouse events (the test suite's pen-stroke digits,
    tests/written.py); returns the area of the sheet the moves then draw in."""
    from tests.written import DIGITS

    sheet = canvas.sheet_rect()
    left, top, height = NUMBER_ROW[place]
    gap = 0.15 * height
    width = len(text) * 0.6 * height + (len(text) - 1) * gap
    if left is None:  # centred
        left = 0.5 - width / 2
    canvas.set_brush_width(round(40 * height))
    for i, char in enumerate(text):
        x0 = left + i * (0.6 * height + gap)
        for stroke in DIGITS[char]:
            points = [
                QPointF(
                    sheet.left() + (x0 + x * height) * sheet.width(),
                    sheet.top() + (top + y * height) * sheet.height(),
                )
                for x, y in stroke
            ]
            QApplication.sendEvent(
                canvas, _mouse(QEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
            )
            for point in points[1:]:
                QApplication.sendEvent(
                    canvas, _mouse(QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
                )
            QApplication.sendEvent(
                canvas, _mouse(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)
            )
            app.processEvents()
    if place == "below":
        return sheet.adjusted(0, sheet.height() * 0.5, 0, 0)
    x = sheet.left() + (left + width + gap) * sheet.width()
    y = sheet.top() + (top - 0.1 * height) * sheet.height()
    return QRectF(x, y, sheet.right() - x, 1.2 * height * sheet.height())


def _settle(app: QApplication, window) -> None:
    """Until the number reader has read the latest drawing and it is shown."""
    app.processEvents()
    deadline = time.perf_counter() + 5.0
    while window._reader.is_busy() and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    app.processEvents()


def measure_latency(
    moves: int,
    cpu: list[float] | None = None,
    number: str = "",
    place: str = "right",
    *,
    every_view: bool = False,
    map_lags: list[float] | None = None,
) -> list[float]:
    """Milliseconds from each mouse move to the repainted views; the CPU milliseconds of
    each move (on the GUI thread) are appended to `cpu` if given. With `number`, that
    number is written first and the moves draw at `place` (NUMBER_ROW). A move that adds
    no point to the stroke (too close to the last) changes nothing and is not counted.
    With `every_view`, the
    milliseconds from a move to the saliency map of its drawing (for the maps shown; the
    others were skipped for a newer drawing) go to `map_lags`."""
    from lenet_gui.engine.recognizer import Recognizer
    from lenet_gui.paths import bundled_weights
    from lenet_gui.ui.app import init_application
    from lenet_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    init_application(app)
    window = MainWindow(persist=False)
    window.resize(1280, 800)
    window.show()
    recognizer = Recognizer.from_file(bundled_weights())
    window.session.set_recognizer(recognizer)
    sent: dict[int, float] = {}  # id(prediction) -> when its move was sent
    if every_view:
        recognizer.model  # noqa: B018 - torch network built, as the app does in the background
        window.pooling_action.setChecked(True)
        window.explore.open_learn_view()
        window.explore.saliency_action.setChecked(True)
        if map_lags is not None:
            window.explore.saliency_service.ready.connect(
                lambda shown: map_lags.append(
                    (time.perf_counter() - sent.get(id(shown.prediction), math.nan)) * 1e3
                )
            )
    app.processEvents()

    predicted: list[object] = []
    window.session.prediction_changed.connect(predicted.append)

    canvas = window.canvas
    area = canvas.sheet_rect()
    if number:
        area = _write_number(app, canvas, number, place)
        _settle(app, window)
        read = window.session.reading()
        print(f"written: {number}, read: {read.text if read else ''}")
    changed: list[bool] = []
    canvas.changed.connect(lambda: changed.append(True))
    points = _spiral(area, moves + 1)
    QApplication.sendEvent(
        canvas, _mouse(QEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
    )
    app.processEvents()
    latencies = []
    waker = QTimer()  # wakes the waiting loop below if a move brings no prediction
    waker.start(50)
    for point in points[1:]:
        predicted.clear()
        changed.clear()
        cpu_start = time.thread_time()
        start = time.perf_counter()
        QApplication.sendEvent(
            canvas, _mouse(QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
        )
        if not changed:
            continue
        deadline = start + 2.0
        while not predicted and time.perf_counter() < deadline:
            # as the app's event loop does: sleep until an event comes (a reading from the
            # reader's thread, say) instead of spinning, which would take the processor and
            # Python's lock from the very thread it waits for
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        # one more pass delivers the repaints the new prediction asked for (widgets whose
        # content did not change are rightly not repainted)
        app.processEvents()
        latencies.append((time.perf_counter() - start) * 1e3)
        sent.update((id(p), start) for p in predicted)
        if cpu is not None:
            cpu.append((time.thread_time() - cpu_start) * 1e3)
    waker.stop()
    QApplication.sendEvent(
        canvas, _mouse(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)
    )
    deadline = time.perf_counter() + 10.0
    while every_view and map_lags is not None and not map_lags:  # the map of the last move
        if time.perf_counter() > deadline:
            break
        app.processEvents()
    window.close()
    return latencies


def _summary(values: list[float]) -> str:
    values = sorted(v for v in values if not math.isnan(v))
    p95 = values[int(0.95 * (len(values) - 1))]
    return f"median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, max {values[-1]:.2f} ms"


def measure_startup(runs: int, image: str) -> list[tuple[float, float]]:
    results = []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_SCRIPT, repr(t0), image],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()
        results.append(
            (float(out[out.index("window") + 1]), float(out[out.index("prediction") + 1]))
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=400)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--number", default="", help="write this number first (digits 0-5, 7)")
    parser.add_argument(
        "--number-at",
        choices=sorted(NUMBER_ROW),
        default="right",
        help="with --number: the moves write its next digit, or a digit under it",
    )
    args = parser.parse_args()
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, load average: {os.getloadavg()[0]:.2f}")

    for every_view in (False, True):
        cpu: list[float] = []
        lags: list[float] = []
        lat = measure_latency(
            args.moves, cpu, args.number, args.number_at, every_view=every_view, map_lags=lags
        )
        views = "every view on (S2/S4, Learn view, saliency overlay)" if every_view else "default"
        print(f"{views}: mouse move -> prediction shown and repainted ({len(lat)} moves):")
        print(f"  {_summary(lat)}")
        print(f"  CPU time per move: {_summary(cpu)}")
        if every_view:
            print(f"  move -> its saliency map shown ({len(lags)} maps): {_summary(lags)}")
    print(f"(load average now {os.getloadavg()[0]:.2f})")

    if not args.startup_runs:
        return
    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "seven.png")
        seven = Image.new("L", (280, 280), 255)
        ImageDraw.Draw(seven).line(
            [(70, 60), (210, 60), (120, 230)], fill=0, width=18, joint="curve"
        )
        seven.save(image)
        runs = measure_startup(args.startup_runs, image)
    windows = sorted(w for w, _ in runs)
    preds = sorted(p for _, p in runs)
    print(
        f"start-up over {len(runs)} runs: first window painted "
        f"median {statistics.median(windows):.2f} s "
        f"(max {windows[-1]:.2f} s), first prediction median {statistics.median(preds):.2f} s "
        f"(max {preds[-1]:.2f} s)"
    )


if __name__ == "__main__":
    main()
