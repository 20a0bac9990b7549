"""Load a Recognizer, or build its torch network, off the GUI thread.

Reading a weights file needs no torch (engine/checkpoint.py) and takes milliseconds, but
can take longer from a slow disk; the torch network behind a Recognizer (for saliency) is
built only on request, because importing torch takes seconds and, while it runs, holds
Python's GIL long enough to make drawing stutter: a user who only draws never pays it.
Only finished objects (or a one-line error) cross back to the GUI thread, through queued
signals.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.i18n import error_text
from lenet_gui.ui.latest_only import JobWorker


def _built(recognizer: Recognizer) -> Recognizer:
    """`recognizer` with its torch network built (imports torch the first time)."""
    recognizer.model  # noqa: B018 - building it is the point
    return recognizer


class ModelLoader(QObject):
    """Loads weights files one after another in a single background thread.

    The thread runs only while there is something to do, so an idle loader never holds
    up (or crashes) the application's exit. Only the answer to the latest request is
    reported: picking a second file while the first is still loading must not flash the
    first model into the window.
    """

    loaded = Signal(object, object)  # Recognizer, the Path it came from
    failed = Signal(str, object)  # one-line reason, the Path
    model_ready = Signal(object)  # a Recognizer whose torch `model` build_model() built
    model_failed = Signal(str)  # why it could not be built

    _run = Signal(object, object)  # the request's number, the job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("model-loader")
        self._worker = JobWorker()
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._latest = 0  # the latest load request
        self._requests = 0
        self._paths: dict[int, Path] = {}  # load requests not answered yet
        self._builds: dict[int, Recognizer] = {}  # build requests not answered yet
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def load(self, path: str | Path) -> None:
        """Start loading `path`; `loaded` or `failed` follows on the GUI thread."""
        self._latest = self._next_request()
        self._paths[self._latest] = Path(path)
        self._run.emit(self._latest, functools.partial(Recognizer.from_file, path))

    def build_model(self, recognizer: Recognizer) -> None:
        """Build `recognizer.model` (importing torch the first time); `model_ready` or
        `model_failed` follows. Asking again while it is being built does nothing."""
        if recognizer.has_model:
            self.model_ready.emit(recognizer)
        elif all(pending is not recognizer for pending in self._builds.values()):
            request = self._next_request()
            self._builds[request] = recognizer
            self._run.emit(request, functools.partial(_built, recognizer))

    def _next_request(self) -> int:
        if not self._thread.isRunning():
            self._thread.start()
        self._requests += 1
        return self._requests

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

    @Slot(object, object, object)
    def _on_done(self, request: int, result: object, exc: BaseException | None) -> None:
        error = "" if exc is None else error_text(exc)  # in the window's language
        path = self._paths.pop(request, None)
        built = self._builds.pop(request, None)
        if not self._paths and not self._builds:  # idle: stop (the worker has returned)
            self.shutdown()
        if built is not None:
            if result is None:
                self.model_failed.emit(error)
            else:
                self.model_ready.emit(result)
        elif request == self._latest:
            if result is None:
                self.failed.emit(error, path)
            else:
                self.loaded.emit(result, path)
