"""The Qt-free training loop: it learns, stops on request, survives divergence, repeats."""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import pytest
import torch

from lenet_gui.engine import training
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.training import (
    EpochResult,
    RunControl,
    TrainConfig,
    compute_dtype,
    divergence,
    ended_at_chance,
    evaluate,
    measure_samples_per_s,
    pick_device,
    redrawn,
    to_tensors,
    train,
)


def _toy_digits(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two easily told apart classes (vertical vs horizontal bar) for fast mechanics tests."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), np.uint8)
    labels = rng.integers(0, 2, n).astype(np.uint8)
    for i, label in enumerate(labels):
        c = rng.integers(8, 20)
        if label == 0:
            images[i, 4:24, c - 2 : c + 2] = 255
        else:
            images[i, c - 2 : c + 2, 4:24] = 255
    return images, labels


@pytest.fixture(scope="module")
def mnist_small(mnist_dir):
    train_split = load_mnist(mnist_dir, "train")
    test_split = load_mnist(mnist_dir, "test")
    return train_split, test_split


@pytest.mark.slow
def test_a_few_hundred_steps_on_real_mnist_learn(mnist_small):
    train_split, test_split = mnist_small
    config = TrainConfig(epochs=2, batch_size=64, limit=6000, seed=0)  # 188 steps
    result = train(config, train_split.images, train_split.labels)
    assert result.status == "finished"
    x, y = to_tensors(test_split.images[:2000], test_split.labels[:2000])
    _, accuracy, _ = evaluate(result.model, x, y)
    assert accuracy >= 0.93


def test_callbacks_report_progress_and_validation():
    images, labels = _toy_digits(600)
    batches, epochs = [], []
    config = TrainConfig(epochs=2, batch_size=50, val_size=100)
    result = train(config, images, labels, on_batch=batches.append, on_epoch=epochs.append)
    assert len(batches) == 2 * 10  # 500 training images / 50
    assert [b.batch for b in batches[:10]] == list(range(1, 11))
    assert batches[-1].eta_s == pytest.approx(0.0, abs=1e-6)
    assert all(b.samples_per_s > 0 for b in batches)
    assert [e.epoch for e in epochs] == [1, 2]
    assert epochs[-1].val_accuracy is not None and epochs[-1].val_accuracy > 0.9
    assert result.best_epoch in (1, 2)


def test_cancel_takes_effect_before_the_next_batch():
    images, labels = _toy_digits(1000)
    control = RunControl()
    seen = []

    def on_batch(progress):
        seen.append(progress.batch)
        if progress.batch == 3:
            control.stop()

    result = train(
        TrainConfig(epochs=3, batch_size=50), images, labels, on_batch=on_batch, control=control
    )
    assert seen == [1, 2, 3]
    assert result.status == "cancelled"
    assert result.history == []
    assert all(torch.isfinite(p).all() for p in result.model.parameters())


def test_cancel_after_an_epoch_keeps_the_best_epoch():
    images, labels = _toy_digits(400)
    control = RunControl()
    epochs = []

    def on_epoch(e):
        epochs.append(e)
        control.stop()

    result = train(
        TrainConfig(epochs=5, batch_size=50, val_size=100),
        images,
        labels,
        on_epoch=on_epoch,
        control=control,
    )
    assert result.status == "cancelled"
    assert result.best_epoch == 1
    x, y = to_tensors(images[-100:], labels[-100:])
    assert evaluate(result.model, x, y)[1] == pytest.approx(epochs[0].val_accuracy)


def test_pause_blocks_until_resume():
    images, labels = _toy_digits(300)
    control = RunControl()
    paused_at = threading.Event()

    def on_batch(progress):
        if progress.batch == 2 and not paused_at.is_set():
            control.pause()
            paused_at.set()

    result_box = []
    worker = threading.Thread(
        target=lambda: result_box.append(
            train(
                TrainConfig(epochs=1, batch_size=50),
                images,
                labels,
                on_batch=on_batch,
                control=control,
            )
        )
    )
    worker.start()
    assert paused_at.wait(timeout=60)
    worker.join(timeout=0.3)
    assert worker.is_alive() and control.paused  # still waiting
    control.resume()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert result_box[0].status == "finished"


def test_divergence_stops_with_a_message_and_keeps_last_good_weights():
    images, labels = _toy_digits(2000)
    config = TrainConfig(epochs=3, batch_size=50, lr=1e12, seed=3)
    result = train(config, images, labels)
    assert result.status == "diverged"
    assert "lower learning rate" in result.message
    # it diverged within the first epoch, so the last good weights are the initial ones
    torch.manual_seed(3)
    initial = build_model().state_dict()
    assert all(torch.equal(initial[k], v) for k, v in result.model.state_dict().items())


def test_same_seed_same_weights_different_seed_different_weights():
    images, labels = _toy_digits(300)
    # a fixed thread count: sums split over another number of threads round differently
    config = TrainConfig(epochs=1, batch_size=50, augment=True, seed=7, threads=2)
    a = train(config, images, labels).model.state_dict()
    b = train(config, images, labels).model.state_dict()
    c = train(dataclasses.replace(config, seed=8), images, labels)
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert not torch.equal(a["C1.weight"], c.model.state_dict()["C1.weight"])


def test_continuing_from_a_model_leaves_the_original_untouched():
    images, labels = _toy_digits(300)
    first = train(TrainConfig(epochs=1, batch_size=50), images, labels).model
    before = {k: v.clone() for k, v in first.state_dict().items()}
    second = train(TrainConfig(epochs=1, batch_size=50), images, labels, initial_model=first)
    assert all(torch.equal(before[k], v) for k, v in first.state_dict().items())
    assert not torch.equal(before["C1.weight"], second.model.state_dict()["C1.weight"])


def test_extra_samples_are_mixed_in_with_their_weight():
    images, labels = _toy_digits(100)
    extra_images, extra_labels = _toy_digits(10, seed=5)
    batches = []
    train(
        TrainConfig(epochs=1, batch_size=10),
        images,
        labels,
        on_batch=batches.append,
        extra=(extra_images, extra_labels, 3.0),
    )
    assert batches[-1].batches == (100 + 3 * 10) // 10


def test_bad_settings_are_refused():
    images, labels = _toy_digits(50)
    with pytest.raises(ValueError, match="val_size"):
        train(TrainConfig(epochs=1, val_size=50), images, labels)


def test_device_choice():
    assert pick_device("cpu").type == "cpu"
    assert pick_device("auto").type in {"cpu", "cuda", "mps"}


def test_redraw_adds_preprocessed_copies_after_the_validation_hold_out():
    images, labels = _toy_digits(200)
    batches = []
    train(
        TrainConfig(epochs=1, batch_size=10, val_size=50, redraw=True),
        images,
        labels,
        on_batch=batches.append,
    )
    assert batches[-1].batches == 2 * 150 // 10  # 150 training images, each twice

    copies = redrawn(images[:5])
    assert copies.shape == (5, 28, 28) and copies.dtype == np.uint8
    # the bars are 4 px wide; redrawn digits get MNIST's ~2.5 px strokes, scaled to 20 px
    assert not np.array_equal(copies, images[:5])
    assert all(np.count_nonzero(c) > 20 for c in copies)


# ---------------------------------------------------------------- finite divergence (issue 14)


def test_a_loss_that_blows_up_with_finite_numbers_is_divergence():
    """`--lr 1e6` reaches 1e32 without inf or NaN; that used to end as "finished"."""
    images, labels = _toy_digits(2000)
    result = train(TrainConfig(epochs=3, batch_size=50, lr=1e6, seed=3), images, labels)
    assert result.status == "diverged"
    assert result.message.startswith("training diverged (the loss blew up to ")
    assert result.message.endswith("in epoch 1, batch 2; try a lower learning rate")
    assert "kept" not in result.message  # what is kept is for the front end to say
    assert result.history == [] and result.best_epoch is None


def test_divergence_criteria():
    assert divergence(2.3, 2.3) is None
    assert divergence(99.0, 0.01) is None  # fine-tuning starts low: judged against 1.0
    assert divergence(101.0, 0.01) == "the loss blew up to 101 from 0.01"
    assert divergence(float("inf"), 2.3) == "the loss became inf"

    def epoch(accuracy: float) -> EpochResult:
        return EpochResult(1, 2.3, accuracy, None, None, 1.0, 1000.0)

    assert ended_at_chance(epoch(0.11), 60_000, 10) == (
        "training accuracy is 11.0 %, as good as guessing"
    )
    assert ended_at_chance(epoch(0.16), 60_000, 10) is None
    assert ended_at_chance(epoch(0.11), 1000, 10) is None  # too short a run to judge


def test_a_run_that_ends_at_chance_is_divergence(monkeypatch: pytest.MonkeyPatch):
    """A network whose every output is the same (dead after a blow-up) learns nothing."""
    images, labels = _toy_digits(600)
    labels = np.arange(600, dtype=np.uint8) % 10  # ten classes no picture tells apart
    monkeypatch.setattr(training, "_CHANCE_AFTER", 500)
    result = train(TrainConfig(epochs=2, batch_size=100, lr=1e-9, seed=1), images, labels)
    assert result.status == "diverged"
    assert result.message.startswith("training diverged (training accuracy is ")
    assert len(result.history) == 2 and result.best_epoch == 1  # the last epoch is not kept


@pytest.mark.parametrize("name", ["foo", "cuda", "cuda:7", "mps"])
def test_an_unavailable_device_is_refused_by_name(name: str):
    if name.startswith("cuda") and torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    if name == "mps" and torch.backends.mps.is_available():
        pytest.skip("this machine has an Apple GPU")
    with pytest.raises(ValueError, match=f"device '{name}'|unknown device '{name}'"):
        pick_device(name)


def _training_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("lenet-train")]


