"""Batched data augmentation on tensors: make MNIST digits look like people's drawings.

Everything works on a whole batch at once (one `grid_sample` call for affine + elastic
distortion, one pooling call for stroke width), so augmentation costs a small fraction of
a training step instead of a per-sample PIL pipeline.

- random affine: small rotation, scale, horizontal shear, shift (LeCun 1998, Simard 2003)
- elastic distortion: a smooth random displacement field (Simard et al. 2003, "Best
  practices for convolutional neural networks applied to visual document analysis"),
  up to `elastic_alpha` pixels
- stroke width: grey-level dilation or erosion (3x3), since a pen on a canvas draws strokes
  of one fixed width, thinner or fatter than the scanned pencil of MNIST
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

# The strengths live with the run's other settings (no torch there); re-exported here.
from lenet_gui.engine.train_config import AugmentConfig as AugmentConfig


def _uniform(n: int, low: float, high: float, gen: torch.Generator) -> Tensor:
    return torch.rand(n, generator=gen) * (high - low) + low


def _affine_matrices(n: int, size: int, cfg: AugmentConfig, gen: torch.Generator) -> Tensor:
    """(n, 2, 3) matrices mapping output coordinates to input coordinates (normalised)."""
    angle = _uniform(n, -cfg.rotation_deg, cfg.rotation_deg, gen) * (math.pi / 180)
    scale = _uniform(n, *cfg.scale_range, gen)
    shear = _uniform(n, -cfg.shear, cfg.shear, gen)
    shift = _uniform(2 * n, -cfg.shift_px, cfg.shift_px, gen).view(n, 2) * (2 / size)
    cos, sin = torch.cos(angle), torch.sin(angle)
    # forward transform A = R · Sh · S; grid_sample needs its inverse (output → input)
    a = torch.stack(
        [
            torch.stack([cos, cos * shear - sin], dim=1),
            torch.stack([sin, sin * shear + cos], dim=1),
        ],
        dim=1,
    ) * scale.view(n, 1, 1)
    inv = torch.linalg.inv(a)
    t = -(inv @ shift.unsqueeze(2))
    return torch.cat([inv, t], dim=2)


def _elastic_field(n: int, size: int, cfg: AugmentConfig, gen: torch.Generator) -> Tensor:
    """(n, size, size, 2) smooth random displacements in normalised coordinates.

    Random displacements on a coarse grid, upsampled bicubically: as smooth as Simard's
    Gaussian-filtered noise, at a fraction of the cost of filtering full-size fields.
    """
    coarse = torch.rand(n, 2, cfg.elastic_grid, cfg.elastic_grid, generator=gen) * 2 - 1
    field = F.interpolate(coarse, size=(size, size), mode="bicubic", align_corners=True)
    return (field * (cfg.elastic_alpha * 2 / size)).permute(0, 2, 3, 1)


def _apply_where(mask: Tensor, images: Tensor, op: Callable[[Tensor], Tensor]) -> Tensor:
    """Apply `op` to the images selected by the boolean `mask` only (cheaper than all)."""
    if mask.any():
        images[mask] = op(images[mask])
    return images


def augment_batch(images: Tensor, gen: torch.Generator, cfg: AugmentConfig) -> Tensor:
    """Randomly distort a batch (N, 1, H, W) of ink coverage in [0, 1]; returns a new batch."""
    n, _, size, _ = images.shape
    grid = F.affine_grid(
        _affine_matrices(n, size, cfg, gen), list(images.shape), align_corners=False
    )
    elastic = torch.rand(n, generator=gen) < cfg.elastic_prob
    if elastic.any():
        grid = grid + _elastic_field(n, size, cfg, gen) * elastic.view(n, 1, 1, 1)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    pick = torch.rand(n, generator=gen)
    thicken = pick < cfg.thicken_prob
    thin = (pick >= cfg.thicken_prob) & (pick < cfg.thicken_prob + cfg.thin_prob)
    out = _apply_where(thicken, out, lambda t: F.max_pool2d(t, 3, stride=1, padding=1))
    # soft erosion (mean of each pixel and its 3x3 minimum) keeps thin strokes alive
    out = _apply_where(thin, out, lambda t: 0.5 * (t - F.max_pool2d(-t, 3, stride=1, padding=1)))
    return out.clamp_(0.0, 1.0)
