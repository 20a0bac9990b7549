"""The Train dialog's views: curves (their axes: loss labels of any size, never an
exponent) and the confusion matrix."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from lenet_gui.ui.training.views import (
    ConfusionMatrixView,
    TrainingCurves,
    tick_labels,
)


def test_curves_keep_their_points_and_clear_for_a_new_run(qtbot: QtBot) -> None:
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.clear(epochs=3)
    curves.add_train_point(0.5, 1.2, 0.6)
    curves.add_val_point(1.0, 0.9, 0.7)
    assert curves.train_points() == [(0.5, 1.2, 0.6)]
    assert curves.val_points() == [(1.0, 0.9, 0.7)]
    curves.clear(epochs=2)
    assert curves.train_points() == [] and curves.val_points() == []


def test_the_confusion_matrix_says_where_the_mistakes_are(qtbot: QtBot) -> None:
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    matrix = np.eye(10, dtype=np.int64) * 90
    matrix[7, 1] = 10  # ten 7s read as 1s
    view.set_matrix(matrix)
    assert view.matrix() is matrix
    assert view.summary() == (
        "900 of 910 test digits read correctly; most often confused: 7 read as 1 (10×)"
    )
    view.set_matrix(None)
    assert view.summary() == "No test results yet"


@pytest.mark.parametrize(
    ("low", "high", "step", "labels"),
    [
        (0.0, 250.0, 100.0, ["0", "100", "200"]),  # was "0", "1e+02", "2e+02", cut to "…e+02"
        (0.0, 2500.0, 1000.0, ["0", "1,000", "2,000"]),
        (0.0, 0.5, 0.2, ["0.0", "0.2", "0.4"]),
        (0.1, 0.3, 0.05, ["0.10", "0.15", "0.20", "0.25", "0.30"]),
    ],
)
def test_loss_tick_labels_are_plain_numbers(low, high, step, labels) -> None:
    assert [label for _, label in tick_labels(low, high, step, percent=False)] == labels


def test_accuracy_ticks_are_percentages() -> None:
    assert [label for _, label in tick_labels(0.5, 1.0, 0.25, percent=True)] == [
        "50 %",
        "75 %",
        "100 %",
    ]