def test_each_thread_computes_a_slice_of_every_batch_with_one_torch_thread():
    images, labels = _toy_digits(100)
    before = torch.get_num_threads()
    model = build_model()
    calls: list[tuple[int, int, int]] = []  # (thread, torch's threads there, slice size)
    model.register_forward_pre_hook(
        lambda _m, args: calls.append(
            (threading.get_ident(), torch.get_num_threads(), len(args[0]))
        )
    )
    train(TrainConfig(epochs=1, batch_size=10, threads=3), images, labels, initial_model=model)
    assert len({thread for thread, _, _ in calls}) == 3
    assert {threads for _, threads, _ in calls} == {1}
    assert sorted(size for _, _, size in calls) == [3] * 20 + [4] * 10  # 4 + 3 + 3 a batch
    assert torch.get_num_threads() == before  # torch's own setting is put back
    assert _training_threads() == []


class _BusyCore:
    """What OtherLoad measures while another program keeps one core busy."""

    def measure(self) -> float:
        return 1.0


def test_automatic_threads_add_a_slice_while_another_program_keeps_a_core_busy(monkeypatch):
    monkeypatch.setattr(training, "OtherLoad", _BusyCore)
    images, labels = _toy_digits(160)
    model = build_model()
    calls: list[int] = []
    model.register_forward_pre_hook(lambda _m, args: calls.append(threading.get_ident()))
    train(TrainConfig(epochs=1, batch_size=10), images, labels, initial_model=model)
    assert len(set(calls)) == training.usable_cores() + 1  # one thread more than the cores
    assert _training_threads() == []
    # a thread count the user chose is kept
    calls.clear()
    train(TrainConfig(epochs=1, batch_size=10, threads=2), images, labels, initial_model=model)
    assert len(set(calls)) == 2


