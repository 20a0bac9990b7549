"""Assessing a network: accuracy, the confusion matrix and its mistakes agree."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import torch

from lenet_gui.engine.evaluation import assess, confusion_matrix
from lenet_gui.engine.models import build_model


def test_confusion_matrix_counts_pairs() -> None:
    true = np.array([0, 0, 1, 2, 2, 2])
    said = np.array([0, 1, 1, 2, 0, 2])
    m = confusion_matrix(true, said)
    assert m.shape == (10, 10) and m.sum() == 6
    assert m[0, 0] == 1 and m[0, 1] == 1 and m[1, 1] == 1 and m[2, 2] == 2 and m[2, 0] == 1


def test_assessment_is_consistent() -> None:
    torch.manual_seed(0)
    model = build_model()  # untrained: plenty of mistakes
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (300, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 300).astype(np.uint8)
    report = assess(model, images, labels, max_mistakes=25)
    assert report.count == 300
    assert report.confusion.sum() == 300
    assert np.trace(report.confusion) == round(report.accuracy * 300)
    assert report.total_mistakes == 300 - np.trace(report.confusion) > 25
    m = report.mistakes
    assert len(m) == 25
    assert np.all(m.true != m.predicted)
    assert np.all(np.diff(m.indices) > 0)
    np.testing.assert_array_equal(m.images, images[m.indices])
    np.testing.assert_array_equal(m.true, labels[m.indices])
    assert np.all((m.confidence > 0) & (m.confidence <= 1))
    with torch.no_grad():
        from lenet_gui.engine.training import to_tensors

        x, _ = to_tensors(images[m.indices[:3]], labels[m.indices[:3]])
        probs = model.probabilities(model(x))
    np.testing.assert_array_equal(probs.argmax(1).numpy(), m.predicted[:3])
    np.testing.assert_allclose(probs.max(1).values.numpy(), m.confidence[:3], rtol=1e-5)


def test_evaluation_imports_no_qt() -> None:
    code = (
        "import sys, lenet_gui.engine.evaluation\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
