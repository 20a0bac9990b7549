"""LeNet-5, with the paper's layers visible by name: C1, S2, C3, S4, C5, F6, output.

Two variants (ARCHITECTURES): "modern" (ReLU, max-pooling, full C3, softmax output) and
"classic", the network as published in 1998 (scaled tanh, trainable subsampling, the
partially connected C3 of Table I, fixed RBF output codes and the paper's loss).

Every network here takes the same input: a batch of 32x32 ink-coverage images in [0, 1]
(0 = background, 1 = ink; see preprocess.py) and maps it to its own input range itself, so the
preprocessing, the training loop and the app never need to know which variant they hold.

    x = torch.zeros(1, 1, 32, 32)
    acts: dict[str, torch.Tensor] = {}
    scores = model(x, activations=acts)   # acts["C1"] is (1, 6, 28, 28), ... one pass only

Both have the same contract: the highest score is the predicted digit, and
`model.probabilities(scores)` and `model.loss(scores, labels)` interpret the scores.
The layer table (shapes, parameters, connections) and the constants of the paper live in
architecture.py, which needs no torch; tests check these modules against it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from lenet_gui.engine import architecture
from lenet_gui.engine.architecture import (
    CLASSIC_BACKGROUND,
    CLASSIC_INK,
    MODERN_INPUT_MEAN,
    MODERN_INPUT_STD,
    NOT_A_DIGIT,
    SQUASH_A,
    SQUASH_S,
)
from lenet_gui.engine.architecture import (
    LeNetConfig as LeNetConfig,  # re-exported: training and weights build from it
)

Stage = tuple[str, Callable[[Tensor], Tensor]]


def no_preference_loss(scores: Tensor, labels: Tensor) -> Tensor:
    """Summed over the NOT_A_DIGIT samples: cross-entropy against the uniform distribution
    over the ten digits ("outlier exposure", Hendrycks et al. 2019). It teaches the network
    that a drawing unlike any digit should leave all ten equally likely, so its best guess
    is weak and the app says "unsure" instead of naming a digit."""
    rejects = (labels == NOT_A_DIGIT).to(scores.dtype)
    return -(scores.log_softmax(dim=-1).mean(dim=-1) * rejects).sum()


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

    INPUT_MEAN = MODERN_INPUT_MEAN
    INPUT_STD = MODERN_INPUT_STD

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
        """Cross-entropy on digits, no preference on NOT_A_DIGIT; mean over the batch."""
        digits = F.cross_entropy(scores, labels, ignore_index=NOT_A_DIGIT, reduction="sum")
        return (digits + no_preference_loss(scores, labels)) / len(labels)


# --- the 1998 LeNet-5 -----------------------------------------------------------------------


def rbf_codes() -> Tensor:
    """The (10, 84) output codes of Fig. 3 (architecture.rbf_codes) as a tensor."""
    return torch.from_numpy(architecture.rbf_codes())


def squash(a: Tensor) -> Tensor:
    """The paper's sigmoid (eq. 6), f(a) = A tanh(S a)."""
    return SQUASH_A * torch.tanh(SQUASH_S * a)


@torch.no_grad()
def _paper_init_(tensor: Tensor, fan_in: float | Tensor) -> None:
    """Uniform in ±2.4 / F_in (paper, appendix A): weighted sums start where the sigmoid is
    steep, not saturated. `fan_in` may be a tensor broadcasting over `tensor`."""
    tensor.uniform_(-1.0, 1.0).mul_(2.4 / fan_in)


class Subsampling(nn.Module):
    """S2 and S4: each unit adds up a 2x2 block of one map, multiplies the sum by that map's
    trainable coefficient and adds its trainable bias (two parameters per map)."""

    def __init__(self, maps: int) -> None:
        super().__init__()
        self.coefficient = nn.Parameter(torch.empty(maps))
        self.bias = nn.Parameter(torch.empty(maps))
        _paper_init_(self.coefficient, 4)
        _paper_init_(self.bias, 4)

    def forward(self, x: Tensor) -> Tensor:
        block_sums = 4 * F.avg_pool2d(x, 2)
        return block_sums * self.coefficient.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class PartialConv2d(nn.Module):
    """C3: a convolution in which each output map reads only the input maps of its row of a
    connection table (the paper's Table I).

    Only connected kernels are parameters (`kernels`, one per connected pair, in table order);
    `weight` places them in a dense (out, in, k, k) tensor with zeros elsewhere, so the
    convolution itself is an ordinary conv2d and `weight` reads like nn.Conv2d's.
    """

    table: Tensor  # a buffer: bool (out maps, in maps)

    def __init__(self, table: np.ndarray, kernel_size: int) -> None:
        """`table`: bool (out maps, in maps), True where an output map reads an input map."""
        super().__init__()
        connected = torch.from_numpy(np.asarray(table, dtype=bool))
        # a constant of the architecture, never read from a weights file
        self.register_buffer("table", connected, persistent=False)
        self.kernel_size = kernel_size
        self.kernels = nn.Parameter(torch.empty(int(connected.sum()), kernel_size, kernel_size))
        self.bias = nn.Parameter(torch.empty(len(connected)))
        fan_in = connected.sum(dim=1) * kernel_size**2  # per output map
        _paper_init_(self.kernels, fan_in.repeat_interleave(connected.sum(dim=1)).view(-1, 1, 1))
        _paper_init_(self.bias, fan_in)

    @property
    def weight(self) -> Tensor:
        dense = self.kernels.new_zeros(*self.table.shape, self.kernel_size, self.kernel_size)
        dense[self.table] = self.kernels
        return dense

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight, self.bias)


