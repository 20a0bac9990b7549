"""Latency of one `Recognizer.predict()` on a drawing, preprocessing included.

    .venv/bin/python benchmarks/bench_predict.py [--weights FILE] [--n 300]

Each call gets a white canvas (280x280, the app's canvas resolution) with pen strokes, as
the GUI hands it over on every mouse move. Prints median, p95 and max, and the split
between preprocessing and the network (predict() reads each input four ways and averages:
recognizer.reading_variants).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drawings import make_drawings

from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.paths import bundled_weights


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):.3f} ms  p95 {p95:.3f} ms  max {ordered[-1]:.3f} ms"


def _time(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1e3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=bundled_weights())
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--size", type=int, default=280, help="canvas side in pixels")
    args = parser.parse_args()
    recognizer = Recognizer.from_file(args.weights)
    canvases = [
        np.asarray(image.convert("L").resize((args.size, args.size)))
        for image, _ in make_drawings(args.n, 0, "strokes")
    ]
    for canvas in canvases[:20]:  # warm-up: first calls allocate
        recognizer.predict(canvas)
    inputs = [preprocess(c).input32 for c in canvases]
    print(f"{args.n} drawings, {args.size}x{args.size} canvas")
    print(f"predict() total : {_ms(_time(recognizer.predict, canvases))}")
    print(f"  preprocessing : {_ms(_time(preprocess, canvases))}")
    print(f"  network, 4 readings : {_ms(_time(recognizer.predict_input, inputs))}")
    print(f"  network, 1 reading  : {_ms(_time(recognizer.net.activations, inputs))}")


if __name__ == "__main__":
    main()
