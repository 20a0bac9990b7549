"""The Learn view in the real window (highlighting, following the drawing, languages),
with model switching and the saliency overlay; its pieces are tested beside this file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lenet_gui.engine.architecture import LeNetConfig
from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.weights import save_weights
from lenet_gui.paths import bundled_weights
from lenet_gui.ui import session as session_module
from lenet_gui.ui.main_window import MainWindow
from tests.ui.learn.support import CLASSIC, untrained
from tests.ui.strokes import DIGITS, draw

LOAD_TIMEOUT_MS = 30_000


@pytest.fixture
def bundled_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Untrained modern and classic weights files standing in for the bundled ones."""
    paths = {}
    for arch in ("modern", "classic"):
        torch.manual_seed(5)
        paths[arch] = tmp_path / f"lenet5-{arch}.pt"
        save_weights(paths[arch], build_model(LeNetConfig(arch=arch)))
    monkeypatch.setattr(session_module, "bundled_weights", lambda arch: paths[arch])
    return paths


def test_switching_models_is_instant_and_keeps_both(
    qtbot: QtBot, window: MainWindow, bundled_pair: dict[str, Path]
) -> None:
    with qtbot.waitSignal(window.session.loaded, timeout=LOAD_TIMEOUT_MS):
        window.session.load_weights(bundled_pair["modern"])
    modern = window.session.recognizer()
    qtbot.waitUntil(
        lambda: window.session.network("classic").recognizer is not None, timeout=LOAD_TIMEOUT_MS
    )
    draw(window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: window.session.prediction().digit is not None)
    seen = []
    window.session.prediction_changed.connect(seen.append)

    combo = window.explore.model_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the user picks "LeNet-5 (1998)"
    classic = window.session.recognizer()
    assert classic.arch == "classic"  # no waiting: it was loaded in the background
    assert seen and seen[-1] is window.session.prediction()
    assert window.chart.prediction() is window.session.prediction()
    np.testing.assert_allclose(window.session.prediction().probabilities.sum(), 1.0, rtol=1e-5)
    assert window.feature_maps.panels["C3"].info().kind == "partial convolution"
    assert combo.currentText() == "LeNet-5 (1998)"

    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert window.session.recognizer() is modern  # kept, not reloaded
    assert window.feature_maps.panels["C3"].info().kind == "convolution"


@pytest.fixture(scope="module")
def bundled_classic() -> Recognizer:
    path = bundled_weights("classic")
    assert path.is_file(), f"the bundled weights are missing: {path}"
    return Recognizer.from_file(path)


@pytest.mark.parametrize("digit", sorted(DIGITS))
def test_the_bundled_1998_network_reads_drawn_digits(
    qtbot: QtBot, window: MainWindow, bundled_classic: Recognizer, digit: int
) -> None:
    window.session.set_recognizer(bundled_classic)
    with qtbot.waitSignal(window.session.prediction_changed, timeout=2000):
        draw(window.canvas, DIGITS[digit])
    qtbot.waitUntil(lambda: window.chart.prediction() is window.session.prediction())
    prediction = window.session.prediction()
    assert prediction.digit == digit, prediction.probabilities.round(3)
    assert window.chart.summary().startswith(f"Predicted digit {digit}")
    view = window.explore.open_learn_view()
    view.select_layer("output")
    assert view.codes.nearest() == digit  # F6 is closest to the code of the digit


def test_a_network_set_by_the_window_updates_the_switcher(loaded_window: MainWindow) -> None:
    classic = untrained("classic")
    loaded_window.session.set_recognizer(classic)
    assert loaded_window.explore.model_combo.currentData() == "classic"
    assert loaded_window.session.network("classic").recognizer is classic


