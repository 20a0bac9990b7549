"""Load a Recognizer off the GUI thread, then get its torch network ready there too.

Reading a weights file needs no torch (engine/checkpoint.py), so a model is ready to read
drawings a moment after the request; importing torch takes seconds and is only needed
for training and saliency, so the same worker thread does it next, after the Recognizer
has been handed over, and says so with `model_ready`. Only the finished objects (or a
one-line error) cross back to the GUI thread, through queued signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot


class _Worker(QObject):
    """Lives in the loader thread."""

    ready = Signal(int, object)  # request id, Recognizer (reads drawings already)
    done = Signal(int, object, str)  # request id, Recognizer with its torch network or None, error

    @Slot(int, str)
    def load(self, request: int, path: str) -> None:
        from lenet_gui.engine.recognizer import Recognizer

        recognizer = None
        try:
            recognizer = Recognizer.from_file(path)
            self.ready.emit(request, recognizer)
            recognizer.model  # noqa: B018 - builds the torch network now (imports torch)
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            self.done.emit(request, None, str(exc) or type(exc).__name__)
        else:
            self.done.emit(request, recognizer, "")


class ModelLoader(QObject):
    """Loads weights files one after another in a single background thread.

    The thread runs only while there is something to do, so an idle loader never holds
    up (or crashes) the application's exit. Only the answer to the latest request is
    reported: picking a second file while the first is still loading must not flash the
    first model into the window.
    """

    loaded = Signal(object, object)  # Recognizer, the Path it came from
    model_ready = Signal(object)  # a loaded Recognizer whose torch `model` is built now
    failed = Signal(str, object)  # one-line reason, the Path (a loaded model stays usable)

    _request = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("model-loader")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.load)
        self._worker.ready.connect(self._on_ready)
        self._worker.done.connect(self._on_done)
        self._latest = 0
        self._paths: dict[int, Path] = {}  # requests not finished by the worker
        self._unanswered: set[int] = set()  # requests with neither `loaded` nor `failed` yet
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def load(self, path: str | Path) -> None:
        """Start loading `path`; `loaded` or `failed` follows on the GUI thread."""
        self._latest += 1
        self._paths[self._latest] = Path(path)
        self._unanswered.add(self._latest)
        if not self._thread.isRunning():
            self._thread.start()
        self._request.emit(self._latest, str(path))

    def is_busy(self) -> bool:
        """A load was requested and its answer has not arrived yet."""
        return bool(self._unanswered)

    def is_running(self) -> bool:
        """The background thread is up (only while loading)."""
        return self._thread.isRunning()

    def shutdown(self) -> None:
        """Stop the thread, after the load in progress (if any) has finished."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    @Slot(int, object)
    def _on_ready(self, request: int, recognizer: object) -> None:
        self._unanswered.discard(request)
        if request == self._latest:
            self.loaded.emit(recognizer, self._paths[request])

    @Slot(int, object, str)
    def _on_done(self, request: int, recognizer: object, error: str) -> None:
        path = self._paths.pop(request)
        self._unanswered.discard(request)
        if not self._paths:  # idle: stop (the worker has returned); load() restarts it
            self.shutdown()
        if request != self._latest:
            return
        if recognizer is not None:
            self.model_ready.emit(recognizer)
        else:  # unreadable file, or (rarely) torch failed to build the network it describes
            self.failed.emit(error, path)
