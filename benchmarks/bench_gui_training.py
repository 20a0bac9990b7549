"""Training inside the app: does the window stay responsive, and is training as fast?

    .venv/bin/python benchmarks/bench_gui_training.py [--augment] [--moves 200] [--rounds 2]

The main window runs (offscreen unless QT_QPA_PLATFORM says otherwise) with the bundled
network; a full-speed training (one epoch of full MNIST, the Train dialog's worker thread
and settings, 5,000 images held out for validation) runs through the Train dialog.

(a) Event-loop stall: a 5 ms QTimer records when it fires while the loop has nothing else
    to do; the gaps between firings (max, p99) are how long the window could not react.
(b) Drawing latency: a synthetic mouse move (left button held) is sent to the canvas and
    timed until the new prediction is shown and repainted, for `--moves` moves.
Both are measured idle first, then while the training runs.
(c) Throughput: samples/s of an epoch inside the app vs. `train()` called directly in
    this process with the same settings; the runs alternate (direct, app, direct, ...) so
    that other load on the machine drifts over both alike, and the medians are compared.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from lenet_gui.engine.mnist import MnistSplit
    from lenet_gui.ui.main_window import MainWindow

PROBE_MS = 5


def probe_gaps(seconds: float) -> list[float]:
    """Run the event loop for `seconds` with a 5 ms timer; milliseconds between firings."""
    stamps: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    timer.start()
    loop.exec()
    timer.stop()
    return [(b - a) * 1e3 for a, b in itertools.pairwise(stamps)]


def run_until(done: Callable[[], bool], poll_ms: int = 20) -> None:
    """Run the event loop (sleeping while there is nothing to do) until `done()`."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: done() and loop.quit())
    timer.start(poll_ms)
    if not done():
        loop.exec()
    timer.stop()


def _move(canvas: QObject, kind: QEvent.Type, pos: QPointF, held: bool) -> None:
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind, pos, pos, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(canvas, event)


def drawing_latency(window: MainWindow, moves: int) -> list[float]:
    """Milliseconds from each mouse move on the canvas until the new prediction is in every
    view and the repaints it asked for are done (views that did not change do not repaint,
    so the wait is for `prediction_updated`, then one more pass of the event loop)."""
    app = QApplication.instance()
    canvas = window.canvas
    canvas.clear()
    predicted: list[object] = []
    window.session.prediction_changed.connect(predicted.append)
    sheet = canvas.sheet_rect()
    cx, cy, r = sheet.center().x(), sheet.center().y(), sheet.width() * 0.3
    # round and round a circle: every move goes 5 % of the radius, so each one changes the
    # drawing (the canvas ignores moves shorter than a fraction of a pixel)
    points = [
        QPointF(cx + r * math.sin(0.05 * i), cy - r * math.cos(0.05 * i)) for i in range(moves + 1)
    ]
    _move(canvas, QEvent.Type.MouseButtonPress, points[0], True)
    app.processEvents()
    latencies = []
    for point in points[1:]:
        predicted.clear()
        start = time.perf_counter()
        _move(canvas, QEvent.Type.MouseMove, point, True)
        while not predicted and time.perf_counter() - start < 2.0:
            app.processEvents()
        app.processEvents()
        latencies.append((time.perf_counter() - start) * 1e3)
    _move(canvas, QEvent.Type.MouseButtonRelease, points[-1], False)
    app.processEvents()
    window.session.prediction_changed.disconnect(predicted.append)
    return latencies


def stats(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"median {statistics.median(ordered):6.1f} ms, p99 {p99:6.1f} ms, "
        f"max {ordered[-1]:6.1f} ms (n={len(ordered)})"
    )


