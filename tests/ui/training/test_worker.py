"""The training and download workers in their threads: reports, samples, failures, stop.

Real training on a few hundred real MNIST images; every wait is on a condition.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread
from pytestqt.qtbot import QtBot

from lenet_gui.engine.mnist import FILES
from lenet_gui.engine.samples import SampleStore
from lenet_gui.engine.train_config import TrainConfig
from lenet_gui.ui.training.worker import DownloadWorker, TrainingJob, TrainingWorker
from tests.ui.worker_signals import Recorder

TIMEOUT_MS = 180_000  # a shared, busy machine


class Threads:
    """Starts workers in threads and, at the end of a test, stops and joins them all
    (a failed test may leave one paused or mid-run)."""

    def __init__(self) -> None:
        self.owner = QObject()
        self.workers: list[TrainingWorker | DownloadWorker] = []

    def start(self, worker: TrainingWorker | DownloadWorker) -> QThread:
        self.workers.append(worker)
        return worker.start(self.owner, "test-worker")

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.abort() if isinstance(worker, TrainingWorker) else worker.stop()
        for thread in self.owner.findChildren(QThread):
            thread.quit()
            thread.wait()


@pytest.fixture
def threads() -> Iterator[Threads]:
    started = Threads()
    yield started
    started.stop_all()


def run(qtbot: QtBot, threads: Threads, job: TrainingJob) -> tuple[Recorder, TrainingWorker]:
    """Run `job` to its end; the worker's thread has finished when this returns."""
    worker = TrainingWorker(job)
    recorder = Recorder(worker)
    thread = threads.start(worker)
    qtbot.waitUntil(recorder.ended, timeout=TIMEOUT_MS)
    qtbot.waitUntil(thread.isFinished, timeout=TIMEOUT_MS)
    return recorder, worker


@pytest.mark.slow
def test_a_short_run_reports_and_tests_its_model(
    qtbot: QtBot, threads: Threads, mnist_dir: Path
) -> None:
    job = TrainingJob(
        data_dir=mnist_dir,
        config=TrainConfig.preset(epochs=2, batch_size=32, limit=400, augment=False),
    )
    rec, worker = run(qtbot, threads, job)
    assert not rec.failed
    (outcome,) = rec.finished
    batches = math.ceil((400 - 33) / 32)  # 33 validation images held out
    assert outcome.status == "finished" and outcome.usable
    assert outcome.batches == 2 * batches
    assert {(p.epoch, p.batch) for p in rec.progress} >= {(1, batches), (2, batches)}
    assert 2 <= len(rec.progress) <= 2 * batches
    assert all(p.batches == batches and 0 <= p.accuracy <= 1 for p in rec.progress)
    assert [e.epoch for e in rec.epoch_finished] == [1, 2]
    assert all(e.val_accuracy is not None for e in rec.epoch_finished)
    report = outcome.assessment
    assert report.count == 10_000 and report.confusion.sum() == 10_000
    assert report.accuracy > 0.5  # 367 images, 2 epochs: far better than chance (0.1)
    assert len(report.mistakes) == 60
    assert np.all(report.mistakes.true != report.mistakes.predicted)
    meta = outcome.metadata
    assert meta["test_accuracy"] == report.accuracy
    assert meta["training"]["limit"] == 400 and meta["training"]["val_size"] == 33
    assert len(meta["history"]) == 2 and meta["samples_per_s"] > 0
    assert meta["started_from"] == "scratch"
    assert any("367 MNIST images, validating on 33" in line for line in rec.log)
    assert not outcome.model.training  # returned ready to predict
    assert worker.thread() is QCoreApplication.instance().thread()  # home again


def test_redraw_doubles_the_training_images(
    qtbot: QtBot, threads: Threads, mnist_dir: Path
) -> None:
    job = TrainingJob(
        data_dir=mnist_dir,
        config=TrainConfig.preset(epochs=1, batch_size=50, limit=200, redraw=True),
    )
    rec, _ = run(qtbot, threads, job)
    (outcome,) = rec.finished
    assert outcome.metadata["training"]["redraw"] is True
    # 200 images, 16 held out: 184 MNIST + 184 redrawn = 368 -> 8 batches of 50 (alone: 4)
    assert outcome.batches == 8
    assert any("Redrawing the 184 training images" in line for line in rec.log)


