"""Recognise one drawing: preprocess it, run the network once, return all there is to show.

    recognizer = Recognizer.from_file(bundled_weights())
    p = recognizer.predict(pil_image)        # p.digit, p.probabilities, p.input32, p.activations

Loading happens once; `predict` is cheap enough (well under 2 ms here) to run on every
mouse move. The GUI and the CLI both use this class, so they always agree.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from lenet_gui.engine.models import LayerInfo, count_parameters, describe
from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.weights import load_weights

# Below this winning probability the app says it is unsure instead of claiming a digit.
UNSURE_BELOW = 0.6


@dataclass(frozen=True)
class Prediction:
    """Everything one forward pass tells about a drawing.

    `digit` is None when there is no digit to read (empty canvas). `activations` maps the
    paper's layer names to arrays without the batch axis: C1 (6, 28, 28), S2 (6, 14, 14),
    C3 (16, 10, 10), S4 (16, 5, 5), C5 (120, 1, 1), F6 (84,), output (10,).
    """

    digit: int | None
    probabilities: np.ndarray  # (10,), sums to 1; all zeros when digit is None
    input32: np.ndarray | None  # (32, 32) in [0, 1]: what the network saw
    activations: dict[str, np.ndarray] = field(default_factory=dict)
    # the ink's box in the drawing (Preprocessed.bbox), to map the input back onto it
    bbox: tuple[int, int, int, int] | None = None

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max()) if self.digit is not None else 0.0

    @property
    def unsure(self) -> bool:
        """True when the network's best guess is too weak to call it that digit."""
        return self.digit is not None and self.confidence < UNSURE_BELOW


@contextlib.contextmanager
def _one_image_mode() -> Iterator[None]:
    """Run one image on the calling thread, with PyTorch's plain convolution kernels.

    A 32x32 image is far too small to split across cores: with two threads every layer
    waits for the other core, and when that core is busy (a training run, another app)
    one prediction goes from ~1 ms to tens of ms. oneDNN's kernels pay a set-up cost per
    call that dominates at this size (0.58 -> 0.26 ms per forward pass here without them).
    The thread count is per calling thread (OpenMP), so a training run elsewhere keeps
    its own; the oneDNN switch is process-wide but only for the ~0.3 ms of this call, and
    both kinds of kernel compute the same convolution.
    """
    threads, onednn = torch.get_num_threads(), torch.backends.mkldnn.enabled
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    try:
        yield
    finally:
        torch.backends.mkldnn.enabled = onednn
        torch.set_num_threads(threads)


EMPTY = Prediction(digit=None, probabilities=np.zeros(10, dtype=np.float32), input32=None)


class Recognizer:
    """A loaded network plus its metadata, ready to read drawings."""

    def __init__(self, model: nn.Module, metadata: dict[str, Any] | None = None) -> None:
        self.model = model.eval()
        self.metadata = dict(metadata or {})
        self.layers: list[LayerInfo] = describe(self.model)

    @classmethod
    def from_file(cls, path: str | Path) -> Recognizer:
        """Load a weights file (raises weights.WeightsError with a clear message)."""
        loaded = load_weights(path)
        return cls(loaded.model, {**loaded.metadata, "path": str(path)})

    @property
    def arch(self) -> str:
        return self.model.config.arch

    @property
    def parameter_count(self) -> int:
        return count_parameters(self.model)

    @property
    def test_accuracy(self) -> float | None:
        value = self.metadata.get("test_accuracy")
        return float(value) if isinstance(value, (int, float)) else None

    def kernels(self, layer: str = "C1") -> np.ndarray:
        """The convolution weights of `layer` as (out_maps, in_maps, kh, kw)."""
        return getattr(self.model, layer).weight.detach().cpu().numpy()

    def predict(self, image: Any) -> Prediction:
        """Read a drawing (PIL image, array or file path); EMPTY when there is no digit."""
        prepared = preprocess(image)
        if prepared is None:
            return EMPTY
        return replace(self.predict_input(prepared.input32), bbox=prepared.bbox)

    @torch.inference_mode()
    def predict_input(self, input32: np.ndarray) -> Prediction:
        """Run the network on an already normalised 32x32 input in [0, 1]."""
        x = torch.from_numpy(np.ascontiguousarray(input32, dtype=np.float32)).view(1, 1, 32, 32)
        acts: dict[str, torch.Tensor] = {}
        with _one_image_mode():
            scores = self.model(x, activations=acts)
            probs = self.model.probabilities(scores)[0].numpy()
        return Prediction(
            digit=int(probs.argmax()),
            probabilities=probs,
            input32=np.asarray(input32, dtype=np.float32),
            activations={name: a[0].numpy() for name, a in acts.items()},
        )
