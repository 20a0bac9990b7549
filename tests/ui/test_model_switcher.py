"""The toolbar's network choice follows the session, and changes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lenet_gui.engine.architecture import LeNetConfig
from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.weights import save_weights
from lenet_gui.ui import session as session_module
from lenet_gui.ui.model_switcher import ModelSwitcher
from lenet_gui.ui.session import Network, NetworkKind, Session, Settings


@pytest.fixture
def session() -> Session:
    return Session(Settings(persist=False))


@pytest.fixture
def switcher(session: Session) -> ModelSwitcher:
    return ModelSwitcher(session)


def _texts(switcher: ModelSwitcher) -> list[str]:
    return [switcher.combo.itemText(i) for i in range(switcher.combo.count())]


def test_one_entry_per_network_named_for_people(switcher: ModelSwitcher) -> None:
    assert [switcher.combo.itemData(i) for i in range(2)] == ["modern", "classic"]
    assert _texts(switcher) == ["Modern LeNet-5", "LeNet-5 (1998)"]


def test_the_entry_follows_the_sessions_network(session: Session, switcher: ModelSwitcher) -> None:
    session.set_recognizer(Recognizer.from_model(build_model(LeNetConfig(arch="classic"))))
    assert switcher.combo.currentData() == "classic"
    session.set_recognizer(Recognizer.from_model(build_model()))
    assert switcher.combo.currentData() == "modern"


def test_added_networks_appear_with_their_title(session: Session, switcher: ModelSwitcher) -> None:
    session.add_network(Network("mine", "modern", NetworkKind.FILE, title="My LeNet-5"))
    assert _texts(switcher)[-1] == "My LeNet-5"
    session.remove_network("mine")
    assert _texts(switcher) == ["Modern LeNet-5", "LeNet-5 (1998)"]


def test_choosing_an_entry_that_is_not_loaded_loads_it(
    qtbot: QtBot,
    session: Session,
    switcher: ModelSwitcher,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "classic.pt"
    save_weights(path, build_model(LeNetConfig(arch="classic")))
    monkeypatch.setattr(session_module, "bundled_weights", lambda arch: path)
    with qtbot.waitSignal(session.loaded, timeout=30_000):
        switcher.combo.activated.emit(switcher.combo.findData("classic"))
    assert session.current() is session.network("classic")
    assert switcher.combo.currentData() == "classic"
    session.shutdown()
