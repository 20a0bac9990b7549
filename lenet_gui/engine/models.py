"""LeNet-5, with the paper's layers visible by name: C1, S2, C3, S4, C5, F6, output.

Two variants (ARCHITECTURES): "modern" (ReLU, max-pooling, full C3, softmax output) and
"classic", the network as published in 1998 (scaled tanh, trainable subsampling, the
partially connected C3 of Table I, fixed RBF output codes and the paper's loss).

Every network here takes the same input: a batch of 32x32 ink-coverage images in [0, 1]
(0 = paper, 1 = ink; see preprocess.py) and maps it to its own input range itself, so the
preprocessing, the training loop and the app never need to know which variant they hold.

    x = torch.zeros(1, 1, 32, 32)
    acts: dict[str, torch.Tensor] = {}
    scores = model(x, activations=acts)   # acts["C1"] is (1, 6, 28, 28), ... one pass only

Both have the same contract: the highest score is the predicted digit, and
`model.probabilities(scores)` and `model.loss(scores, labels)` interpret the scores.
`describe(model)` lists each layer's output shape, trainable parameters and connections,
computed from the model itself (C1 156 / 122,304 ...), for the CLI and the app.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

LAYER_NAMES = ("C1", "S2", "C3", "S4", "C5", "F6", "output")
INPUT_SIZE = 32
NUM_CLASSES = 10


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
        return cls(**data)


Stage = tuple[str, Callable[[Tensor], Tensor]]


def _run_stages(
    x: Tensor, stages: Sequence[Stage], activations: dict[str, Tensor] | None
) -> Tensor:
    """Apply (name, function) stages in order, recording each output under its paper name."""
    for name, stage in stages:
        x = stage(x)
        if activations is not None:
            activations[name] = x
    return x


class ModernLeNet5(nn.Module):
    """The common modern LeNet-5: ReLU, max-pooling, all S2→C3 pairs connected, softmax output.

    61,706 trainable parameters. Input is standardised like MNIST (mean 0.1307, std 0.3081
    of ink coverage) before C1.
    """

    INPUT_MEAN = 0.1307
    INPUT_STD = 0.3081

    def __init__(self, config: LeNetConfig) -> None:
        super().__init__()
        self.config = config
        self.C1 = nn.Conv2d(1, 6, kernel_size=5)  # 6@28x28
        self.S2 = nn.MaxPool2d(2)  # 6@14x14
        self.C3 = nn.Conv2d(6, 16, kernel_size=5)  # 16@10x10
        self.S4 = nn.MaxPool2d(2)  # 16@5x5
        self.C5 = nn.Conv2d(16, 120, kernel_size=5)  # 120@1x1
        self.F6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, config.num_classes)

    def forward(self, x: Tensor, activations: dict[str, Tensor] | None = None) -> Tensor:
        """Class scores (logits) for a batch (N, 1, 32, 32) of ink coverage in [0, 1].

        If `activations` is a dict, each layer's output is stored in it under its paper
        name, from this same pass, for the feature-map viewer.
        """
        x = self.scale_input(x)
        stages = (
            ("C1", lambda t: F.relu(self.C1(t))),
            ("S2", self.S2),
            ("C3", lambda t: F.relu(self.C3(t))),
            ("S4", self.S4),
            ("C5", lambda t: F.relu(self.C5(t))),
            ("F6", lambda t: F.relu(self.F6(t.flatten(1)))),
            ("output", self.output),
        )
        return _run_stages(x, stages, activations)

    def scale_input(self, x: Tensor) -> Tensor:
        """Ink coverage in [0, 1] → what C1 sees (MNIST standardisation)."""
        return (x - self.INPUT_MEAN) / self.INPUT_STD

    @staticmethod
    def probabilities(scores: Tensor) -> Tensor:
        """Turn the network's output scores into class probabilities."""
        return scores.softmax(dim=-1)

    @staticmethod
    def loss(scores: Tensor, labels: Tensor) -> Tensor:
        """The training loss for a batch of output scores (mean over the batch)."""
        return F.cross_entropy(scores, labels)


