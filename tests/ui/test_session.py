"""The session: networks with a current one, the latest prediction, typed settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QSettings
from pytestqt.qtbot import QtBot

from lenet_gui.engine.architecture import LeNetConfig
from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.weights import save_weights
from lenet_gui.paths import bundled_weights
from lenet_gui.ui import session as session_module
from lenet_gui.ui.session import Network, NetworkKind, Session, Settings

TIMEOUT_MS = 30_000


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def untrained() -> Recognizer:
    return Recognizer.from_model(build_model())


def test_settings_read_typed_values_and_fall_back_on_bad_ones(store: QSettings) -> None:
    settings = Settings(store)
    settings.set_value("canvas/brush_width", 30)
    settings.set_value("view/show_pooling", True)
    assert settings.value("canvas/brush_width", 18) == 30
    assert settings.value("view/show_pooling", False) is True
    assert settings.value("missing", "x") == "x"
    store.setValue("canvas/brush_width", "thick")  # a hand-edited file
    assert settings.value("canvas/brush_width", 18) == 18


def test_without_persist_nothing_is_written_and_no_layout_is_restored(store: QSettings) -> None:
    store.setValue("ui/language", "zh_CN")
    store.setValue("window/geometry", QByteArray(b"geometry"))
    settings = Settings(store, persist=False)
    assert settings.value("ui/language", "") == "zh_CN"  # the user's choices still count
    assert settings.layout("window/geometry").isEmpty()
    settings.set_value("canvas/brush_width", 30)
    settings.sync()
    assert store.value("canvas/brush_width") is None
    assert Settings(store).layout("window/geometry") == QByteArray(b"geometry")


def test_the_bundled_networks_are_listed_before_any_is_loaded() -> None:
    session = Session(Settings(persist=False))
    assert [(n.key, n.kind, n.recognizer) for n in session.networks()] == [
        ("modern", NetworkKind.BUNDLED, None),
        ("classic", NetworkKind.BUNDLED, None),
    ]
    assert session.current() is None and session.recognizer() is None


def test_a_recognizer_takes_its_architectures_entry_and_becomes_current(
    qtbot: QtBot, untrained: Recognizer
) -> None:
    session = Session(Settings(persist=False))
    seen: list[Network] = []
    session.current_changed.connect(seen.append)
    with qtbot.waitSignal(session.networks_changed):
        session.set_recognizer(untrained)
    assert session.recognizer() is untrained
    assert seen == [session.network("modern")]
    assert session.network("modern").recognizer is untrained


def test_a_new_network_clears_the_old_prediction(untrained: Recognizer) -> None:
    session = Session(Settings(persist=False))
    session.set_recognizer(untrained)
    prediction = untrained.predict(np.zeros((28, 28), np.uint8))
    session.set_prediction(prediction)
    assert session.prediction() is prediction
    session.set_recognizer(Recognizer.from_model(build_model()))
    assert session.prediction() is None  # it was made by the previous network


def test_entries_can_be_added_and_removed_but_not_the_current_one(
    untrained: Recognizer,
) -> None:
    session = Session(Settings(persist=False))
    mine = Network(key="mine", arch="modern", kind=NetworkKind.FILE, title="My LeNet-5")
    session.add_network(mine)
    assert [n.key for n in session.networks()] == ["modern", "classic", "mine"]
    session.set_recognizer(untrained, "mine")
    assert session.current() is mine and session.network("modern").recognizer is None
    session.remove_network("mine")  # in use: stays
    assert session.network("mine") is mine
    session.remove_network("classic")
    assert [n.key for n in session.networks()] == ["modern", "mine"]


def test_switching_loads_a_bundled_network_that_is_not_loaded_yet(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "classic.pt"
    save_weights(path, build_model(LeNetConfig(arch="classic")))
    monkeypatch.setattr(session_module, "bundled_weights", lambda arch: path)
    session = Session(Settings(persist=False))
    with qtbot.waitSignal(session.loaded, timeout=TIMEOUT_MS) as loaded:
        session.switch_to("classic")
    recognizer, source, replaced = loaded.args
    assert source == path and not replaced
    assert session.current() is session.network("classic")
    assert session.recognizer() is recognizer and recognizer.arch == "classic"
    session.shutdown()


def test_preloading_fills_the_other_bundled_entry(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, untrained: Recognizer
) -> None:
    path = tmp_path / "classic.pt"
    save_weights(path, build_model(LeNetConfig(arch="classic")))
    monkeypatch.setattr(session_module, "bundled_weights", lambda arch: path)
    session = Session(Settings(persist=False), preload=True)
    session.set_recognizer(untrained)
    qtbot.waitUntil(lambda: session.network("classic").recognizer is not None, timeout=TIMEOUT_MS)
    assert session.recognizer() is untrained  # preloading never switches
    session.shutdown()
    assert not session.loader_running()


def test_language_is_stored_and_announced(qtbot: QtBot, store: QSettings) -> None:
    session = Session(Settings(store))
    with qtbot.waitSignal(session.language_changed) as changed:
        assert session.set_language("zh_CN")
    assert changed.args == ["zh_CN"] and store.value("ui/language") == "zh_CN"
    again = Session(Settings(store))
    again.restore_language()
    assert again.language() == "zh_CN"
    session.shutdown()
    again.shutdown()


def test_the_session_follows_the_least_certain_digit_until_another_is_selected(
    untrained: Recognizer,
) -> None:
    from tests.written import write

    session = Session(Settings(persist=False))
    session.set_recognizer(untrained)
    bundled = Recognizer.from_file(bundled_weights())
    image, _, _ = write("307", [0.3, 0.3])
    reading = bundled.read(image)
    assert reading.text == "307"
    predictions, selections = [], []
    session.prediction_changed.connect(predictions.append)
    session.selection_changed.connect(selections.append)
    session.set_reading(reading, np.asarray(image))
    weakest = reading.weakest
    assert weakest == min(range(3), key=lambda i: reading.digits[i].prediction.confidence)
    assert session.selected() == weakest and selections == []
    assert predictions == [reading.digits[weakest].prediction]
    other = (weakest + 1) % 3
    session.select(other)
    assert session.selected() == other and selections == [other]
    assert session.prediction() is reading.digits[other].prediction
    session.select(other)  # no change: no signal
    session.select(7)  # no such digit: ignored
    assert selections == [other] and len(predictions) == 2
    session.set_reading(bundled.read(np.full((50, 50), 255, np.uint8)))
    assert session.selected() == -1 and session.prediction().digit is None
    session.set_reading(reading)
    session.set_recognizer(untrained)  # a new network: the old reading is not its own
    assert session.reading() is None and session.selected() == -1