class RBFOutput(nn.Module):
    """The output layer: Euclidean RBF units, y_i = sum_j (x_j - w_ij)^2, where w_i is digit
    i's fixed code (a buffer, not trained). y_i is a penalty: small when F6 matches code i."""

    codes: Tensor  # a buffer: (10, 84), ±1

    def __init__(self, codes: Tensor) -> None:
        super().__init__()
        self.register_buffer("codes", codes, persistent=False)  # fixed by the paper

    def forward(self, x: Tensor) -> Tensor:
        return (x.unsqueeze(1) - self.codes).square().sum(dim=-1)


class ClassicLeNet5(nn.Module):
    """LeNet-5 as published in 1998: scaled tanh everywhere up to F6, trainable subsampling,
    the partially connected C3 of Table I, and fixed RBF codes as the output layer.

    60,000 trainable parameters, 340,908 connections. The ink coverage input is mapped to
    the paper's levels, background = -0.1 and ink = 1.175 (mean about 0, variance about 1).

    Scores: the forward pass returns the negated RBF penalties, -y_i, so that the highest
    score is the predicted digit everywhere (accuracy, evaluation, the app); `loss` and
    `probabilities` read them as such.
    """

    BACKGROUND, INK = CLASSIC_BACKGROUND, CLASSIC_INK
    # j of the loss (eq. 9; the paper gives no value): wrong classes whose penalty is well
    # above j are no longer pushed further up.
    J = 1.0

    def __init__(self, config: LeNetConfig) -> None:
        super().__init__()
        config.check()
        self.config = config
        self.C1 = nn.Conv2d(1, 6, kernel_size=5)  # 6@28x28
        self.S2 = Subsampling(6)  # 6@14x14
        self.C3 = PartialConv2d(architecture.connection_table(config), kernel_size=5)  # 16@10x10
        self.S4 = Subsampling(16)  # 16@5x5
        self.C5 = nn.Conv2d(16, 120, kernel_size=5)  # 120@1x1
        self.F6 = nn.Linear(120, 84)
        self.output = RBFOutput(rbf_codes())
        for layer in (self.C1, self.C5, self.F6):
            fan_in = layer.weight[0].numel()
            _paper_init_(layer.weight, fan_in)
            if layer.bias is not None:  # always: these layers are built with biases
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
        """Ink coverage in [0, 1] → the paper's levels, -0.1 (background) to 1.175 (ink)."""
        return self.BACKGROUND + (self.INK - self.BACKGROUND) * x

    @staticmethod
    def probabilities(scores: Tensor) -> Tensor:
        """A softmax over the negative penalties: the closer F6 is to a code, the likelier."""
        return scores.softmax(dim=-1)

    def loss(self, scores: Tensor, labels: Tensor) -> Tensor:
        """The paper's MAP loss (eq. 9), mean over the batch: E = y_D + log(e^-j + sum_i e^-y_i).

        The first term pulls F6 towards the correct code; the second makes the classes
        compete (it pushes the other penalties up), and e^-j stops pushing those already
        well above j. With scores s = -y this is cross-entropy over the ten scores plus a
        fixed eleventh score -j that no label names. NOT_A_DIGIT samples ask for equal
        penalties instead (F6 as far from every code), as in the modern network's loss.
        """
        rubbish = scores.new_full((len(scores), 1), -self.J)
        digits = F.cross_entropy(
            torch.cat([scores, rubbish], dim=1), labels, ignore_index=NOT_A_DIGIT, reduction="sum"
        )
        return (digits + no_preference_loss(scores, labels)) / len(labels)


# Either variant: what the engine's functions take when they need `config`, `loss` or
# `probabilities` besides a plain nn.Module's methods.
LeNet5 = ModernLeNet5 | ClassicLeNet5
ARCHITECTURES: dict[str, type[LeNet5]] = {"modern": ModernLeNet5, "classic": ClassicLeNet5}


def build_model(config: LeNetConfig | None = None) -> LeNet5:
    """A freshly initialised network for `config` (default: the modern variant)."""
    config = config or LeNetConfig()
    config.check()
    return ARCHITECTURES[config.arch](config)


def count_parameters(model: nn.Module) -> int:
    """Trainable parameters (fixed buffers such as RBF codes do not count)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
