"""Teach a trained LeNet-5 one person's handwriting from a few of their digits, in seconds.

    result = adapt(model, samples.images, samples.labels, AdaptConfig(seed=0), control=control)
    result.model        # a new network; `model` itself is never changed

A full retraining needs MNIST on disk and minutes. Here the network is fine-tuned on the
person's samples only, and kept from forgetting everything else by itself: a frozen copy of
the network, the *teacher*, says what it made of every other input, and the student is held
to those answers (knowledge distillation) while it learns the person's digits:

- cross-entropy on the person's samples, each step a fresh random distortion of them
  (augment.py), so three drawings of a digit stand for the many ways that person writes it;
- distillation on inputs that are not the person's digits as they are: strongly distorted
  copies, blends of two of their digits, and random pen strokes drawn through the app's own
  preprocessing. On these the student must answer as the teacher did, which keeps what the
  network knew about other people's writing.

MNIST is not needed, nor used: measured on held-out pen writers (benchmarks/bench_adapt.py)
the network forgets little enough without it.

A hundred and fifty small steps on the top layers only, so the network stays near the
teacher. Cancel with training's RunControl (`control.stop()`): the result is then the
untouched original. The same seed gives the same network.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from torch import Tensor, nn

from lenet_gui.engine.augment import AugmentConfig, augment_batch
from lenet_gui.engine.errors import UserError
from lenet_gui.engine.models import LeNet5
from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.training import RunControl, TrainControl, to_tensors


class AdaptError(UserError):
    """The samples cannot teach a network (none, or a digit without any)."""


@dataclass(frozen=True)
class AdaptConfig:
    """Everything that decides an adaptation; stored in the adapted weights' metadata."""

    steps: int = 150
    batch_size: int = 64  # distorted copies of the person's samples per step
    distill_batch: int = 128  # other inputs per step, held to the teacher's answers
    lr: float = 1e-3
    distill_weight: float = 1.0
    temperature: float = 2.0
    strokes: int = 512  # random pen drawings made for distillation
    # Layers that learn. The feature detectors below stay as they are: measured on held-out
    # pen writers (benchmarks/bench_adapt.py), also letting C5 learn forgot more of MNIST
    # and followed a mislabelled sample further, for no better reading of the writer.
    trainable: tuple[str, ...] = ("F6", "output")
    seed: int = 0
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    strong: AugmentConfig = field(
        default_factory=lambda: AugmentConfig(
            rotation_deg=25.0,
            scale_range=(0.7, 1.2),
            shear=0.45,
            shift_px=3.0,
            elastic_prob=1.0,
            elastic_alpha=3.5,
        )
    )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AdaptProgress:
    step: int  # 1-based
    steps: int
    loss: float  # cross-entropy on this step's copies of the person's samples
    seconds: float


@dataclass
class AdaptResult:
    """The adapted network (the original on cancel) and how it was made."""

    model: LeNet5
    status: str  # "finished" or "cancelled"
    seconds: float
    samples: int
    config: AdaptConfig


def check_samples(labels: np.ndarray) -> None:
    """AdaptError unless every digit 0-9 has at least one sample."""
    if len(labels) == 0:
        raise AdaptError("no samples to learn from: add some of your digits first")
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=10)
    missing = [str(d) for d in range(10) if counts[d] == 0]
    if missing:
        raise AdaptError(
            "no sample of the digit(s) {digits}: add at least one of each digit",
            digits=", ".join(missing),
        )


