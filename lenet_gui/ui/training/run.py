"""The Train dialog's background work, without widgets: one training run and one MNIST
download, each a worker object in a thread of its own (worker.py).

The controller starts them, passes their reports on as its own signals (queued onto the
GUI thread), forwards pause, cancel and stop, and always joins a thread before letting it
go; `training_ended` and `download_ended` say that a thread is gone. A dialog shows what
arrives and asks for what the user wants (as Orange's ConcurrentWidgetMixin splits a task
from the widget that shows it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from lenet_gui.ui.training.worker import DownloadWorker, TrainingJob, TrainingWorker


class RunController(QObject):
    """Starts, steers and joins the training and download threads of one dialog."""

    # the TrainingWorker's reports (see there)
    progress = Signal(object)  # BatchProgress
    epoch_finished = Signal(object)  # EpochResult
    holding = Signal(bool)
    log = Signal(str)
    finished = Signal(object)  # TrainingOutcome
    failed = Signal(object)  # TrainingFailure
    training_ended = Signal()  # its thread has ended (after finished or failed, if any)
    # the DownloadWorker's reports
    download_progress = Signal(object)  # DownloadProgress
    download_finished = Signal(object)  # the Path of the folder with the four files
    download_failed = Signal(str)
    download_cancelled = Signal()
    download_ended = Signal()  # its thread has ended

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._download_thread: QThread | None = None
        self._download: DownloadWorker | None = None

    # --- training --------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self._thread is not None

    def worker(self) -> TrainingWorker | None:
        return self._worker

    def training_thread(self) -> QThread | None:
        return self._thread

    def start_training(self, job: TrainingJob) -> bool:
        """Run `job` in a new thread; False if a training or a download is running."""
        if self.is_training() or self.is_downloading():
            return False
        worker = TrainingWorker(job)
        worker.progress.connect(self.progress)
        worker.epoch_finished.connect(self.epoch_finished)
        worker.holding.connect(self.holding)
        worker.log.connect(self.log)
        worker.finished.connect(self.finished)
        worker.failed.connect(self.failed)
        self._worker = worker
        self._thread = worker.start(self, "training", self._on_training_ended)
        return True

    def pause(self, paused: bool) -> None:
        """Hold the run before its next batch (True) or let it go on (False)."""
        if self._worker is not None:
            (self._worker.pause if paused else self._worker.resume)()

    def is_paused(self) -> bool:
        return self._worker is not None and self._worker.is_paused()

    def stop_requested(self) -> bool:
        return self._worker is not None and self._worker.stop_requested()

    def cancel_training(self) -> bool:
        """Stop after the current batch; the best weights so far are still tested.
        False if nothing runs."""
        if self._worker is None:
            return False
        self._worker.cancel()
        return True

    # --- download --------------------------------------------------------------------------

    def is_downloading(self) -> bool:
        return self._download_thread is not None

    def start_download(self, dest: Path, mirrors: tuple[str, ...]) -> bool:
        """Download MNIST into `dest` in a new thread; False if anything runs already."""
        if self.is_training() or self.is_downloading():
            return False
        worker = DownloadWorker(dest, mirrors)
        worker.progress.connect(self.download_progress)
        worker.finished.connect(self.download_finished)
        worker.failed.connect(self.download_failed)
        worker.cancelled.connect(self.download_cancelled)
        self._download = worker
        self._download_thread = worker.start(self, "mnist-download", self._on_download_ended)
        return True

    def cancel_download(self) -> None:
        if self._download is not None:
            self._download.stop()

    # --- both ------------------------------------------------------------------------------

    def stop_and_wait(self) -> None:
        """Stop the training (reporting nothing) and the download, and join their threads:
        within one batch, or one network read for the download."""
        if self._worker is not None:
            self._worker.abort()
        if self._download is not None:
            self._download.stop()
        for thread in (self._thread, self._download_thread):
            if thread is not None:
                thread.quit()
                thread.wait()
        self._on_training_ended()
        self._on_download_ended()

    def _on_training_ended(self) -> None:
        if self._thread is None and self._worker is None:
            return
        self._thread = None
        self._worker = None
        self.training_ended.emit()

    def _on_download_ended(self) -> None:
        if self._download_thread is None and self._download is None:
            return
        self._download_thread = None
        self._download = None
        self.download_ended.emit()
