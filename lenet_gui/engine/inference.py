"""A trained LeNet-5 run with numpy, no torch needed.

The app reads drawings with this, so it can show its first prediction a second after it
opens instead of waiting seconds for torch to import; torch is only needed to train and
to differentiate (saliency). The layers mirror models.py stage by stage, with the paper's
names, and tests hold the two to the same numbers on real digits.

    net = NumpyLeNet5(checkpoint.config, checkpoint.state)
    acts = net.activations(input32)       # acts["C1"]: (6, 28, 28) ... acts["output"]: (10,)
    many = net.activations_many(inputs)   # (N, 32, 32) in, the same with a batch axis out
    # acts["output"] are the scores; the Recognizer turns them into calibrated probabilities
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lenet_gui.engine.architecture import (
    CLASSIC_BACKGROUND,
    CLASSIC_INK,
    MODERN_INPUT_MEAN,
    MODERN_INPUT_STD,
    SQUASH_A,
    SQUASH_S,
    LeNetConfig,
    connection_table,
    parameter_shapes,
    rbf_codes,
)

Array = np.ndarray


def conv2d(x: Array, weight: Array, bias: Array) -> Array:
    """A valid 2-D convolution (cross-correlation, as in torch) of a batch of maps
    (N, C, H, W) with kernels (O, C, k, k): every k x k window of every map, dotted with
    every kernel. One matrix product per item, all of the same shape, so an item's answer
    does not depend on what else is in the batch."""
    n, c, h, w = x.shape
    k = weight.shape[-1]
    windows = sliding_window_view(x, (k, k), axis=(2, 3))  # (N, C, H', W', k, k), a view
    columns = windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * k * k, -1)
    out = np.matmul(weight.reshape(len(weight), -1), columns)
    return out.reshape(n, len(weight), h - k + 1, w - k + 1) + bias[:, None, None]


def blocks_2x2(x: Array) -> tuple[Array, Array, Array, Array]:
    """Maps (..., H, W) as four (..., H/2, W/2) views: the top-left, top-right, bottom-left
    and bottom-right values under each 2x2 pooling window (views, so pooling costs no
    copy)."""
    return x[..., 0::2, 0::2], x[..., 0::2, 1::2], x[..., 1::2, 0::2], x[..., 1::2, 1::2]


def max_2x2(x: Array) -> Array:
    a, b, c, d = blocks_2x2(x)
    return np.maximum(np.maximum(a, b), np.maximum(c, d))


def relu(a: Array) -> Array:
    return np.maximum(a, 0)


def squash(a: Array) -> Array:
    """The paper's sigmoid, f(a) = 1.7159 tanh(2a/3)."""
    return (SQUASH_A * np.tanh(SQUASH_S * a)).astype(np.float32)


def _frozen(array: Array) -> Array:
    array.flags.writeable = False
    return array


