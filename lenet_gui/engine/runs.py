"""One training run from start to end, for every front end: `run_training()`.

    run = run_training(TrainConfig.preset("modern", epochs=5), Path("mnist"),
                       source="my script", on_batch=print)
    save_weights("mine.pt", run.result.model, run.metadata)

It reads MNIST (and the user's own samples, if asked), trains with `train()`, tests the
weights on the official test set and describes the run in the metadata that goes into
the weights file, once, from what really happened (how many images trained, validated,
tested). `lenet-gui train` and the Train dialog's worker thread both call it; they only
show what it reports. `LiveProgress` turns the loop's per-epoch running means into what
a progress display wants (recent loss and accuracy, rate and ETA without pauses).
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.calibration import UNSURE_BELOW, fit_calibration
from lenet_gui.engine.evaluation import Assessment, assess
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import LeNet5
from lenet_gui.engine.nondigits import render_nondigits
from lenet_gui.engine.pendigits import (
    HELD_OUT_WRITERS,
    PenDigit,
    load_pendigits,
    render_dataset,
    split_by_writer,
)
from lenet_gui.engine.preprocess import mnist_to_input
from lenet_gui.engine.rows import row_training_set
from lenet_gui.engine.samples import SampleStore
from lenet_gui.engine.train_config import DEFAULT_SAMPLE_WEIGHT, TrainConfig
from lenet_gui.engine.training import (
    BatchProgress,
    EpochResult,
    TrainControl,
    TrainResult,
    train,
)

MAX_MISTAKES = 60  # misclassified test digits kept for a gallery


class Stage(enum.Enum):
    """What a run is doing, for a log in the front end's own words."""

    READING = "reading"  # RunEvent.text: the MNIST folder
    SKIPPED_SAMPLE = "skipped_sample"  # text: why one of the user's files was not used
    OWN_SAMPLES = "own_samples"  # count: the user's samples mixed in (0: none yet)
    SPLIT = "split"  # counts: training, validation and test images
    REDRAWING = "redrawing"  # count: training images being redrawn (takes a while)
    TRAINED = "trained"  # text: the loop's one-line summary; status: how the loop ended
    TESTING = "testing"  # count: test images


@dataclass(frozen=True)
class DataCounts:
    train: int  # MNIST images trained on (after `limit` and the hold-out, before redraws)
    val: int
    test: int


@dataclass(frozen=True)
class RunEvent:
    stage: Stage
    text: str = ""
    count: int = 0
    counts: DataCounts | None = None
    status: str = ""  # TRAINED: "finished", "cancelled" or "diverged" (TrainResult.status)


@dataclass(eq=False)
class TrainingRun:
    """A finished, cancelled or diverged run: its weights, their test, their metadata."""

    result: TrainResult
    assessment: Assessment
    metadata: dict[str, Any]
    counts: DataCounts
    own_samples: int


