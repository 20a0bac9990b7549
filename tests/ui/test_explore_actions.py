"""The explore tools on their own: a session, a canvas and a window, no MainWindow."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.explore_actions import ExploreActions
from lenet_gui.ui.session import Session, Settings
from tests.ui.strokes import DIGITS, draw


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def session(window: QWidget, recognizer: Recognizer) -> Session:
    session = Session(Settings(persist=False), parent=window)
    session.set_recognizer(recognizer)
    return session


@pytest.fixture
def explore(window: QWidget, session: Session) -> ExploreActions:
    canvas = DrawingCanvas(window)
    canvas.resize(400, 400)
    return ExploreActions(session, canvas, window)


def test_shortcuts_live_on_the_window(window: QWidget, explore: ExploreActions) -> None:
    assert explore.learn_action in window.actions() and explore.saliency_action in window.actions()
    assert explore.learn_action.shortcut().toString() == "Ctrl+L"
    assert explore.saliency_action.shortcut().toString() == "Ctrl+G"


def test_the_learn_view_asks_for_highlights_and_clears_them(
    qtbot: QtBot, explore: ExploreActions
) -> None:
    asked: list[str] = []
    explore.highlight_requested.connect(asked.append)
    view = explore.open_learn_view()
    assert explore.learn_view() is view  # one per window
    view.select_layer("C3")
    view.close()
    assert asked[-2:] == ["C3", ""]


def test_saliency_follows_the_sessions_prediction(
    qtbot: QtBot,
    window: QWidget,
    session: Session,
    explore: ExploreActions,
    recognizer: Recognizer,
) -> None:
    canvas = explore.overlay.parentWidget()
    assert isinstance(canvas, DrawingCanvas)
    draw(canvas, DIGITS[7])
    explore.saliency_action.setChecked(True)
    assert explore.overlay.isVisibleTo(window) and not explore.overlay.has_map()  # none read
    prediction = recognizer.predict(canvas.image_array())
    session.set_prediction(prediction)
    qtbot.waitUntil(explore.overlay.has_map)  # computed in the background
    assert explore.overlay.digit() == prediction.digit
    explore.saliency_action.setChecked(False)
    assert not explore.overlay.isVisibleTo(window)
