"""Start the desktop app, or take a screenshot of it without a display.

    run_app()                                       # the interactive app
    run_app(screenshot=Path("shot.png"), draw=Path("seven.png"))

The window is shown first; the model loads in the background (no torch needed) and the
status bar says so meanwhile. In screenshot mode the event loop runs until the model
is loaded and the drawing has been read (no sleeps), then the window is saved as a PNG,
the predicted digit (or "none") is printed on stdout and the app quits.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from lenet_gui import __version__
from lenet_gui.engine.preprocess import ImageError
from lenet_gui.paths import APP_NAME, bundled_weights
from lenet_gui.ui.main_window import DEFAULT_SIZE, MainWindow
from lenet_gui.ui.resources import app_icon

SCREENSHOT_TIMEOUT_MS = 120_000  # a safety net for CI: never hang without a display
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def init_application(app: QApplication) -> None:
    """Names (they decide where QSettings stores things) and the icon of every window."""
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(app_icon())


class _Screenshot(QObject):
    """Waits for the first prediction made with the loaded model, then saves the window."""

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self.window, self.path = window, path
        window.session.prediction_changed.connect(self._ready)
        window.session.load_failed.connect(
            lambda reason, _path: self._fail(f"cannot load the model: {reason}")
        )
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: self._fail("timed out"))

    def _ready(self) -> None:
        # Once only; pending layout and paint requests run first, then the window renders.
        self.window.session.prediction_changed.disconnect(self._ready)
        QTimer.singleShot(0, self._save)

    def _save(self) -> None:
        if not self.window.grab().save(str(self.path), "PNG"):
            self._fail(f"cannot write {self.path}")
            return
        reading = self.window.session.reading()
        print(reading.text if reading is not None and reading.text else "none", flush=True)
        self._quit(EXIT_OK)

    def _fail(self, message: str) -> None:
        print(f"{APP_NAME}: screenshot failed: {message}", file=sys.stderr, flush=True)
        self._quit(EXIT_FAILED)

    def _quit(self, code: int) -> None:
        self.window.close()
        QApplication.exit(code)


def run_app(
    *, screenshot: Path | None = None, draw: Path | None = None, weights: Path | None = None
) -> int:
    """Run the app; returns the exit code (2 for an image that `draw` cannot open)."""
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else APP_NAME])
    )
    init_application(app)
    window = MainWindow(persist=screenshot is None)
    if draw is not None:
        try:
            window.canvas.open_image(draw)
        except ImageError as exc:
            print(f"{APP_NAME}: {exc}", file=sys.stderr, flush=True)
            window.close()
            return EXIT_BAD_INPUT
    if screenshot is not None:
        window.resize(*DEFAULT_SIZE)  # the same picture whatever screen this runs on
        _Screenshot(window, Path(screenshot))
    window.show()
    window.session.load_weights(weights if weights is not None else bundled_weights())
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    """`python -m lenet_gui.ui.app [--screenshot FILE] [--draw IMAGE] [--weights FILE]`."""
    parser = argparse.ArgumentParser(prog=APP_NAME, description="LeNet-5 Drawing Pad")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help="save a PNG of the window (offscreen) and print the digit",
    )
    parser.add_argument(
        "--draw", type=Path, metavar="IMAGE", help="start with this image on the canvas"
    )
    parser.add_argument(
        "--weights",
        type=Path,
        metavar="FILE",
        help="weights file to load instead of the bundled network",
    )
    args = parser.parse_args(argv)
    return run_app(screenshot=args.screenshot, draw=args.draw, weights=args.weights)


if __name__ == "__main__":
    sys.exit(main())
