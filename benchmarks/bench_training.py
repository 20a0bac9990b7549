"""Training throughput, side by side in one run: the seeds' loop vs. `lenet-gui train`'s.

    .venv/bin/python benchmarks/bench_training.py [--data DIR] [--rounds N] [--limit N]

Each row trains the modern LeNet-5 with Adam for one full epoch of the 60,000 MNIST
training images (`--limit` fewer for a quick look), in this process:

- seeds' loop: what this project's seeds (and tutorials) do: a Dataset that turns each
  image into a PIL image, resizes it to 32x32, converts and normalises it one sample at a
  time (torchvision's Resize, ToTensor, Normalize, op for op), behind a DataLoader with
  batch size 256, float32, torch's default threads;
- `lenet-gui train`'s loop (`train()` with the CLI's settings), plain and with
  `--augment`;
- the same two while another process keeps one core busy (a spinning Python loop,
  started before and stopped after each of these rows), compared with the idle rows.

With `--rounds N` every row runs N times, the rows interleaved round by round so that
other load on the machine drifts over all of them alike, and medians are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.threads import usable_cores
from lenet_gui.engine.train_config import TrainConfig
from lenet_gui.engine.training import compute_dtype, pick_device, train
from lenet_gui.paths import shared_mnist_dir

SEEDS_BATCH = 256


class PerSampleMnist(torch.utils.data.Dataset[tuple[torch.Tensor, int]]):
    """Compose([Resize((32, 32)), ToTensor(), Normalize((0.1307,), (0.3081,))]) per sample,
    op for op, without needing torchvision."""

    def __init__(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.images, self.labels = images, labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        image = Image.fromarray(self.images[i], mode="L").resize((32, 32), Image.BILINEAR)
        x = torch.from_numpy(np.array(image, np.uint8, copy=True)).view(32, 32, 1)
        x = x.permute(2, 0, 1).contiguous().float().div(255)  # ToTensor
        x = x.sub_(0.1307).div_(0.3081)  # Normalize
        return x, int(self.labels[i])


def seeds_loop(images: np.ndarray, labels: np.ndarray) -> float:
    """Samples/s of one epoch of the seeds' style of loop."""
    torch.manual_seed(0)
    model = build_model().train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = torch.utils.data.DataLoader(
        PerSampleMnist(images, labels), batch_size=SEEDS_BATCH, shuffle=True
    )
    seen, start = 0, time.perf_counter()
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        seen += len(x)
    return seen / (time.perf_counter() - start)


def cli_config(augment: bool) -> TrainConfig:
    """What `lenet-gui train --epochs 1 [--augment]` runs."""
    return TrainConfig.preset("modern", epochs=1, augment=augment, val_size=0)


def library_loop(images: np.ndarray, labels: np.ndarray, augment: bool) -> float:
    """Samples/s of one epoch of `lenet-gui train`'s loop."""
    return train(cli_config(augment), images, labels).history[0].samples_per_s


@contextlib.contextmanager
def one_core_busy() -> Iterator[None]:
    """Another process spinning on one core for as long as the block runs."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # let it get going
        yield
    finally:
        spinner.kill()
        spinner.wait()


def busy(run: Callable[[], float]) -> Callable[[], float]:
    def run_busy() -> float:
        with one_core_busy():
            return run()

    return run_busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=shared_mnist_dir())
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--limit", type=int, help="train on the first N images only")
    args = parser.parse_args()
    split = load_mnist(args.data, "train")
    images, labels = split.images[: args.limit], split.labels[: args.limit]
    config = cli_config(augment=False)
    dtype = compute_dtype(config.precision, pick_device(config.device))
    print(
        f"torch {torch.__version__}, {usable_cores()} cores, default {torch.get_num_threads()} "
        f"threads; lenet-gui train: batch {config.batch_size}, {dtype}; {len(images):,} images"
    )

    plain = lambda: library_loop(images, labels, augment=False)  # noqa: E731
    augmented = lambda: library_loop(images, labels, augment=True)  # noqa: E731
    rows: dict[str, Callable[[], float]] = {
        f"seeds' loop (PIL per sample, DataLoader, batch {SEEDS_BATCH})": lambda: seeds_loop(
            images, labels
        ),
        "lenet-gui train": plain,
        "lenet-gui train --augment": augmented,
        "lenet-gui train, one core busy": busy(plain),
        "lenet-gui train --augment, one core busy": busy(augmented),
    }
    rates: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.rounds):
        for name, run in rows.items():
            rates[name].append(run())
    median = {name: statistics.median(r) for name, r in rates.items()}
    seeds, names = median[next(iter(rows))], list(rows)
    compare = {
        names[1]: f"{median[names[1]] / seeds:.2f}x the seeds' loop",
        names[2]: f"{median[names[2]] / seeds:.2f}x the seeds' loop",
        names[3]: f"{median[names[3]] / median[names[1]]:.2f}x idle",
        names[4]: f"{median[names[4]] / median[names[2]]:.2f}x idle",
    }
    for name in names:
        print(f"{name:<58}{median[name]:8,.0f} samples/s  {compare.get(name, '')}")


if __name__ == "__main__":
    main()
