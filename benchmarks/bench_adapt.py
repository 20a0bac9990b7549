"""Does "teach it my handwriting" work for real people? Writers no network was trained on
(the pendigits writers held out of all training, engine/pendigits.py) each teach a few
drawings per digit through the command line, exactly as a user would:

    lenet-gui samples add --dir D --label 7 one.png two.png three.png      (per digit)
    lenet-gui adapt --weights W --samples D --out my.pt --seed S

and are then read on all their other digits. Printed per writer and summed up: accuracy on
their own writing before -> after, the time `adapt` took, the adapted network's MNIST test
accuracy, and its accuracy on the other held-out writers' digits before -> after (what
adapting to one person costs everyone else).

    python benchmarks/bench_adapt.py [--writers 3 7] [--per-digit 3] [--weights FILE]

Drawings are the trajectories drawn as the canvas draws them (pendigits.render), one per
digit, with a fixed seed; teaching and test digits are never the same trajectories.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from lenet_gui.cli import main as cli
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.pendigits import HELD_OUT_WRITERS, load_pendigits, render, split_by_writer
from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.training import evaluate, to_tensors
from lenet_gui.engine.weights import load_weights
from lenet_gui.paths import bundled_weights

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def _accuracy(model: torch.nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    x, y = to_tensors(images, labels)
    return evaluate(model, x, y)[1]


def _run_cli(*argv: str) -> str:
    """Run one lenet-gui command in this process; its output, or SystemExit on failure."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(list(argv))
    if code != 0:
        raise SystemExit(f"lenet-gui {' '.join(argv)} failed: {err.getvalue().strip()}")
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", help="default: every held-out writer")
    parser.add_argument("--per-digit", type=int, default=3, help="drawings taught per digit")
    parser.add_argument("--weights", type=Path, default=bundled_weights("modern"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mnist", type=int, default=10000, help="MNIST test images to read")
    args = parser.parse_args()

    digits = split_by_writer(load_pendigits(SHARED / "pendigits"))[1]
    writers = sorted(args.writers or HELD_OUT_WRITERS)
    rng = np.random.default_rng(args.seed)
    drawings, images, labels, owners = [], [], [], []
    for digit in digits:  # one canvas drawing of every trajectory, the same on every run
        picture = render(digit.strokes, rng)
        prepared = preprocess(picture)
        if prepared is None:
            continue
        drawings.append(picture)
        images.append(np.rint(prepared.digit28 * 255).astype(np.uint8))
        labels.append(digit.label)
        owners.append(digit.writer)
    images_a, labels_a, owners_a = np.stack(images), np.asarray(labels), np.asarray(owners)

    base = load_weights(args.weights).model
    mnist = load_mnist(SHARED / "mnist", "test")
    x_mnist, y_mnist = to_tensors(mnist.images[: args.mnist], mnist.labels[: args.mnist])
    base_mnist = evaluate(base, x_mnist, y_mnist)[1]
    print(f"weights {args.weights.name}: MNIST test {100 * base_mnist:.2f} % on {len(y_mnist):,}")
    print(
        f"{'writer':>6} {'taught':>6} {'tested':>6}  {'own before -> after':>21}  "
        f"{'others before -> after':>22}  {'MNIST':>7}  {'adapt':>6} {'command':>7}"
    )
    rows = []
    for writer in writers:
        mine = np.flatnonzero(owners_a == writer)
        pick = np.random.default_rng([args.seed, writer])
        teach = np.concatenate(
            [
                pick.choice(mine[labels_a[mine] == d], args.per_digit, replace=False)
                for d in range(10)
            ]
        )
        test = np.setdiff1d(mine, teach)
        others = np.flatnonzero(owners_a != writer)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for d in range(10):
                files = []
                for i in teach[labels_a[teach] == d]:
                    files.append(str(folder / f"{i}.png"))
                    drawings[i].save(files[-1])
                _run_cli(
                    "samples", "add", "--dir", str(folder / "samples"), "--label", str(d), *files
                )
            out = folder / "my.pt"
            start, cpu_start = time.perf_counter(), time.process_time()
            _run_cli(
                "adapt",
                "--weights",
                str(args.weights),
                "--samples",
                str(folder / "samples"),
                "--out",
                str(out),
                "--seed",
                str(args.seed),
            )
            command_s = time.perf_counter() - start
            command_cpu_s = time.process_time() - cpu_start
            adapted = load_weights(out)
        row = {
            "writer": writer,
            "taught": len(teach),
            "tested": len(test),
            "own_before": _accuracy(base, images_a[test], labels_a[test]),
            "own_after": _accuracy(adapted.model, images_a[test], labels_a[test]),
            "others_before": _accuracy(base, images_a[others], labels_a[others]),
            "others_after": _accuracy(adapted.model, images_a[others], labels_a[others]),
            "mnist": evaluate(adapted.model, x_mnist, y_mnist)[1],
            "adapt_s": float(adapted.metadata["adapted"]["seconds"]),
            "command_s": command_s,
            "command_cpu_s": command_cpu_s,
        }
        rows.append(row)
        print(
            f"{writer:>6} {row['taught']:>6} {row['tested']:>6}  "
            f"{100 * row['own_before']:8.2f} -> {100 * row['own_after']:6.2f} %  "
            f"{100 * row['others_before']:8.2f} -> {100 * row['others_after']:6.2f} %  "
            f"{100 * row['mnist']:6.2f}%  {row['adapt_s']:5.1f}s {command_s:6.1f}s "
            f"{command_cpu_s:5.1f}s",
            flush=True,
        )

    def col(key: str) -> list[float]:
        return [r[key] for r in rows]

    drop = [b - a for b, a in zip(col("others_before"), col("others_after"), strict=True)]
    print()
    print(
        f"own writing, mean:   {100 * statistics.mean(col('own_before')):.2f} -> "
        f"{100 * statistics.mean(col('own_after')):.2f} %   (target >= 98.5 %)"
    )
    print(
        f"own writing, worst:  {100 * min(col('own_before')):.2f} -> "
        f"{100 * min(col('own_after')):.2f} %   (target >= 95 %)"
    )
    print(
        f"adapt, median:       {statistics.median(col('adapt_s')):.1f} s "
        f"(whole command with the held-out estimate: "
        f"{statistics.median(col('command_s')):.1f} s)   (target <= 20 s)"
    )
    print(
        f"command CPU time, median: {statistics.median(col('command_cpu_s')):.1f} s "
        "(both adaptations; the wall time on an otherwise idle core with one torch thread)"
    )
    print(
        f"MNIST test after:    min {100 * min(col('mnist')):.2f} % "
        f"(before {100 * base_mnist:.2f} %)   (target >= 99.3 %)"
    )
    print(
        f"other writers after: largest drop {100 * max(drop):.2f} pt, mean drop "
        f"{100 * statistics.mean(drop):.2f} pt   (target <= 0.5 pt)"
    )
    print(
        f"torch threads {torch.get_num_threads()}, load average now "
        f"{' '.join(f'{v:.1f}' for v in _loadavg())}"
    )
    return 0


def _loadavg() -> tuple[float, ...]:
    try:
        return os.getloadavg()
    except OSError:  # not available on this system
        return ()


if __name__ == "__main__":
    sys.exit(main())
