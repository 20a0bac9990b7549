"""Training and the MNIST download, off the GUI thread.

Each job is a worker object moved to its own QThread (Qt's worker-object pattern, as in
PySide6's mandelbrot example): the thread calls `work()`, which does everything slow
(reading MNIST and the user's samples, training, testing) and reports through queued
signals, so the GUI thread only paints what arrives. Progress is throttled to about 5
signals a second whatever the batch rate. Stopping is cooperative (`TrainControl` is
checked before every batch, the download between chunks); a thread is never terminated,
and its owner always joins it (`thread.quit(); thread.wait()`) before letting it go.

torch is imported only when a training job is created, never when this module loads.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from lenet_gui.engine.mnist import (
    MIRRORS,
    DatasetError,
    DownloadCancelled,
    DownloadProgress,
    download_mnist,
    load_mnist,
)
from lenet_gui.ui.i18n import error_text

if TYPE_CHECKING:
    from torch import nn

    from lenet_gui.engine.evaluation import Assessment
    from lenet_gui.engine.training import BatchProgress, EpochResult

# At most ~5 progress reports a second reach the GUI thread (plus each epoch's last batch):
# every one costs the GUI thread a few ms of repainting, time the training thread may wait
# for the GIL; 5 a second is still live, and keeps training within a few % of full speed.
PROGRESS_INTERVAL_S = 0.2
MAX_MISTAKES = 60  # misclassified test digits sent back for the gallery
FULL_VAL_SIZE = 5000  # validation images held out of MNIST's 60,000
DOWNLOAD_TIMEOUT_S = 10.0  # a stalled connection can delay a cancel (or exit) this long
# Training runs this much "nicer" than the GUI thread: when both want a core, drawing wins;
# when the GUI is idle, training still gets all the CPU there is. Small, because it also
# gives way to other programs (5 cost ~10 % of throughput on a shared machine, 2 about 3 %).
TRAINING_NICENESS = 2


def default_val_size(images: int) -> int:
    """5,000 of MNIST's 60,000 (1/12) for validation, proportionally fewer for a subset."""
    return min(FULL_VAL_SIZE, images // 12)


class BackgroundWorker(QObject):
    """Base of the workers: `work()` runs in a thread of its own; `done` follows always.

    At the end the worker moves itself back to the GUI thread, so it can be dropped (and
    deleted) there like any other object once its thread has finished.
    """

    done = Signal()
    priority = QThread.Priority.InheritPriority

    def start(self, parent: QObject, name: str) -> QThread:
        """Move into a new thread (owned by `parent`) and run; the caller must join it."""
        thread = QThread(parent)
        thread.setObjectName(name)
        self.moveToThread(thread)
        thread.started.connect(self._run)
        # Direct: quit from the worker's thread, even while the GUI thread waits in wait().
        self.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.start(self.priority)
        return thread

    @Slot()
    def _run(self) -> None:
        try:
            self.work()
        finally:
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.done.emit()

    def work(self) -> None:
        raise NotImplementedError


# --- training ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingJob:
    """What the Train dialog asks for; turned into an engine TrainConfig in the thread."""

    data_dir: Path
    arch: str = "modern"
    epochs: int = 10
    batch_size: int = 128
    lr: float = 3e-3
    augment: bool = True
    redraw: bool = False  # also train on each digit as the app's preprocessing redraws it
    seed: int = 0
    limit: int | None = None  # the first N training images only (quick runs, tests)
    val_size: int | None = None  # None: default_val_size()
    initial: Any = None  # a Recognizer whose weights to continue from; None: from scratch
    samples_dir: Path | None = None  # mix in the user's own samples from this folder
    sample_weight: float = 10.0  # each own sample counts this many times per epoch
    device: str = "auto"


@dataclass(frozen=True)
class TrainingFailure:
    """Why a run produced nothing. kind: "data" (the MNIST folder), "settings" (values
    the loop refuses), "memory" or "error" (anything else; the traceback went to the log)."""

    kind: str
    message: str


@dataclass(eq=False)
class TrainingOutcome:
    """A finished, cancelled or diverged run: the weights worth keeping and their test."""

    status: str  # "finished", "cancelled" or "diverged" (engine TrainResult.status)
    message: str
    model: nn.Module
    metadata: dict[str, Any]
    assessment: Assessment
    history: list[EpochResult]
    best_epoch: int | None
    batches: int  # training steps taken
    own_samples: int = 0

    @property
    def usable(self) -> bool:
        """Something was learnt, and (after a divergence) a good epoch was kept."""
        return self.batches > 0 and (self.status != "diverged" or self.best_epoch is not None)


class _RecentMeans:
    """Loss and accuracy of the last few batches, from the engine's running epoch means.

    The engine reports means over the epoch so far; they restart every epoch, so a curve
    of them jumps at each epoch boundary. Each batch's own values are recovered from two
    successive means, then smoothed exponentially (bias-corrected, as Adam does) over 5 %
    of an epoch, at most 20 batches: smooth on full MNIST, without lag on a small subset.
    """

    def __init__(self, batch_size: int) -> None:
        self._batch_size = batch_size
        self._sums = (0.0, 0.0, 0)  # loss sum, correct count, images: this epoch so far
        self._smoothed = (0.0, 0.0)
        self._steps = 0

    def update(self, p: BatchProgress) -> tuple[float, float]:
        seen = p.batch * self._batch_size  # exact but for an epoch's short last batch
        loss_sum, correct, before = (0.0, 0.0, 0) if p.batch == 1 else self._sums
        count = max(1, seen - before)
        loss = (p.loss * seen - loss_sum) / count
        accuracy = min(1.0, max(0.0, (p.accuracy * seen - correct) / count))
        self._sums = (p.loss * seen, p.accuracy * seen, seen)
        self._steps += 1
        b = 1 - 1 / min(20.0, max(1.0, p.batches / 20))
        self._smoothed = tuple(
            b * s + (1 - b) * v for s, v in zip(self._smoothed, (loss, accuracy), strict=True)
        )
        correction = 1 - b**self._steps
        return self._smoothed[0] / correction, self._smoothed[1] / correction


def _lower_this_threads_priority() -> None:
    """Make the calling thread (and the threads torch starts from it) yield to the GUI.

    Qt's thread priorities do nothing for ordinary threads on Linux, so there the thread's
    own nice value is raised (Linux keeps one per thread, and new threads inherit it).
    Elsewhere QThread.Priority.LowPriority does the job (TrainingWorker.priority).
    """
    if sys.platform.startswith("linux"):
        tid = threading.get_native_id()
        with contextlib.suppress(OSError):
            os.setpriority(
                os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + TRAINING_NICENESS
            )


class _HoldingControl:
    """The engine's TrainControl, plus a report whenever the loop really holds at a pause
    (pause() takes effect only before the next batch) and when it goes on again."""

    def __init__(self, on_hold: Callable[[bool], None]) -> None:
        from lenet_gui.engine.training import TrainControl  # imports torch

        self.inner = TrainControl()
        self._on_hold = on_hold

    @property
    def stop_requested(self) -> bool:
        return self.inner.stop_requested

    def wait_while_paused(self) -> None:
        if self.inner.paused:
            self._on_hold(True)
            self.inner.wait_while_paused()
            self._on_hold(False)


class TrainingWorker(BackgroundWorker):
    """Runs one TrainingJob: load data, train, test; then `finished` or `failed`.

    pause(), resume(), cancel() and abort() may be called from any thread. cancel() keeps
    the best weights so far and still tests them; abort() (closing the app) skips the test
    and reports nothing, so the thread ends within one batch.
    """

    # BatchProgress, throttled; loss and accuracy over the last ~20 batches (_RecentMeans),
    # samples/s and ETA without the time spent paused
    progress = Signal(object)
    epoch_finished = Signal(object)  # EpochResult
    holding = Signal(bool)  # True: the loop has stopped at a pause; False: it goes on
    log = Signal(str)
    finished = Signal(object)  # TrainingOutcome
    failed = Signal(object)  # TrainingFailure
    priority = QThread.Priority.LowPriority

    def __init__(self, job: TrainingJob) -> None:
        super().__init__()
        self.job = job
        self._holding = _HoldingControl(self.holding.emit)
        self._control = self._holding.inner
        self._aborted = False
        self._lock = threading.Lock()
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._batches = 0
        self._first_batch_at: float | None = None
        self._last_emit = 0.0
        self._batch_size = job.batch_size
        self._recent = _RecentMeans(job.batch_size)

    # --- control, from any thread ---------------------------------------------------------

    def pause(self) -> None:
        with self._lock:
            if self._paused_at is None:
                self._paused_at = time.perf_counter()
        self._control.pause()

    def resume(self) -> None:
        with self._lock:
            if self._paused_at is not None:
                self._paused_total += time.perf_counter() - self._paused_at
                self._paused_at = None
        self._control.resume()

    def is_paused(self) -> bool:
        return self._control.paused

    def cancel(self) -> None:
        """Stop before the next batch; the best weights so far are tested and reported."""
        self._control.stop()

    def abort(self) -> None:
        """Stop before the next batch and report nothing (the window is going away)."""
        self._aborted = True
        self._control.stop()

    def stop_requested(self) -> bool:
        return self._control.stop_requested

    # --- in the worker thread -------------------------------------------------------------

    def work(self) -> None:
        _lower_this_threads_priority()
        try:
            outcome = self._train()
        except DatasetError as exc:
            self.failed.emit(TrainingFailure("data", error_text(exc)))
        except MemoryError:
            self.failed.emit(TrainingFailure("memory", "not enough memory"))
        except ValueError as exc:  # settings the training loop refuses
            self.failed.emit(TrainingFailure("settings", str(exc)))
        except Exception as exc:
            self.log.emit(traceback.format_exc().rstrip())
            kind = "memory" if "memory" in str(exc).lower() else "error"
            self.failed.emit(TrainingFailure(kind, f"{type(exc).__name__}: {exc}"))
        else:
            if outcome is not None:
                self.finished.emit(outcome)

    def _train(self) -> TrainingOutcome | None:
        from lenet_gui.engine.evaluation import assess
        from lenet_gui.engine.samples import SampleStore
        from lenet_gui.engine.training import TrainConfig, train

        job = self.job
        self.log.emit(self.tr("Reading MNIST from {folder}…").format(folder=job.data_dir))
        train_split = load_mnist(job.data_dir, "train")
        test_split = load_mnist(job.data_dir, "test")
        images = len(train_split) if job.limit is None else min(job.limit, len(train_split))
        val_size = default_val_size(images) if job.val_size is None else job.val_size

        extra, own = None, 0
        if job.samples_dir is not None:
            samples = SampleStore(job.samples_dir).load_all()
            for note in samples.skipped:
                self.log.emit(note)
            own = len(samples)
            if own:
                extra = (samples.images, samples.labels, job.sample_weight)
                text = self.tr("Mixing in {count} of your own samples, each {weight}× per epoch")
                self.log.emit(text.format(count=own, weight=f"{job.sample_weight:g}"))
            else:
                self.log.emit(self.tr("You have no samples of your own to mix in yet"))

        config = TrainConfig.from_settings(job, val_size=val_size)
        text = self.tr("Training on {train} MNIST images, validating on {val}, testing on {test}")
        counts = {"train": images - val_size, "val": val_size, "test": len(test_split)}
        self.log.emit(text.format(**{k: f"{v:,}" for k, v in counts.items()}))
        if job.redraw:  # preprocessing every image takes a while before the first batch
            text = self.tr("Redrawing the {count} training images as the canvas would…")
            self.log.emit(text.format(count=f"{counts['train']:,}"))
        start = time.perf_counter()
        result = train(
            config,
            train_split.images,
            train_split.labels,
            # .model builds the torch network here, off the GUI thread, if it is not yet;
            # train() works on a copy, so the app's own network is never changed
            initial_model=job.initial.model if job.initial is not None else None,
            on_batch=self._on_batch,
            on_epoch=self._on_epoch,
            control=self._holding,  # duck-typed TrainControl
            extra=extra,
        )
        seconds = time.perf_counter() - start
        if self._aborted:
            return None
        self.log.emit(result.message)
        text = self.tr("Testing on {count} images the network has never seen…")
        self.log.emit(text.format(count=f"{len(test_split):,}"))
        report = assess(
            result.model, test_split.images, test_split.labels, max_mistakes=MAX_MISTAKES
        )
        metadata: dict[str, Any] = {
            "test_accuracy": report.accuracy,
            "training": config.to_dict(),
            "dataset": (
                f"MNIST (official IDX files), {counts['train']:,} train + {val_size:,} "
                f"validation / {counts['test']:,} test"
            ),
            "train_seconds": round(seconds, 1),
            "samples_per_s": round(result.samples_per_s),
            "history": [
                {"epoch": e.epoch, "loss": e.train_loss, "val_accuracy": e.val_accuracy}
                for e in result.history
            ],
            "started_from": "current weights" if job.initial is not None else "scratch",
            "status": result.status,
            "source": "lenet-gui Train dialog",
        }
        if own:
            metadata["own_samples"] = {"count": own, "weight": job.sample_weight}
        return TrainingOutcome(
            status=result.status,
            message=result.message,
            model=result.model,
            metadata=metadata,
            assessment=report,
            history=list(result.history),
            best_epoch=result.best_epoch,
            batches=self._batches,
            own_samples=own,
        )

    def _on_batch(self, p: BatchProgress) -> None:
        now = time.perf_counter()
        self._batches += 1
        loss, accuracy = self._recent.update(p)
        if self._first_batch_at is None:
            self._first_batch_at = now
        elif now - self._last_emit < PROGRESS_INTERVAL_S and p.batch != p.batches:
            return
        self._last_emit = now
        self.progress.emit(replace(p, loss=loss, accuracy=accuracy, **self._speed(p, now)))

    def _speed(self, p: BatchProgress, now: float) -> dict[str, float]:
        """The engine measures rate and ETA from the start of the run, pauses included;
        count only the time spent training, from the end of the first batch."""
        with self._lock:
            paused = self._paused_total
        active = now - self._first_batch_at - paused
        if self._batches < 2 or active <= 0:
            return {}
        rate = (self._batches - 1) * self._batch_size / active
        left = p.batches * p.epochs - self._batches
        return {"samples_per_s": rate, "eta_s": left * self._batch_size / rate}

    def _on_epoch(self, e: EpochResult) -> None:
        self.epoch_finished.emit(e)


# --- MNIST download ------------------------------------------------------------------------


class DownloadWorker(BackgroundWorker):
    """Downloads (and verifies) MNIST into `dest`; stop() cancels between chunks."""

    progress = Signal(object)  # DownloadProgress, throttled
    finished = Signal(object)  # the Path of the folder with the four files
    failed = Signal(str)  # one line
    cancelled = Signal()

    def __init__(self, dest: Path | None = None, mirrors: tuple[str, ...] = MIRRORS) -> None:
        super().__init__()
        self.dest = dest
        self.mirrors = mirrors
        self._stop = threading.Event()
        self._last_emit = 0.0

    def stop(self) -> None:
        self._stop.set()

    def work(self) -> None:
        try:
            folder = download_mnist(
                self.dest,
                mirrors=self.mirrors,
                progress=self._on_progress,
                should_stop=self._stop.is_set,
                timeout=DOWNLOAD_TIMEOUT_S,
            )
        except DownloadCancelled:
            self.cancelled.emit()
        except DatasetError as exc:
            self.failed.emit(error_text(exc))
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(folder)

    def _on_progress(self, p: DownloadProgress) -> None:
        now = time.perf_counter()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or p.done_bytes == p.total_bytes:
            self._last_emit = now
            self.progress.emit(p)
