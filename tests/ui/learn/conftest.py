"""Fixtures of the Learn view's tests: a session of its own and a view that follows it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.session import Session, Settings
from tests.ui.learn.support import untrained


@pytest.fixture(scope="module")
def classic() -> Recognizer:
    """An untrained 1998 network: its table and wiring need no trained weights."""
    return untrained("classic")


@pytest.fixture
def session() -> Session:
    """A session of its own: the Learn view follows its network and prediction."""
    return Session(Settings(persist=False))


@pytest.fixture
def learn(qtbot: QtBot, session: Session) -> LearnView:
    view = LearnView(session)
    qtbot.addWidget(view)
    return view
