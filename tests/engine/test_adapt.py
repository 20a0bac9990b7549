"""Adapting a network to one writer: it fixes their misread digit, keeps MNIST, stops on
request, repeats with a seed, and says what is missing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lenet_gui.engine.adapt import (
    AdaptConfig,
    AdaptError,
    AdaptResult,
    adapt,
    adapted_metadata,
    check_samples,
    estimate,
    holdout_split,
)
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.training import RunControl, evaluate, to_tensors
from lenet_gui.engine.weights import load_weights
from lenet_gui.paths import bundled_weights
from tests import writer


@pytest.fixture(scope="module")
def modern() -> torch.nn.Module:
    return load_weights(bundled_weights("modern")).model


@pytest.fixture(scope="module")
def taught(modern: torch.nn.Module) -> AdaptResult:
    """The bundled network adapted (default settings) to three drawings of each digit."""
    images, labels = writer.samples(per_digit=3, seed=0)
    return adapt(modern, images, labels, AdaptConfig(seed=0))


def _reads(model: torch.nn.Module, images: np.ndarray) -> np.ndarray:
    x, _ = to_tensors(images, np.zeros(len(images)))
    with torch.no_grad():
        return model.eval()(x).argmax(dim=1).numpy()


@pytest.mark.slow
def test_adapting_fixes_the_digit_it_misread(modern, taught):
    fresh = writer.prepared(writer.MISREAD, 30, seed=99)  # drawings it was not taught
    before = (_reads(modern, fresh) == writer.MISREAD).mean()
    after = (_reads(taught.model, fresh) == writer.MISREAD).mean()
    assert before <= 0.2, "the synthetic writer's mirrored 3 should be misread before adapting"
    assert after >= 0.9
    assert taught.status == "finished" and taught.samples == 30


@pytest.mark.slow
def test_the_writers_other_digits_stay_right(taught):
    images, labels = writer.samples(per_digit=10, seed=7)
    keep = labels != writer.MISREAD
    assert (_reads(taught.model, images[keep]) == labels[keep]).mean() >= 0.97


@pytest.mark.slow
def test_no_forgetting_on_an_mnist_slice(modern, taught, mnist_dir):
    test = load_mnist(mnist_dir, "test")
    x, y = to_tensors(test.images[:3000], test.labels[:3000])
    _, before, _ = evaluate(modern, x, y)
    _, after, _ = evaluate(taught.model, x, y)
    assert after >= before - 0.003


def test_the_original_network_is_not_changed(modern, taught):
    fresh = load_weights(bundled_weights("modern")).model
    for (name, original), (_, now) in zip(
        fresh.state_dict().items(), modern.state_dict().items(), strict=True
    ):
        assert torch.equal(original, now), name
    assert taught.model is not modern


def test_cancel_keeps_the_previous_network(modern):
    images, labels = writer.samples(per_digit=1, seed=1)
    control = RunControl()
    steps: list[int] = []

    def on_step(progress):
        steps.append(progress.step)
        if progress.step == 3:
            control.stop()

    result = adapt(
        modern,
        images,
        labels,
        AdaptConfig(steps=50, strokes=16),
        control=control,
        on_step=on_step,
    )
    assert result.status == "cancelled"
    assert steps == [1, 2, 3]
    assert result.model is modern


def test_the_same_seed_gives_the_same_network(modern):
    images, labels = writer.samples(per_digit=1, seed=2)
    config = AdaptConfig(steps=4, strokes=16, seed=5)
    first = adapt(modern, images, labels, config).model.state_dict()
    second = adapt(modern, images, labels, config).model.state_dict()
    other = adapt(modern, images, labels, AdaptConfig(steps=4, strokes=16, seed=6)).model
    assert all(torch.equal(first[k], second[k]) for k in first)
    assert not all(torch.equal(first[k], v) for k, v in other.state_dict().items())


def test_the_1998_network_adapts_too():
    classic = load_weights(bundled_weights("classic")).model
    images, labels = writer.samples(per_digit=1, seed=3)
    result = adapt(classic, images, labels, AdaptConfig(steps=3, strokes=16))
    assert result.status == "finished"
    assert result.model.config.arch == "classic"
    changed = [
        k
        for k, v in result.model.state_dict().items()
        if not torch.equal(v, classic.state_dict()[k])
    ]
    assert changed and all(k.split(".")[0] in AdaptConfig().trainable for k in changed)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([], "no samples to learn from"),
        ([0, 1, 2, 3, 4, 5, 6, 8, 9], "no sample of the digit(s) 7"),
        ([0, 0, 1, 1], "no sample of the digit(s) 2, 3, 4, 5, 6, 7, 8, 9"),
    ],
)
def test_every_digit_needs_a_sample(labels, message):
    with pytest.raises(AdaptError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_samples(np.asarray(labels, dtype=np.uint8))


def test_held_out_samples_leave_every_digit_taught():
    labels = np.repeat(np.arange(10), [3, 3, 3, 3, 3, 3, 3, 3, 3, 1])
    mask = holdout_split(labels, seed=0)
    assert mask is not None
    assert np.bincount(labels[mask], minlength=10).tolist() == [1] * 9 + [0]
    assert set(labels[~mask]) == set(range(10))
    assert holdout_split(np.arange(10), seed=0) is None


def test_estimate_reads_held_out_samples_before_and_after(modern):
    images, labels = writer.samples(per_digit=2, seed=4)
    held = estimate(modern, images, labels, AdaptConfig(steps=2, strokes=16))
    assert held is not None and held.n == 10
    assert 0.0 <= held.before <= 1.0 and 0.0 <= held.after <= 1.0


def test_metadata_keeps_the_originals_and_says_it_was_adapted(taught):
    source = {
        "arch": "modern",
        "date": "2026-01-01T00:00:00+00:00",
        "test_accuracy": 0.995,
        "calibration": {"temperature": 1.3, "unsure_below": 0.55},
        "training": {"epochs": 16},
    }
    meta = adapted_metadata(source, taught, source_name="lenet5-modern.pt")
    assert meta["calibration"] == source["calibration"]
    assert meta["training"] == source["training"]
    assert "date" not in meta and "test_accuracy" not in meta  # no longer true of these weights
    assert meta["adapted"]["samples"] == 30
    assert meta["adapted"]["from"] == "lenet5-modern.pt"
    assert meta["adapted"]["from_test_accuracy"] == 0.995
