"""Numbers written in a row, from MNIST digits or real pen trajectories, knowing where each
digit is: the windows that teach LeNet-5 to read a row without cutting it (engine/sdnn.py),
and the numbers that benchmark reading them (benchmarks/bench_numbers.py).

    rng = np.random.default_rng(0)
    number = pen_number(digits_of_one_writer, rng, gaps=(-0.25, 0.5))
    images, labels = row_windows(number, rng)    # uint8 (N, 28, 28), digits and NOT_A_DIGIT

A window centred on a digit (give or take 1.5 px of the 32-px strip) is that digit, with
whatever of its neighbours shows at the edges; a window centred between two digits, 4 px
or more off a digit's centre, or beyond the first or last digit is NOT_A_DIGIT. Trained on
both, a network answers a digit only where one is centred (LeCun et al. 1998, Section VII:
"the network must learn to reject windows that are not centred on a character").
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.pendigits import PenDigit, Stroke, draw_strokes
from lenet_gui.engine.preprocess import strip_input

DIGITS = (2, 6)  # how many digits a number has, at least and at most
MNIST_HEIGHT = 20.0  # the ink height of an MNIST digit, in its own pixels
TRAINING_GAPS = (-0.25, 0.5)  # x the digit height: from overlapping ink to clearly apart


@dataclass(frozen=True)
class WrittenNumber:
    image: np.ndarray  # uint8 (H, W), white background, black ink
    labels: tuple[int, ...]
    spans: tuple[tuple[float, float], ...]  # each digit's ink [x0, x1) in image pixels
    strokes: list[Stroke] | None = None  # the pen strokes, in image pixels, when drawn so

    @property
    def text(self) -> str:
        return "".join(map(str, self.labels))


def _ink_columns(image: np.ndarray) -> np.ndarray:
    """An MNIST digit cut to its inked columns."""
    cols = np.flatnonzero(image.max(axis=0) > 40)
    return image[:, cols[0] : cols[-1] + 1]


def mnist_number(
    images: np.ndarray,
    labels: np.ndarray,
    rng: np.random.Generator,
    gaps: tuple[float, float],
    scale: int = 4,
    digits: tuple[int, int] = DIGITS,
) -> WrittenNumber:
    """Randomly chosen MNIST digits (uint8 (N, 28, 28), 255 = ink) in a row, `gaps` x the
    digit height apart (negative: overlapping), with baseline wobble, ink combined where it
    overlaps, enlarged `scale` times."""
    picks = rng.choice(len(images), size=int(rng.integers(digits[0], digits[1] + 1)))
    parts = [_ink_columns(images[i]) for i in picks]
    widths = [p.shape[1] for p in parts]
    xs = [8]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + round(rng.uniform(*gaps) * MNIST_HEIGHT))
    ys = [8 + round(rng.uniform(-1.5, 1.5)) for _ in parts]  # baseline wobble
    row = np.zeros((28 + 16, xs[-1] + widths[-1] + 8), np.float32)
    for part, x, y in zip(parts, xs, ys, strict=True):
        window = row[y : y + 28, x : x + part.shape[1]]
        np.maximum(window, part, out=window)
    big = Image.fromarray(255 - row.astype(np.uint8)).resize(
        (row.shape[1] * scale, row.shape[0] * scale), Image.Resampling.BILINEAR
    )
    return WrittenNumber(
        np.asarray(big),
        tuple(int(labels[i]) for i in picks),
        tuple((float(x * scale), float((x + w) * scale)) for x, w in zip(xs, widths, strict=True)),
    )


def pen_number(
    writer: Sequence[PenDigit],
    rng: np.random.Generator,
    gaps: tuple[float, float],
    digits: tuple[int, int] = DIGITS,
) -> WrittenNumber:
    """Randomly chosen digits of one writer in a row, drawn as the canvas draws strokes: a
    common digit height (48-100 px) and brush, the writer's slant, each digit's size varied by
    up to 8 % and its baseline by up to 5 % of the height, `gaps` x the height between the
    digits' ink."""
    count = int(rng.integers(digits[0], digits[1] + 1))
    picks = [writer[int(i)] for i in rng.choice(len(writer), size=count)]
    height = rng.uniform(48.0, 100.0)
    brush = max(2.0, rng.uniform(0.06, 0.16) * height)
    shear = rng.uniform(-0.2, 0.2)  # the writer's slant, x += shear * (height above the base)
    margin = 0.5 * height
    placed: list[list[Stroke]] = []
    spans: list[tuple[float, float]] = []
    x = end = margin
    for digit in picks:
        points = np.concatenate(digit.strokes)
        lo, hi = points.min(axis=0), points.max(axis=0)
        scale = height * rng.uniform(0.92, 1.08) / max(float(hi[1] - lo[1]), 1.0)
        base = margin + height + rng.uniform(-0.05, 0.05) * height
        strokes = []
        for stroke in digit.strokes:
            xy = (stroke - lo) * scale
            xy[:, 0] -= shear * (xy[:, 1] - (hi[1] - lo[1]) * scale)
            strokes.append(xy)
        ink = np.concatenate(strokes)
        left = float(ink[:, 0].min())
        offset = np.array([x - left + brush / 2, base - float(ink[:, 1].max())])
        placed.append([(st + offset).astype(np.float32) for st in strokes])
        end = x + float(ink[:, 0].max()) - left + brush
        spans.append((x, end))
        x = end + rng.uniform(*gaps) * height
    strokes = [st for digit in placed for st in digit]
    size = (round(end + margin), round(2 * margin + 1.1 * height))
    image = draw_strokes(strokes, 0, brush, Image.new("L", size, 255))
    return WrittenNumber(np.asarray(image), tuple(d.label for d in picks), tuple(spans), strokes)


