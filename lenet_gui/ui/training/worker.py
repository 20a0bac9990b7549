"""Training and the MNIST download, off the GUI thread.

Each job is a worker object moved to its own QThread (Qt's worker-object pattern: the
object lives in a plain QThread, which is not subclassed): the thread calls `work()`,
which runs the engine's `run_training()` (reading MNIST and the user's samples, training,
testing) and reports through queued signals, so the GUI thread only paints what arrives.
Progress is throttled to about 5 signals a second whatever the batch rate. Stopping is
cooperative (`TrainControl` is checked before every batch, the download between chunks);
a thread is never terminated, and its owner always joins it (`thread.quit();
thread.wait()`) before letting it go.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from lenet_gui.engine.mnist import (
    MIRRORS,
    DatasetError,
    DownloadCancelled,
    DownloadProgress,
    download_mnist,
)
from lenet_gui.engine.train_config import DEFAULT_SAMPLE_WEIGHT, TrainConfig
from lenet_gui.ui.i18n import error_text

if TYPE_CHECKING:
    from lenet_gui.engine.evaluation import Assessment
    from lenet_gui.engine.models import LeNet5
    from lenet_gui.engine.runs import LiveProgress, RunEvent
    from lenet_gui.engine.training import BatchProgress, EpochResult

# At most ~5 progress reports a second reach the GUI thread (plus each epoch's last batch):
# every one costs the GUI thread a few ms of repainting, time the training thread may wait
# for the GIL; 5 a second is still live, and keeps training within a few % of full speed.
PROGRESS_INTERVAL_S = 0.2
DOWNLOAD_TIMEOUT_S = 10.0  # a stalled connection can delay a cancel (or exit) this long
# Training runs this much "nicer" than the GUI thread: when both want a core, drawing wins;
# when the GUI is idle, training still gets all the CPU there is. Small, because it also
# gives way to other programs (5 cost ~10 % of throughput on a shared machine, 2 about 3 %).
TRAINING_NICENESS = 2


class BackgroundWorker(QObject):
    """Base of the workers: `work()` runs in a thread of its own; `done` follows always.

    At the end the worker moves itself back to the GUI thread, so it can be dropped (and
    deleted) there like any other object once its thread has finished.
    """

    done = Signal()
    priority = QThread.Priority.InheritPriority

    def start(self, parent: QObject, name: str, ended: Callable[[], None] | None = None) -> QThread:
        """Move into a new thread (owned by `parent`) and run; the caller must join it.
        `ended` is connected to the thread's `finished` before it starts, so a job that
        fails at once cannot end unnoticed."""
        thread = QThread(parent)
        thread.setObjectName(name)
        self.moveToThread(thread)
        thread.started.connect(self._run)
        if ended is not None:
            thread.finished.connect(ended)
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
    """What the Train dialog asks for: the run's config and what it trains on."""

    data_dir: Path
    config: TrainConfig = field(default_factory=TrainConfig.preset)
    initial: Any = None  # a Recognizer whose weights to continue from; None: from scratch
    samples_dir: Path | None = None  # mix in the user's own samples from this folder
    sample_weight: float = DEFAULT_SAMPLE_WEIGHT  # each own sample counts this often


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
    model: LeNet5
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


