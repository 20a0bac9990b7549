"""The LeNet-5 variants as facts, without torch: layers, shapes, parameters, connections.

models.py builds trainable torch networks from these facts; inference.py runs a trained
network with numpy; the app and the CLI read the layer table from here. Keeping the facts
free of torch is what lets the app show its first prediction before torch has loaded.

    describe(LeNetConfig("classic"))   # [LayerInfo("C1", "convolution", (6, 28, 28), ...
    parameter_shapes(LeNetConfig())    # {"C1.weight": (6, 1, 5, 5), ...}: a weights file's keys
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

LAYER_NAMES = ("C1", "S2", "C3", "S4", "C5", "F6", "output")
INPUT_SIZE = 32
NUM_CLASSES = 10
# The training label of a drawing that is no digit at all (a letter, a scribble): the loss
# asks for no preference among the ten digits on it (models.py, nondigits.py).
NOT_A_DIGIT = -1
ARCH_NAMES = ("modern", "classic")

# The modern variant standardises its input like MNIST (mean and std of ink coverage).
MODERN_INPUT_MEAN, MODERN_INPUT_STD = 0.1307, 0.3081
# The 1998 network maps background to -0.1 and ink to 1.175 (mean about 0, variance about 1).
CLASSIC_BACKGROUND, CLASSIC_INK = -0.1, 1.175
# The paper's sigmoid (eq. 6), f(a) = A tanh(S a): f(±1) = ±1, where its gain is highest.
SQUASH_A, SQUASH_S = 1.7159, 2 / 3


@dataclass(frozen=True)
class LeNetConfig:
    """The arguments a network is built from; stored in every weights file."""

    arch: str = "modern"
    num_classes: int = NUM_CLASSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LeNetConfig:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown model settings: {', '.join(sorted(unknown))}")
        config = cls(**data)
        config.check()
        return config

    def check(self) -> None:
        """Raise ValueError for settings no network can be built from."""
        if self.arch not in ARCH_NAMES:
            known = ", ".join(ARCH_NAMES)
            raise ValueError(f"unknown architecture {self.arch!r} (known: {known})")
        if not isinstance(self.num_classes, int) or self.num_classes < 1:
            raise ValueError(f"bad number of classes: {self.num_classes!r}")
        if self.arch == "classic" and self.num_classes != NUM_CLASSES:
            raise ValueError("the 1998 LeNet-5's output codes are for the 10 digits only")


# Table I of the paper: the S2 maps each C3 map reads. Six maps read 3 adjacent maps, six
# read 4 adjacent, three read 4 non-adjacent, one reads all six; breaking the symmetry makes
# the maps learn different features, with fewer connections.
C3_INPUTS: tuple[tuple[int, ...], ...] = (
    (0, 1, 2),
    (1, 2, 3),
    (2, 3, 4),
    (3, 4, 5),
    (0, 4, 5),
    (0, 1, 5),
    (0, 1, 2, 3),
    (1, 2, 3, 4),
    (2, 3, 4, 5),
    (0, 3, 4, 5),
    (0, 1, 4, 5),
    (0, 1, 2, 5),
    (0, 1, 3, 4),
    (1, 2, 4, 5),
    (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)

# Fig. 3: stylised 7x12 bitmaps of the digits 0-9 side by side (# = +1, . = -1). Flattened row
# by row, each is the fixed parameter vector of one output RBF unit, which is why F6 has 84.
CODE_ROWS, CODE_COLS = 12, 7
_CODE_BITMAPS = """
.#####. ...##.. .#####. ####### .#####. .#####. ..####. ####### .#####. .#####.
....... ..###.. ....... .....## ....... ....... .##.... .....## ##...## ##..###
..###.. .####.. .#####. ....##. ....... ####### ##..... .....## ##...## ##...##
.##.##. ...##.. ##...## ...##.. .##..## ##..... ##..... ....##. ##...## ##...##
##...## ...##.. #....## ..####. .##..## ##..... ######. ...##.. .#####. ##..###
##...## ...##.. ....##. .....## ###..## .####.. ###..## ...##.. ##...## .######
##...## ...##.. ..###.. .....## ##...## ..####. ##...## ..##... ##...## .....##
##...## ...##.. .##.... .....## ##...## .....## ##...## ..##... ##...## .....##
.##.##. ...##.. ##..... ##...## ##..### ##...## ###..## ..##... ##...## ....##.
..###.. .###### ####### .#####. .###### .#####. .#####. ..##... .#####. .####..
....... ....... ....... ....... .....## ....... ....... ....... ....... .......
....... ....... ....... ....... .....## ....... ....... ....... ....... .......
"""


def rbf_codes() -> np.ndarray:
    """The (10, 84) float32 output codes of Fig. 3: ±1, digit by digit, bitmap row by row."""
    rows = [line.split() for line in _CODE_BITMAPS.strip().splitlines()]
    return np.array(
        [[1.0 if c == "#" else -1.0 for row in rows for c in row[digit]] for digit in range(10)],
        dtype=np.float32,
    )


def connection_table(config: LeNetConfig) -> np.ndarray:
    """Which S2 maps feed each C3 map, as bool (16, 6): Table I for the 1998 network, all
    True for the modern one."""
    if config.arch != "classic":
        return np.ones((16, 6), dtype=bool)
    table = np.zeros((len(C3_INPUTS), 6), dtype=bool)
    for out_map, maps in enumerate(C3_INPUTS):
        table[out_map, list(maps)] = True
    return table


def output_codes(config: LeNetConfig) -> np.ndarray | None:
    """The fixed codes of an RBF output layer as (10, 12, 7) bitmaps of ±1, or None when the
    output layer is an ordinary trainable one."""
    if config.arch != "classic":
        return None
    return rbf_codes().reshape(-1, CODE_ROWS, CODE_COLS)


@dataclass(frozen=True)
class LayerInfo:
    """One row of the architecture table."""

    name: str
    kind: str
    output_shape: tuple[int, ...]
    kernel: str
    params: int
    connections: int


@dataclass(frozen=True)
class _Layer:
    """One layer as the table needs it: what it is, its size, its trainable tensors."""

    name: str
    kind: str
    out_shape: tuple[int, ...]
    kernel: int  # side of the square kernel or pooling window; 0 for dense layers
    params: dict[str, tuple[int, ...]]
    in_shape: tuple[int, ...]


def _layers(config: LeNetConfig) -> list[_Layer]:
    """Walk the network from the 32x32 input, computing each layer's output shape."""
    config.check()
    classic = config.arch == "classic"
    layers: list[_Layer] = []
    shape: tuple[int, ...] = (1, INPUT_SIZE, INPUT_SIZE)

    def add(name: str, kind: str, out: tuple[int, ...], k: int, **params: tuple[int, ...]) -> None:
        nonlocal shape
        layers.append(_Layer(name, kind, out, k, params, shape))
        shape = out

    def conv(name: str, maps: int, k: int = 5) -> None:
        out = (maps, shape[1] - k + 1, shape[2] - k + 1)
        add(name, "convolution", out, k, weight=(maps, shape[0], k, k), bias=(maps,))

    def pool(name: str) -> None:
        out = (shape[0], shape[1] // 2, shape[2] // 2)
        if classic:
            add(name, "subsampling", out, 2, coefficient=(shape[0],), bias=(shape[0],))
        else:
            add(name, "max-pooling", out, 2)

    conv("C1", 6)
    pool("S2")
    if classic:
        connected = sum(len(maps) for maps in C3_INPUTS)
        out = (16, shape[1] - 4, shape[2] - 4)
        add("C3", "partial convolution", out, 5, kernels=(connected, 5, 5), bias=(16,))
    else:
        conv("C3", 16)
    pool("S4")
    conv("C5", 120)
    add("F6", "fully connected", (84,), 0, weight=(84, 120), bias=(84,))
    if classic:
        add("output", "Euclidean RBF", (NUM_CLASSES,), 0)
    else:
        n = config.num_classes
        add("output", "fully connected", (n,), 0, weight=(n, 84), bias=(n,))
    return layers


def parameter_shapes(config: LeNetConfig) -> dict[str, tuple[int, ...]]:
    """The trainable tensors of a network, "layer.name" -> shape: a weights file's contents."""
    return {
        f"{layer.name}.{param}": shape
        for layer in _layers(config)
        for param, shape in layer.params.items()
    }


def _connections(layer: _Layer) -> int:
    """Each use of a weight plus each bias, summed over the layer's units (as the paper does)."""
    units = math.prod(layer.out_shape)
    k2 = layer.kernel**2
    if layer.kind == "convolution":
        return units * (layer.in_shape[0] * k2 + 1)
    if layer.kind == "partial convolution":  # each unit: its connected kernels plus its bias
        positions = math.prod(layer.out_shape[1:])
        return positions * (math.prod(layer.params["kernels"]) + layer.out_shape[0])
    if layer.kind == "max-pooling":
        return units * k2
    if layer.kind == "subsampling":  # the 2x2 sum, times a coefficient, plus a bias
        return units * (k2 + 1)
    if layer.kind == "fully connected":
        return units * (layer.in_shape[0] + 1)
    if layer.kind == "Euclidean RBF":  # each unit compares all of F6 with its code
        return units * layer.in_shape[0]
    raise ValueError(f"unknown layer kind {layer.kind!r}")


def describe(config: LeNetConfig) -> list[LayerInfo]:
    """The architecture table: each layer's output shape, parameters and connections."""
    return [
        LayerInfo(
            name=layer.name,
            kind=layer.kind,
            output_shape=layer.out_shape,
            kernel=f"{layer.kernel}x{layer.kernel}" if layer.kernel else "-",
            params=sum(math.prod(shape) for shape in layer.params.values()),
            connections=_connections(layer),
        )
        for layer in _layers(config)
    ]
