"""The C3 connection grid: drawn from the network's table, clicked to pick a map."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF
from pytestqt.qtbot import QtBot

from lenet_gui.engine.architecture import connection_table
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.session import Session
from tests.ui.learn.support import digit_input, mouse, untrained


def test_c3_grid_is_drawn_from_the_models_table(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    learn.select_layer("C3")
    assert learn.grid.isVisibleTo(learn)
    np.testing.assert_array_equal(learn.grid.table(), connection_table(classic.config))
    assert learn.grid.table().sum() == 60
    session.set_recognizer(untrained("modern"))
    assert learn.grid.table().all()
    learn.select_layer("C1")
    assert not learn.grid.isVisibleTo(learn)


def test_clicking_a_grid_column_picks_that_c3_map(
    qtbot: QtBot, session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    session.set_prediction(classic.predict_input(digit_input()))
    learn.select_layer("C3")
    learn.show()
    qtbot.waitExposed(learn)
    origin, cell = learn.grid._origin(), learn.grid.CELL
    mouse(learn.grid, QEvent.Type.MouseButtonRelease, origin + QPointF(12.5 * cell, 2.5 * cell))
    assert learn.explorer.map_spin.value() == 12
    assert learn.grid.column() == 12
    assert learn.explorer.unit_sum().inputs == (0, 1, 3, 4)  # Table I, C3 map 12
