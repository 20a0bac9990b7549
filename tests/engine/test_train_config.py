"""The one place for training defaults: the bare loop's config and the recommended runs."""

from __future__ import annotations

import pytest

from lenet_gui.engine.calibration import UNSURE_BELOW
from lenet_gui.engine.train_config import (
    FORWARD_COST,
    FULL_VAL_SIZE,
    MNIST_TEST_IMAGES,
    MNIST_TRAIN_IMAGES,
    TrainConfig,
    default_val_size,
)


def test_validation_hold_out_scales_with_the_data() -> None:
    assert default_val_size(MNIST_TRAIN_IMAGES) == FULL_VAL_SIZE == 5000
    assert default_val_size(600) == 50
    assert default_val_size(5) == 0


def test_the_bare_config_adds_nothing_unasked() -> None:
    config = TrainConfig(epochs=1)
    assert not config.augment and not config.redraw and config.val_size == 0


def test_presets_are_the_recommended_runs() -> None:
    modern, classic = TrainConfig.preset("modern"), TrainConfig.preset("classic")
    assert (modern.arch, modern.batch_size, modern.augment) == ("modern", 256, True)
    assert (classic.arch, classic.batch_size, classic.augment) == ("classic", 32, True)
    assert modern.val_size == classic.val_size == 5000
    assert modern.epochs == 12 and classic.epochs == TrainConfig().epochs
    assert modern.lr == classic.lr == TrainConfig().lr  # the rest: the defaults
    # the modern network's averaged readings are less sure of non-digits (README)
    assert (modern.unsure_below, classic.unsure_below) == (0.75, UNSURE_BELOW)


def test_a_preset_holds_out_in_proportion_to_the_limit_unless_told() -> None:
    assert TrainConfig.preset(limit=400).val_size == 33
    assert TrainConfig.preset(limit=10**6).val_size == 5000  # MNIST has 60,000
    assert TrainConfig.preset(limit=400, val_size=0).val_size == 0
    assert TrainConfig.preset("classic", batch_size=64).batch_size == 64  # changes win


def test_a_preset_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown architecture"):
        TrainConfig.preset("resnet")
    with pytest.raises(TypeError):  # a misspelt field fails, never falls back to a default
        TrainConfig.preset(epoch=3)


def test_metadata_lists_the_distortions_only_when_used() -> None:
    assert "augment_config" not in TrainConfig().to_dict()
    data = TrainConfig.preset().to_dict()
    assert data["augment_config"]["rotation_deg"] == 12.0 and data["val_size"] == 5000


def test_expected_time_counts_every_pass_of_the_run() -> None:
    config = TrainConfig.preset("modern", epochs=2)  # 55,000 trained, 5,000 validated
    forward = FORWARD_COST * (2 * 5000 + MNIST_TEST_IMAGES)
    assert config.expected_seconds(1000.0) == pytest.approx((2 * 55_000 + forward) / 1000)
    redraw = TrainConfig.preset("modern", epochs=2, redraw=True, limit=6000)  # 5,500 + 500
    assert redraw.expected_seconds(1000.0, extra=100) == pytest.approx(
        (2 * (2 * 5500 + 100) + FORWARD_COST * (2 * 500 + MNIST_TEST_IMAGES)) / 1000
    )
    assert config.expected_seconds(0.0) == float("inf")  # nothing measured yet