class NumpyLeNet5:
    """Either LeNet-5 variant, from a checkpoint's validated float32 arrays."""

    def __init__(self, config: LeNetConfig, state: Mapping[str, Array]) -> None:
        expected = parameter_shapes(config)
        wrong = [k for k, shape in expected.items() if k not in state or state[k].shape != shape]
        if wrong or set(state) != set(expected):
            raise ValueError(f"weights do not match the {config.arch} LeNet-5: {wrong}")
        self.config = config
        # own read-only copies: the views hand these arrays around (kernels to the viewer)
        self.params = {key: _frozen(np.array(state[key], np.float32)) for key in expected}
        # the dense (out, in, k, k) kernels of each convolution, as nn.Conv2d.weight has them
        self.kernels = {name: self.params[f"{name}.weight"] for name in ("C1", "C5")}
        if config.arch == "classic":
            table = connection_table(config)
            dense = np.zeros((*table.shape, 5, 5), np.float32)
            dense[table] = self.params["C3.kernels"]  # in table order, as PartialConv2d
            self.kernels["C3"] = _frozen(dense)
            self._codes = rbf_codes()
        else:
            self.kernels["C3"] = self.params["C3.weight"]

    def _conv(self, name: str, x: Array) -> Array:
        return conv2d(x, self.kernels[name], self.params[f"{name}.bias"])

    def _linear(self, name: str, x: Array) -> Array:
        """(N, ...) -> (N, out); a vector-matrix product per item, as conv2d."""
        rows = x.reshape(len(x), 1, -1)
        out = np.matmul(rows, self.params[f"{name}.weight"].T)[:, 0]
        return out + self.params[f"{name}.bias"]

    def _subsample(self, name: str, x: Array) -> Array:
        """Trainable subsampling: (sum of each 2x2 block) x coefficient + bias, per map."""
        coefficient = self.params[f"{name}.coefficient"][:, None, None]
        bias = self.params[f"{name}.bias"][:, None, None]
        a, b, c, d = blocks_2x2(x)
        return (a + b + c + d) * coefficient + bias

    def _stages(self) -> list[tuple[str, Callable[[Array], Array]]]:
        if self.config.arch == "classic":
            return [
                ("C1", lambda t: squash(self._conv("C1", t))),
                ("S2", lambda t: squash(self._subsample("S2", t))),
                ("C3", lambda t: squash(self._conv("C3", t))),
                ("S4", lambda t: squash(self._subsample("S4", t))),
                ("C5", lambda t: squash(self._conv("C5", t))),
                ("F6", lambda t: squash(self._linear("F6", t))),
                # scores are the negated RBF penalties, as in ClassicLeNet5
                ("output", lambda t: -np.square(t[:, None, :] - self._codes).sum(axis=2)),
            ]
        return [
            ("C1", lambda t: relu(self._conv("C1", t))),
            ("S2", max_2x2),
            ("C3", lambda t: relu(self._conv("C3", t))),
            ("S4", max_2x2),
            ("C5", lambda t: relu(self._conv("C5", t))),
            ("F6", lambda t: relu(self._linear("F6", t))),
            ("output", lambda t: self._linear("output", t)),
        ]

    def scale_input(self, input32: Array) -> Array:
        """Ink coverage in [0, 1] -> what C1 sees, as each variant's model.scale_input."""
        x = np.asarray(input32, np.float32)
        if self.config.arch == "classic":
            return (CLASSIC_BACKGROUND + (CLASSIC_INK - CLASSIC_BACKGROUND) * x).astype(np.float32)
        return ((x - MODERN_INPUT_MEAN) / MODERN_INPUT_STD).astype(np.float32)

    def activations(self, input32: Array) -> dict[str, Array]:
        """Every layer's output for one (32, 32) input, by paper name; "output" = scores."""
        return {name: a[0] for name, a in self.activations_many(np.asarray(input32)[None]).items()}

    def activations_many(self, inputs: Array) -> dict[str, Array]:
        """activations() of a batch of inputs (N, 32, 32) at once, each layer with a batch
        axis first: one pass of array operations instead of N (the digits a number may be
        made of are read together). An item's answer is the one it gets alone."""
        x = self.scale_input(inputs)[:, None]
        acts: dict[str, Array] = {}
        for name, stage in self._stages():
            x = acts[name] = stage(x).astype(np.float32, copy=False)
        return acts

    def slide(self, strip: Array) -> Array:
        """LeNet-5 slid across a 32-px-high strip, the paper's SDNN (Section VII): float32
        (n, 10) output scores, one row per 32-px window, windows 4 px apart:
        n = (W - 32) // 4 + 1.

        C1 to C5 are convolutions and poolings, so run once on the wide strip they compute
        every window at once (the two 2x2 poolings make the step 4 px); F6 and the output
        then read each column of C5 as they read the single column of a 32x32 input.
        """
        x = self.scale_input(strip)[None, None]
        if x.shape[2:] != (32, x.shape[3]) or x.shape[3] < 32:
            raise ValueError(f"expected a (32, W >= 32) strip, got {np.shape(strip)}")
        stages = dict(self._stages())
        for name in ("C1", "S2", "C3", "S4", "C5"):
            if name in ("S2", "S4"):  # an odd last column belongs to no whole window
                x = x[..., : x.shape[3] // 2 * 2]
            x = stages[name](x).astype(np.float32, copy=False)
        columns = x[0, :, 0, :].T  # (n, 120): each window's C5, a batch for F6
        return stages["output"](stages["F6"](columns)).astype(np.float32, copy=False)