# --- the 1998 LeNet-5 -----------------------------------------------------------------------

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


def rbf_codes() -> Tensor:
    """The (10, 84) output codes of Fig. 3: +1/-1, digit by digit, each bitmap row by row."""
    rows = [line.split() for line in _CODE_BITMAPS.strip().splitlines()]
    return torch.tensor(
        [[1.0 if c == "#" else -1.0 for row in rows for c in row[digit]] for digit in range(10)]
    )


SQUASH_A, SQUASH_S = 1.7159, 2 / 3


def squash(a: Tensor) -> Tensor:
    """The paper's sigmoid (eq. 6), f(a) = A tanh(S a): f(±1) = ±1, where its gain is highest."""
    return SQUASH_A * torch.tanh(SQUASH_S * a)


@torch.no_grad()
def _paper_init_(tensor: Tensor, fan_in: float | Tensor) -> None:
    """Uniform in ±2.4 / F_in (paper, appendix A): weighted sums start where the sigmoid is
    steep, not saturated. `fan_in` may be a tensor broadcasting over `tensor`."""
    tensor.uniform_(-1.0, 1.0).mul_(2.4 / fan_in)


class Subsampling(nn.Module):
    """S2 and S4: each unit adds up a 2x2 block of one map, multiplies the sum by that map's
    trainable coefficient and adds its trainable bias (two parameters per map)."""

    kind = "subsampling"
    kernel = "2x2"

    def __init__(self, maps: int) -> None:
        super().__init__()
        self.coefficient = nn.Parameter(torch.empty(maps))
        self.bias = nn.Parameter(torch.empty(maps))
        _paper_init_(self.coefficient, 4)
        _paper_init_(self.bias, 4)

    def forward(self, x: Tensor) -> Tensor:
        block_sums = 4 * F.avg_pool2d(x, 2)
        return block_sums * self.coefficient.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)

    def connections(self, out_shape: tuple[int, ...]) -> int:
        return math.prod(out_shape) * (4 + 1)


class PartialConv2d(nn.Module):
    """C3: a convolution in which each output map reads only the input maps of its row of a
    connection table (the paper's Table I).

    Only connected kernels are parameters (`kernels`, one per connected pair, in table order);
    `weight` places them in a dense (out, in, k, k) tensor with zeros elsewhere, so the
    convolution itself is an ordinary conv2d and `weight` reads like nn.Conv2d's.
    """

    kind = "partial convolution"

    def __init__(self, inputs: Sequence[Sequence[int]], in_maps: int, kernel_size: int) -> None:
        super().__init__()
        table = torch.zeros(len(inputs), in_maps, dtype=torch.bool)
        for out_map, maps in enumerate(inputs):
            table[out_map, list(maps)] = True
        # a constant of the architecture, rebuilt here, never read from a weights file
        self.register_buffer("table", table, persistent=False)
        self.kernel_size = kernel_size
        self.kernel = f"{kernel_size}x{kernel_size}"
        self.kernels = nn.Parameter(torch.empty(int(table.sum()), kernel_size, kernel_size))
        self.bias = nn.Parameter(torch.empty(len(inputs)))
        fan_in = table.sum(dim=1) * kernel_size**2  # per output map
        _paper_init_(self.kernels, fan_in.repeat_interleave(table.sum(dim=1)).view(-1, 1, 1))
        _paper_init_(self.bias, fan_in)

    @property
    def weight(self) -> Tensor:
        dense = self.kernels.new_zeros(*self.table.shape, self.kernel_size, self.kernel_size)
        dense[self.table] = self.kernels
        return dense

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight, self.bias)

    def connections(self, out_shape: tuple[int, ...]) -> int:
        positions = math.prod(out_shape[1:])
        return positions * (self.kernels.numel() + self.bias.numel())