def row_windows(number: WrittenNumber, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Windows of the number's strip (strip_input) for training, as 28x28 uint8 images like
    MNIST's (the 32x32 window without its 2-px border), and their labels: per digit one
    centred on it (the digit), and NOT_A_DIGIT ones between digits, off a digit's centre
    towards its neighbour, and beyond both ends."""
    strip = strip_input(number.image)
    if strip is None:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
    centres = [strip.column((a + b) / 2) for a, b in number.spans]
    windows, labels = [], []

    def add(centre: float, label: int) -> None:
        windows.append(strip.window(centre))
        labels.append(label)

    for label, c in zip(number.labels, centres, strict=True):
        add(c + rng.uniform(-1.5, 1.5), label)
    for a, b in itertools.pairwise(centres):
        add((a + b) / 2 + rng.uniform(-3.0, 3.0), NOT_A_DIGIT)
        off = rng.uniform(4.0, max(4.5, (b - a) / 2 - 1))  # from 4 px to nearly half-way
        add(a + off if rng.random() < 0.5 else b - off, NOT_A_DIGIT)
    add(centres[0] - rng.uniform(6.0, 12.0), NOT_A_DIGIT)
    add(centres[-1] + rng.uniform(6.0, 12.0), NOT_A_DIGIT)
    images = (np.clip(np.stack(windows)[:, 2:30, 2:30], 0.0, 1.0) * 255).round()
    return images.astype(np.uint8), np.array(labels, np.int64)


def row_training_set(
    mnist_images: np.ndarray,
    mnist_labels: np.ndarray,
    pen_writers: Sequence[Sequence[PenDigit]],
    rows: int,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The windows of `rows` written numbers: two in three of MNIST digits (enlarged 1-4
    times), one in three of pen digits, each by one of `pen_writers` (all MNIST when there
    are none); 2-5 digits from overlapping to clearly apart (TRAINING_GAPS)."""
    rng = np.random.default_rng(seed)
    pen_rows = rows // 3 if pen_writers else 0
    images, labels = [np.zeros((0, 28, 28), np.uint8)], [np.zeros(0, np.int64)]
    for i in range(rows):
        if i < rows - pen_rows:
            scale = int(rng.integers(1, 5))
            number = mnist_number(
                mnist_images, mnist_labels, rng, TRAINING_GAPS, scale, digits=(2, 5)
            )
        else:
            writer = pen_writers[int(rng.integers(len(pen_writers)))]
            number = pen_number(writer, rng, TRAINING_GAPS, digits=(2, 5))
        x, y = row_windows(number, rng)
        images.append(x)
        labels.append(y)
    return np.concatenate(images), np.concatenate(labels)
