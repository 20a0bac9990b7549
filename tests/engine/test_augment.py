"""Batched augmentation: shape, range, determinism, and that each distortion does something."""

from __future__ import annotations

import dataclasses

import torch

from lenet_gui.engine.augment import AugmentConfig, augment_batch

NONE = AugmentConfig(
    rotation_deg=0.0,
    scale_range=(1.0, 1.0),
    shear=0.0,
    shift_px=0.0,
    elastic_prob=0.0,
    thicken_prob=0.0,
    thin_prob=0.0,
)


def _bars(n: int = 8) -> torch.Tensor:
    x = torch.zeros(n, 1, 32, 32)
    x[:, :, 6:26, 14:18] = 1.0  # a "1"
    x[:, :, 6:9, 10:22] = 1.0
    return x


def test_no_distortion_returns_the_input():
    x = _bars()
    out = augment_batch(x, torch.Generator().manual_seed(0), NONE)
    assert out.shape == x.shape
    assert torch.allclose(out, x, atol=1e-5)


def test_default_distortion_changes_images_but_keeps_the_digit():
    x = _bars(64)
    out = augment_batch(x, torch.Generator().manual_seed(0), AugmentConfig())
    assert out.min() >= 0 and out.max() <= 1
    changed = (out - x).abs().flatten(1).sum(1) > 1.0
    assert changed.float().mean() > 0.9
    ratio = out.flatten(1).sum(1) / x.flatten(1).sum(1)  # ink mass roughly kept
    assert ratio.min() > 0.4 and ratio.max() < 2.5
    inner = out[:, :, 2:-2, 2:-2].sum()
    assert inner / out.sum() > 0.98  # the digit stays inside the 32x32 field


def test_same_generator_seed_same_result():
    x = _bars()
    a = augment_batch(x, torch.Generator().manual_seed(5), AugmentConfig())
    b = augment_batch(x, torch.Generator().manual_seed(5), AugmentConfig())
    c = augment_batch(x, torch.Generator().manual_seed(6), AugmentConfig())
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_thickening_and_thinning_change_stroke_mass_in_opposite_directions():
    x = _bars()
    gen = torch.Generator().manual_seed(0)
    thick = augment_batch(x, gen, dataclasses.replace(NONE, thicken_prob=1.0))
    thin = augment_batch(x, gen, dataclasses.replace(NONE, thin_prob=1.0))
    assert thick.sum() > 1.3 * x.sum()
    assert 0.3 * x.sum() < thin.sum() < 0.9 * x.sum()


def test_elastic_distortion_moves_pixels_locally():
    x = _bars()
    out = augment_batch(
        x, torch.Generator().manual_seed(0), dataclasses.replace(NONE, elastic_prob=1.0)
    )
    assert not torch.allclose(out, x, atol=0.05)
    assert (out.sum() / x.sum() - 1).abs() < 0.3