def _lower_this_threads_priority() -> None:
    """Make the calling thread (and the threads it starts: training's slices) yield to the GUI.

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
    """The engine's RunControl, plus a report whenever the loop really holds at a pause
    (pause() takes effect only before the next batch) and when it goes on again."""

    def __init__(self, on_hold: Callable[[bool], None]) -> None:
        from lenet_gui.engine.training import RunControl  # imports torch

        self.inner = RunControl()
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

    # BatchProgress, throttled, as the engine's LiveProgress shows it: loss and accuracy
    # over the last ~20 batches, samples/s and ETA without the time spent paused
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
        self._live: LiveProgress | None = None  # made in the thread (it imports torch)
        self._paused = False  # asked before the run (and its LiveProgress) began
        self._lock = threading.Lock()
        self._last_emit = 0.0

    # --- control, from any thread ---------------------------------------------------------

    def pause(self) -> None:
        with self._lock:
            self._paused = True
            if self._live is not None:
                self._live.pause()
        self._control.pause()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            if self._live is not None:
                self._live.resume()
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
        from lenet_gui.engine.runs import LiveProgress, run_training  # imports torch

        job = self.job
        live = LiveProgress(job.config.batch_size)
        with self._lock:
            self._live = live
            if self._paused:
                live.pause()
        run = run_training(
            job.config,
            job.data_dir,
            source="lenet-gui Train dialog",
            # .model builds the torch network here, off the GUI thread, if it is not yet;
            # train() works on a copy, so the app's own network is never changed
            initial_model=job.initial.model if job.initial is not None else None,
            samples_dir=job.samples_dir,
            sample_weight=job.sample_weight,
            on_batch=self._on_batch,
            on_epoch=self.epoch_finished.emit,
            on_event=self._on_event,
            control=self._holding,  # a TrainControl (the engine's Protocol)
            should_test=lambda: not self._aborted,
        )
        if run is None:
            return None
        return TrainingOutcome(
            status=run.result.status,
            message=run.result.message,
            model=run.result.model,
            metadata=run.metadata,
            assessment=run.assessment,
            history=list(run.result.history),
            best_epoch=run.result.best_epoch,
            batches=live.steps,
            own_samples=run.own_samples,
        )

    def _on_event(self, e: RunEvent) -> None:
        """The run's stages in the log, in the interface's language."""
        from lenet_gui.engine.runs import Stage

        if e.stage is Stage.READING:
            self.log.emit(self.tr("Reading MNIST from {folder}…").format(folder=e.text))
        elif e.stage is Stage.SKIPPED_SAMPLE:
            self.log.emit(e.text)
        elif e.stage is Stage.TRAINED:
            ended = {
                "finished": self.tr("Training finished"),
                "cancelled": self.tr("Training cancelled"),
            }
            diverged = self.tr("Training diverged ({detail})").format(detail=e.text)
            self.log.emit(ended.get(e.status, diverged))
        elif e.stage is Stage.OWN_SAMPLES and e.count:
            text = self.tr("Mixing in {count} of your own samples, each {weight}× per epoch")
            self.log.emit(text.format(count=e.count, weight=f"{self.job.sample_weight:g}"))
        elif e.stage is Stage.OWN_SAMPLES:
            self.log.emit(self.tr("You have no samples of your own to mix in yet"))
        elif e.stage is Stage.SPLIT and e.counts is not None:
            text = self.tr(
                "Training on {train} MNIST images, validating on {val}, testing on {test}"
            )
            c = e.counts
            self.log.emit(text.format(train=f"{c.train:,}", val=f"{c.val:,}", test=f"{c.test:,}"))
        elif e.stage is Stage.REDRAWING:  # preprocessing every image takes a while
            text = self.tr("Redrawing the {count} training images as the canvas would…")
            self.log.emit(text.format(count=f"{e.count:,}"))
        elif e.stage is Stage.TESTING:
            text = self.tr("Testing on {count} images the network has never seen…")
            self.log.emit(text.format(count=f"{e.count:,}"))

    def _on_batch(self, p: BatchProgress) -> None:
        live = self._live
        if live is None:  # never: _train() made it before the run
            return
        shown = live.update(p)
        now = time.perf_counter()
        if live.steps > 1 and now - self._last_emit < PROGRESS_INTERVAL_S and p.batch != p.batches:
            return
        self._last_emit = now
        self.progress.emit(shown)


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
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            if self._stop.is_set():  # the error ended a wait the user had cancelled
                self.cancelled.emit()
            elif isinstance(exc, DatasetError):
                self.failed.emit(error_text(exc))
            else:
                self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(folder)

    def _on_progress(self, p: DownloadProgress) -> None:
        now = time.perf_counter()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or p.done_bytes == p.total_bytes:
            self._last_emit = now
            self.progress.emit(p)


# --- speed probe ---------------------------------------------------------------------------


class ThroughputWorker(BackgroundWorker):
    """Measures the samples/s a run of `config` gets on this machine now (the engine's
    measure_samples_per_s, about a second of real training on blank digits), at the
    training thread's lower priority, so the Train dialog can say how long a run will take.
    `measured` carries (config, samples/s); stop() ends it within a batch, reporting
    nothing."""

    measured = Signal(object, float)
    priority = QThread.Priority.LowPriority

    def __init__(self, config: TrainConfig) -> None:
        super().__init__()
        self.config = config
        self._stopped = threading.Event()
        self._control: Any = None  # the engine's RunControl, made in the thread (torch)
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            if self._control is not None:
                self._control.stop()

    def work(self) -> None:
        _lower_this_threads_priority()
        from lenet_gui.engine.training import RunControl, measure_samples_per_s  # torch

        with self._lock:
            if self._stopped.is_set():
                return
            self._control = RunControl()
        try:
            rate = measure_samples_per_s(self.config, control=self._control)
        except (ValueError, MemoryError, RuntimeError):  # settings a run would refuse too
            return  # no estimate; starting the run reports the real cause
        if not self._stopped.is_set() and rate > 0:
            self.measured.emit(self.config, rate)
