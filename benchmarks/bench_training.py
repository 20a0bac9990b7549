"""Training throughput: the library's loop vs. a typical per-sample DataLoader loop.

    .venv/bin/python benchmarks/bench_training.py [--data DIR] [--baseline-samples N]

Both loops train the same modern LeNet-5 with Adam in the same process, one after the
other. The baseline is what tutorials (and this project's seeds) do: a Dataset that turns
each image into a PIL image, resizes it to 32x32, converts and normalises it one sample
at a time (torchvision's Resize, ToTensor, Normalize), behind a DataLoader with batch
size 64. Only its speed is measured.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.training import TrainConfig, train
from lenet_gui.paths import shared_mnist_dir


class PerSampleMnist(torch.utils.data.Dataset):
    """What a torchvision tutorial does, op for op, without needing torchvision:
    Compose([Resize((32, 32)), ToTensor(), Normalize((0.1307,), (0.3081,))]) per sample.
    """

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


def baseline_samples_per_s(images: np.ndarray, labels: np.ndarray, samples: int) -> float:
    torch.manual_seed(0)
    model = build_model().train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = torch.utils.data.DataLoader(
        PerSampleMnist(images, labels), batch_size=64, shuffle=True
    )
    seen, start = 0, time.perf_counter()
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        seen += len(x)
        if seen >= samples:
            break
    return seen / (time.perf_counter() - start)


def library_samples_per_s(
    images: np.ndarray, labels: np.ndarray, augment: bool
) -> tuple[float, float]:
    result = train(TrainConfig(epochs=1, augment=augment), images, labels)
    epoch = result.history[0]
    return epoch.samples_per_s, epoch.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=shared_mnist_dir())
    parser.add_argument("--baseline-samples", type=int, default=20_000)
    args = parser.parse_args()
    split = load_mnist(args.data, "train")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")

    base = baseline_samples_per_s(split.images, split.labels, args.baseline_samples)
    plain, plain_s = library_samples_per_s(split.images, split.labels, augment=False)
    aug, aug_s = library_samples_per_s(split.images, split.labels, augment=True)
    rows = [
        ("baseline (per-sample DataLoader, batch 64)", base, None),
        ("library loop, one 60k epoch", plain, plain_s),
        ("library loop with augmentation", aug, aug_s),
    ]
    for name, rate, seconds in rows:
        epoch = f"  ({seconds:.1f} s/epoch)" if seconds else ""
        print(f"{name:<44}{rate:8,.0f} samples/s{epoch}")
    print(f"speed-up over baseline: {plain / base:.1f}x (with augmentation {aug / base:.1f}x)")


if __name__ == "__main__":
    main()