class RBFOutput(nn.Module):
    """The output layer: Euclidean RBF units, y_i = sum_j (x_j - w_ij)^2, where w_i is digit
    i's fixed code (a buffer, not trained). y_i is a penalty: small when F6 matches code i."""

    kind = "Euclidean RBF"
    kernel = "-"

    def __init__(self, codes: Tensor) -> None:
        super().__init__()
        self.register_buffer("codes", codes, persistent=False)  # fixed by the paper

    def forward(self, x: Tensor) -> Tensor:
        return (x.unsqueeze(1) - self.codes).square().sum(dim=-1)

    def connections(self, out_shape: tuple[int, ...]) -> int:
        return self.codes.numel()


class ClassicLeNet5(nn.Module):
    """LeNet-5 as published in 1998: scaled tanh everywhere up to F6, trainable subsampling,
    the partially connected C3 of Table I, and fixed RBF codes as the output layer.

    60,000 trainable parameters, 340,908 connections. The ink coverage input is mapped to
    the paper's levels, paper = -0.1 and ink = 1.175 (mean about 0, variance about 1).

    Scores: the forward pass returns the negated RBF penalties, -y_i, so that the highest
    score is the predicted digit everywhere (accuracy, evaluation, the app); `loss` and
    `probabilities` read them as such.
    """

    PAPER, INK = -0.1, 1.175
    # j of the loss (eq. 9; the paper gives no value): wrong classes whose penalty is well
    # above j are no longer pushed further up.
    J = 1.0

    def __init__(self, config: LeNetConfig) -> None:
        super().__init__()
        if config.num_classes != NUM_CLASSES:
            raise ValueError("the 1998 LeNet-5's output codes are for the 10 digits only")
        self.config = config
        self.C1 = nn.Conv2d(1, 6, kernel_size=5)  # 6@28x28
        self.S2 = Subsampling(6)  # 6@14x14
        self.C3 = PartialConv2d(C3_INPUTS, in_maps=6, kernel_size=5)  # 16@10x10
        self.S4 = Subsampling(16)  # 16@5x5
        self.C5 = nn.Conv2d(16, 120, kernel_size=5)  # 120@1x1
        self.F6 = nn.Linear(120, 84)
        self.output = RBFOutput(rbf_codes())
        for layer in (self.C1, self.C5, self.F6):
            fan_in = layer.weight[0].numel()
            _paper_init_(layer.weight, fan_in)
            _paper_init_(layer.bias, fan_in)

    def forward(self, x: Tensor, activations: dict[str, Tensor] | None = None) -> Tensor:
        """Scores -y_i for a batch (N, 1, 32, 32) of ink coverage in [0, 1]; `activations`
        as in ModernLeNet5 (acts["output"] are these scores)."""
        x = self.scale_input(x)
        stages = (
            ("C1", lambda t: squash(self.C1(t))),
            ("S2", lambda t: squash(self.S2(t))),
            ("C3", lambda t: squash(self.C3(t))),
            ("S4", lambda t: squash(self.S4(t))),
            ("C5", lambda t: squash(self.C5(t))),
            ("F6", lambda t: squash(self.F6(t.flatten(1)))),
            ("output", lambda t: -self.output(t)),
        )
        return _run_stages(x, stages, activations)

    def scale_input(self, x: Tensor) -> Tensor:
        """Ink coverage in [0, 1] → the paper's levels, -0.1 (paper) to 1.175 (ink)."""
        return self.PAPER + (self.INK - self.PAPER) * x

    @staticmethod
    def probabilities(scores: Tensor) -> Tensor:
        """A softmax over the negative penalties: the closer F6 is to a code, the likelier."""
        return scores.softmax(dim=-1)

    def loss(self, scores: Tensor, labels: Tensor) -> Tensor:
        """The paper's MAP loss (eq. 9), mean over the batch: E = y_D + log(e^-j + sum_i e^-y_i).

        The first term pulls F6 towards the correct code; the second makes the classes
        compete (it pushes the other penalties up), and e^-j stops pushing those already
        well above j. With scores s = -y this is cross-entropy over the ten scores plus a
        fixed eleventh score -j that no label names.
        """
        rubbish = scores.new_full((len(scores), 1), -self.J)
        return F.cross_entropy(torch.cat([scores, rubbish], dim=1), labels)