@pytest.mark.slow
def test_own_samples_are_mixed_into_training(
    qtbot: QtBot, threads: Threads, tmp_path: Path, mnist_dir: Path
) -> None:
    store = SampleStore(tmp_path / "samples")
    for label in range(5):
        image = np.zeros((28, 28), np.uint8)
        image[5:23, 12 + label // 2 : 16 + label // 2] = 255
        store.add(image, label)
    job = TrainingJob(
        data_dir=mnist_dir,
        samples_dir=store.folder,
        sample_weight=4,
        config=TrainConfig.preset(epochs=1, batch_size=32, limit=400, augment=False),
    )
    rec, _ = run(qtbot, threads, job)
    (outcome,) = rec.finished
    assert outcome.own_samples == 5
    assert outcome.metadata["own_samples"] == {"count": 5, "weight": 4}
    # 367 MNIST images + 5 samples x 4 = 387: 13 batches of 32 (MNIST alone: 12)
    assert rec.progress[-1].batches == 13 and outcome.batches == 13
    assert any("Mixing in 5 of your own samples" in line for line in rec.log)


def test_a_folder_without_mnist_fails_naming_the_missing_files(
    qtbot: QtBot, threads: Threads, tmp_path: Path
) -> None:
    rec, _ = run(qtbot, threads, TrainingJob(data_dir=tmp_path))
    assert not rec.finished
    (failure,) = rec.failed
    assert failure.kind == "data"
    assert FILES["train-images"].filename in failure.message


def test_impossible_settings_fail_with_the_reason(
    qtbot: QtBot, threads: Threads, mnist_dir: Path
) -> None:
    job = TrainingJob(
        data_dir=mnist_dir, config=TrainConfig.preset(limit=10, val_size=10, epochs=1)
    )
    rec, _ = run(qtbot, threads, job)
    (failure,) = rec.failed
    assert failure.kind == "settings" and "val_size" in failure.message


def start_long_run(
    qtbot: QtBot, threads: Threads, mnist_dir: Path, epochs: int
) -> tuple[TrainingWorker, Recorder, QThread]:
    """A run of 6,000 images in batches of 32, started and past its first progress report."""
    job = TrainingJob(
        data_dir=mnist_dir,
        config=TrainConfig.preset(epochs=epochs, batch_size=32, limit=6000, augment=False),
    )
    worker = TrainingWorker(job)
    rec = Recorder(worker)
    thread = threads.start(worker)
    qtbot.waitUntil(lambda: len(rec.progress) > 0, timeout=TIMEOUT_MS)
    return worker, rec, thread


@pytest.mark.slow
def test_pause_holds_the_loop_and_resume_continues(
    qtbot: QtBot, threads: Threads, mnist_dir: Path
) -> None:
    worker, rec, thread = start_long_run(qtbot, threads, mnist_dir, epochs=1)
    worker.pause()
    assert worker.is_paused()
    qtbot.waitUntil(lambda: rec.holding == [True], timeout=TIMEOUT_MS)  # after this batch
    held = len(rec.progress)
    before = rec.progress[-1].samples_per_s
    qtbot.wait(700)
    assert len(rec.progress) == held and thread.isRunning()
    worker.resume()
    qtbot.waitUntil(lambda: len(rec.progress) > held, timeout=TIMEOUT_MS)
    assert rec.holding == [True, False]
    # 0.7 s of pause after a few batches would cut samples/s several times over if counted
    assert rec.progress[-1].samples_per_s > 0.5 * before
    worker.cancel()
    qtbot.waitUntil(rec.ended, timeout=TIMEOUT_MS)
    (outcome,) = rec.finished
    assert outcome.status == "cancelled" and not outcome.history
    qtbot.waitUntil(thread.isFinished, timeout=TIMEOUT_MS)


@pytest.mark.slow
def test_abort_reports_nothing_and_the_thread_joins(
    qtbot: QtBot, threads: Threads, mnist_dir: Path
) -> None:
    worker, rec, thread = start_long_run(qtbot, threads, mnist_dir, epochs=5)
    worker.abort()
    thread.quit()
    assert thread.wait(30_000)  # within one batch
    QCoreApplication.processEvents()
    assert not rec.finished and not rec.failed
    assert worker.thread() is QCoreApplication.instance().thread()  # home again


def test_download_from_a_mirror(qtbot: QtBot, threads: Threads, tmp_path: Path, mnist_dir: Path):
    worker = DownloadWorker(tmp_path / "mnist", (mnist_dir.as_uri() + "/",))
    rec = Recorder(worker)
    thread = threads.start(worker)
    qtbot.waitUntil(rec.ended, timeout=TIMEOUT_MS)
    assert rec.finished == [tmp_path / "mnist"], rec.failed
    assert sorted(p.name for p in (tmp_path / "mnist").iterdir()) == sorted(
        f.filename for f in FILES.values()
    )
    assert rec.progress and rec.progress[-1].file_index == len(FILES)
    qtbot.waitUntil(thread.isFinished)


def test_download_stops_when_asked(qtbot: QtBot, threads: Threads, tmp_path: Path, mnist_dir: Path):
    worker = DownloadWorker(tmp_path / "mnist", (mnist_dir.as_uri() + "/",))
    rec = Recorder(worker)
    thread = threads.start(worker)
    worker.stop()
    qtbot.waitUntil(rec.ended, timeout=TIMEOUT_MS)
    assert rec.cancelled and not rec.finished
    assert not (tmp_path / "mnist" / FILES["test-labels"].filename).exists()
    qtbot.waitUntil(thread.isFinished)
