"""Loading a Recognizer in the background thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lenet_gui.paths import bundled_weights
from lenet_gui.ui.model_loader import ModelLoader

TIMEOUT_MS = 60_000  # the first load imports torch


@pytest.fixture
def loader() -> Iterator[ModelLoader]:
    instance = ModelLoader()
    yield instance
    instance.shutdown()
    assert not instance.is_running()


def test_loads_a_recognizer_off_the_gui_thread(qtbot: QtBot, loader: ModelLoader) -> None:
    path = bundled_weights()
    assert path.is_file(), f"the bundled weights are missing: {path}"
    with qtbot.waitSignal(loader.loaded, timeout=TIMEOUT_MS) as loaded:
        loader.load(path)
        assert loader.is_busy()
    recognizer, source = loaded.args
    assert source == path
    assert recognizer.parameter_count > 0
    assert not loader.is_busy()


def test_a_bad_file_fails_with_a_one_line_reason(
    qtbot: QtBot, tmp_path: Path, loader: ModelLoader
) -> None:
    bad = tmp_path / "bad.pt"
    bad.write_text("not a network")
    with qtbot.waitSignal(loader.failed, timeout=TIMEOUT_MS) as failed:
        loader.load(bad)
    reason, source = failed.args
    assert source == bad
    assert "bad.pt" in reason and "\n" not in reason


def test_only_the_latest_request_is_answered(
    qtbot: QtBot, tmp_path: Path, loader: ModelLoader
) -> None:
    answers: list[object] = []
    loader.loaded.connect(lambda rec, path: answers.append(path))
    loader.failed.connect(lambda reason, path: answers.append(path))
    first, second = tmp_path / "first.pt", tmp_path / "second.pt"
    with qtbot.waitSignal(loader.failed, timeout=TIMEOUT_MS):
        loader.load(first)
        loader.load(second)
    qtbot.waitUntil(lambda: not loader.is_busy())
    assert answers == [second]


def test_the_torch_network_is_built_only_on_request(qtbot: QtBot, loader: ModelLoader) -> None:
    """A loaded Recognizer reads drawings without torch; its torch network (saliency)
    is built in the loader's thread when asked for, once however often it is asked."""
    path = bundled_weights()
    assert path.is_file(), f"the bundled weights are missing: {path}"
    with qtbot.waitSignal(loader.loaded, timeout=TIMEOUT_MS) as loaded:
        loader.load(path)
    recognizer = loaded.args[0]
    assert not recognizer.has_model
    ready: list[object] = []
    loader.model_ready.connect(ready.append)
    with qtbot.waitSignal(loader.model_ready, timeout=TIMEOUT_MS):
        loader.build_model(recognizer)
        loader.build_model(recognizer)
    qtbot.waitUntil(lambda: not loader.is_running())  # idle again: the thread has stopped
    assert ready == [recognizer] and recognizer.has_model
    assert recognizer.model.config.arch == "modern"
    with qtbot.waitSignal(loader.model_ready):  # built already: answered at once
        loader.build_model(recognizer)