def random_strokes(n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` scribbles of one to three smooth pen strokes, prepared like drawings: uint8
    (n, 28, 28). Digit-like in size and stroke, rarely a digit: where the teacher's answers
    on such shapes are kept, the student's behaviour away from the samples stays put."""
    size = 112
    out: list[np.ndarray] = []
    while len(out) < n:
        image = Image.new("L", (size, size), 255)
        draw = ImageDraw.Draw(image)
        width = int(rng.integers(5, 12))
        for _ in range(int(rng.integers(1, 4))):
            controls = rng.uniform(12, size - 12, (int(rng.integers(3, 6)), 2))
            curve = _bezier(controls, np.linspace(0.0, 1.0, 24))
            draw.line([tuple(map(float, p)) for p in curve], fill=0, width=width, joint="curve")
        prepared = preprocess(image)
        if prepared is not None:
            out.append(np.rint(prepared.digit28 * 255).astype(np.uint8))
    return np.stack(out) if out else np.zeros((0, 28, 28), np.uint8)


def _bezier(controls: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points of the Bezier curve with these control points at parameters `t`."""
    pts = np.repeat(controls[None], len(t), axis=0)  # (T, K, 2)
    tt = t[:, None, None]
    while pts.shape[1] > 1:
        pts = pts[:, :-1] * (1 - tt) + pts[:, 1:] * tt
    return pts[:, 0]


def _soft_targets(teacher: nn.Module, x: Tensor, temperature: float) -> Tensor:
    with torch.no_grad():
        return F.softmax(teacher(x) / temperature, dim=1)


def _distill_loss(scores: Tensor, targets: Tensor, temperature: float) -> Tensor:
    log_p = F.log_softmax(scores / temperature, dim=1)
    return F.kl_div(log_p, targets, reduction="batchmean") * temperature**2


def _blend(x: Tensor, gen: torch.Generator) -> Tensor:
    """Each image overlaid with another one of the batch (the brighter ink wins)."""
    other = x[torch.randperm(len(x), generator=gen)]
    shift = torch.randint(-4, 5, (2,), generator=gen)
    other = torch.roll(other, shifts=(int(shift[0]), int(shift[1])), dims=(2, 3))
    return torch.maximum(x, other)


def adapt(
    model: LeNet5,
    images: np.ndarray,
    labels: np.ndarray,
    config: AdaptConfig | None = None,
    *,
    control: TrainControl | None = None,
    on_step: Callable[[AdaptProgress], None] | None = None,
) -> AdaptResult:
    """Fine-tune a copy of `model` to the person's uint8 (N, 28, 28) samples and labels.

    Raises AdaptError when some digit has no sample.
    """
    config = config or AdaptConfig()
    control = control or RunControl()
    check_samples(labels)
    start = time.perf_counter()
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)

    x_own, y_own = to_tensors(images, labels)
    x_strokes, _ = to_tensors(random_strokes(config.strokes, rng), np.zeros(config.strokes))

    teacher = copy.deepcopy(model).eval()
    for p in teacher.parameters():
        p.requires_grad_(False)
    student = copy.deepcopy(model).train()
    learning = []
    for name, param in student.named_parameters():
        param.requires_grad_(name.split(".")[0] in config.trainable)
        if param.requires_grad:
            learning.append(param)
    optimizer = torch.optim.Adam(learning, lr=config.lr)

    status = "finished"
    for step in range(1, config.steps + 1):
        control.wait_while_paused()
        if control.stop_requested:
            status = "cancelled"
            break
        idx = torch.randint(len(x_own), (config.batch_size,), generator=gen)
        xb = augment_batch(x_own[idx], gen, config.augment)
        scores = student(xb)
        ce = student.loss(scores, y_own[idx])  # each variant's own (the 1998 one: the paper's)

        third = config.distill_batch // 3
        idx_a = torch.randint(len(x_own), (third,), generator=gen)
        idx_b = torch.randint(len(x_own), (third,), generator=gen)
        idx_c = torch.randint(len(x_strokes), (config.distill_batch - 2 * third,), generator=gen)
        xd = torch.cat(
            [
                augment_batch(x_own[idx_a], gen, config.strong),
                _blend(augment_batch(x_own[idx_b], gen, config.augment), gen),
                augment_batch(x_strokes[idx_c], gen, config.augment),
            ]
        )
        kd = _distill_loss(
            student(xd), _soft_targets(teacher, xd, config.temperature), config.temperature
        )
        loss = ce + config.distill_weight * kd
        lr = config.lr * 0.5 * (1 + math.cos(math.pi * (step - 1) / config.steps))
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=True)
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        if on_step is not None:
            on_step(
                AdaptProgress(step, config.steps, float(ce.detach()), time.perf_counter() - start)
            )

    result_model = student.eval() if status == "finished" else model
    return AdaptResult(result_model, status, time.perf_counter() - start, len(labels), config)


@dataclass(frozen=True)
class HeldOut:
    """Accuracy on samples the adaptation did not see: before (the original network) and
    after (a network adapted to the other samples)."""

    before: float
    after: float
    n: int


def holdout_split(labels: np.ndarray, seed: int) -> np.ndarray | None:
    """A boolean mask of samples to hold out: a third of each digit's samples (at least one
    of every digit that has two or more), so every digit is still taught. None when no
    digit has two samples."""
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    mask = np.zeros(len(labels), dtype=bool)
    for digit in range(10):
        idx = np.flatnonzero(labels == digit)
        if len(idx) >= 2:
            mask[rng.choice(idx, max(1, len(idx) // 3), replace=False)] = True
    return mask if mask.any() else None


def estimate(
    model: LeNet5,
    images: np.ndarray,
    labels: np.ndarray,
    config: AdaptConfig | None = None,
    *,
    control: TrainControl | None = None,
    on_step: Callable[[AdaptProgress], None] | None = None,
) -> HeldOut | None:
    """What adapting does for the person's own writing, measured on samples it is not
    taught: leave a third out, adapt to the rest, read the left-out ones before and after.
    None when there are too few samples to leave any out; AdaptError as `adapt`."""
    config = config or AdaptConfig()
    check_samples(labels)
    mask = holdout_split(labels, config.seed)
    if mask is None:
        return None
    result = adapt(model, images[~mask], labels[~mask], config, control=control, on_step=on_step)
    x, y = to_tensors(images[mask], labels[mask])
    return HeldOut(
        before=_accuracy(model, x, y), after=_accuracy(result.model, x, y), n=int(mask.sum())
    )


@torch.no_grad()
def _accuracy(model: nn.Module, x: Tensor, y: Tensor) -> float:
    return float((model.eval()(x).argmax(dim=1) == y).float().mean())


# what save_weights fills in itself, and what no longer holds once the weights change
_NOT_INHERITED = ("arch", "params", "date", "versions", "path", "test_accuracy")


def adapted_metadata(
    source: dict[str, Any], result: AdaptResult, source_name: str
) -> dict[str, Any]:
    """The metadata for an adapted network: the original's (its calibration and training
    record included), plus what it was adapted from and on how many samples."""
    metadata = {k: v for k, v in source.items() if k not in _NOT_INHERITED}
    metadata["adapted"] = {
        "from": source_name,
        "from_test_accuracy": source.get("test_accuracy"),
        "samples": result.samples,
        "seconds": round(result.seconds, 1),
        "config": result.config.to_dict(),
    }
    return metadata
