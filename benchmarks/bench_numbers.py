"""Reading whole numbers: share read exactly, separated vs touching digits, and speed.

    .venv/bin/python benchmarks/bench_numbers.py [--n 300] [--seed 0] [--single 500]

Numbers of 2 to 6 digits are written by people the network never saw:

* mnist: MNIST *test* digits (each its own writer, as on an envelope written by several
  hands would not be: a harsh case) placed in a row at 4x size, with baseline wobble and a
  random gap: *separated* gaps of 10-50 % of the digit height, *touching* ones from a 20 %
  overlap of the ink boxes to a 4 % gap (close, touching or overlapping ink).

Each number is one white canvas, read with Recognizer.read(); it counts when the text is
exactly the number. Single digits: the drawings of bench_accuracy.py (pen strokes and
fonts), read with predict() and with read(); read() must lose nothing. Speed: read() of the
6-digit numbers, median and p95, wall time and CPU time (on a shared machine the wall time
also counts waiting for a core).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drawings import make_drawings, mnist_test

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.paths import bundled_weights

UPSCALE = 4  # MNIST's 28 px as a 112-px-high digit, a size people draw on the canvas
GAPS = {"separated": (0.10, 0.50), "touching": (-0.20, 0.04)}  # x the digit height (20 px)


@dataclass(frozen=True)
class Number:
    image: np.ndarray  # uint8 (H, W), white background, black ink
    text: str


def _ink_columns(image: np.ndarray) -> np.ndarray:
    """A digit's image cut to its inked columns."""
    cols = np.flatnonzero(image.max(axis=0) > 40)
    return image[:, cols[0] : cols[-1] + 1]


def mnist_number(
    images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, gaps: tuple[float, float]
) -> Number:
    """2-6 MNIST test digits in a row, ink combined where it overlaps."""
    picks = rng.choice(len(images), size=int(rng.integers(2, 7)))
    digit_height = 20.0
    parts = [_ink_columns(images[i]) for i in picks]
    widths = [p.shape[1] for p in parts]
    xs = [8]
    for w in widths[:-1]:
        gap = rng.uniform(*gaps) * digit_height
        xs.append(xs[-1] + w + round(gap))
    ys = [8 + round(rng.uniform(-1.5, 1.5)) for _ in parts]  # baseline wobble
    row = np.zeros((28 + 16, xs[-1] + widths[-1] + 8), np.float32)
    for part, x, y in zip(parts, xs, ys, strict=True):
        window = row[y : y + 28, x : x + part.shape[1]]
        np.maximum(window, part, out=window)
    big = Image.fromarray(255 - row.astype(np.uint8)).resize(
        (row.shape[1] * UPSCALE, row.shape[0] * UPSCALE), Image.Resampling.BILINEAR
    )
    return Number(np.asarray(big), "".join(str(int(labels[i])) for i in picks))


def mnist_numbers(n: int, seed: int, kind: str) -> Iterator[Number]:
    images, labels = mnist_test()
    rng = np.random.default_rng([seed, list(GAPS).index(kind)])
    for _ in range(n):
        yield mnist_number(images, labels, rng, GAPS[kind])


def _percent(hits: int, n: int) -> str:
    return f"{100 * hits / n:5.1f} % ({hits}/{n})"


def accuracy(recognizer: Recognizer, args: argparse.Namespace) -> None:
    """Numbers read exactly, per set and length; single digits through read() vs predict()."""
    for kind in GAPS:
        hits, by_length, errors = 0, {}, []
        for number in mnist_numbers(args.n, args.seed, kind):
            text = recognizer.read(number.image).text
            ok = text == number.text
            hits += ok
            got, total = by_length.get(len(number.text), (0, 0))
            by_length[len(number.text)] = (got + ok, total + 1)
            if not ok and len(errors) < args.show_errors:
                errors.append(f"    {number.text} read as {text!r}")
        lengths = "  ".join(f"{k}: {g}/{t}" for k, (g, t) in sorted(by_length.items()))
        print(f"mnist {kind:9} read exactly: {_percent(hits, args.n)}   by length {lengths}")
        print("\n".join(errors))

    for source in ("strokes", "fonts"):
        try:
            drawings = make_drawings(args.single, args.seed + 1, source)
        except FileNotFoundError as exc:
            print(f"single digits, {source:7}: skipped ({exc})")
            continue
        alone = sum(recognizer.predict(image).digit == label for image, label in drawings)
        as_number = sum(recognizer.read(image).text == str(label) for image, label in drawings)
        print(
            f"single digits, {source:7}: predict() {_percent(alone, len(drawings))}"
            f"   read() {_percent(as_number, len(drawings))}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=bundled_weights())
    parser.add_argument("--n", type=int, default=300, help="numbers per set")
    parser.add_argument("--single", type=int, default=500, help="single-digit drawings per source")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show-errors", type=int, default=0, help="print this many misreads")
    parser.add_argument("--speed-only", action="store_true", help="only time read()")
    args = parser.parse_args()
    recognizer = Recognizer.from_file(args.weights)

    numbers = [n for kind in GAPS for n in mnist_numbers(args.n, args.seed, kind)]
    six = [n.image for n in numbers if len(n.text) == 6][:100]
    if not args.speed_only:
        accuracy(recognizer, args)
    for image in six[:5]:  # warm-up
        recognizer.read(image)
    wall, cpu = [], []
    for image in six:
        start, start_cpu = time.perf_counter(), time.process_time()
        recognizer.read(image)
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    size = f"{six[0].shape[1]}x{six[0].shape[0]} px or so"
    print(
        f"read() of a 6-digit number ({len(wall)}, {size}), load average {os.getloadavg()[0]:.1f}:"
    )
    for name, times in (("wall", wall), ("CPU", cpu)):
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"  {name:4} median {statistics.median(times):.1f} ms  p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
