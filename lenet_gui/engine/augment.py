"""Batched data augmentation on tensors: make MNIST digits look like people's drawings.

Everything works on a whole batch at once (one `grid_sample` call for affine + elastic
distortion, one pooling call for stroke width), so augmentation costs a small fraction of
a training step instead of a per-sample PIL pipeline.

- random affine: small rotation, scale, horizontal shear, shift (LeCun 1998, Simard 2003)
- elastic distortion: a random displacement field smoothed by a Gaussian (Simard et al.
  2003, "Best practices for convolutional neural networks applied to visual document
  analysis"), scaled by `elastic_alpha` pixels
- stroke width: grey-level dilation or erosion (3x3), since a pen on a canvas draws strokes
  of one fixed width, thinner or fatter than the scanned pencil of MNIST
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor


@dataclass(frozen=True)
class AugmentConfig:
    rotation_deg: float = 12.0
    scale_range: tuple[float, float] = (0.85, 1.12)
    shear: float = 0.25  # horizontal shear factor (x += shear * y)
    shift_px: float = 2.0
    elastic_prob: float = 0.5
    elastic_alpha: float = 2.5  # pixels of displacement, after smoothing
    elastic_sigma: float = 3.0
    thicken_prob: float = 0.25
    thin_prob: float = 0.15

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def _gaussian_kernel(sigma: float) -> Tensor:
    radius = max(1, round(2.5 * sigma))
    xs = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-(xs**2) / (2 * sigma**2))
    return k / k.sum()


def _elastic_field(n: int, size: int, cfg: AugmentConfig, gen: torch.Generator) -> Tensor:
    """(n, size, size, 2) smooth random displacements in normalised coordinates."""
    field = torch.rand(n * 2, 1, size, size, generator=gen) * 2 - 1
    k = _gaussian_kernel(cfg.elastic_sigma)
    pad = len(k) // 2
    field = F.conv2d(F.pad(field, (pad, pad, 0, 0), mode="reflect"), k.view(1, 1, 1, -1))
    field = F.conv2d(F.pad(field, (0, 0, pad, pad), mode="reflect"), k.view(1, 1, -1, 1))
    # normalise each field to unit peak so alpha means "pixels of displacement"
    peak = field.flatten(1).abs().amax(dim=1).clamp_min(1e-6).view(-1, 1, 1, 1)
    field = field / peak * (cfg.elastic_alpha * 2 / size)
    return field.view(n, 2, size, size).permute(0, 2, 3, 1)


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
    thicken = (pick < cfg.thicken_prob).view(n, 1, 1, 1)
    thin = ((pick >= cfg.thicken_prob) & (pick < cfg.thicken_prob + cfg.thin_prob)).view(n, 1, 1, 1)
    if thicken.any():
        out = torch.where(thicken, F.max_pool2d(out, 3, stride=1, padding=1), out)
    if thin.any():
        # soft erosion (average of the pixel and its 3x3 minimum) keeps thin strokes alive
        eroded = 0.5 * (out - F.max_pool2d(-out, 3, stride=1, padding=1))
        out = torch.where(thin, eroded, out)
    return out.clamp_(0.0, 1.0)