def test_slices_report_the_whole_batchs_loss_and_accuracy():
    """The first batch meets the same initial weights whatever the thread count; uneven
    slices (4 + 3 + 3) must weigh in by their size."""
    images, labels = _toy_digits(100)
    first = {}
    for threads in (1, 3):
        first[threads] = []
        train(
            TrainConfig(epochs=1, batch_size=10, threads=threads, precision="float32"),
            images,
            labels,
            on_batch=first[threads].append,
        )
    assert first[3][0].loss == pytest.approx(first[1][0].loss, rel=1e-5)
    assert first[3][0].accuracy == first[1][0].accuracy


@pytest.mark.parametrize(
    "ending", ["finished", "cancelled", "error in the loop", "error in a slice"]
)
def test_no_training_thread_outlives_a_run(ending: str):
    images, labels = _toy_digits(60)
    control = RunControl()
    model = build_model()
    main = threading.get_ident()

    def on_batch(progress: training.BatchProgress) -> None:
        if ending == "cancelled" and progress.batch == 2:
            control.stop()
        if ending == "error in the loop" and progress.batch == 2:
            raise RuntimeError("stop here")

    def fail_in_a_worker(_module: torch.nn.Module, _args: tuple[torch.Tensor]) -> None:
        if ending == "error in a slice" and threading.get_ident() != main:
            raise RuntimeError("stop here")

    model.register_forward_pre_hook(fail_in_a_worker)
    config = TrainConfig(epochs=2, batch_size=10, threads=2)
    if ending.startswith("error"):
        with pytest.raises(RuntimeError, match="stop here"):
            train(config, images, labels, initial_model=model, on_batch=on_batch, control=control)
    else:
        result = train(
            config, images, labels, initial_model=model, on_batch=on_batch, control=control
        )
        assert result.status == ending
    assert _training_threads() == []


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_both_precisions_learn(precision):
    images, labels = _toy_digits(400)
    result = train(TrainConfig(epochs=2, batch_size=25, precision=precision), images, labels)
    x, y = to_tensors(*_toy_digits(200, seed=1))
    _, accuracy, _ = evaluate(result.model, x, y)
    assert accuracy >= 0.95
    assert all(p.dtype == torch.float32 for p in result.model.parameters())


def test_compute_dtype():
    cpu = torch.device("cpu")
    assert compute_dtype("float32", cpu) == torch.float32
    assert compute_dtype("bfloat16", cpu) == torch.bfloat16
    assert compute_dtype("auto", torch.device("cuda")) == torch.float32
    with pytest.raises(ValueError, match="precision"):
        compute_dtype("fp8", cpu)


def test_the_throughput_probe_times_the_real_loop_briefly_and_can_be_stopped():
    config = TrainConfig.preset("modern", batch_size=32, threads=1, augment=True)
    start = time.perf_counter()
    rate = measure_samples_per_s(config, seconds=0.5)
    took = time.perf_counter() - start
    assert 100 < rate < 1e6
    assert took < 0.5 + 10  # at most `seconds` of timed batches, + setting up and warm-up
    stopped = RunControl()
    stopped.stop()
    assert measure_samples_per_s(config, control=stopped) == 0.0  # no batch was timed
