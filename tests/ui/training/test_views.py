"""The Train dialog's views: curves and the confusion matrix."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from lenet_gui.ui.training.views import (
    ConfusionMatrixView,
    TrainingCurves,
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
