"""What decides a training run, and the recommended runs: one place for every default.

    TrainConfig.preset("classic", epochs=20)   # the recommended 1998 run, 20 epochs
    TrainConfig(epochs=1)                      # the bare loop: nothing added unasked

A `TrainConfig`'s own field defaults are the plain loop: no augmentation, no hold-out,
so a test or a script gets exactly what it wrote. `TrainConfig.preset(arch)` is the run
this project recommends for each architecture, and where the Train dialog and
`lenet-gui train` take every value the user did not choose (as minGPT's
`Trainer.get_default_config()`). No torch here: the dialog reads these at start-up.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from lenet_gui.engine.calibration import UNSURE_BELOW

MNIST_TRAIN_IMAGES = 60_000
MNIST_TEST_IMAGES = 10_000
# An image's forward pass (validation, test) costs this share of its training step
# (forward, backward, update): 0.36 measured here at batch 128.
FORWARD_COST = 0.36
FULL_VAL_SIZE = 5000  # validation images held out of MNIST's 60,000
DEFAULT_SAMPLE_WEIGHT = 10.0  # each of the user's own samples counts this often per epoch

# What each architecture's recommended run changes from the bare loop's defaults. The
# 1998 network, with its saturating tanh units and RBF output, learned slowly at batch 128
# (its 99.18 % took batches of 32). The modern one, measured here with augmentation and
# 5,000 images held out (seed 0, bfloat16): batch 128 for 10 epochs 99.42 % on the MNIST
# test set, batch 256 for 12 epochs 99.45 % in about the same time (batch 256 runs ~20 %
# more samples a second), batch 256 at lr 4e-3 for 8 epochs 99.32 %.
# The modern network is surer of itself than the 1998 one, on digits and on what is none:
# reading each drawing four ways (recognizer.reading_variants), it answers "unsure" for
# about 9 in 10 non-digits of kinds never trained on, and for 1-2 % of real digits, at a
# threshold of 0.75; the 1998 network does so at 0.6 (benchmarks/bench_accuracy.py, two
# seeds; README).
_PRESETS: dict[str, dict[str, Any]] = {
    "modern": {"augment": True, "batch_size": 256, "epochs": 12, "unsure_below": 0.75},
    "classic": {"augment": True, "batch_size": 32},
}


def default_val_size(images: int) -> int:
    """5,000 of MNIST's 60,000 (1/12) for validation, proportionally fewer for a subset."""
    return min(FULL_VAL_SIZE, images // 12)


@dataclass(frozen=True)
class AugmentConfig:
    """How strongly augmentation distorts a digit (engine/augment.py applies it)."""

    rotation_deg: float = 12.0
    scale_range: tuple[float, float] = (0.85, 1.12)
    shear: float = 0.25  # horizontal shear factor (x += shear * y)
    shift_px: float = 2.0
    elastic_prob: float = 0.5
    elastic_alpha: float = 2.0  # largest displacement, in pixels
    elastic_grid: int = 5  # control points per side: fewer = smoother, larger-scale warps
    thicken_prob: float = 0.25
    thin_prob: float = 0.15

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TrainConfig:
    """Everything that decides a training run; stored in the weights file's metadata."""

    arch: str = "modern"
    epochs: int = 10
    batch_size: int = 128
    lr: float = 3e-3
    weight_decay: float = 0.0
    augment: bool = False
    redraw: bool = False  # also train on each image as the app's preprocessing redraws it
    seed: int = 0
    limit: int | None = None  # train on the first `limit` training images only
    val_size: int = 0  # images held out from the end of the training set for validation
    device: str = "auto"
    threads: int | None = None  # compute threads (slices of a batch); None: one per core
    precision: str = "auto"  # "auto": bfloat16 on CPUs that compute it natively, else float32
    # real pen digits: a pendigits folder whose training writers are drawn like the canvas,
    # `pen_copies` times each; its held-out writers calibrate the confidence (runs.py)
    pen: str | None = None
    pen_copies: int = 4
    non_digits: int = 0  # drawings that are no digit, taught as "no preference" (nondigits.py)
    # windows of this many written numbers (MNIST training digits and, with `pen`, the pen
    # training writers'), to read a row without cutting it (rows.py, sdnn.py)
    rows: int = 0
    # below this calibrated confidence the app answers "unsure" (stored with the calibration)
    unsure_below: float = UNSURE_BELOW
    augment_config: AugmentConfig = field(default_factory=AugmentConfig)

    @classmethod
    def preset(cls, arch: str = "modern", **changes: Any) -> TrainConfig:
        """The recommended run for `arch`, with `changes` on top. Unless `changes` says
        otherwise, 1/12 of the training images (at most 5,000) are held out to pick the
        best epoch (default_val_size)."""
        if arch not in _PRESETS:
            raise ValueError(f"unknown architecture {arch!r}; expected one of {list(_PRESETS)}")
        values = {**_PRESETS[arch], **changes}
        if "val_size" not in values:
            limit = values.get("limit")
            images = MNIST_TRAIN_IMAGES if limit is None else min(limit, MNIST_TRAIN_IMAGES)
            values["val_size"] = default_val_size(images)
        return cls(arch=arch, **values)

    def expected_seconds(
        self, samples_per_s: float, images: int = MNIST_TRAIN_IMAGES, extra: int = 0
    ) -> float:
        """How long this run's loop takes at `samples_per_s` (measured on this machine:
        training.measure_samples_per_s) with `images` MNIST training images and `extra`
        further samples per epoch (the user's own, repeats counted): every epoch's training
        steps and validation pass, and the final test. Redrawing the images first is not
        included."""
        available = images if self.limit is None else min(self.limit, images)
        trained = max(0, available - self.val_size) * (2 if self.redraw else 1) + extra
        forward_only = self.epochs * self.val_size + MNIST_TEST_IMAGES
        samples = self.epochs * trained + FORWARD_COST * forward_only
        return samples / samples_per_s if samples_per_s > 0 else math.inf

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.augment:
            data.pop("augment_config")
        return data
