"""Drawings that are not digits, for teaching the network to say "not sure".

A network trained on digits alone names a digit for anything: "=" comes out as a 2, an "L"
as a 6. The cure used here is outlier exposure: during training these drawings get the
label NOT_A_DIGIT, and the loss asks the network to spread its probability evenly over the
ten digits for them (models.py), so a drawing unlike any digit gets a weak best guess,
which the app reports as "unsure".

The drawings are letters and symbols written as pen strokes, scribbles, the first part of
a real digit's trajectory and two real digits squeezed into one box, all drawn like the
canvas draws (pendigits.py) and prepared by the app's preprocessing. Shapes that are
digits in all but name (O, I, l, S, Z, B, G, b, g, q) are left out on purpose.

SHAPES is split in two by name: networks train on TRAINING_SHAPES only, and the benchmark
also reports HELD_OUT_SHAPES, drawings of a kind the network never saw rejected.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.pendigits import PenDigit, RenderConfig, Stroke, draw_strokes, place_strokes
from lenet_gui.engine.preprocess import preprocess

__all__ = ["HELD_OUT_SHAPES", "NOT_A_DIGIT", "SHAPES", "TRAINING_SHAPES", "render_nondigits"]


def _arc(
    cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 12
) -> list[tuple[float, float]]:
    """Points on an ellipse from angle a0 to a1 (degrees; 0 = right, 90 = down)."""
    angles = np.radians(np.linspace(a0, a1, n))
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]


# Stroke skeletons in a unit box (x right, y down); each shape is a list of strokes.
SHAPES: dict[str, list[list[tuple[float, float]]]] = {
    "A": [[(0, 1), (0.5, 0), (1, 1)], [(0.25, 0.55), (0.75, 0.55)]],
    "C": [_arc(0.5, 0.5, 0.45, 0.5, -50, -310)],
    "E": [[(0.9, 0), (0, 0), (0, 1), (0.9, 1)], [(0, 0.5), (0.7, 0.5)]],
    "F": [[(0.9, 0), (0, 0), (0, 1)], [(0, 0.45), (0.7, 0.45)]],
    "H": [[(0, 0), (0, 1)], [(1, 0), (1, 1)], [(0, 0.5), (1, 0.5)]],
    "K": [[(0, 0), (0, 1)], [(0.9, 0), (0.05, 0.55), (0.9, 1)]],
    "L": [[(0, 0), (0, 1), (0.75, 1)]],
    "M": [[(0, 1), (0.05, 0), (0.5, 0.65), (0.95, 0), (1, 1)]],
    "N": [[(0, 1), (0, 0), (1, 1), (1, 0)]],
    "P": [[(0, 1), (0, 0), *_arc(0.3, 0.25, 0.45, 0.25, -90, 90, 8), (0, 0.5)]],
    "R": [[(0, 1), (0, 0), *_arc(0.3, 0.25, 0.45, 0.25, -90, 90, 8), (0, 0.5), (0.8, 1)]],
    "T": [[(0, 0), (1, 0)], [(0.5, 0), (0.5, 1)]],
    "U": [[(0, 0), *_arc(0.5, 0.55, 0.5, 0.45, 180, 0, 12), (1, 0)]],
    "V": [[(0, 0), (0.5, 1), (1, 0)]],
    "W": [[(0, 0), (0.25, 1), (0.5, 0.35), (0.75, 1), (1, 0)]],
    "X": [[(0, 0), (1, 1)], [(1, 0), (0, 1)]],
    "Y": [[(0, 0), (0.5, 0.5), (1, 0)], [(0.5, 0.5), (0.5, 1)]],
    "a": [[*_arc(0.45, 0.65, 0.4, 0.33, -20, -340, 12), (0.85, 0.35), (0.9, 1)]],
    "e": [[(0.1, 0.6), (0.9, 0.6), *_arc(0.5, 0.6, 0.4, 0.38, 0, -300, 12)]],
    "h": [[(0, 0), (0, 1)], [(0, 0.6), *_arc(0.45, 0.6, 0.42, 0.25, 180, 360, 8), (0.9, 1)]],
    "k": [[(0, 0), (0, 1)], [(0.7, 0.35), (0.05, 0.7), (0.8, 1)]],
    "m": [
        [(0, 1), (0, 0.4), *_arc(0.25, 0.45, 0.25, 0.2, 180, 360, 6), (0.5, 1)],
        [(0.5, 0.5), *_arc(0.75, 0.45, 0.25, 0.2, 180, 360, 6), (1, 1)],
    ],
    "n": [[(0, 1), (0, 0.3), *_arc(0.5, 0.4, 0.45, 0.3, 180, 360, 8), (0.95, 1)]],
    "r": [[(0, 1), (0, 0.3)], [(0, 0.55), *_arc(0.45, 0.55, 0.45, 0.3, 180, 290, 6)]],
    "u": [[(0, 0.3), *_arc(0.45, 0.6, 0.45, 0.4, 180, 0, 10), (0.9, 0.3), (1, 1)]],
    "w": [[(0, 0.3), (0.2, 1), (0.5, 0.5), (0.8, 1), (1, 0.3)]],
    "x": [[(0, 0.3), (1, 1)], [(1, 0.3), (0, 1)]],
    "y": [[(0, 0), (0.5, 0.55)], [(1, 0), (0.2, 1)]],
    "plus": [[(0.5, 0), (0.5, 1)], [(0, 0.5), (1, 0.5)]],
    "minus": [[(0, 0.5), (1, 0.5)]],
    "equals": [[(0, 0.3), (1, 0.3)], [(0, 0.7), (1, 0.7)]],
    "times": [[(0.1, 0.1), (0.9, 0.9)], [(0.9, 0.1), (0.1, 0.9)]],
    "divide": [
        [(0, 0.5), (1, 0.5)],
        _arc(0.5, 0.15, 0.06, 0.06, 0, 360, 6),
        _arc(0.5, 0.85, 0.06, 0.06, 0, 360, 6),
    ],
    "hash": [
        [(0.35, 0), (0.25, 1)],
        [(0.75, 0), (0.65, 1)],
        [(0, 0.33), (1, 0.33)],
        [(0, 0.67), (1, 0.67)],
    ],
    "star": [[(0.5, 0), (0.5, 1)], [(0.07, 0.25), (0.93, 0.75)], [(0.93, 0.25), (0.07, 0.75)]],
    "percent": [
        [(0.9, 0), (0.1, 1)],
        _arc(0.2, 0.15, 0.15, 0.15, 0, 360, 8),
        _arc(0.8, 0.85, 0.15, 0.15, 0, 360, 8),
    ],
    "question": [
        [*_arc(0.5, 0.25, 0.4, 0.25, 180, 400, 10), (0.5, 0.7)],
        _arc(0.5, 0.95, 0.04, 0.04, 0, 360, 5),
    ],
    "less": [[(1, 0), (0, 0.5), (1, 1)]],
    "greater": [[(0, 0), (1, 0.5), (0, 1)]],
    "caret": [[(0, 0.7), (0.5, 0), (1, 0.7)]],
    "tilde": [
        [
            (0, 0.6),
            *_arc(0.25, 0.55, 0.25, 0.15, 180, 360, 6),
            *_arc(0.75, 0.45, 0.25, 0.15, 180, 0, 6),
        ]
    ],
    "arrow_right": [[(0, 0.5), (1, 0.5)], [(0.65, 0.2), (1, 0.5), (0.65, 0.8)]],
    "arrow_up": [[(0.5, 1), (0.5, 0)], [(0.2, 0.35), (0.5, 0), (0.8, 0.35)]],
    "check": [[(0, 0.55), (0.35, 1), (1, 0)]],
    "heart": [
        [
            (0.5, 1),
            (0.05, 0.45),
            *_arc(0.27, 0.3, 0.23, 0.22, 150, 360, 6),
            *_arc(0.73, 0.3, 0.23, 0.22, 180, 390, 6),
            (0.5, 1),
        ]
    ],
    "triangle": [[(0.5, 0), (1, 1), (0, 1), (0.5, 0)]],
    "square": [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]],
    "smiley": [
        _arc(0.5, 0.5, 0.5, 0.5, 0, 360, 16),
        _arc(0.5, 0.55, 0.28, 0.2, 20, 160, 6),
        _arc(0.33, 0.33, 0.04, 0.04, 0, 360, 5),
        _arc(0.67, 0.33, 0.04, 0.04, 0, 360, 5),
    ],
    "spiral": [
        [
            (0.5 + 0.05 * t * math.cos(t), 0.5 + 0.05 * t * math.sin(t))
            for t in np.linspace(0, 9, 30)
        ]
    ],
    "zigzag": [[(i / 6, 0.2 if i % 2 else 0.8) for i in range(7)]],
    "wave": [[(t / 12, 0.5 + 0.35 * math.sin(t * 1.2)) for t in range(13)]],
    "grid": [
        [(0, 0.2), (1, 0.2)],
        [(0, 0.5), (1, 0.5)],
        [(0, 0.8), (1, 0.8)],
        [(0.2, 0), (0.2, 1)],
        [(0.5, 0), (0.5, 1)],
        [(0.8, 0), (0.8, 1)],
    ],
    "dollar": [
        [*_arc(0.5, 0.3, 0.35, 0.2, -30, -270, 8), *_arc(0.5, 0.7, 0.35, 0.2, -90, 150, 8)],
        [(0.5, 0), (0.5, 1)],
    ],
    "ampersand": [
        [
            (1, 1),
            (0.2, 0.3),
            *_arc(0.4, 0.2, 0.2, 0.18, 180, 360, 6),
            (0.15, 0.7),
            *_arc(0.35, 0.8, 0.25, 0.2, 180, 90, 4),
            (0.9, 0.5),
        ]
    ],
}
# Every fourth shape, by name, is never trained on: the benchmark's unseen kinds.
HELD_OUT_SHAPES = frozenset(sorted(SHAPES)[1::4])
TRAINING_SHAPES = frozenset(SHAPES) - HELD_OUT_SHAPES


def _scribble(rng: np.random.Generator) -> list[Stroke]:
    """A random pen wander, one to three strokes."""
    strokes = []
    for _ in range(rng.integers(1, 4)):
        steps = rng.integers(6, 30)
        heading = rng.uniform(0, 2 * math.pi)
        turns = rng.normal(0, rng.uniform(0.3, 1.2), steps).cumsum()
        xy = np.stack([np.cos(heading + turns), np.sin(heading + turns)], axis=1).cumsum(axis=0)
        strokes.append((xy + rng.normal(0, 3, 2)).astype(np.float32))
    return strokes


def _partial(digit: PenDigit, rng: np.random.Generator) -> list[Stroke] | None:
    """The first 20-45 % of a digit's trajectory: a drawing abandoned half way. None when
    that part is nearly straight: a lone stroke is how many people write a 1."""
    points = np.concatenate(digit.strokes)
    part = points[: max(2, int(len(points) * rng.uniform(0.2, 0.45)))]
    length = float(np.linalg.norm(np.diff(part, axis=0), axis=1).sum())
    chord = float(np.linalg.norm(part[-1] - part[0]))
    return [part] if chord < 0.8 * length else None


def _squeezed(a: PenDigit, b: PenDigit, rng: np.random.Generator) -> list[Stroke]:
    """Two digits side by side, read as one drawing."""

    def normalised(d: PenDigit) -> list[Stroke]:
        pts = np.concatenate(d.strokes)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return [(s - lo) / max(float(hi[1] - lo[1]), 1.0) for s in d.strokes]

    left, right = normalised(a), normalised(b)
    shift = max(float(np.concatenate(left)[:, 0].max()), 0.2) + rng.uniform(0.0, 0.3)
    return [*left, *(s + np.array([shift, rng.uniform(-0.1, 0.1)], np.float32) for s in right)]


Maker = Callable[[np.random.Generator], list[Stroke] | None]


def _shape_maker(name: str) -> Maker:
    strokes = [np.asarray(s, dtype=np.float32) for s in SHAPES[name]]

    def make(rng: np.random.Generator) -> list[Stroke]:
        # an uneven hand: each point wanders a little, then the whole is placed like a digit
        return [s + rng.normal(0, 0.025, s.shape).astype(np.float32) for s in strokes]

    return make


def makers(shapes: frozenset[str], pen: Sequence[PenDigit] = ()) -> list[Maker]:
    """Generators of non-digit strokes: the named shapes, scribbles, and (given pen digits)
    partial and squeezed digits."""
    out: list[Maker] = [_shape_maker(name) for name in sorted(shapes)]
    out += [_scribble] * max(1, len(out) // 6)
    if pen:
        whole = [d for d in pen if d.label != 1]  # a partial 1 is still a 1

        def partial(rng: np.random.Generator) -> list[Stroke] | None:
            return _partial(whole[rng.integers(len(whole))], rng)

        def squeezed(rng: np.random.Generator) -> list[Stroke]:
            a, b = rng.integers(len(pen), size=2)
            return _squeezed(pen[a], pen[b], rng)

        out += [partial] * max(1, len(out) // 8) + [squeezed] * max(1, len(out) // 8)
    return out


def render_nondigits(
    count: int,
    seed: int = 0,
    shapes: frozenset[str] = TRAINING_SHAPES,
    pen: Sequence[PenDigit] = (),
    config: RenderConfig | None = None,
) -> np.ndarray:
    """`count` non-digit drawings through the app's preprocessing: uint8 (N, 28, 28)."""
    config = config or RenderConfig()
    rng = np.random.default_rng(seed)
    kinds = makers(shapes, pen)
    images: list[np.ndarray] = []
    while len(images) < count:
        strokes = kinds[rng.integers(len(kinds))](rng)
        if strokes is None:
            continue
        placed, height = place_strokes(strokes, rng, config)
        brush = max(1.0, rng.uniform(*config.brush) * height)
        prepared = preprocess(draw_strokes(placed, config.canvas, brush))
        if prepared is not None:
            images.append(np.rint(prepared.digit28 * 255).astype(np.uint8))
    return np.stack(images) if images else np.zeros((0, 28, 28), np.uint8)
