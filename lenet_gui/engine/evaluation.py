"""How a trained network does on a labelled set: accuracy, confusion matrix, its mistakes.

    report = assess(model, test.images, test.labels)
    report.accuracy, report.confusion[7, 1]   # how many 7s it read as 1s
    report.mistakes.images[0]                 # the first misread digit, as stored

Plain torch + numpy, run by the GUI's training worker (off the GUI thread) and usable from
scripts; the GUI only paints what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lenet_gui.engine.models import LeNet5
from lenet_gui.engine.training import EVAL_BATCH, evaluate, to_tensors

NUM_CLASSES = 10


@dataclass(frozen=True, eq=False)  # eq=False: == on arrays is elementwise, not a bool
class Mistakes:
    """Misclassified examples, in the order of the set they come from."""

    indices: np.ndarray  # int64 (K,): positions in the assessed set
    images: np.ndarray  # uint8 (K, 28, 28), as given (MNIST: 255 = ink)
    true: np.ndarray  # int64 (K,)
    predicted: np.ndarray  # int64 (K,)
    confidence: np.ndarray  # float32 (K,): the probability the network gave its answer

    def __len__(self) -> int:
        return len(self.indices)


@dataclass(frozen=True, eq=False)
class Assessment:
    accuracy: float
    loss: float
    count: int
    confusion: np.ndarray  # int64 (10, 10): rows = true digit, columns = predicted digit
    mistakes: Mistakes
    total_mistakes: int  # all of them; `mistakes` holds at most the first `max_mistakes`


def confusion_matrix(
    true: np.ndarray, predicted: np.ndarray, classes: int = NUM_CLASSES
) -> np.ndarray:
    """Counts of (true, predicted) pairs: entry [t, p] = images of t read as p."""
    true = np.asarray(true, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    counts = np.bincount(true * classes + predicted, minlength=classes * classes)
    return counts.reshape(classes, classes)


@torch.no_grad()
def assess(
    model: LeNet5, images: np.ndarray, labels: np.ndarray, *, max_mistakes: int = 60
) -> Assessment:
    """Evaluate `model` on uint8 (N, 28, 28) images with labels (N,)."""
    x, y = to_tensors(images, labels)
    loss, accuracy, predictions = evaluate(model, x, y)
    predicted = predictions.numpy().astype(np.int64)
    true = np.asarray(labels, dtype=np.int64)
    wrong = np.flatnonzero(predicted != true)
    shown = wrong[:max_mistakes]
    confidence = np.zeros(len(shown), np.float32)
    if len(shown):
        device = next(model.parameters()).device
        probs = torch.cat(
            [
                model.probabilities(model(x[torch.from_numpy(part)].to(device))).cpu()
                for part in np.array_split(shown, -(-len(shown) // EVAL_BATCH))
            ]
        )
        confidence = probs.max(dim=1).values.numpy().astype(np.float32)
    mistakes = Mistakes(
        indices=shown.astype(np.int64),
        images=np.asarray(images)[shown],
        true=true[shown],
        predicted=predicted[shown],
        confidence=confidence,
    )
    return Assessment(
        accuracy=accuracy,
        loss=loss,
        count=len(true),
        confusion=confusion_matrix(true, predicted),
        mistakes=mistakes,
        total_mistakes=len(wrong),
    )
