"""Reading a row of digits without cutting it: LeNet-5 slid along the row (the space-
displacement neural network of LeCun et al. 1998, Section VII), checking the segmentation.

Cutting two touching digits apart is guesswork from the image alone: where the ink of one
ends and the next begins is only clear once both are read. A LeNet-5 trained on windows of
written numbers (rows.py: the digit when one is centred in the window, "none" otherwise)
answers at every column of the row's strip; reading the row is then labelling each window a
digit or none so that the whole row is most probable (decode(): runs of one digit's
windows, none between them), and every run is one digit.

    reading = bundled_reader().read(recognizer, image)   # a number from an image alone

The segmentation stays in charge: it reads separated digits and single digits better, and
it is what a drawing with its pen strokes gets. SdnnReader.check() asks the SDNN only about
a drawing without strokes, at least 0.7x as wide as it is high, whose segmentation is
unsure (below 0.9) and did not find its digits clearly apart; the SDNN's reading replaces
the segmentation's only when the slid network finds it more probable than the
segmentation's own by a margin, a far larger one to split what the segmentation read as
one digit, and then never into fewer than two digits (benchmarks/bench_numbers.py and the
README: touching digits from the image alone, 51-60 % -> 80-82 %; separated digits and
single digits read as before).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lenet_gui.engine.preprocess import Drawing, ImageLike, Strip, _span, strip_input
from lenet_gui.engine.recognizer import Prediction, ReadBy, ReadDigit, Reading, Recognizer
from lenet_gui.paths import bundled_sdnn

# The labelling's score (decode()): log p of each run's digit in its windows, minus
# DIGIT_COST per digit, plus NONE_WEIGHT x log(1 - the best digit's p) for each window of
# none, minus BETWEEN_DIGITS where two runs meet without none between them. The weights
# were chosen on benchmark numbers of two draws and checked on a third (README): weighing
# none more and charging for each digit stops a wide digit being read twice and a junk
# window being read as a digit.
LONGEST_RUN = 14  # windows (strip columns) one digit's answers may span
DIGIT_COST = 2.0
NONE_WEIGHT = 4.0
BETWEEN_DIGITS = 3.0
TRUSTED = 0.9  # a segmentation this sure of its whole reading is not checked
NARROWEST = 0.7  # x its height: a drawing narrower than this is one digit, not checked
APART = 0.05  # x the row's height: digits the segmentation found this far apart: not checked
# log-probability by which the SDNN's reading must beat the segmentation's, read by the
# SDNN: when the segmentation read several digits, and when it read one (a single digit
# must not be split, so the SDNN must be far surer)
CLEARLY_BETTER = 1.0
FAR_BETTER = 30.0
_EPS = 1e-4
_ROW_HEIGHT = 20  # the ink's height in the strip (preprocess.strip_input)
_NEVER = -1e18


@dataclass(frozen=True)
class Run:
    """Windows start..stop-1 answer `digit`; window k is centred on strip column k + 16."""

    start: int
    stop: int
    digit: int

    @property
    def centre(self) -> float:
        """The strip column at the run's middle."""
        return (self.start + self.stop - 1) / 2 + Strip.SIDE


@dataclass(frozen=True)
class Decoding:
    runs: tuple[Run, ...]
    score: float  # log-probability of the labelling

    @property
    def text(self) -> str:
        return "".join(str(run.digit) for run in self.runs)


def window_probabilities(recognizer: Recognizer, strip: np.ndarray) -> np.ndarray:
    """float32 (W - 31, 10): the calibrated answer of the window centred on every column
    16 .. W - 16 of a (32, W) strip; four slides shifted by a pixel each (one slide answers
    every 4 px)."""
    width = strip.shape[1]
    out = np.zeros((max(width - 31, 0), 10), np.float32)
    for shift in range(4):
        if width - shift < 32:
            break
        probs = recognizer.calibration.probabilities(recognizer.net.slide(strip[:, shift:]))
        out[shift::4] = probs[: len(out[shift::4])]
    return out


