"""Work that would hold up the GUI thread, done in a thread of its own, for the latest
request only.

    maps = LatestOnly("saliency", parent)
    maps.ready.connect(show)                        # on the GUI thread
    maps.request(functools.partial(compute, drawing))

One job runs at a time. Requests that arrive meanwhile replace each other, and only the
newest runs next, so the thread never works through a backlog of drawings that are gone;
`cancel()` also drops the result of the job running, for a drawing that has changed since.
The thread runs only while there is work, so an idle one never holds up the exit.
JobWorker, the object in the thread that runs the jobs, also serves ModelLoader, which
answers every request in turn instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

Job = Callable[[], object]


class JobWorker(QObject):
    """Lives in a background thread and runs the jobs handed to it, one by one; every
    answer (or exception) goes back with the number of its request."""

    done = Signal(object, object, object)  # the request's number, its result, the exception

    @Slot(object, object)
    def run(self, number: int, job: Job) -> None:
        try:
            result = job()
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            self.done.emit(number, None, exc)
        else:
            self.done.emit(number, result, None)


class LatestOnly(QObject):
    """request(job) → `ready(job())` or `failed(exception)` on the GUI thread, coalesced."""

    ready = Signal(object)
    failed = Signal(object)

    _run = Signal(object, object)  # the request's number, the job

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName(name)
        self._worker = JobWorker()
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run)
        self._worker.done.connect(self._on_done)
        self._number = 0  # of the latest request; results of older ones are not reported
        self._busy = False
        self._closed = False
        self._pending: Job | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def request(self, job: Job) -> None:
        """Run `job` as soon as the thread is free; a request still waiting is dropped for
        this newer one. Ignored after shutdown(): a thread started then would outlive its
        window."""
        if self._closed:
            return
        self._number += 1
        if self._busy:
            self._pending = job
        else:
            self._start(job)

    def _start(self, job: Job) -> None:
        """Hand the latest request to the thread."""
        self._busy = True
        if not self._thread.isRunning():
            self._thread.start()
        self._run.emit(self._number, job)

    def cancel(self) -> None:
        """Forget the waiting request, and the result of the one running (the drawing it
        was for is gone)."""
        self._number += 1
        self._pending = None

    def is_busy(self) -> bool:
        """A job is running."""
        return self._busy

    def shutdown(self) -> None:
        """Stop the thread for good (the window closes), after the job running (if any)."""
        self._closed = True
        self.cancel()
        self._stop_thread()

    def _stop_thread(self) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    @Slot(object, object, object)
    def _on_done(self, number: int, result: object, exc: Exception | None) -> None:
        self._busy = False
        latest = number == self._number
        if self._pending is not None:  # the latest request, waiting
            job, self._pending = self._pending, None
            self._start(job)
        else:
            self._stop_thread()  # idle: the worker has returned
        if not latest:
            return
        if exc is None:
            self.ready.emit(result)
        else:
            self.failed.emit(exc)
