"""Real pen-tablet digits (UCI pendigits, UNIPEN text) as canvas-like drawings.

MNIST digits were written on forms and scanned; the app's users draw with a mouse or
a pen, and write styles that MNIST rarely shows (a one-stroke 9 with a long tail, a 1 with
a flag, an open-top 4). The pendigits set holds such digits as pen trajectories, with the
writer of each. This module reads them, draws each trajectory the way the canvas draws a
stroke (round caps, a chosen brush width, size, position, a little rotation, slant and
point jitter) and sends the picture through the app's own preprocessing, so training sees
exactly what the app will show the network.

    digits = load_pendigits(Path("../shared/datasets/pendigits"))
    train, held_out = split_by_writer(digits)         # no writer on both sides
    images, labels = render_dataset(train, copies=4, seed=0)   # uint8 (N, 28, 28), MNIST-like

A user of the app is always a new writer: accuracy is only ever reported on
HELD_OUT_WRITERS, whose digits no bundled network was trained on.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from lenet_gui.engine.errors import UserError
from lenet_gui.engine.preprocess import preprocess

FILE_NAMES = ("pendigits-orig.tra.gz", "pendigits-orig.tra")
# Coordinates are tablet units in 0..500; anything past MAX_COORD is not this format.
TABLET = 500
MAX_COORD = 1000
MAX_TEXT_BYTES = 64 * 1024 * 1024  # the real file is 3.6 MB unpacked; a bomb stops here
# Eight of the 30 writers, spread over the id range, never used for training: the bundled
# networks' calibration and every reported pen accuracy use them only.
HELD_OUT_WRITERS = frozenset({3, 7, 11, 15, 19, 23, 27, 30})

Stroke = np.ndarray  # (n, 2) float32: x to the right, y DOWN (screen coordinates)


class PenDigitsError(UserError):
    """A pen-digits file that cannot be read; one line naming the file and the line."""


@dataclass(frozen=True)
class PenDigit:
    label: int
    writer: int
    strokes: tuple[Stroke, ...]


def load_pendigits(folder: Path) -> list[PenDigit]:
    """Every digit in the pendigits folder (the .gz as shipped, or unpacked)."""
    for name in FILE_NAMES:
        if (folder / name).is_file():
            return read_pendigits(folder / name)
    raise PenDigitsError("{folder}: no pendigits-orig.tra(.gz) in this folder", folder=folder)


def read_pendigits(path: Path) -> list[PenDigit]:
    """Parse a UNIPEN pendigits file; PenDigitsError naming the line for anything malformed."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                data = f.read(MAX_TEXT_BYTES + 1)
        else:
            with open(path, "rb") as f:
                data = f.read(MAX_TEXT_BYTES + 1)
    except (OSError, EOFError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise PenDigitsError(
            "{name}: cannot read the file ({reason})", name=path.name, reason=reason
        ) from None
    if len(data) > MAX_TEXT_BYTES:
        raise PenDigitsError("{name}: larger than any pendigits file", name=path.name)
    return parse_unipen(data.decode("ascii", errors="replace").splitlines(), path.name)


_SEGMENT = re.compile(r'^\.SEGMENT\s+DIGIT\s+[\d-]+\s+\S+\s+"(.*)"\s*$')


def parse_unipen(lines: Sequence[str], name: str = "pendigits") -> list[PenDigit]:
    """The digits in UNIPEN text lines; y is flipped to point down like a screen's."""
    digits: list[PenDigit] = []
    label: int | None = None
    writer: int | None = None
    strokes: list[Stroke] = []
    points: list[tuple[int, int]] | None = None  # the stroke being read, between PEN_DOWN/UP
    start = 0  # line of the current .SEGMENT, for messages about the sample as a whole

    def fail(line_no: int, problem: str) -> PenDigitsError:
        return PenDigitsError(
            "{name}, line {line}: {problem}", name=name, line=line_no, problem=problem
        )

    def finish(line_no: int) -> None:
        if label is None:
            return
        if points is not None:
            raise fail(line_no, "a stroke is not closed by .PEN_UP")
        if not strokes:
            raise fail(start, "a digit without any stroke")
        if writer is None:
            raise fail(start, "a digit without a .COMMENT line naming its writer")
        digits.append(PenDigit(label, writer, tuple(strokes)))

    for line_no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(".SEGMENT"):
            finish(line_no)
            match = _SEGMENT.match(line)
            if match is None or not re.fullmatch(r"\d", match.group(1)):
                raise fail(line_no, "a .SEGMENT line without a digit label")
            label, writer, strokes, points, start = int(match.group(1)), None, [], None, line_no
        elif line.startswith(".COMMENT"):
            fields = line.split()[1:]
            if label is None or len(fields) < 2 or not all(f.isdigit() for f in fields[:2]):
                raise fail(line_no, "a .COMMENT line that is not 'label writer number'")
            if int(fields[0]) != label:
                raise fail(line_no, f"label {fields[0]} differs from the .SEGMENT's {label}")
            writer = int(fields[1])
        elif line.startswith(".PEN_DOWN"):
            if label is None or points is not None:
                raise fail(line_no, ".PEN_DOWN outside a digit or inside a stroke")
            points = []
        elif line.startswith(".PEN_UP"):
            if points is None:
                raise fail(line_no, ".PEN_UP without .PEN_DOWN")
            if not points:
                raise fail(line_no, "a stroke without points")
            xy = np.asarray(points, dtype=np.float32)
            xy[:, 1] = TABLET - xy[:, 1]  # the tablet's y points up
            strokes.append(xy)
            points = None
        elif line.startswith("."):
            continue  # .INCLUDE, .LEXICON, .DT...: nothing a drawing needs
        else:
            parts = line.split()
            if points is None:
                raise fail(line_no, "a point outside a stroke")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise fail(line_no, f"not an 'x y' point: {line[:40]!r}")
            x, y = int(parts[0]), int(parts[1])
            if x > MAX_COORD or y > MAX_COORD:
                raise fail(line_no, f"point outside the tablet: {x} {y}")
            points.append((x, y))
    finish(len(lines))
    if not digits:
        raise PenDigitsError("{name}: no digits in the file", name=name)
    return digits


def split_by_writer(
    digits: Iterable[PenDigit], held_out: frozenset[int] = HELD_OUT_WRITERS
) -> tuple[list[PenDigit], list[PenDigit]]:
    """(training digits, held-out digits): every writer's digits fall on one side only."""
    train: list[PenDigit] = []
    rest: list[PenDigit] = []
    for digit in digits:
        (rest if digit.writer in held_out else train).append(digit)
    return train, rest


@dataclass(frozen=True)
class RenderConfig:
    """How differently one trajectory may be drawn: the spread of canvas users' habits."""

    canvas: int = 280  # the canvas's document size
    height: tuple[float, float] = (0.3, 0.85)  # digit height, fraction of the canvas
    brush: tuple[float, float] = (0.03, 0.16)  # brush width, fraction of the digit height
    rotation_deg: float = 8.0
    slant: float = 0.25  # horizontal shear, x += slant * y
    aspect: tuple[float, float] = (0.85, 1.15)
    jitter: float = 0.003  # point noise, fraction of the digit height


def draw_strokes(
    strokes: Sequence[Stroke], size: int, brush: float, image: Image.Image | None = None
) -> Image.Image:
    """Strokes in canvas pixels drawn as the canvas draws them: black ink on a white background,
    line segments between the points, round caps and joins."""
    image = image if image is not None else Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    r = brush / 2.0
    width = max(1, round(brush))
    for stroke in strokes:
        pts = [(float(x), float(y)) for x, y in stroke]
        if len(pts) > 1:
            draw.line(pts, fill=0, width=width)
        for x, y in pts:  # round caps and joins
            draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    return image


def place_strokes(
    strokes: Sequence[Stroke], rng: np.random.Generator, config: RenderConfig
) -> tuple[list[Stroke], float]:
    """The trajectory moved onto a canvas with a random size, shape and position, as one
    person might have drawn it there; also returns the digit's height in pixels."""
    allpts = np.concatenate(strokes)
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    centre = (lo + hi) / 2
    span = max(float(hi[1] - lo[1]), float(hi[0] - lo[0]) * 0.5, 1.0)
    angle = math.radians(rng.uniform(-config.rotation_deg, config.rotation_deg))
    shear = rng.uniform(-config.slant, config.slant)
    aspect = rng.uniform(*config.aspect)
    height = rng.uniform(*config.height) * config.canvas
    scale = height / span
    c, s = math.cos(angle), math.sin(angle)
    matrix = np.array([[c, -s], [s, c]]) @ np.array([[aspect, shear], [0.0, 1.0]]) * scale
    moved = [((st - centre) @ matrix.T).astype(np.float32) for st in strokes]
    jitter = config.jitter * height
    moved = [st + rng.normal(0.0, jitter, st.shape).astype(np.float32) for st in moved]
    placed = np.concatenate(moved)
    lo, hi = placed.min(axis=0), placed.max(axis=0)
    margin = 0.04 * config.canvas
    room = np.maximum(config.canvas - 2 * margin - (hi - lo), 0.0)
    offset = margin + rng.uniform(0.0, 1.0, 2) * room - lo
    return [st + offset.astype(np.float32) for st in moved], height


def render(
    strokes: Sequence[Stroke], rng: np.random.Generator, config: RenderConfig | None = None
) -> Image.Image:
    """One canvas-like drawing of a trajectory (white "L" image, canvas-sized)."""
    config = config or RenderConfig()
    placed, height = place_strokes(strokes, rng, config)
    brush = max(1.0, rng.uniform(*config.brush) * height)
    return draw_strokes(placed, config.canvas, brush)


def render_dataset(
    digits: Sequence[PenDigit],
    copies: int = 1,
    seed: int = 0,
    config: RenderConfig | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`copies` drawings of every digit, through the app's preprocessing: uint8 (N, 28, 28)
    MNIST-style images (255 = ink) and their labels, ready for training or evaluation."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for digit in digits:
        for _ in range(copies):
            prepared = preprocess(render(digit.strokes, rng, config))
            if prepared is None:
                continue
            images.append(np.rint(prepared.digit28 * 255).astype(np.uint8))
            labels.append(digit.label)
    if not images:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
    return np.stack(images), np.asarray(labels, dtype=np.int64)
