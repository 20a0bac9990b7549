"""Load a Recognizer off the GUI thread.

Importing torch takes seconds and reading a weights file can too; both happen in a worker
thread so the window appears at once and stays responsive. Only the finished Recognizer
(or a one-line error) crosses back to the GUI thread, through a queued signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot


class _Worker(QObject):
    """Lives in the loader thread; imports the engine there on first use."""

    done = Signal(int, object, str)  # request id, Recognizer or None, error message

    @Slot(int, str)
    def load(self, request: int, path: str) -> None:
        try:
            # Imported here, in this thread: it imports torch, which takes seconds.
            from lenet_gui.engine.recognizer import Recognizer

            recognizer = Recognizer.from_file(path)
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            self.done.emit(request, None, str(exc) or type(exc).__name__)
        else:
            self.done.emit(request, recognizer, "")


class ModelLoader(QObject):
    """Loads weights files one after another in a single background thread.

    The thread runs only while there is something to load, so an idle loader never holds
    up (or crashes) the application's exit. Only the answer to the latest request is
    reported: picking a second file while the first is still loading must not flash the
    first model into the window.
    """

    loaded = Signal(object, object)  # Recognizer, the Path it came from
    failed = Signal(str, object)  # one-line reason, the Path

    _request = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("model-loader")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.load)
        self._worker.done.connect(self._on_done)
        self._latest = 0
        self._paths: dict[int, Path] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def load(self, path: str | Path) -> None:
        """Start loading `path`; `loaded` or `failed` follows on the GUI thread."""
        self._latest += 1
        self._paths[self._latest] = Path(path)
        if not self._thread.isRunning():
            self._thread.start()
        self._request.emit(self._latest, str(path))

    def is_busy(self) -> bool:
        """A load was requested and its answer has not arrived yet."""
        return bool(self._paths)

    def is_running(self) -> bool:
        """The background thread is up (only while loading)."""
        return self._thread.isRunning()

    def shutdown(self) -> None:
        """Stop the thread, after the load in progress (if any) has finished."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    @Slot(int, object, str)
    def _on_done(self, request: int, recognizer: object, error: str) -> None:
        path = self._paths.pop(request)
        if not self._paths:  # idle: stop (the worker has returned); load() restarts it
            self.shutdown()
        if request != self._latest:
            return
        if recognizer is None:
            self.failed.emit(error, path)
        else:
            self.loaded.emit(recognizer, path)
