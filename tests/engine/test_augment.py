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


def test_the_sampling_grid_is_affine_grid_plus_a_bicubic_field():
    """The matrix products stand in for `affine_grid` and bicubic `interpolate`: same grid."""
    import torch.nn.functional as F

    from lenet_gui.engine.augment import _affine_matrices, _sampling_grid, draw

    cfg, n, size = dataclasses.replace(AugmentConfig(), elastic_prob=0.5), 16, 32
    grid = _sampling_grid(draw(n, size, torch.Generator().manual_seed(1), cfg), size)

    gen = torch.Generator().manual_seed(1)  # the same draws, in the same order
    expected = F.affine_grid(_affine_matrices(n, size, cfg, gen), [n, 1, size, size], False)
    elastic = torch.rand(n, generator=gen) < cfg.elastic_prob
    coarse = torch.rand(n, 2, cfg.elastic_grid, cfg.elastic_grid, generator=gen) * 2 - 1
    field = F.interpolate(coarse, size=(size, size), mode="bicubic", align_corners=True)
    field = field * (cfg.elastic_alpha * 2 / size) * elastic.view(n, 1, 1, 1)
    expected = expected + field.permute(0, 2, 3, 1)
    assert 0 < elastic.sum() < n
    assert torch.allclose(grid, expected, atol=1e-5)


def test_dilation_is_a_3x3_max_filter():
    import torch.nn.functional as F

    from lenet_gui.engine.augment import _dilate

    x = torch.rand(4, 1, 32, 32)
    assert torch.equal(_dilate(x), F.max_pool2d(x, 3, stride=1, padding=1))


def test_slices_distorted_apart_with_their_share_of_the_draws_match_the_whole_batch():
    """Training distorts the slices of a batch in different threads: the same images."""
    from lenet_gui.engine.augment import distort, draw

    cfg = dataclasses.replace(AugmentConfig(), elastic_prob=0.5, thicken_prob=0.3, thin_prob=0.3)
    x = torch.rand(10, 1, 32, 32)
    draws = draw(10, 32, torch.Generator().manual_seed(3), cfg)
    whole = distort(x, draws, cfg)
    apart = torch.cat([distort(x[:4], draws[:4], cfg), distort(x[4:], draws[4:], cfg)])
    assert torch.allclose(apart, whole, atol=1e-6)
    assert not torch.allclose(whole, x, atol=0.05)
