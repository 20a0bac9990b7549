"""The Training menu's helper: on its own (a session, a canvas and a host widget) and in the
window, where "My LeNet-5" is kept across restarts and can be removed, and "Use this model"
adds an entry beside the bundled networks instead of replacing one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.samples import SampleStore
from lenet_gui.paths import my_network_file
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.session import NetworkKind, Session, Settings
from lenet_gui.ui.training_actions import MY_NETWORK, TrainingActions
from tests.ui.strokes import DIGITS, draw


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def parts(host: QWidget, tmp_path: Path) -> tuple[TrainingActions, Session, DrawingCanvas]:
    canvas = DrawingCanvas(host)
    canvas.resize(400, 400)
    session = Session(Settings(persist=False), parent=host)
    actions = TrainingActions(session, canvas, host, SampleStore(tmp_path / "samples"))
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


# --- in the window: the networks -------------------------------------------------------


def _adapted() -> Recognizer:
    return Recognizer.from_model(build_model(), {"adapted": {"samples": 30}})


def _titles(window: MainWindow) -> list[str]:
    combo = window.explore.switcher.combo
    return [combo.itemText(i) for i in range(combo.count())]


def _new_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "restart.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    return window


def test_my_network_survives_a_restart_and_can_be_removed(qtbot, loaded_window, tmp_path):
    assert not loaded_window.training.remove_mine_action.isEnabled()
    mine = _adapted()
    assert loaded_window.training.use_my_network(mine)
    session = loaded_window.session
    assert session.current().key == MY_NETWORK and session.recognizer() is mine
    assert my_network_file().is_file()
    assert "My LeNet-5" in _titles(loaded_window)
    bundled = session.network("modern")
    assert bundled is not None and bundled.recognizer is not None  # one click away

    restarted = _new_window(qtbot, tmp_path)
    entry = restarted.session.network(MY_NETWORK)
    assert entry is not None and entry.kind is NetworkKind.MINE
    assert entry.recognizer.metadata["adapted"] == {"samples": 30}
    assert "My LeNet-5" in _titles(restarted)
    assert restarted.training.remove_mine_action.isEnabled()

    restarted.training.remove_my_network()
    assert restarted.session.network(MY_NETWORK) is None
    assert not my_network_file().exists()
    assert "My LeNet-5" not in _titles(restarted)
    assert not restarted.training.remove_mine_action.isEnabled()
    assert _new_window(qtbot, tmp_path).session.network(MY_NETWORK) is None


def test_removing_my_network_in_use_goes_back_to_the_bundled_one(loaded_window, recognizer):
    loaded_window.training.use_my_network(_adapted())
    loaded_window.training.remove_my_network()
    session = loaded_window.session
    assert session.current().key == "modern" and session.recognizer() is recognizer
    assert session.network(MY_NETWORK) is None


def test_a_damaged_own_network_is_reported_and_the_app_starts(qtbot, tmp_path):
    path = my_network_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a weights file")
    window = _new_window(qtbot, tmp_path)
    assert window.session.network(MY_NETWORK) is None
    assert path.exists()  # the user's file is not deleted behind their back


def test_use_this_model_adds_an_entry_and_the_bundled_one_stays(loaded_window, recognizer):
    trained = Recognizer.from_model(build_model(), {"test_accuracy": 0.99})
    loaded_window.training.train_dialog().model_accepted.emit(trained)
    session = loaded_window.session
    current = session.current()
    assert current.kind is NetworkKind.TRAINED and session.recognizer() is trained
    assert session.network("modern").recognizer is recognizer
    titles = _titles(loaded_window)
    assert len(titles) == 3 and titles[2].startswith("Trained ")
    assert loaded_window.explore.switcher.combo.currentText() == titles[2]

    second = Recognizer.from_model(build_model())
    loaded_window.training.train_dialog().model_accepted.emit(second)
    assert len(_titles(loaded_window)) == 4  # each run its own entry

    session.switch_to("modern")
    assert session.recognizer() is recognizer
    assert loaded_window.explore.switcher.combo.currentText() == _titles(loaded_window)[0]
