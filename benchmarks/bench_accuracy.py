"""Accuracy of a weights file on the MNIST test set and on generated drawings.

    .venv/bin/python benchmarks/bench_accuracy.py [--weights FILE] [--n 2000] [--seed 1]

"Drawings" are the two sets from drawings.py: MNIST *test* digits re-drawn as pen strokes
of random width on large canvases ("strokes"), and digits in handwriting-style fonts
("fonts"). For contrast it also reports what a direct resize of the whole canvas to 28x28
(no MNIST normalisation) would score on the strokes set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drawings import make_drawings

from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.training import evaluate, to_tensors
from lenet_gui.paths import bundled_weights, shared_mnist_dir


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=bundled_weights())
    parser.add_argument("--data", type=Path, default=shared_mnist_dir())
    parser.add_argument("--n", type=int, default=2000, help="drawings per source")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    recognizer = Recognizer.from_file(args.weights)
    test = load_mnist(args.data, "test")
    x, y = to_tensors(test.images, test.labels)
    _, mnist_acc, _ = evaluate(recognizer.model, x, y)
    print(f"weights: {args.weights}")
    print(f"MNIST test set (10,000):          {100 * mnist_acc:6.2f} %")
    for source in ("strokes", "fonts"):
        drawings = make_drawings(args.n, args.seed, source)
        acc = drawing_accuracy(recognizer, drawings)
        print(f"drawings, {source:<8} ({len(drawings):,}):    {100 * acc:6.2f} %")
        if source == "strokes":
            naive = direct_resize_accuracy(recognizer, drawings)
            print(f"  same, direct resize to 28x28:    {100 * naive:6.2f} %")


if __name__ == "__main__":
    main()
