"""Explanations of one prediction, computed here so that the app only has to draw them.

    s = saliency(model, prediction.input32)        # s.values: (32, 32) in [-1, 1]
    shown = readable_map(s.values, prediction.input32)  # what the overlay draws
    rect = input_rect_in_source(prediction.input32, prediction.bbox)  # where on the canvas
    u = unit_sum(recognizer.net, prediction.input32, prediction.activations, "C3", 4, 2, 7)

- `saliency`: "why this digit?" The gradient of the winning class's score with respect to
  the 32x32 input (Simonyan et al. 2013), averaged over a few slightly noisy copies of the
  input (SmoothGrad, Smilkov et al. 2017), which removes most of the pixel-to-pixel noise a
  single gradient has. Positive: more ink there would make the network surer of its answer;
  negative: ink there speaks against it.
- `readable_map`: the map as the app shows it: smoothed over 3x3 pixels (single pixels
  of opposite sign read as speckle, not as "here" and "there"), then faded out with the
  distance from the ink, as far from the strokes the gradient says nothing a user can act
  on and would cover the whole drawing.
- `input_rect_in_source`: where the 32x32 input grid lies on the original drawing, so the
  saliency map can be laid over the canvas.
- `unit_sum`: how one unit of C1 or C3 got its value: the patch of the previous layer it
  sees, its kernel, and the weighted sum that the activation function was applied to.

Only `saliency` needs torch (it differentiates), and imports it when called: the others
work with the numpy network, so the app can explain units without ever loading torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lenet_gui.engine.architecture import INPUT_SIZE, connection_table

if TYPE_CHECKING:
    from torch import nn

    from lenet_gui.engine.inference import NumpyLeNet5

# SmoothGrad: copies of the input with this much Gaussian noise (ink coverage is in [0, 1]);
# a fixed seed, so the same drawing always gets the same map. 64 copies: the map is
# computed off the GUI thread, and with 16 the noise still showed as speckle.
_SMOOTH_SAMPLES = 64
_SMOOTH_NOISE = 0.2
_SMOOTH_SEED = 0


@dataclass(frozen=True)
class Saliency:
    """values: (32, 32) float32 in [-1, 1] (divided by the largest magnitude); target: the
    class whose score was differentiated."""

    values: np.ndarray
    target: int


def saliency(
    model: nn.Module, input32: np.ndarray, target: int | None = None, *, threads: int | None = None
) -> Saliency:
    """Gradient of `target`'s score (default: the predicted class) with respect to the input.

    Uses torch.autograd.grad, so the model's own parameter gradients are left untouched.
    `threads`: torch's intra-op threads for this call (None: as set). The app computes maps
    with 1 while the user draws: the batch is small, and a second thread only takes the
    core the GUI thread needs (measured 292 ms a map with 2 threads on a busy 2-core
    machine, 49 ms with 1). torch keeps the setting per thread once a thread has used it,
    so the previous value is put back for the threads that start later.
    """
    import torch  # the model is a torch network, so torch is loaded already

    if threads is None:
        return _smooth_gradient(model, input32, target)
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        return _smooth_gradient(model, input32, target)
    finally:
        torch.set_num_threads(before)


def _smooth_gradient(model: nn.Module, input32: np.ndarray, target: int | None) -> Saliency:
    import torch

    x = torch.from_numpy(np.ascontiguousarray(input32, dtype=np.float32)).view(1, 1, 32, 32)
    with torch.no_grad():
        winner = int(model(x).argmax(dim=1)) if target is None else target
    gen = torch.Generator().manual_seed(_SMOOTH_SEED)
    noise = torch.randn(_SMOOTH_SAMPLES, 1, INPUT_SIZE, INPUT_SIZE, generator=gen)
    noisy = (x + _SMOOTH_NOISE * noise).requires_grad_(True)
    with torch.enable_grad():
        score = model(noisy)[:, winner].sum()
        (grad,) = torch.autograd.grad(score, noisy)
    values = grad.mean(dim=0)[0].numpy()
    peak = float(np.abs(values).max())
    return Saliency(values / peak if peak > 0 else values, winner)


# readable_map: full strength on the ink and within _NEAR input pixels of it, then fading
# to nothing over _FADE more pixels (the input's ink is about 2 pixels wide; with 4 pixels
# of reach the colour still filled the whole 20x20 digit box).
_NEAR = 0
_FADE = 2
_INK = 0.3  # coverage that counts as ink (not the faint anti-aliased edge around it)


def readable_map(values: np.ndarray, input32: np.ndarray) -> np.ndarray:
    """`values` smoothed (3x3 binomial), weighted by closeness to the ink of `input32` and
    divided by their largest magnitude again: float32 (32, 32) in [-1, 1]; all zero for an
    input without ink."""
    padded = np.pad(values.astype(np.float32), 1)
    rows = (padded[:-2] + 2 * padded[1:-1] + padded[2:]) / 4
    smooth = (rows[:, :-2] + 2 * rows[:, 1:-1] + rows[:, 2:]) / 4
    ink = input32 >= _INK
    weight = np.zeros(ink.shape, np.float32)
    reach = ink.copy()
    for step in range(_NEAR + _FADE + 1):
        level = 1.0 if step <= _NEAR else 1.0 - (step - _NEAR) / (_FADE + 1)
        weight[reach & (weight == 0)] = level
        grown = reach.copy()  # one pixel further, diagonals included
        grown[1:] |= reach[:-1]
        grown[:-1] |= reach[1:]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        reach = grown
    faded = (smooth * weight).astype(np.float32)
    peak = float(np.abs(faded).max())
    return faded / peak if peak > 0 else faded


def input_rect_in_source(
    input32: np.ndarray, bbox: tuple[int, int, int, int]
) -> tuple[float, float, float, float]:
    """(left, top, width, height), in source-image pixels, of the square the 32x32 input
    covers, found by matching the ink's extent in the input to the ink's bounding box in
    the source (`Preprocessed.bbox`). Approximate by the stroke-width normalisation, which
    grows or thins the ink by a pixel or so of the input."""
    rows = np.flatnonzero(input32.max(axis=1) > 0)
    cols = np.flatnonzero(input32.max(axis=0) > 0)
    if rows.size == 0:
        raise ValueError("the input has no ink to match")
    left, top, right, bottom = bbox
    scale = max(right - left, bottom - top) / max(cols[-1] + 1 - cols[0], rows[-1] + 1 - rows[0])
    x0 = (left + right) / 2 - scale * (cols[0] + cols[-1] + 1) / 2
    y0 = (top + bottom) / 2 - scale * (rows[0] + rows[-1] + 1) / 2
    return float(x0), float(y0), float(INPUT_SIZE * scale), float(INPUT_SIZE * scale)


@dataclass(frozen=True)
class UnitSum:
    """One convolution unit's computation: value = f(sum(patch * kernel) + bias).

    inputs: the maps of the previous layer the unit reads (C3 units of the 1998 net read
    only some, per Table I); patch and kernel: (len(inputs), k, k); `total` is the weighted
    sum plus bias, `value` the unit's recorded output after the activation function.
    """

    layer: str
    map_index: int
    y: int
    x: int
    inputs: tuple[int, ...]
    patch: np.ndarray
    kernel: np.ndarray
    bias: float
    total: float
    value: float


# The convolution layers whose units can be explained, and the activation each one reads.
_SOURCES: dict[str, str | None] = {"C1": None, "C3": "S2"}


def unit_sum(
    net: NumpyLeNet5,
    input32: np.ndarray,
    activations: dict[str, np.ndarray],
    layer: str,
    map_index: int,
    y: int,
    x: int,
) -> UnitSum:
    """The computation behind activations[layer][map_index, y, x], for C1 or C3.

    `activations` are a Prediction's (no batch axis); C1 reads the input as the network
    sees it after scaling it to its own range (net.scale_input), not the raw coverage.
    """
    if layer not in _SOURCES:
        raise ValueError(f"only {', '.join(_SOURCES)} units can be explained, not {layer!r}")
    source_layer = _SOURCES[layer]
    if source_layer is None:
        source = net.scale_input(input32)[None]
        inputs: tuple[int, ...] = (0,)
    else:
        source = activations[source_layer]
        inputs = tuple(int(i) for i in np.flatnonzero(connection_table(net.config)[map_index]))
    weight = net.kernels[layer][map_index]  # (in_maps, k, k)
    k = weight.shape[-1]
    patch = source[list(inputs), y : y + k, x : x + k]
    kernel = weight[list(inputs)]
    bias = float(net.params[f"{layer}.bias"][map_index])
    total = float((patch.astype(np.float64) * kernel).sum() + bias)
    value = float(activations[layer][map_index, y, x])
    return UnitSum(layer, map_index, y, x, inputs, patch, kernel, bias, total, value)