def run_training(
    config: TrainConfig,
    data_dir: Path,
    *,
    source: str,
    initial_model: LeNet5 | None = None,
    samples_dir: Path | None = None,
    sample_weight: float = DEFAULT_SAMPLE_WEIGHT,
    on_batch: Callable[[BatchProgress], None] | None = None,
    on_epoch: Callable[[EpochResult], None] | None = None,
    on_event: Callable[[RunEvent], None] | None = None,
    control: TrainControl | None = None,
    should_test: Callable[[], bool] = lambda: True,
    max_mistakes: int = MAX_MISTAKES,
) -> TrainingRun | None:
    """Read the data, train, test, describe. `source` says who ran it (metadata).

    `initial_model` continues from those weights (a copy); `samples_dir` mixes in the
    user's samples from that folder, each `sample_weight` times per epoch. None when
    `should_test()` says no after training (the caller is going away). Raises
    DatasetError for a bad MNIST folder and ValueError for settings the loop refuses.
    """

    def event(stage: Stage, **details: Any) -> None:
        if on_event is not None:
            on_event(RunEvent(stage, **details))

    event(Stage.READING, text=str(data_dir))
    train_split = load_mnist(data_dir, "train")
    test_split = load_mnist(data_dir, "test")
    images = len(train_split) if config.limit is None else min(config.limit, len(train_split))
    counts = DataCounts(train=images - config.val_size, val=config.val_size, test=len(test_split))

    extra, own = None, 0
    if samples_dir is not None:
        samples = SampleStore(samples_dir).load_all()
        for note in samples.skipped:
            event(Stage.SKIPPED_SAMPLE, text=note)
        own = len(samples)
        if own:
            extra = (samples.images, samples.labels, sample_weight)
        event(Stage.OWN_SAMPLES, count=own)
    drawn = DrawnExtras.make(
        config, train_split.images[: counts.train], train_split.labels[: counts.train]
    )
    extra = drawn.mixed_with(extra)
    event(Stage.SPLIT, counts=counts)
    if config.redraw:
        event(Stage.REDRAWING, count=counts.train)

    start = time.perf_counter()
    result = train(
        config,
        train_split.images,
        train_split.labels,
        initial_model=initial_model,
        on_batch=on_batch,
        on_epoch=on_epoch,
        control=control,
        extra=extra,
    )
    seconds = time.perf_counter() - start
    if not should_test():
        return None
    event(Stage.TRAINED, text=result.message, status=result.status)
    event(Stage.TESTING, count=counts.test)
    report = assess(result.model, test_split.images, test_split.labels, max_mistakes=max_mistakes)
    metadata: dict[str, Any] = {
        "test_accuracy": report.accuracy,
        "training": result.config.to_dict(),
        "dataset": _dataset_text(counts, own, sample_weight) + drawn.text,
        "train_seconds": round(seconds, 1),
        "samples_per_s": round(result.samples_per_s),
        "history": [
            {"epoch": e.epoch, "loss": e.train_loss, "val_accuracy": e.val_accuracy}
            for e in result.history
        ],
        "started_from": "current weights" if initial_model is not None else "scratch",
        "status": result.status,
        "source": source,
    }
    if own:
        metadata["own_samples"] = {"count": own, "weight": sample_weight}
    if drawn.pen_held_out:
        metadata["calibration"], metadata["pen_held_out_accuracy"] = calibrate_on_held_out_writers(
            result.model, drawn.pen_held_out, config.seed, config.unsure_below
        )
    return TrainingRun(result, report, metadata, counts, own)


@dataclass(frozen=True)
class DrawnExtras:
    """The drawn samples a config asks for beside MNIST: real pen digits of the training
    writers, non-digit drawings (label NOT_A_DIGIT) and windows of written numbers, with
    their description; and the held-out writers' digits, which calibrate the trained
    network (read once per run)."""

    images: np.ndarray
    labels: np.ndarray
    text: str  # "; 33,000 drawings of ..." for the metadata's dataset line, or ""
    pen_held_out: list[PenDigit]

    @classmethod
    def make(
        cls, config: TrainConfig, mnist_images: np.ndarray, mnist_labels: np.ndarray
    ) -> DrawnExtras:
        """`mnist_images`, `mnist_labels`: the MNIST digits the run trains on, which the
        written numbers are made of."""
        images, labels, parts = [np.zeros((0, 28, 28), np.uint8)], [np.zeros(0, np.int64)], []
        pen_train: list[PenDigit] = []
        pen_held_out: list[PenDigit] = []
        if config.pen is not None:
            pen_train, pen_held_out = split_by_writer(load_pendigits(Path(config.pen)))
            x, y = render_dataset(pen_train, copies=config.pen_copies, seed=config.seed)
            images.append(x)
            labels.append(y)
            writers = len({d.writer for d in pen_train})
            held = ", ".join(map(str, sorted(HELD_OUT_WRITERS)))
            parts.append(
                f"{len(x):,} drawings of {len(pen_train):,} pen digits by {writers} writers "
                f"(pendigits; writers {held} held out)"
            )
        if config.non_digits > 0:
            x = render_nondigits(config.non_digits, seed=config.seed, pen=pen_train)
            images.append(x)
            labels.append(np.full(len(x), NOT_A_DIGIT, np.int64))
            parts.append(
                f"{len(x):,} non-digit drawings (letters, symbols, scribbles, partial and "
                "squeezed digits) with no preference among the ten digits"
            )
        if config.rows > 0:
            by_writer: dict[int, list[PenDigit]] = {}
            for digit in pen_train:
                by_writer.setdefault(digit.writer, []).append(digit)
            x, y = row_training_set(
                mnist_images, mnist_labels, list(by_writer.values()), config.rows, config.seed
            )
            images.append(x)
            labels.append(y)
            made_of = "MNIST and pen training digits" if by_writer else "MNIST digits"
            parts.append(
                f"{len(x):,} windows of {config.rows:,} written numbers of {made_of} "
                f"({int((y != NOT_A_DIGIT).sum()):,} centred on a digit, the rest on none)"
            )
        text = "".join(f"; {p}" for p in parts)
        return cls(np.concatenate(images), np.concatenate(labels), text, pen_held_out)

    def mixed_with(
        self, extra: tuple[np.ndarray, np.ndarray, float] | None
    ) -> tuple[np.ndarray, np.ndarray, float] | None:
        """`train()`'s `extra`: these drawings once per epoch, plus the user's own samples
        (`extra`) repeated as often as their weight says."""
        if not len(self.images):
            return extra
        if extra is None:
            return self.images, self.labels, 1.0
        repeats = max(1, round(extra[2]))
        return (
            np.concatenate([self.images, *[extra[0]] * repeats]),
            np.concatenate([self.labels, *[extra[1]] * repeats]),
            1.0,
        )


