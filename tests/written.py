"""Numbers written with a pen, for tests: digits as strokes, rendered like the canvas's ink."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

Stroke = list[tuple[float, float]]


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> Stroke:
    """Points on an ellipse from angle `start` to `end` (radians, clockwise from 12 o'clock)."""
    steps = max(8, round(abs(end - start) / 0.2))
    return [
        (
            cx + rx * math.sin(start + (end - start) * i / steps),
            cy - ry * math.cos(start + (end - start) * i / steps),
        )
        for i in range(steps + 1)
    ]


# Digits as pen strokes in a box 0.6 wide and 1 high (y down), the way people write them.
DIGITS: dict[str, list[Stroke]] = {
    "0": [arc(0.3, 0.5, 0.28, 0.5, 0.0, 2 * math.pi + 0.2)],
    "1": [[(0.36, 0.0), (0.26, 1.0)]],
    "2": [[*arc(0.3, 0.28, 0.27, 0.27, -1.4, 2.1), (0.02, 1.0), (0.6, 1.0)]],
    "3": [arc(0.28, 0.25, 0.26, 0.25, -1.3, 2.6) + arc(0.28, 0.72, 0.3, 0.28, 0.0, 4.3)],
    # two strokes: the open corner, then the stem crossing the bar
    "4": [[(0.3, 0.0), (0.0, 0.62), (0.6, 0.62)], [(0.45, 0.25), (0.45, 1.0)]],
    # two strokes: body and bowl, then the flag
    "5": [
        [(0.08, 0.0), (0.04, 0.45), *arc(0.28, 0.68, 0.28, 0.3, -1.2, 4.0)],
        [(0.08, 0.0), (0.58, 0.0)],
    ],
    "7": [[(0.0, 0.0), (0.6, 0.0), (0.18, 1.0)]],
}
HEIGHT = 120  # pixels per digit
WIDTH = 0.6 * HEIGHT


def write(
    text: str, gaps: list[float], pen: float = 9.0
) -> tuple[Image.Image, list[np.ndarray], list[tuple[float, float]]]:
    """`text` written on a white canvas, digit after digit, with the given gaps between their
    boxes (x the digit height; negative: overlapping boxes). Returns the image, the pen
    strokes in image pixels and each digit's horizontal extent."""
    margin = 40
    xs = [float(margin)]
    for gap in gaps:
        xs.append(xs[-1] + WIDTH + gap * HEIGHT)
    size = (round(xs[-1] + WIDTH + margin), HEIGHT + 2 * margin)
    big = 4  # supersampled, then reduced: anti-aliased ink like the canvas
    image = Image.new("L", (size[0] * big, size[1] * big), 255)
    draw = ImageDraw.Draw(image)
    strokes = []
    for char, x in zip(text, xs, strict=True):
        for stroke in DIGITS[char]:
            points = [(x + px * HEIGHT, margin + py * HEIGHT) for px, py in stroke]
            strokes.append(np.asarray(points))
            scaled = [(a * big, b * big) for a, b in points]
            draw.line(scaled, fill=0, width=round(pen * big), joint="curve")
            for a, b in (scaled[0], scaled[-1]):
                r = pen * big / 2
                draw.ellipse((a - r, b - r, a + r, b + r), fill=0)
    extents = [(x, x + WIDTH) for x in xs]
    return image.resize(size, Image.Resampling.BOX), strokes, extents
