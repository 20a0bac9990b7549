"""Accuracy and honesty of a weights file: real pen writers, MNIST, drawings, non-digits.

    .venv/bin/python benchmarks/bench_accuracy.py [--weights FILE] [--n 2000] [--seed 1]

Sets (all through the app's own preprocessing and the Recognizer, as the window reads them):
* pen, held-out writers: the pendigits writers no bundled network trained on
  (pendigits.HELD_OUT_WRITERS), each trajectory drawn twice like the canvas draws;
* MNIST test set;
* "strokes": MNIST *test* digits re-drawn as pen strokes of random width on large canvases,
  and "fonts": digits in handwriting-style fonts (drawings.py; fonts that are not installed
  are skipped);
* non-digits: letters, symbols and scribbles (nondigits.py), once of the kinds the networks
  trained on (fresh drawings) and once of kinds they never saw.

For digits: accuracy, the share answered "unsure", confident mistakes (wrong with >= 95 %)
and the expected calibration error (ECE). For non-digits: the share answered "unsure" and
the share given a digit with >= 95 %. For contrast it also reports what a direct resize of
the whole canvas to 28x28 (no MNIST normalisation) would score on the strokes set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drawings import make_drawings

from lenet_gui.engine.calibration import CONFIDENT, expected_calibration_error
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.nondigits import HELD_OUT_SHAPES, TRAINING_SHAPES, render_nondigits
from lenet_gui.engine.pendigits import load_pendigits, render_dataset, split_by_writer
from lenet_gui.engine.preprocess import mnist_to_input, preprocess
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.paths import bundled_weights, shared_mnist_dir, shared_pendigits_dir


def drawing_accuracy(recognizer: Recognizer, drawings: list[tuple[Image.Image, int]]) -> float:
    correct = sum(recognizer.predict(image).digit == label for image, label in drawings)
    return correct / len(drawings)


def direct_resize_accuracy(
    recognizer: Recognizer, drawings: list[tuple[Image.Image, int]]
) -> float:
    """The naive pipeline: squash the whole canvas to 28x28, invert, pad; no normalisation."""
    correct = 0
    for image, label in drawings:
        small = np.asarray(image.convert("L").resize((28, 28), Image.Resampling.LANCZOS))
        ink = np.pad(1.0 - small.astype(np.float32) / 255.0, 2)
        correct += recognizer.predict_input(ink).digit == label
    return correct / len(drawings)


def digit_row(name: str, recognizer: Recognizer, inputs: np.ndarray, labels: np.ndarray) -> None:
    """One line of figures for prepared 32x32 inputs of real digits."""
    predictions = [recognizer.predict_input(x) for x in inputs]
    probs = np.stack([p.probabilities for p in predictions])
    wrong = probs.argmax(axis=1) != labels
    unsure = np.array([p.unsure for p in predictions])
    confident_wrong = wrong & (probs.max(axis=1) >= CONFIDENT)
    ece = expected_calibration_error(probs, labels)
    accuracy = 1 - wrong.mean()
    print(
        f"{name:<34} {len(labels):>6,} {100 * accuracy:8.2f} % {100 * unsure.mean():7.2f} %"
        f" {100 * confident_wrong.mean():8.2f} % {100 * ece:6.2f} %"
    )


def nondigit_row(name: str, recognizer: Recognizer, images: np.ndarray) -> None:
    predictions = [recognizer.predict_input(x) for x in mnist_to_input(images)]
    unsure = np.mean([p.unsure for p in predictions])
    confident = np.mean([p.confidence >= CONFIDENT for p in predictions])
    print(
        f"{name:<34} {len(images):>6,}   unsure {100 * unsure:6.2f} %   "
        f">= 95 % digit {100 * confident:6.2f} %"
    )


def prepared(drawings: list[tuple[Image.Image, int]]) -> tuple[np.ndarray, np.ndarray]:
    kept = [(preprocess(image), label) for image, label in drawings]
    kept = [(p, label) for p, label in kept if p is not None]
    return np.stack([p.input32 for p, _ in kept]), np.array([label for _, label in kept])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=bundled_weights())
    parser.add_argument("--data", type=Path, default=shared_mnist_dir())
    parser.add_argument("--pen", type=Path, default=shared_pendigits_dir())
    parser.add_argument("--n", type=int, default=2000, help="drawings per generated set")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    recognizer = Recognizer.from_file(args.weights)
    print(
        f"weights: {args.weights} (temperature {recognizer.calibration.temperature:g}, "
        f"unsure below {recognizer.calibration.unsure_below:.0%})"
    )
    print(f"{'set':<34} {'n':>6} {'accuracy':>10} {'unsure':>9} {'conf.wrong':>10} {'ECE':>8}")
    _, held_out = split_by_writer(load_pendigits(args.pen))
    images, labels = render_dataset(held_out, copies=2, seed=args.seed + 100)
    digit_row("pen, held-out writers", recognizer, mnist_to_input(images), labels)
    test = load_mnist(args.data, "test")
    digit_row("MNIST test set", recognizer, mnist_to_input(test.images), test.labels)
    for source in ("strokes", "fonts"):
        try:
            drawings = make_drawings(args.n, args.seed, source)
        except FileNotFoundError as exc:
            print(f"drawings, {source}: skipped ({exc})")
            continue
        digit_row(f"drawings, {source}", recognizer, *prepared(drawings))
        if source == "strokes":
            naive = direct_resize_accuracy(recognizer, drawings)
            print(f"  strokes, direct resize to 28x28:   {100 * naive:6.2f} %")
    nondigit_row(
        "non-digits, kinds trained on",
        recognizer,
        render_nondigits(args.n, args.seed + 200, TRAINING_SHAPES),
    )
    nondigit_row(
        "non-digits, kinds never seen",
        recognizer,
        render_nondigits(args.n, args.seed + 300, HELD_OUT_SHAPES),
    )
    nondigit_row(
        "partial and squeezed pen digits",
        recognizer,
        render_nondigits(args.n, args.seed + 400, frozenset(), held_out),
    )


if __name__ == "__main__":
    main()