def calibrate_on_held_out_writers(
    model: LeNet5, held_out: Sequence[PenDigit], seed: int, unsure_below: float = UNSURE_BELOW
) -> tuple[dict[str, Any], float]:
    """Fit the temperature on the pen writers no network trains on (split_by_writer's
    held-out digits); (the weights file's calibration entry, the model's accuracy on them)."""
    images, labels = render_dataset(held_out, copies=2, seed=seed + 1)
    model = model.eval()
    with torch.no_grad():
        x = torch.from_numpy(mnist_to_input(images)).unsqueeze(1)
        scores = torch.cat([model(x[i : i + 2000]) for i in range(0, len(x), 2000)]).numpy()
    writers = ", ".join(map(str, sorted(HELD_OUT_WRITERS)))
    fitted_on = f"pendigits writers {writers} ({len(labels):,} drawings)"
    calibration = fit_calibration(scores, labels, fitted_on, unsure_below)
    return calibration.to_dict(), float((scores.argmax(axis=1) == labels).mean())


def _dataset_text(counts: DataCounts, own: int, weight: float) -> str:
    """`MNIST (official IDX files), 55,000 train + 5,000 validation / 10,000 test`."""
    text = f"MNIST (official IDX files), {counts.train:,} train"
    if counts.val:
        text += f" + {counts.val:,} validation"
    text += f" / {counts.test:,} test"
    if own:
        text += f"; {own:,} own samples, each {weight:g}x per epoch"
    return text


class RecentMeans:
    """Loss and accuracy of the last few batches, from the loop's running epoch means.

    The loop reports means over the epoch so far; they restart every epoch, so a curve
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
        smoothed_loss = b * self._smoothed[0] + (1 - b) * loss
        smoothed_accuracy = b * self._smoothed[1] + (1 - b) * accuracy
        self._smoothed = (smoothed_loss, smoothed_accuracy)
        correction = 1 - b**self._steps
        return smoothed_loss / correction, smoothed_accuracy / correction


class LiveProgress:
    """Each BatchProgress as a progress display should show it: loss and accuracy over the
    last ~20 batches (RecentMeans), samples/s and ETA counting only the time spent
    training (from the end of the first batch, pauses left out; the loop's own figures
    run from the start, pauses included). pause() and resume() may come from any thread.
    """

    def __init__(self, batch_size: int, clock: Callable[[], float] = time.perf_counter) -> None:
        self._batch_size = batch_size
        self._clock = clock
        self._recent = RecentMeans(batch_size)
        self._lock = threading.Lock()
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._first_batch_at: float | None = None
        self.steps = 0  # batches trained so far

    def pause(self) -> None:
        with self._lock:
            if self._paused_at is None:
                self._paused_at = self._clock()

    def resume(self) -> None:
        with self._lock:
            if self._paused_at is not None:
                self._paused_total += self._clock() - self._paused_at
                self._paused_at = None

    def update(self, p: BatchProgress) -> BatchProgress:
        now = self._clock()
        self.steps += 1
        loss, accuracy = self._recent.update(p)
        shown = replace(p, loss=loss, accuracy=accuracy)
        if self._first_batch_at is None:
            self._first_batch_at = now
            return shown
        with self._lock:
            paused = self._paused_total
        active = now - self._first_batch_at - paused
        if active <= 0:
            return shown
        rate = (self.steps - 1) * self._batch_size / active
        left = p.batches * p.epochs - self.steps
        return replace(shown, samples_per_s=rate, eta_s=left * self._batch_size / rate)
