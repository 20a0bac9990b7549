"""The Training menu's helper on its own: a session, a canvas and a window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.samples import SampleStore
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.session import Session, Settings
from lenet_gui.ui.training_actions import TrainingActions
from tests.ui.strokes import DIGITS, draw


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def parts(window: QWidget, tmp_path: Path) -> tuple[TrainingActions, Session, DrawingCanvas]:
    canvas = DrawingCanvas(window)
    canvas.resize(400, 400)
    session = Session(Settings(persist=False), parent=window)
    actions = TrainingActions(session, canvas, window, SampleStore(tmp_path / "samples"))
    return actions, session, canvas


def test_adding_a_sample_needs_a_drawing_and_says_why(
    qtbot: QtBot, parts: tuple[TrainingActions, Session, DrawingCanvas]
) -> None:
    actions, session, canvas = parts
    assert not actions.add_sample_action.isEnabled()
    with qtbot.waitSignal(session.error_message) as error:
        assert actions.add_sample(3) is None
    assert "nothing on the canvas" in error.args[0]
    draw(canvas, DIGITS[3])
    assert actions.add_sample_action.isEnabled()
    with qtbot.waitSignal(session.status_message) as status:
        assert actions.add_sample(3) is not None
    assert "Added as a 3" in status.args[0] and actions.store.count() == 1


def test_use_this_model_makes_it_the_sessions_network(
    qtbot: QtBot, parts: tuple[TrainingActions, Session, DrawingCanvas]
) -> None:
    actions, session, _ = parts
    dialog = actions.train_dialog()
    assert actions.train_dialog() is dialog  # one per window, keeping its last run
    trained = Recognizer.from_model(build_model(), {"test_accuracy": 0.5})
    with qtbot.waitSignal(session.status_message) as status:
        dialog.model_accepted.emit(trained)
    assert session.recognizer() is trained
    assert "50.00 %" in status.args[0]