def decode(probabilities: np.ndarray, text: str | None = None) -> Decoding | None:
    """The best-scoring labelling of the windows (n, 10): runs of at most LONGEST_RUN
    windows each read as one digit, windows of none between them or two runs side by side
    (the score: see DIGIT_COST). `text`: only labellings that read exactly that (None when
    none does)."""
    n = len(probabilities)
    digit_logp = np.log(probabilities + _EPS)
    none_logp = NONE_WEIGHT * np.log(1.0 - probabilities.max(axis=1) + _EPS)
    summed = np.vstack([np.zeros((1, 10)), np.cumsum(digit_logp, axis=0)])
    forced = None if text is None else np.array([int(c) for c in text], int)
    # states m: the digits read so far (always 0 when the text is free)
    states = 1 if forced is None else len(forced) + 1
    ending = np.arange(states) if forced is None else np.arange(1, states)  # a run's m
    before = ending if forced is None else ending - 1  # and the m it starts from
    # best score of windows [0, i) ending in a window of none / the end of a run, per m
    none_end = np.full((n + 1, states), _NEVER)
    digit_end = np.full((n + 1, states), _NEVER)
    none_end[0, 0] = 0.0  # the start: as after a window of none
    # how the best run ending at (i, m) came: its first window, digit, and after none or not
    run_start = np.zeros((n + 1, states), int)
    run_digit = np.zeros((n + 1, states), int)
    run_after_none = np.zeros((n + 1, states), bool)
    for i in range(1, n + 1):
        none_end[i] = np.maximum(none_end[i - 1], digit_end[i - 1]) + none_logp[i - 1]
        starts = np.arange(max(0, i - LONGEST_RUN), i)
        runs = summed[i] - summed[starts]  # (starts, 10): each run's log p per digit
        if forced is None:
            digits = runs.argmax(axis=1)[:, None]  # (starts, 1)
        else:
            digits = np.broadcast_to(forced, (len(starts), len(forced)))
        run_logp = np.take_along_axis(runs, digits, axis=1) - DIGIT_COST  # (starts, ending)
        after_none = none_end[starts][:, before] >= digit_end[starts][:, before] - BETWEEN_DIGITS
        prior = np.where(
            after_none, none_end[starts][:, before], digit_end[starts][:, before] - BETWEEN_DIGITS
        )
        total = prior + run_logp
        best = total.argmax(axis=0)
        k = np.arange(len(ending))
        digit_end[i, ending] = total[best, k]
        run_start[i, ending] = starts[best]
        run_digit[i, ending] = digits[best, k]
        run_after_none[i, ending] = after_none[best, k]
    m = states - 1
    score = max(none_end[n, m], digit_end[n, m])
    if score <= _NEVER / 2:
        return None
    runs_found: list[Run] = []
    i, in_run = n, digit_end[n, m] > none_end[n, m]
    while i > 0:
        if in_run:
            start = int(run_start[i, m])
            runs_found.append(Run(start, i, int(run_digit[i, m])))
            in_run = not run_after_none[i, m]
            i, m = start, m if forced is None else m - 1
        else:
            i -= 1
            in_run = i > 0 and digit_end[i, m] > none_end[i, m]
    return Decoding(tuple(reversed(runs_found)), float(score))