def test_learn_view_selection_highlights_the_layer_in_the_viewer(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    view = loaded_window.explore.open_learn_view()
    qtbot.waitExposed(view)
    panels = loaded_window.feature_maps.panels
    view.select_layer("C3")
    assert panels["C3"].is_highlighted() and not panels["C1"].is_highlighted()
    loaded_window.pooling_action.setChecked(False)
    view.select_layer("S4")
    assert loaded_window.pooling_action.isChecked()  # S4 is shown to be highlighted
    assert panels["S4"].isVisible() and panels["S4"].is_highlighted()
    view.select_layer("F6")  # not in the viewer
    assert not any(panel.is_highlighted() for panel in panels.values())
    view.select_layer("C1")
    view.close()
    assert not panels["C1"].is_highlighted()


def test_learn_view_follows_the_drawing_and_the_model(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    view = loaded_window.explore.open_learn_view()
    view.select_layer("C1")
    draw(loaded_window.canvas, DIGITS[1])
    qtbot.waitUntil(lambda: view.explorer.unit_sum() is not None)
    first = view.explorer.unit_sum()
    loaded_window.session.set_recognizer(untrained("classic"))
    qtbot.waitUntil(lambda: view.explorer.unit_sum() is not None)
    assert view.cell_text("C3", 4) == CLASSIC["C3"][0]
    assert view.explorer.unit_sum().total != first.total


def test_saliency_overlay_toggles_and_follows_the_prediction(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    overlay = loaded_window.explore.overlay
    action = loaded_window.explore.saliency_action
    assert not overlay.isVisible()
    draw(loaded_window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 7)
    action.setChecked(True)
    assert overlay.isVisible()
    qtbot.waitUntil(overlay.has_map)  # computed in the background
    assert overlay.digit() == 7
    assert overlay.geometry() == loaded_window.canvas.rect()
    loaded_window.canvas.clear()
    qtbot.waitUntil(lambda: not overlay.has_map())
    draw(loaded_window.canvas, DIGITS[1])
    qtbot.waitUntil(lambda: overlay.digit() == 1)
    action.setChecked(False)
    assert not overlay.isVisible()


def test_saliency_builds_the_torch_network_and_then_shows_itself(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A loaded model reads drawings without torch; "Why?" needs the torch network
    (saliency differentiates), has it built in the background, then appears without
    another stroke."""
    with qtbot.waitSignal(window.session.loaded, timeout=60_000):
        window.session.load_weights(bundled_weights())
    assert not window.session.recognizer().has_model
    draw(window.canvas, DIGITS[7])
    qtbot.waitUntil(
        lambda: window.session.prediction() is not None and window.session.prediction().digit == 7
    )
    with qtbot.waitSignal(window.session.torch_ready, timeout=60_000):
        window.explore.saliency_action.setChecked(True)
        assert "PyTorch" in window.statusBar().currentMessage()
    qtbot.waitUntil(window.explore.overlay.has_map)
    assert window.explore.overlay.digit() == 7
    assert window.statusBar().currentMessage() == ""


def test_saliency_works_for_the_1998_network(qtbot: QtBot, loaded_window: MainWindow) -> None:
    loaded_window.session.set_recognizer(untrained("classic"))
    loaded_window.explore.saliency_action.setChecked(True)
    draw(loaded_window.canvas, DIGITS[0])
    qtbot.waitUntil(lambda: loaded_window.explore.overlay.has_map())
    assert loaded_window.explore.overlay.digit() == loaded_window.session.prediction().digit


def test_learn_view_in_chinese(qtbot: QtBot, loaded_window: MainWindow) -> None:
    view = loaded_window.explore.open_learn_view()
    view.select_layer("C3")
    english = view.explanation.text()
    loaded_window.session.set_language("zh_CN")  # widgets retranslate on the posted LanguageChange
    qtbot.waitUntil(lambda: view.explanation.text() != english)
    assert re.search(r"[\u4e00-\u9fff]", view.explanation.text())
    assert re.search(r"[\u4e00-\u9fff]", view.table.horizontalHeaderItem(0).text())
    assert view.cell_text("C3", 4) == "2,416"  # numbers stay numbers
    loaded_window.session.set_language("en")
    qtbot.waitUntil(lambda: view.explanation.text() == english)


def test_one_name_for_each_network_everywhere(qtbot: QtBot, loaded_window: MainWindow) -> None:
    """The switcher, the status bar, the Learn view and the Train dialog's architecture box
    call the 1998 network the same (it was "LeNet-5 (1998)", "LeNet-5 (classic)", "LeNet-5
    as published in 1998" and "classic"); the Learn table's "output" is translated too."""
    view = loaded_window.explore.open_learn_view()
    architectures = loaded_window.training.open_train_dialog().arch_combo
    loaded_window.session.set_recognizer(untrained("classic"))
    for language, name, output in (
        ("en", "LeNet-5 (1998)", "output"),
        ("zh_CN", "LeNet-5（1998 原版）", "输出层"),
    ):
        loaded_window.session.set_language(language)
        qtbot.waitUntil(lambda name=name: view._header.text() == name)
        assert loaded_window.explore.model_combo.currentText() == name
        assert loaded_window.model_label.text().startswith(f"{name} · ")
        assert view.cell_text("output", 0) == output
        assert architectures.itemText(architectures.findData("classic")) == name
    loaded_window.session.set_language("en")
