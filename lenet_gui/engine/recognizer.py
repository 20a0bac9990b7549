"""Recognise one drawing: preprocess it, run the network, return all there is to show.

    recognizer = Recognizer.from_file(bundled_weights())
    p = recognizer.predict(pil_image)        # p.digit, p.probabilities, p.input32, p.activations

Loading and predicting need no torch: the file is read by checkpoint.py and the network
run by inference.py with numpy, about a millisecond per drawing, cheap enough for every
mouse move. Each answer is the mean of four readings of the drawing (as drawn, a pixel
bolder, a pixel off each way: `reading_variants`), which makes fewer mistakes and a weaker
guess for what is not a digit. `recognizer.model`, the trainable torch network with the
same weights, is built on first use (training, saliency) and imports torch then. The GUI
and the CLI both use this class, so they always agree.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lenet_gui.engine.architecture import LayerInfo, LeNetConfig, describe
from lenet_gui.engine.calibration import UNLIKE_ANY_BELOW, UNSURE_BELOW, Calibration
from lenet_gui.engine.checkpoint import read_checkpoint
from lenet_gui.engine.inference import NumpyLeNet5
from lenet_gui.engine.memo import Memo, nbytes
from lenet_gui.engine.preprocess import Drawing, ImageLike, Preprocessed, preprocess, strip_input

if TYPE_CHECKING:
    from lenet_gui.engine.models import LeNet5
    from lenet_gui.engine.segment import Found

# bytes remembered per recogniser: some 400 parts of numbers, their digits and clusters
PARTS_MEMO_BYTES = 16_000_000
CLUSTERS_MEMO_BYTES = 8_000_000
AVERAGES_MEMO_BYTES = 4_000_000


class Verdict(str, Enum):
    """What the app may honestly say about a drawing (also the `verdict` JSON field)."""

    DIGIT = "digit"  # a digit, read with enough confidence to say so
    UNSURE = "unsure"  # a best guess exists, but it may not be a digit or may be another one
    EMPTY = "empty"  # nothing drawn


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
    unsure_below: float = UNSURE_BELOW  # the network's calibrated threshold

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max()) if self.digit is not None else 0.0

    @property
    def unsure(self) -> bool:
        """True when the network's best guess is too weak to call it that digit."""
        return self.digit is not None and self.confidence < self.unsure_below

    @property
    def unlike_any_digit(self) -> bool:
        """Unsure, and so evenly spread that the drawing is probably no digit at all."""
        return self.digit is not None and self.confidence < UNLIKE_ANY_BELOW

    @property
    def verdict(self) -> Verdict:
        if self.digit is None:
            return Verdict.EMPTY
        return Verdict.UNSURE if self.unsure else Verdict.DIGIT


EMPTY = Prediction(digit=None, probabilities=np.zeros(10, dtype=np.float32), input32=None)


@dataclass(frozen=True)
class ReadDigit:
    """One digit of a number: where its ink is and how it reads."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels (x1, y1 exclusive)
    prediction: Prediction


class ReadBy(Enum):
    """Which reader found a number's digits."""

    SEGMENTATION = "segmentation"  # cut into digits, each read alone (engine/segment.py)
    SDNN = "sdnn"  # a network slid along the row, where cutting was unsure (engine/sdnn.py)


@dataclass(frozen=True)
class Reading:
    """A drawing read as a number: its digits left to right (none for an empty drawing)."""

    digits: tuple[ReadDigit, ...] = ()
    read_by: ReadBy = ReadBy.SEGMENTATION

    @property
    def text(self) -> str:
        return "".join(str(d.prediction.digit) for d in self.digits)

    @property
    def confidence(self) -> float:
        """The chance that every digit is right, as the network sees it: the product of the
        digits' confidences (0 when nothing is read)."""
        return (
            float(np.prod([d.prediction.confidence for d in self.digits])) if self.digits else 0.0
        )

    @property
    def weakest(self) -> int | None:
        """Index of the least certain digit (the one to look at first), None when empty."""
        if not self.digits:
            return None
        return min(range(len(self.digits)), key=lambda i: self.digits[i].prediction.confidence)

    @property
    def verdict(self) -> Verdict:
        """EMPTY with no digits, UNSURE when any digit is, else DIGIT."""
        if self.weakest is None:
            return Verdict.EMPTY
        return self.digits[self.weakest].prediction.verdict


@dataclass(frozen=True)
class SlideMap:
    """LeNet-5 slid across a drawing of a number (the SDNN of LeCun et al. 1998, Section VII):
    window k sees columns [4k, 4k + 32) of the strip and answers `probabilities[k]`."""

    strip: np.ndarray  # float32 (32, W) in [0, 1]: the drawing as one normalised row
    probabilities: np.ndarray  # float32 (n, 10), n = (W - 32) // 4 + 1

    STEP = 4  # pixels between windows: the two 2x2 poolings


