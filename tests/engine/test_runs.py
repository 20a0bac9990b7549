"""One training run for every front end: its metadata tells the truth; live progress."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.pendigits import HELD_OUT_WRITERS
from lenet_gui.engine.runs import (
    DataCounts,
    DrawnExtras,
    LiveProgress,
    RecentMeans,
    RunEvent,
    Stage,
    run_training,
)
from lenet_gui.engine.samples import SampleStore
from lenet_gui.engine.train_config import TrainConfig
from lenet_gui.engine.training import BatchProgress
from lenet_gui.paths import shared_pendigits_dir


def _progress(batch: int, batches: int, loss: float, epoch: int = 1) -> BatchProgress:
    return BatchProgress(
        epoch=epoch,
        epochs=2,
        batch=batch,
        batches=batches,
        loss=loss,
        accuracy=0.5,
        samples_per_s=1.0,
        eta_s=99.0,
        lr=1e-3,
    )


def test_recent_means_follow_the_last_batches_not_the_epoch() -> None:
    """Batches of loss 1.0, then 0.2: the epoch's running mean is still 0.6 at its end,
    the recent mean is 0.2, and the next epoch's restart does not make it jump."""
    recent, batches, total = RecentMeans(batch_size=10), 400, 0.0
    for batch in range(1, batches + 1):
        total += 1.0 if batch <= 200 else 0.2
        loss, accuracy = recent.update(_progress(batch, batches, total / batch))
    assert total / batches == pytest.approx(0.6)
    assert loss == pytest.approx(0.2, abs=1e-3) and accuracy == pytest.approx(0.5)
    loss, _ = recent.update(_progress(1, batches, 0.2, epoch=2))
    assert loss == pytest.approx(0.2, abs=1e-3)


def test_recent_means_are_unbiased_from_the_first_batch() -> None:
    loss, _ = RecentMeans(batch_size=10).update(_progress(1, 400, 0.7))
    assert loss == pytest.approx(0.7)


def test_live_rate_and_eta_leave_out_the_pauses() -> None:
    now = [0.0]
    live = LiveProgress(batch_size=10, clock=lambda: now[0])
    first = live.update(_progress(1, 10, 1.0))
    assert (first.samples_per_s, first.eta_s) == (1.0, 99.0)  # nothing measured yet
    now[0] = 1.0
    second = live.update(_progress(2, 10, 1.0))
    assert second.samples_per_s == pytest.approx(10.0)  # 1 batch of 10 in 1 s
    assert second.eta_s == pytest.approx(18 * 10 / 10.0)  # 18 of 20 batches left
    live.pause()
    now[0] = 11.0
    live.resume()
    now[0] = 12.0
    third = live.update(_progress(3, 10, 1.0))
    assert third.samples_per_s == pytest.approx(10.0)  # 2 batches in 2 s of training
    assert live.steps == 3


def test_windows_of_written_numbers_are_mixed_in(mnist_dir: Path) -> None:
    mnist = load_mnist(mnist_dir, "train")
    drawn = DrawnExtras.make(TrainConfig(rows=30), mnist.images[:500], mnist.labels[:500])
    digits = int((drawn.labels != NOT_A_DIGIT).sum())
    assert 30 * 2 <= digits <= 30 * 5 and len(drawn.labels) == 3 * digits
    assert f"{len(drawn.labels):,} windows of 30 written numbers of MNIST digits" in drawn.text
    assert drawn.pen_held_out == []


@pytest.mark.skipif(shared_pendigits_dir() is None, reason="../shared/datasets/pendigits absent")
def test_pen_digits_and_non_digits_are_mixed_in_and_calibrated(mnist_dir: Path) -> None:
    pen = shared_pendigits_dir()
    mnist = load_mnist(mnist_dir, "train")
    drawn = DrawnExtras.make(
        TrainConfig(pen=str(pen), pen_copies=1, non_digits=50), mnist.images, mnist.labels
    )
    assert (drawn.labels == NOT_A_DIGIT).sum() == 50
    assert 5000 < (drawn.labels >= 0).sum() <= 5496  # the training writers' digits, once each
    assert "held out" in drawn.text and "50 non-digit drawings" in drawn.text
    assert {d.writer for d in drawn.pen_held_out} == HELD_OUT_WRITERS
    # the user's samples keep their weight beside the drawings
    own = (np.zeros((2, 28, 28), np.uint8), np.array([3, 4]), 3.0)
    _, labels, weight = drawn.mixed_with(own)
    assert weight == 1.0 and len(labels) == len(drawn.labels) + 6

    config = TrainConfig.preset(epochs=1, limit=300, val_size=0, pen=str(pen), pen_copies=1)
    run = run_training(config, mnist_dir, source="a test")
    assert run is not None
    meta = run.metadata
    assert "pen digits by 22 writers" in meta["dataset"]
    calibration = meta["calibration"]
    assert calibration["temperature"] > 0
    assert calibration["nll_after"] <= calibration["nll_before"]
    assert 0.0 <= meta["pen_held_out_accuracy"] <= 1.0


@pytest.mark.slow
def test_a_run_describes_itself_truthfully(mnist_dir: Path, tmp_path: Path) -> None:
    store = SampleStore(tmp_path / "samples")
    for label in range(3):
        store.add(np.full((28, 28), 40 * label + 40, np.uint8), label)
    events: list[RunEvent] = []
    config = TrainConfig.preset(epochs=1, batch_size=50, limit=400, augment=False)
    run = run_training(
        config,
        mnist_dir,
        source="a test",
        samples_dir=store.folder,
        sample_weight=2,
        on_event=events.append,
    )
    assert run is not None
    assert run.counts == DataCounts(train=367, val=33, test=10_000)
    meta = run.metadata
    assert meta["dataset"] == (
        "MNIST (official IDX files), 367 train + 33 validation / 10,000 test; "
        "3 own samples, each 2x per epoch"
    )
    assert meta["training"] == config.to_dict() and meta["training"]["val_size"] == 33
    assert meta["own_samples"] == {"count": 3, "weight": 2}
    assert meta["test_accuracy"] == run.assessment.accuracy and run.assessment.count == 10_000
    assert meta["source"] == "a test" and meta["started_from"] == "scratch"
    assert meta["status"] == run.result.status == "finished"
    assert [e.stage for e in events] == [
        Stage.READING,
        Stage.OWN_SAMPLES,
        Stage.SPLIT,
        Stage.TRAINED,
        Stage.TESTING,
    ]
    assert events[1].count == 3 and events[2].counts == run.counts
    assert events[3].status == "finished"


@pytest.mark.slow
def test_a_run_the_caller_abandons_is_not_tested(mnist_dir: Path) -> None:
    config = TrainConfig.preset(epochs=1, batch_size=50, limit=200, augment=False)
    events: list[RunEvent] = []
    run = run_training(
        config, mnist_dir, source="x", on_event=events.append, should_test=lambda: False
    )
    assert run is None and Stage.TESTING not in [e.stage for e in events]