ARCHITECTURES: dict[str, type[nn.Module]] = {"modern": ModernLeNet5, "classic": ClassicLeNet5}


def build_model(config: LeNetConfig | None = None) -> nn.Module:
    """A freshly initialised network for `config` (default: the modern variant)."""
    config = config or LeNetConfig()
    try:
        cls = ARCHITECTURES[config.arch]
    except KeyError:
        known = ", ".join(ARCHITECTURES)
        raise ValueError(f"unknown architecture {config.arch!r} (known: {known})") from None
    return cls(config)


def count_parameters(model: nn.Module) -> int:
    """Trainable parameters (fixed buffers such as RBF codes do not count)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@dataclass(frozen=True)
class LayerInfo:
    """One row of the architecture table."""

    name: str
    kind: str
    output_shape: tuple[int, ...]
    kernel: str
    params: int
    connections: int


def _kernel_and_connections(layer: nn.Module, out_shape: tuple[int, ...]) -> tuple[str, str, int]:
    """(kind, kernel, connections) of one layer; connections count each weight use + bias."""
    units = 1
    for size in out_shape:
        units *= size
    custom = getattr(layer, "connections", None)
    if callable(custom):  # layers with sparse wiring (the 1998 C3) count their own
        return layer.kind, layer.kernel, custom(out_shape)
    if isinstance(layer, nn.Conv2d):
        kh, kw = layer.kernel_size
        per_unit = (layer.in_channels // layer.groups) * kh * kw + (layer.bias is not None)
        return "convolution", f"{kh}x{kw}", units * per_unit
    if isinstance(layer, nn.MaxPool2d):
        k = layer.kernel_size if isinstance(layer.kernel_size, int) else layer.kernel_size[0]
        return "max-pooling", f"{k}x{k}", units * k * k
    if isinstance(layer, nn.Linear):
        per_unit = layer.in_features + (layer.bias is not None)
        return "fully connected", "-", units * per_unit
    raise TypeError(f"cannot describe layer {type(layer).__name__}")


def describe(model: nn.Module) -> list[LayerInfo]:
    """The architecture table, computed from the model itself (one dummy forward pass)."""
    acts: dict[str, Tensor] = {}
    with torch.no_grad():
        model(torch.zeros(1, 1, INPUT_SIZE, INPUT_SIZE), activations=acts)
    rows = []
    for name in LAYER_NAMES:
        layer = getattr(model, name)
        out_shape = tuple(acts[name].shape[1:])
        kind, kernel, connections = _kernel_and_connections(layer, out_shape)
        params = sum(p.numel() for p in layer.parameters() if p.requires_grad)
        rows.append(LayerInfo(name, kind, out_shape, kernel, params, connections))
    return rows


def connection_table(model: nn.Module) -> Tensor:
    """Which S2 maps feed each C3 map, as bool (C3 maps, S2 maps): the paper's Table I for
    the 1998 network, all True where C3 is an ordinary convolution."""
    table = getattr(model.C3, "table", None)
    if table is not None:
        return table.clone()
    return torch.ones(model.C3.out_channels, model.C3.in_channels, dtype=torch.bool)


def output_codes(model: nn.Module) -> Tensor | None:
    """The fixed codes of an RBF output layer as (classes, 12, 7) bitmaps of ±1, or None
    when the output layer is an ordinary trainable one."""
    codes = getattr(model.output, "codes", None)
    return None if codes is None else codes.view(-1, CODE_ROWS, CODE_COLS).clone()