def _moved(inputs: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Inputs (..., 32, 32) moved by (dy, dx) pixels, background coming in at the edges."""
    out = np.zeros_like(inputs)
    h, w = inputs.shape[-2:]
    out[..., max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = inputs[
        ..., max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out


def reading_variants(inputs: np.ndarray) -> np.ndarray:
    """The ways the network reads each input (N, 32, 32) for one answer, (N, 4, 32, 32):
    as drawn, a pixel bolder (half-way to the max over the 4 neighbours), moved one pixel
    down-right and one up-left.

    WHY: a pen stroke a little thinner or a digit a pixel off-centre should not change the
    answer, and on real digits averaging the four readings' probabilities does make fewer
    mistakes (MNIST test 99.48 -> 99.62 %, held-out pen writers 99.55 -> 99.67 %); what
    is not a digit rarely reads as the same digit all four ways, so its best guess weakens
    and the app says "unsure" more often (benchmarks/bench_accuracy.py, README).
    """
    x = np.asarray(inputs, dtype=np.float32)
    neighbours = [_moved(x, dy, dx) for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    bolder = 0.5 * x + 0.5 * np.maximum.reduce([x, *neighbours])
    return np.stack([x, bolder, _moved(x, 1, 1), _moved(x, -1, -1)], axis=1)


def prediction_bytes(prediction: Prediction) -> int:
    """The bytes a remembered reading keeps (its arrays)."""
    return nbytes(prediction.probabilities, prediction.input32, *prediction.activations.values())


class Recognizer:
    """A network's weights plus its metadata, ready to read drawings."""

    def __init__(
        self,
        config: LeNetConfig,
        state: dict[str, np.ndarray],
        metadata: dict[str, Any] | None = None,
        model: LeNet5 | None = None,
    ) -> None:
        """`state`: float32 arrays, exactly architecture.parameter_shapes(config); `model`:
        the torch network they came from, if there is one already."""
        self.config = config
        self.net = NumpyLeNet5(config, state)
        self.metadata = dict(metadata or {})
        self.calibration = Calibration.from_metadata(self.metadata)
        self.layers: list[LayerInfo] = describe(config)
        self._model = model.eval() if model is not None else None
        self._model_lock = threading.Lock()
        # While a number is written, the digits the pen does not touch are the same pixels
        # on every mouse move: what was found for them is remembered (engine/memo.py).
        self._parts: Memo[Prediction] = Memo(PARTS_MEMO_BYTES)  # a part's reading, by pixels
        self._clusters: Memo[Found] = Memo(CLUSTERS_MEMO_BYTES)  # segment.split's findings
        # a digit's four readings, by its reading as drawn (the same object while remembered)
        self._averages: Memo[tuple[Prediction, Prediction]] = Memo(AVERAGES_MEMO_BYTES)

    @classmethod
    def from_file(cls, path: str | Path) -> Recognizer:
        """Load a weights file (raises WeightsError with a clear message); no torch needed."""
        checkpoint = read_checkpoint(path)
        return cls(checkpoint.config, checkpoint.state, {**checkpoint.metadata, "path": str(path)})

    @classmethod
    def from_model(cls, model: LeNet5, metadata: dict[str, Any] | None = None) -> Recognizer:
        """Read drawings with a torch network (fresh from training, say); it is kept as
        `model`, and later changes to it are not seen by `predict`."""
        # views of the tensors are enough: NumpyLeNet5 keeps its own copies
        state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
        return cls(model.config, state, metadata, model)

    @property
    def model(self) -> LeNet5:
        """The torch network with these weights, built on first use (imports torch: seconds,
        the first time in a process). Safe to call from several threads."""
        with self._model_lock:
            if self._model is None:
                from lenet_gui.engine.weights import model_from_state

                self._model = model_from_state(self.config, self.net.params)
            return self._model

    @property
    def has_model(self) -> bool:
        """`model` is built already, so using it costs no import."""
        return self._model is not None

    @property
    def arch(self) -> str:
        return self.config.arch

    @property
    def parameter_count(self) -> int:
        return sum(info.params for info in self.layers)

    @property
    def test_accuracy(self) -> float | None:
        value = self.metadata.get("test_accuracy")
        return float(value) if isinstance(value, (int, float)) else None

    def kernels(self, layer: str = "C1") -> np.ndarray:
        """The convolution weights of `layer` (C1, C3, C5) as (out_maps, in_maps, kh, kw);
        for the 1998 C3, zeros where Table I leaves a pair unconnected."""
        return self.net.kernels[layer]

    def predict(self, image: ImageLike | Drawing) -> Prediction:
        """Read a drawing (PIL image, array or file path) as one digit; EMPTY when there is
        no digit."""
        return self._averaged(self._predict_prepared([preprocess(image)]))[0]

    def read(
        self, image: ImageLike | Drawing, strokes: Sequence[np.ndarray] | None = None
    ) -> Reading:
        """Read a drawing as a number, one digit or several (engine/segment.py says how).

        `strokes`, when the caller has them: the pen strokes that made the ink, each an
        (N, 2) array of (x, y) points in image pixels, in drawing order; they help to part
        digits that touch. One digit reads exactly as predict() reads it.
        """
        from lenet_gui.engine.segment import split  # segment.py builds on this module

        drawing = image if isinstance(image, Drawing) else Drawing.read(image)
        parts = split(drawing, self.predict_parts, strokes, self._clusters)
        digits = self._averaged_digits([prediction for _, prediction in parts])
        return Reading(tuple(ReadDigit(box, d) for (box, _), d in zip(parts, digits, strict=True)))

    def predict_parts(self, parts: Sequence[Drawing]) -> list[Prediction]:
        """Each part of a drawing (the candidate digits of a number) read once as drawn,
        without predict()'s other readings (to weigh candidates, a third of the cost), with
        the network run once for all of them; parts read lately are remembered."""
        keys = [(part.grey.shape, part.ink, part.grey.tobytes()) for part in parts]
        found = [self._parts.get(key) for key in keys]
        new = [i for i, f in enumerate(found) if f is None]
        for i, prediction in zip(
            new, self._predict_prepared([preprocess(parts[i]) for i in new]), strict=True
        ):
            self._parts.put(keys[i], prediction, len(keys[i][2]) + prediction_bytes(prediction))
            found[i] = prediction
        return [f for f in found if f is not None]

    def _predict_prepared(self, prepared: Sequence[Preprocessed | None]) -> list[Prediction]:
        """The predictions of preprocessed drawings (EMPTY for None), the network run once."""
        ready = [p for p in prepared if p is not None]
        if not ready:
            return [EMPTY] * len(prepared)
        inputs = np.stack([p.input32 for p in ready])
        acts = self.net.activations_many(inputs)
        # each its own copy, so a remembered reading does not keep its whole batch alive
        read = iter(
            replace(
                self._prediction(input32.copy(), {k: v[i].copy() for k, v in acts.items()}),
                bbox=p.bbox,
            )
            for i, (p, input32) in enumerate(zip(ready, inputs, strict=True))
        )
        return [EMPTY if p is None else next(read) for p in prepared]

    def slide(self, image: ImageLike | Drawing) -> SlideMap | None:
        """The network slid across the whole drawing, without segmenting it; None when there
        is no ink to read."""
        strip = strip_input(image)
        if strip is None:
            return None
        return SlideMap(strip.pixels, self.calibration.probabilities(self.net.slide(strip.pixels)))

    def predict_input(self, input32: np.ndarray) -> Prediction:
        """Read an already normalised 32x32 input in [0, 1], as predict() does."""
        return self._averaged([self._prediction(input32, self.net.activations(input32))])[0]

    def _averaged(self, predictions: Sequence[Prediction]) -> list[Prediction]:
        """The predictions with their probabilities averaged over reading_variants() (the
        network run once for all); activations and input stay those of the input as drawn,
        which the views show."""
        inked = [(i, p.input32) for i, p in enumerate(predictions) if p.input32 is not None]
        if not inked:
            return list(predictions)
        variants = reading_variants(np.stack([x for _, x in inked]))[:, 1:]
        scores = self.net.activations_many(variants.reshape(-1, 32, 32))["output"]
        others = self.calibration.probabilities(scores).reshape(len(inked), -1, 10)
        out = list(predictions)
        for (i, _), more in zip(inked, others, strict=True):
            probs = ((predictions[i].probabilities + more.sum(axis=0)) / (1 + len(more))).astype(
                np.float32
            )
            out[i] = replace(predictions[i], digit=int(probs.argmax()), probabilities=probs)
        return out

    def _averaged_digits(self, predictions: Sequence[Prediction]) -> list[Prediction]:
        """_averaged() for the digits of a number, each remembered: a digit the pen did not
        touch comes back as the same reading from predict_parts()."""
        found = [self._averages.get(id(p)) for p in predictions]
        out = [
            f[1] if f is not None and f[0] is p else None
            for f, p in zip(found, predictions, strict=True)
        ]
        new = [i for i, o in enumerate(out) if o is None]
        for i, averaged in zip(new, self._averaged([predictions[i] for i in new]), strict=True):
            # the pair keeps the reading alive, so its id is not reused while remembered
            self._averages.put(
                id(predictions[i]), (predictions[i], averaged), prediction_bytes(averaged)
            )
            out[i] = averaged
        return [o for o in out if o is not None]

    def _prediction(self, input32: np.ndarray, activations: dict[str, np.ndarray]) -> Prediction:
        probs = self.calibration.probabilities(activations["output"])
        return Prediction(
            digit=int(probs.argmax()),
            probabilities=probs,
            input32=np.asarray(input32, dtype=np.float32),
            activations=activations,
            unsure_below=self.calibration.unsure_below,
        )
