"""Batched data augmentation on tensors: make MNIST digits look like people's drawings.

Everything works on a whole batch at once (one `grid_sample` call for affine + elastic
distortion, elementwise maxima for stroke width), so augmentation costs a small fraction of
a training step instead of a per-sample PIL pipeline.

- random affine: small rotation, scale, horizontal shear, shift (LeCun 1998, Simard 2003)
- elastic distortion: a smooth random displacement field (Simard et al. 2003, "Best
  practices for convolutional neural networks applied to visual document analysis"),
  up to `elastic_alpha` pixels
- stroke width: grey-level dilation or erosion (3x3), since a pen on a canvas draws strokes
  of one fixed width, thinner or fatter than the scanned pencil of MNIST
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

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


@functools.lru_cache(maxsize=8)
def _base_grid(size: int) -> Tensor:
    """(size * size, 3) homogeneous pixel-centre coordinates (x, y, 1), normalised to
    [-1, 1] as `affine_grid(align_corners=False)` has them, row by row."""
    coords = (torch.arange(size, dtype=torch.float32) * 2 + 1) / size - 1
    y, x = torch.meshgrid(coords, coords, indexing="ij")
    return torch.stack([x.flatten(), y.flatten(), torch.ones(size * size)], dim=1)


@functools.lru_cache(maxsize=8)
def _bicubic_matrix(points: int, size: int) -> Tensor:
    """(size, points) matrix B with B @ C @ B.T == bicubic upsampling of C (align_corners).

    Bicubic upsampling is separable, so two small matrix products replace
    `F.interpolate(mode="bicubic")` on every field; B is read off that very function
    (upsampling a basis that is constant along rows)."""
    basis = torch.eye(points).view(points, 1, 1, points).expand(points, 1, points, points)
    up = F.interpolate(basis, size=(size, size), mode="bicubic", align_corners=True)
    return up[:, 0, 0, :].T.contiguous()


@dataclass(frozen=True)
class Draws:
    """The random choices for a batch of n images. Drawn for the whole batch in one place,
    they let slices of the batch be distorted apart (in different threads) exactly as the
    whole batch would be, with the generator's draws in one fixed order."""

    affine: Tensor  # (n, 2, 3) matrices mapping output to input coordinates (normalised)
    field: Tensor | None  # (n, 2, points, points) coarse displacements; None: no elastic one
    pick: Tensor  # (n,) uniform in [0, 1): which stroke-width change, if any

    def __getitem__(self, part: slice) -> Draws:
        field = None if self.field is None else self.field[part]
        return Draws(self.affine[part], field, self.pick[part])


def draw(n: int, size: int, gen: torch.Generator, cfg: AugmentConfig) -> Draws:
    """The random choices for n images of size x size: an affine map each, for a random
    `elastic_prob` share a smooth displacement field (Simard et al. 2003) of up to
    `elastic_alpha` pixels, and a stroke-width change."""
    affine = _affine_matrices(n, size, cfg, gen)
    elastic = torch.rand(n, generator=gen) < cfg.elastic_prob
    field = None
    if elastic.any():
        points = cfg.elastic_grid
        field = torch.rand(n, 2, points, points, generator=gen) * 2 - 1
        field *= elastic.view(n, 1, 1, 1) * (cfg.elastic_alpha * 2 / size)
    return Draws(affine, field, torch.rand(n, generator=gen))


def _sampling_grid(draws: Draws, size: int) -> Tensor:
    """(n, size, size, 2) input coordinates for every output pixel: the affine map plus
    the displacement field, upsampled bicubically from its coarse grid (as smooth as
    Simard's Gaussian-filtered noise, at a fraction of the cost of filtering full-size
    fields). Both parts are small matrix products (no `affine_grid`, no interpolation
    call), which keeps augmentation cheap next to a training step."""
    n = len(draws.pick)
    # (n, 2, size * size): x and y planes, so the field below adds to contiguous memory
    affine = torch.einsum("pk,njk->njp", _base_grid(size), draws.affine)
    grid = affine.view(n, 2, size, size)
    if draws.field is not None:
        up = _bicubic_matrix(draws.field.shape[-1], size)
        grid += up @ draws.field @ up.T
    return grid.permute(0, 2, 3, 1)


def _dilate(images: Tensor) -> Tensor:
    """3x3 grey-level dilation (max filter) as two passes of elementwise maxima: the same
    as `max_pool2d(3, stride=1, padding=1)` on ink >= 0, several times cheaper on a CPU."""
    padded = F.pad(images, (1, 1, 1, 1))
    rows = torch.maximum(torch.maximum(padded[..., :-2], padded[..., 1:-1]), padded[..., 2:])
    return torch.maximum(torch.maximum(rows[..., :-2, :], rows[..., 1:-1, :]), rows[..., 2:, :])


def _erode_softly(images: Tensor) -> Tensor:
    """Mean of each pixel and its 3x3 minimum (background counts as 0): a thinner stroke
    that keeps thin strokes alive."""
    return 0.5 * (images - _dilate(-images))


def _apply_where(mask: Tensor, images: Tensor, op: Callable[[Tensor], Tensor]) -> Tensor:
    """Apply `op` to the images selected by the boolean `mask` only (cheaper than all)."""
    if mask.any():
        images[mask] = op(images[mask])
    return images


def distort(images: Tensor, draws: Draws, cfg: AugmentConfig) -> Tensor:
    """Distort a batch (N, 1, H, W) of ink coverage in [0, 1] as `draws` (for N images of
    that size) say; returns a new batch."""
    grid = _sampling_grid(draws, images.shape[-1])
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    pick = draws.pick
    thicken = pick < cfg.thicken_prob
    thin = (pick >= cfg.thicken_prob) & (pick < cfg.thicken_prob + cfg.thin_prob)
    out = _apply_where(thicken, out, _dilate)
    out = _apply_where(thin, out, _erode_softly)
    return out.clamp_(0.0, 1.0)


def augment_batch(images: Tensor, gen: torch.Generator, cfg: AugmentConfig) -> Tensor:
    """Randomly distort a batch (N, 1, H, W) of ink coverage in [0, 1]; returns a new batch."""
    return distort(images, draw(len(images), images.shape[-1], gen, cfg), cfg)