def direct_samples_per_s(data: MnistSplit, augment: bool) -> float:
    from lenet_gui.engine.train_config import default_val_size
    from lenet_gui.engine.training import TrainConfig, train

    config = TrainConfig(epochs=1, augment=augment, val_size=default_val_size(len(data)), seed=0)
    return train(config, data.images, data.labels).history[0].samples_per_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--augment", action="store_true", help="train with augmentation")
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--probe-s", type=float, default=4.0)
    parser.add_argument(
        "--rounds", type=int, default=2, help="in-app runs (each between two direct)"
    )
    args = parser.parse_args()

    import torch

    from lenet_gui.engine.mnist import load_mnist
    from lenet_gui.engine.recognizer import Recognizer
    from lenet_gui.paths import bundled_weights, shared_mnist_dir
    from lenet_gui.ui.app import init_application
    from lenet_gui.ui.main_window import MainWindow

    folder = shared_mnist_dir()
    if folder is None:
        sys.exit("needs ../shared/datasets/mnist")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    init_application(app)
    print(
        f"platform {os.environ['QT_QPA_PLATFORM']}, torch {torch.__version__} with "
        f"{torch.get_num_threads()} threads, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, augmentation {'on' if args.augment else 'off'}"
    )
    data = load_mnist(folder, "train")
    direct = [direct_samples_per_s(data, args.augment)]

    window = MainWindow(persist=False)
    window.resize(1280, 800)
    window.show()
    window.session.set_recognizer(Recognizer.from_file(bundled_weights()))
    idle_gaps = probe_gaps(args.probe_s)
    idle_latency = drawing_latency(window, args.moves)

    dialog = window.training.open_train_dialog()
    dialog.set_data_dir(folder)
    dialog.epochs_spin.setValue(1)
    dialog.augment_check.setChecked(args.augment)
    finished, failed = [], []
    dialog.training_finished.connect(finished.append)
    dialog.training_failed.connect(failed.append)
    in_app, loads, gui_cpu = [], [], []
    for run in range(args.rounds):
        finished.clear()
        run_until(lambda: not dialog.is_training())  # the last run's thread has ended
        if not dialog.start_training():
            sys.exit("the Train dialog did not start")
        started, gui_started = time.perf_counter(), time.thread_time()
        run_until(lambda: bool(dialog.curves.train_points() or failed))  # reading MNIST
        if run == 0:  # the responsiveness measurements, during the first run
            loading_s = time.perf_counter() - started
            busy_gaps = probe_gaps(args.probe_s)
            busy_latency = drawing_latency(window, args.moves)
            busy_gaps += probe_gaps(args.probe_s)
        loads.append(os.getloadavg()[0])
        run_until(lambda: bool(finished or failed))
        if failed:
            sys.exit(f"training failed: {failed[0].message}")
        gui_cpu.append((time.thread_time() - gui_started) / (time.perf_counter() - started))
        in_app.append(finished[0].history[0].samples_per_s)
        direct.append(direct_samples_per_s(data, args.augment))  # alternate: same load drift
    window.close()

    print(f"(a) event loop, {PROBE_MS} ms timer probe: gaps between firings")
    print(f"    idle:            {stats(idle_gaps)}")
    print(f"    while training:  {stats(busy_gaps)}  (data loading took {loading_s:.1f} s)")
    print("(b) mouse move -> new prediction shown and repainted")
    idle_median = statistics.median(idle_latency)
    busy_median = statistics.median(busy_latency)
    print(f"    idle:            {stats(idle_latency)}")
    print(f"    while training:  {stats(busy_latency)}")
    print(f"    median ratio training/idle: {busy_median / idle_median:.2f}x")
    ratio = statistics.median(in_app) / statistics.median(direct)
    print("(c) training throughput, one epoch of full MNIST per run, runs alternating")
    print(f"    train() directly: {', '.join(f'{d:,.0f}' for d in direct)} samples/s")
    print(f"    inside the app:   {', '.join(f'{a:,.0f}' for a in in_app)} samples/s")
    print(f"    median in the app / median direct: {ratio:.0%}")
    shares = ", ".join(f"{c:.0%}" for c in gui_cpu)
    print(f"    GUI thread busy during the in-app runs: {shares} (run 1: the probes above)")
    print(
        f"load average during the in-app runs {', '.join(f'{x:.2f}' for x in loads)}, "
        f"now {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
