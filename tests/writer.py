"""A synthetic writer for adaptation tests: every digit in one consistent hand, drawn
afresh (size, slant, pen width, wobble) each time, like a person writing it again.

Their 3 is mirrored (open to the left, like a Greek epsilon), as children often write it;
the bundled network reads none of those as a 3 (checked by the tests before they rely on
it). Every other digit is written plainly and read right.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from lenet_gui.engine.preprocess import preprocess

Stroke = list[tuple[float, float]]

# polylines in a unit box, x to the right, y down
HAND: dict[int, list[Stroke]] = {
    0: [[(0.5, 0), (0.15, 0.25), (0.15, 0.75), (0.5, 1), (0.85, 0.75), (0.85, 0.25), (0.5, 0)]],
    1: [[(0.3, 0.2), (0.6, 0), (0.6, 1)]],
    2: [[(0.15, 0.2), (0.5, 0), (0.85, 0.2), (0.8, 0.45), (0.15, 1), (0.9, 1)]],
    3: [[(0.85, 0.1), (0.5, 0), (0.15, 0.2), (0.5, 0.5), (0.15, 0.75), (0.5, 1), (0.85, 0.9)]],
    4: [[(0.7, 1), (0.7, 0), (0.1, 0.7), (0.95, 0.7)]],
    5: [[(0.85, 0), (0.2, 0), (0.15, 0.45), (0.6, 0.4), (0.85, 0.7), (0.6, 1), (0.15, 0.9)]],
    6: [[(0.8, 0), (0.3, 0.35), (0.15, 0.75), (0.5, 1), (0.85, 0.75), (0.5, 0.5), (0.2, 0.65)]],
    7: [[(0.1, 0), (0.9, 0), (0.4, 1)]],
    8: [
        [
            (0.5, 0.5),
            (0.2, 0.25),
            (0.5, 0),
            (0.8, 0.25),
            (0.5, 0.5),
            (0.15, 0.75),
            (0.5, 1),
            (0.85, 0.75),
            (0.5, 0.5),
        ]
    ],
    9: [[(0.85, 0.3), (0.5, 0), (0.15, 0.3), (0.5, 0.55), (0.85, 0.3), (0.8, 1)]],
}
MISREAD = 3  # the digit of this hand the bundled network gets wrong


def drawing(digit: int, rng: np.random.Generator, size: int = 140) -> Image.Image:
    """One canvas-like drawing (black on white) of `digit` in this hand."""
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    height = rng.uniform(0.55, 0.8) * size
    width = height * rng.uniform(0.55, 0.75)
    left = rng.uniform(0.05 * size, 0.95 * size - width)
    top = rng.uniform(0.05 * size, 0.95 * size - height)
    slant = rng.uniform(-0.15, 0.15)
    pen = max(2, int(rng.uniform(0.06, 0.12) * height))
    for stroke in HAND[digit]:
        points = [
            (
                left + (x + slant * (1 - y)) * width + rng.normal(0, 0.015 * height),
                top + y * height + rng.normal(0, 0.015 * height),
            )
            for x, y in stroke
        ]
        draw.line(points, fill=0, width=pen, joint="curve")
    return image


def prepared(digit: int, count: int, seed: int) -> np.ndarray:
    """`count` drawings of `digit` as the app stores samples: uint8 (count, 28, 28)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        result = preprocess(drawing(digit, rng))
        assert result is not None
        out.append(np.rint(result.digit28 * 255).astype(np.uint8))
    return np.stack(out)


def samples(per_digit: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`per_digit` prepared drawings of every digit, and their labels."""
    images = np.concatenate([prepared(d, per_digit, seed * 10 + d) for d in range(10)])
    return images, np.repeat(np.arange(10, dtype=np.uint8), per_digit)
