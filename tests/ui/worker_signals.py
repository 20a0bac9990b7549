"""Collect a background worker's signals on the GUI thread, as the app receives them.

qtbot.waitSignal cannot watch a worker's signals: it connects a plain Python callable,
which PySide6 calls in the emitting (worker) thread, and it would stop its Qt timer from
there. A QObject receiver with slots lives in the GUI thread and gets queued calls.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot


class Recorder(QObject):
    """Everything a TrainingWorker or DownloadWorker reported, in arrival order."""

    def __init__(self, worker: QObject) -> None:
        super().__init__()
        self.progress: list[object] = []
        self.epoch_finished: list[object] = []
        self.holding: list[bool] = []
        self.log: list[str] = []
        self.finished: list[object] = []
        self.failed: list[object] = []
        self.cancelled: list[None] = []
        names = ("progress", "epoch_finished", "holding", "log", "finished", "failed", "cancelled")
        for name in names:
            signal = getattr(worker, name, None)
            if signal is not None:
                signal.connect(getattr(self, f"_on_{name}"))

    def ended(self) -> bool:
        """A final report arrived."""
        return bool(self.finished or self.failed or self.cancelled)

    @Slot(object)
    def _on_progress(self, value: object) -> None:
        self.progress.append(value)

    @Slot(object)
    def _on_epoch_finished(self, value: object) -> None:
        self.epoch_finished.append(value)

    @Slot(bool)
    def _on_holding(self, value: bool) -> None:
        self.holding.append(value)

    @Slot(str)
    def _on_log(self, value: str) -> None:
        self.log.append(value)

    @Slot(object)
    def _on_finished(self, value: object) -> None:
        self.finished.append(value)

    @Slot(object)
    def _on_failed(self, value: object) -> None:
        self.failed.append(value)

    @Slot()
    def _on_cancelled(self) -> None:
        self.cancelled.append(None)
