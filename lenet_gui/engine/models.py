"""LeNet-5, with the paper's layers visible by name: C1, S2, C3, S4, C5, F6, output.

Every network here takes the same input: a batch of 32x32 ink-coverage images in [0, 1]
(0 = paper, 1 = ink; see preprocess.py) and maps it to its own input range itself, so the
preprocessing, the training loop and the app never need to know which variant they hold.

    x = torch.zeros(1, 1, 32, 32)
    acts: dict[str, torch.Tensor] = {}
    scores = model(x, activations=acts)   # acts["C1"] is (1, 6, 28, 28), ... one pass only

`describe(model)` lists each layer's output shape, trainable parameters and connections,
computed from the model itself (C1 156 / 122,304 ...), for the CLI and the app.
"""

from __future__ import annotations

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
        x = (x - self.INPUT_MEAN) / self.INPUT_STD
        stages = (
            ("C1", lambda t: F.relu(self.C1(t))),
            ("S2", self.S2),
            ("C3", lambda t: F.relu(self.C3(t))),
            ("S4", self.S4),
            ("C5", lambda t: F.relu(self.C5(t))),
            ("F6", lambda t: F.relu(self.F6(t.flatten(1)))),
            ("output", self.output),
        )
        for name, stage in stages:
            x = stage(x)
            if activations is not None:
                activations[name] = x
        return x

    @staticmethod
    def probabilities(scores: Tensor) -> Tensor:
        """Turn the network's output scores into class probabilities."""
        return scores.softmax(dim=-1)

    @staticmethod
    def loss(scores: Tensor, labels: Tensor) -> Tensor:
        """The training loss for a batch of output scores (mean over the batch)."""
        return F.cross_entropy(scores, labels)


ARCHITECTURES: dict[str, type[nn.Module]] = {"modern": ModernLeNet5}


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
