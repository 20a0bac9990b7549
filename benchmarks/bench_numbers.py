"""Reading whole numbers: share read exactly, separated vs touching digits, and speed.

    .venv/bin/python benchmarks/bench_numbers.py [--n 300] [--seed 0] [--single 500]

Numbers of 2 to 6 digits are written by people the network never saw:

* mnist: MNIST *test* digits (each its own writer, as on an envelope written by several
  hands would not be: a harsh case) placed in a row at 4x size, with baseline wobble and a
  random gap: *separated* gaps of 10-50 % of the digit height, *touching* ones from a 20 %
  overlap of the ink boxes to a 4 % gap (close, touching or overlapping ink).
* pen: real pen trajectories of the pendigits writers held out of all training
  (pendigits.split_by_writer), one writer per number, drawn the way the canvas draws
  strokes (pendigits.draw_strokes): a common digit height (48-100 px) and brush, the
  writer's slant, each digit's size varied by up to 8 % and its baseline by up to 5 % of the
  height, the same gaps as above between the digits' ink boxes. read() gets the strokes,
  as the canvas gives them.
* pen-image: the same pen numbers read from the image alone, without their strokes, as
  `lenet-gui predict --json number.png` reads a scanned or saved number.

Each number is one white canvas, read as the app reads it: with its strokes when it was
drawn with a pen (Recognizer.read), else from the image with the SDNN check
(SdnnReader.read; the segmentation alone is printed beside); it counts when the text is
exactly the number. Single digits: the drawings of bench_accuracy.py (pen strokes and
fonts), MNIST test digits as 280x280 images and held-out pendigits drawn alone (with their
strokes, and as images), read with predict() and as a number; the number must lose
nothing. Speed: reading the 6-digit numbers (MNIST, pen with their strokes, pen from the
image alone), median and p95, wall time and
CPU time (on a shared machine the wall time also counts waiting for a core).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drawings import make_drawings, mnist_test

from lenet_gui.engine.pendigits import (
    PenDigit,
    RenderConfig,
    draw_strokes,
    load_pendigits,
    place_strokes,
    split_by_writer,
)
from lenet_gui.engine.recognizer import Reading, Recognizer
from lenet_gui.engine.rows import WrittenNumber, mnist_number, pen_number
from lenet_gui.engine.sdnn import SdnnReader
from lenet_gui.paths import bundled_sdnn, bundled_weights

PENDIGITS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "pendigits"

GAPS = {"separated": (0.10, 0.50), "touching": (-0.20, 0.04)}  # x the digit height


def mnist_numbers(n: int, seed: int, kind: str) -> Iterator[WrittenNumber]:
    """MNIST test digits in a row at 4x size (MNIST's 28 px as a 112-px-high digit)."""
    images, labels = mnist_test()
    rng = np.random.default_rng([seed, list(GAPS).index(kind)])
    for _ in range(n):
        yield mnist_number(images, labels, rng, GAPS[kind])


def held_out_pen() -> dict[int, list[PenDigit]]:
    """The held-out writers' pen digits, by writer."""
    _, held_out = split_by_writer(load_pendigits(PENDIGITS))
    by_writer: dict[int, list[PenDigit]] = {}
    for digit in held_out:
        by_writer.setdefault(digit.writer, []).append(digit)
    return by_writer


def pen_numbers(n: int, seed: int, kind: str) -> Iterator[WrittenNumber]:
    """Each number in the hand of one held-out writer."""
    by_writer = held_out_pen()
    writers = sorted(by_writer)
    rng = np.random.default_rng([seed, list(GAPS).index(kind), 1])
    for _ in range(n):
        writer = by_writer[writers[int(rng.integers(len(writers)))]]
        yield pen_number(writer, rng, GAPS[kind])


def pen_singles(n: int, seed: int) -> list[WrittenNumber]:
    """Held-out pen digits drawn alone on the canvas, with their strokes."""
    digits = [d for ds in held_out_pen().values() for d in ds]
    rng = np.random.default_rng(seed)
    config = RenderConfig()
    out = []
    for i in rng.choice(len(digits), size=min(n, len(digits)), replace=False):
        placed, height = place_strokes(digits[i].strokes, rng, config)
        brush = max(1.0, rng.uniform(*config.brush) * height)
        image = np.asarray(draw_strokes(placed, config.canvas, brush))
        out.append(WrittenNumber(image, (digits[i].label,), (), placed))
    return out


def mnist_singles(n: int, seed: int) -> list[tuple[Image.Image, int]]:
    """MNIST test digits alone, enlarged to a 280x280 image (a scanned digit), no strokes."""
    images, labels = mnist_test()
    picks = np.random.default_rng(seed).choice(len(images), size=n, replace=False)
    return [
        (
            Image.fromarray(255 - images[i]).resize((280, 280), Image.Resampling.BILINEAR),
            int(labels[i]),
        )
        for i in picks
    ]


def pen_images(n: int, seed: int, kind: str) -> Iterator[WrittenNumber]:
    """The pen numbers without their strokes: the image is all read() gets."""
    for number in pen_numbers(n, seed, kind):
        yield replace(number, strokes=None)


SETS = {"mnist": mnist_numbers, "pen": pen_numbers, "pen-image": pen_images}


def _percent(hits: int, n: int) -> str:
    return f"{100 * hits / n:5.1f} % ({hits}/{n})"


def read(recognizer: Recognizer, sdnn: SdnnReader | None, number: WrittenNumber) -> Reading:
    """As the app reads (SdnnReader.read); without `sdnn`, the segmentation alone."""
    if sdnn is None:
        return recognizer.read(number.image, number.strokes)
    return sdnn.read(recognizer, number.image, number.strokes)


def accuracy(recognizer: Recognizer, sdnn: SdnnReader, args: argparse.Namespace) -> None:
    """Numbers read exactly, per set and length; single digits through read() vs predict().
    Read from the image alone, also without the SDNN's check, side by side."""
    for (source, numbers), kind in itertools.product(SETS.items(), GAPS):
        try:
            rows = list(numbers(args.n, args.seed, kind))
        except FileNotFoundError as exc:
            print(f"{source} {kind}: skipped ({exc})")
            continue
        hits, alone, by_length, errors = 0, 0, {}, []
        for number in rows:
            text = read(recognizer, sdnn, number).text
            ok = text == number.text
            hits += ok
            if number.strokes is None:
                alone += read(recognizer, None, number).text == number.text
            got, total = by_length.get(len(number.text), (0, 0))
            by_length[len(number.text)] = (got + ok, total + 1)
            if not ok and len(errors) < args.show_errors:
                errors.append(f"    {number.text} read as {text!r}")
        lengths = "  ".join(f"{k}: {g}/{t}" for k, (g, t) in sorted(by_length.items()))
        without = (
            f" (segmentation alone {_percent(alone, args.n)})" if rows[0].strokes is None else ""
        )
        print(f"{source:9} {kind:9} read exactly: {_percent(hits, args.n)}{without}")
        print(f"    by length {lengths}")
        print("\n".join(errors))

    for source in ("strokes", "fonts", "mnist"):
        try:
            if source == "mnist":
                drawings = mnist_singles(args.single, args.seed + 3)
            else:
                drawings = make_drawings(args.single, args.seed + 1, source)
        except FileNotFoundError as exc:
            print(f"single digits, {source:7}: skipped ({exc})")
            continue
        alone = sum(recognizer.predict(image).digit == label for image, label in drawings)
        as_number = sum(
            sdnn.read(recognizer, image).text == str(label) for image, label in drawings
        )
        print(
            f"single digits, {source:7}: predict() {_percent(alone, len(drawings))}"
            f"   read() from the image {_percent(as_number, len(drawings))}"
        )
    singles = pen_singles(args.single, args.seed + 2)
    alone = sum(recognizer.predict(s.image).digit == int(s.text) for s in singles)
    as_number = sum(recognizer.read(s.image, s.strokes).text == s.text for s in singles)
    as_image = sum(sdnn.read(recognizer, s.image).text == s.text for s in singles)
    print(
        f"single digits, pen    : predict() {_percent(alone, len(singles))}"
        f"   read() with strokes {_percent(as_number, len(singles))}"
        f"   from the image {_percent(as_image, len(singles))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=bundled_weights())
    parser.add_argument("--sdnn", type=Path, default=bundled_sdnn(), help="the SDNN's weights")
    parser.add_argument("--n", type=int, default=300, help="numbers per set")
    parser.add_argument("--single", type=int, default=500, help="single-digit drawings per source")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show-errors", type=int, default=0, help="print this many misreads")
    parser.add_argument("--speed-only", action="store_true", help="only time read()")
    args = parser.parse_args()
    recognizer = Recognizer.from_file(args.weights)
    sdnn = SdnnReader.from_file(args.sdnn)

    if not args.speed_only:
        accuracy(recognizer, sdnn, args)
    for source, numbers in SETS.items():
        try:
            six = [n for kind in GAPS for n in numbers(args.n, args.seed, kind) if len(n.text) == 6]
        except FileNotFoundError:
            continue
        speed(recognizer, sdnn, source, six[:100])


def speed(recognizer: Recognizer, sdnn: SdnnReader, source: str, six: list[WrittenNumber]) -> None:
    """Time reading 6-digit numbers as the app does (read())."""
    for number in six[:5]:  # warm-up
        read(recognizer, sdnn, number)
    wall, cpu = [], []
    for number in six:
        start, start_cpu = time.perf_counter(), time.process_time()
        read(recognizer, sdnn, number)
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    shape = np.median([n.image.shape for n in six], axis=0)
    print(
        f"read() of a 6-digit {source} number ({len(wall)}, median {shape[1]:.0f}x{shape[0]:.0f}"
        f" px), load average {os.getloadavg()[0]:.1f}:"
    )
    for name, times in (("wall", wall), ("CPU", cpu)):
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"  {name:4} median {statistics.median(times):.1f} ms  p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