class SdnnReader:
    """A LeNet-5 trained on windows of written numbers (`lenet-gui train --rows`), slid along
    drawings of numbers to check what the segmentation read."""

    def __init__(self, recognizer: Recognizer) -> None:
        self.recognizer = recognizer

    @classmethod
    def from_file(cls, path: str | Path) -> SdnnReader:
        return cls(Recognizer.from_file(path))

    def read(
        self,
        recognizer: Recognizer,
        image: ImageLike | Drawing,
        strokes: Sequence[np.ndarray] | None = None,
    ) -> Reading:
        """A drawing read as a number, as the app reads it: `recognizer.read()`, checked
        when there are no pen strokes (with them, touching digits were drawn apart)."""
        drawing = image if isinstance(image, Drawing) else Drawing.read(image)
        segmented = recognizer.read(drawing, strokes)
        return segmented if strokes is not None else self.check(recognizer, drawing, segmented)

    def check(self, recognizer: Recognizer, drawing: Drawing, segmented: Reading) -> Reading:
        """The segmentation's reading of a drawing without strokes, or the SDNN's where the
        segmentation is unsure and the SDNN clearly surer (see the module's docstring)."""
        if not segmented.digits or segmented.confidence >= TRUSTED or _apart(segmented):
            return segmented
        strip = strip_input(drawing)
        if strip is None or strip.pixels.shape[1] - 2 * Strip.SIDE < NARROWEST * _ROW_HEIGHT:
            return segmented
        probabilities = window_probabilities(self.recognizer, strip.pixels)
        free = decode(probabilities)
        several = len(segmented.digits) > 1
        # one digit is only ever read as several touching ones: the segmentation's network
        # reads a single digit better than the SDNN does
        if free is None or len(free.runs) < (1 if several else 2) or free.text == segmented.text:
            return segmented
        other = decode(probabilities, segmented.text)
        margin = CLEARLY_BETTER if several else FAR_BETTER
        if other is not None and free.score - other.score <= margin:
            return segmented
        # Where the segmentation saw one digit, the two readers disagree on what the drawing
        # is at all: the SDNN's digits are shown, and said to be unsure (many a drawing that
        # is no digit is read as digits by the SDNN, and must not be claimed as a number).
        return self._reading(recognizer, drawing, strip, probabilities, free, claimed=several)

    def _reading(
        self,
        recognizer: Recognizer,
        drawing: Drawing,
        strip: Strip,
        probabilities: np.ndarray,
        decoded: Decoding,
        claimed: bool = True,
    ) -> Reading:
        """Each run as a digit: the drawing's ink between the half-way points to its
        neighbours, with the probabilities of the whole run (their normalised geometric mean,
        whose best is the run's digit) and, for the views, `recognizer`'s layers (the network
        in use, whose kernels the views show beside them) on the window centred on it. Not
        `claimed`: every digit unsure, however probable."""
        unsure_below = self.recognizer.calibration.unsure_below if claimed else 1.0
        centres = [run.centre for run in decoded.runs]
        x0, x1 = strip.ink_columns
        edges = [x0, *(strip.drawing_x((a + b) / 2) for a, b in itertools.pairwise(centres)), x1]
        windows = np.stack([strip.window(centre) for centre in centres])
        layers = recognizer.net.activations_many(windows)
        mask = drawing.mask()
        digits = []
        for i, (run, (left, right)) in enumerate(
            zip(decoded.runs, itertools.pairwise(edges), strict=True)
        ):
            box = _ink_box(mask, round(left), round(right))
            logp = np.log(probabilities[run.start : run.stop] + _EPS).mean(axis=0)
            probs = np.exp(logp - logp.max())
            prediction = Prediction(
                digit=run.digit,
                probabilities=(probs / probs.sum()).astype(np.float32),
                input32=windows[i],
                activations={name: values[i] for name, values in layers.items()},
                bbox=box,
                unsure_below=unsure_below,
            )
            digits.append(ReadDigit(box, prediction))
        return Reading(tuple(digits), ReadBy.SDNN)


def _apart(segmented: Reading) -> bool:
    """Whether the segmentation found several digits, each pair a clear gap apart (the
    SDNN reads digits apart less well than the segmentation does)."""
    boxes = [d.box for d in segmented.digits]
    if len(boxes) < 2:
        return False
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return all(b[0] - a[2] > APART * height for a, b in itertools.pairwise(boxes))


@functools.cache
def bundled_reader() -> SdnnReader:
    """The bundled SDNN reader (weights/lenet5-sdnn.pt), loaded once (some 10 ms)."""
    return SdnnReader.from_file(bundled_sdnn())


def _ink_box(mask: np.ndarray, x0: int, x1: int) -> tuple[int, int, int, int]:
    """The box of the ink in columns [x0, x1) of a mask (those columns, all rows, if none)."""
    x0, x1 = max(0, x0), min(mask.shape[1], max(x1, x0 + 1))
    rows = _span(mask[:, x0:x1], axis=1)
    top, bottom = rows if rows is not None else (0, mask.shape[0])
    return (x0, top, x1, bottom)
