"""The unit explorer: a C1 or C3 unit's patch, kernel and sum."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.saliency import unit_sum
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.session import Session
from tests.ui.learn.support import digit_input, mouse
from tests.ui.strokes import DIGITS, draw


@pytest.mark.parametrize(("layer", "y", "x"), [("C1", 9, 15), ("C3", 3, 6)])
def test_hovering_a_unit_shows_its_patch_kernel_and_sum(
    qtbot: QtBot,
    session: Session,
    learn: LearnView,
    classic: Recognizer,
    layer: str,
    y: int,
    x: int,
) -> None:
    prediction = classic.predict_input(digit_input())
    session.set_recognizer(classic)
    session.set_prediction(prediction)
    learn.select_layer(layer)
    learn.show()
    qtbot.waitExposed(learn)
    explorer = learn.explorer
    explorer.set_map(4)
    mouse(explorer.map_view, QEvent.Type.MouseMove, explorer.map_view.unit_rect(y, x).center())
    assert explorer.unit() == (y, x)
    expected = unit_sum(classic.net, prediction.input32, prediction.activations, layer, 4, y, x)
    shown = explorer.unit_sum()
    assert shown.inputs == expected.inputs
    assert shown.total == pytest.approx(expected.total)
    np.testing.assert_allclose(explorer.patch_tiles[0].values(), expected.patch[0])
    np.testing.assert_allclose(explorer.kernel_tiles[-1].values(), expected.kernel[-1])
    assert len(explorer.patch_tiles) == len(expected.inputs) == (1 if layer == "C1" else 3)
    text = explorer.sum_label.text()
    assert f"{expected.total:+.4f}" in text and f"{expected.value:+.4f}" in text
    assert f"unit ({y}, {x})" in text


def test_arrow_keys_move_the_explained_unit(
    qtbot: QtBot, session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    session.set_prediction(classic.predict_input(digit_input()))
    learn.select_layer("C1")
    explorer = learn.explorer
    explorer.set_unit(5, 5)
    qtbot.keyClick(explorer.map_view, Qt.Key.Key_Right)
    qtbot.keyClick(explorer.map_view, Qt.Key.Key_Down)
    assert explorer.unit() == (6, 6)


def test_without_a_drawing_the_explorer_says_what_to_do(
    session: Session, learn: LearnView, classic
) -> None:
    session.set_recognizer(classic)
    learn.select_layer("C1")
    assert learn.explorer.unit_sum() is None
    assert "Draw a digit" in learn.explorer.sum_label.text()


def test_the_unit_sum_follows_the_drawing_once_the_pen_rests(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    view = loaded_window.explore.open_learn_view()
    view.select_layer("C1")
    draw(loaded_window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: view.explorer.unit_sum() is not None)
    total = f"{view.explorer.unit_sum().total:+.4f}"
    qtbot.waitUntil(lambda: total in view.explorer.sum_label.text())
