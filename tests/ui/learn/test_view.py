"""Model switching, the Learn view (table, explanations, C3 grid, unit sums, RBF codes)
and the saliency overlay, in the real window."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lenet_gui.engine.architecture import LeNetConfig, connection_table
from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.saliency import unit_sum
from lenet_gui.engine.weights import save_weights
from lenet_gui.paths import bundled_weights
from lenet_gui.ui import session as session_module
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.session import Session, Settings
from tests.ui.strokes import DIGITS, draw, write_number

# (parameters, connections) per layer, as in the notes and the paper
CLASSIC = {
    "C1": ("156", "122,304"),
    "S2": ("12", "5,880"),
    "C3": ("1,516", "151,600"),
    "S4": ("32", "2,000"),
    "C5": ("48,120", "48,120"),
    "F6": ("10,164", "10,164"),
    "output": ("0", "840"),
}
MODERN_C3 = ("2,416", "241,600")
LOAD_TIMEOUT_MS = 30_000


def _recognizer(arch: str, seed: int = 0) -> Recognizer:
    torch.manual_seed(seed)
    return Recognizer.from_model(build_model(LeNetConfig(arch=arch)))


@pytest.fixture(scope="module")
def classic() -> Recognizer:
    """An untrained 1998 network: its table and wiring need no trained weights."""
    return _recognizer("classic")


@pytest.fixture
def session() -> Session:
    """A session of its own: the Learn view follows its network and prediction."""
    return Session(Settings(persist=False))


@pytest.fixture
def learn(qtbot: QtBot, session: Session) -> LearnView:
    view = LearnView(session)
    qtbot.addWidget(view)
    return view


def _mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF) -> None:
    button = (
        Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.NoButton
    )
    event = QMouseEvent(
        kind,
        pos,
        widget.mapToGlobal(pos),
        button,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


# --- the table -----------------------------------------------------------------------------


def test_learn_table_numbers_of_the_1998_network(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    for layer, (params, connections) in CLASSIC.items():
        assert (learn.cell_text(layer, 4), learn.cell_text(layer, 5)) == (params, connections)
    assert learn.cell_text("C3", 1) == "partial convolution"
    assert learn.cell_text("C3", 2) == "6@14×14 → 16@10×10"
    assert learn.cell_text("C1", 2) == "1@32×32 → 6@28×28"
    assert learn.cell_text("S2", 1) == "subsampling"
    assert learn.cell_text("output", 1) == "Euclidean RBF"
    total = learn.table.rowCount() - 1
    assert learn.table.item(total, 4).text() == "60,000"
    assert learn.table.item(total, 5).text() == "340,908"


def test_learn_table_follows_the_network_in_use(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(_recognizer("modern"))
    assert (learn.cell_text("C3", 4), learn.cell_text("C3", 5)) == MODERN_C3
    assert learn.cell_text("S2", 1) == "max-pooling"
    learn.select_layer("S2")
    assert "largest value" in learn.explanation.text()
    session.set_recognizer(classic)
    assert (learn.cell_text("C3", 4), learn.cell_text("C3", 5)) == CLASSIC["C3"]
    assert learn.selected_layer() == "S2"  # the selection survives the switch
    assert "trainable coefficient" in learn.explanation.text()


def test_every_layer_has_an_explanation_in_both_variants(
    session: Session, learn: LearnView, classic
) -> None:
    for recognizer in (_recognizer("modern"), classic):
        session.set_recognizer(recognizer)
        texts = set()
        for row in range(learn.table.rowCount() - 1):
            learn.table.selectRow(row)
            name = learn.selected_layer()
            assert learn.explanation.text(), name
            texts.add(learn.explanation.text())
        assert len(texts) == 7


# --- the C3 grid and the unit sums ---------------------------------------------------------


def test_c3_grid_is_drawn_from_the_models_table(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    learn.select_layer("C3")
    assert learn.grid.isVisibleTo(learn)
    np.testing.assert_array_equal(learn.grid.table(), connection_table(classic.config))
    assert learn.grid.table().sum() == 60
    session.set_recognizer(_recognizer("modern"))
    assert learn.grid.table().all()
    learn.select_layer("C1")
    assert not learn.grid.isVisibleTo(learn)


def test_clicking_a_grid_column_picks_that_c3_map(
    qtbot: QtBot, session: Session, learn: LearnView, classic: Recognizer
) -> None:
    session.set_recognizer(classic)
    session.set_prediction(classic.predict_input(_digit_input()))
    learn.select_layer("C3")
    learn.show()
    qtbot.waitExposed(learn)
    origin, cell = learn.grid._origin(), learn.grid.CELL
    _mouse(learn.grid, QEvent.Type.MouseButtonRelease, origin + QPointF(12.5 * cell, 2.5 * cell))
    assert learn.explorer.map_spin.value() == 12
    assert learn.grid.column() == 12
    assert learn.explorer.unit_sum().inputs == (0, 1, 3, 4)  # Table I, C3 map 12


def _digit_input() -> np.ndarray:
    x = np.zeros((32, 32), np.float32)
    x[6:26, 14:18] = 1.0  # a "1"
    return x


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
    prediction = classic.predict_input(_digit_input())
    session.set_recognizer(classic)
    session.set_prediction(prediction)
    learn.select_layer(layer)
    learn.show()
    qtbot.waitExposed(learn)
    explorer = learn.explorer
    explorer.set_map(4)
    _mouse(explorer.map_view, QEvent.Type.MouseMove, explorer.map_view.unit_rect(y, x).center())
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
    session.set_prediction(classic.predict_input(_digit_input()))
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


# --- the 1998 output codes -----------------------------------------------------------------


def test_output_codes_show_the_code_nearest_to_f6(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    prediction = classic.predict_input(_digit_input())
    session.set_recognizer(classic)
    session.set_prediction(prediction)
    learn.select_layer("output")
    assert learn.codes.isVisibleTo(learn)
    penalties = -prediction.activations["output"]
    assert learn.codes.nearest() == int(np.argmin(penalties)) == prediction.digit
    session.set_recognizer(_recognizer("modern"))
    assert not learn.codes.isVisibleTo(learn)
    assert "1998" in learn.codes_note.text()


# --- in the window: switching, highlighting, saliency --------------------------------------


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
    classic = _recognizer("classic")
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
    loaded_window.session.set_recognizer(_recognizer("classic"))
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
    loaded_window.session.set_recognizer(_recognizer("classic"))
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


def test_the_unit_sum_follows_the_drawing_once_the_pen_rests(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    view = loaded_window.explore.open_learn_view()
    view.select_layer("C1")
    draw(loaded_window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: view.explorer.unit_sum() is not None)
    total = f"{view.explorer.unit_sum().total:+.4f}"
    qtbot.waitUntil(lambda: total in view.explorer.sum_label.text())


def test_one_name_for_each_network_everywhere(qtbot: QtBot, loaded_window: MainWindow) -> None:
    """The switcher, the status bar and the Learn view call the 1998 network the same (it
    was "LeNet-5 (1998)", "LeNet-5 (classic)" and "LeNet-5 as published in 1998"); the
    Learn table's "output" is translated too."""
    view = loaded_window.explore.open_learn_view()
    loaded_window.session.set_recognizer(_recognizer("classic"))
    for language, name, output in (
        ("en", "LeNet-5 (1998)", "output"),
        ("zh_CN", "LeNet-5（1998 原版）", "输出层"),
    ):
        loaded_window.session.set_language(language)
        qtbot.waitUntil(lambda name=name: view._header.text() == name)
        assert loaded_window.explore.model_combo.currentText() == name
        assert loaded_window.model_label.text().startswith(f"{name} · ")
        assert view.cell_text("output", 0) == output
    loaded_window.session.set_language("en")


def test_learn_view_slides_the_network_across_the_drawn_number(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    session = loaded_window.session
    learn = loaded_window.explore.learn_view()
    learn.show()
    qtbot.waitExposed(learn)
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "307")
    slide = learn.slide_view
    expected = session.recognizer().slide(session.drawing())
    assert len(slide.answers()) == (expected.strip.shape[1] - 32) // 4 + 1
    seen = [a for a in slide.answers() if a is not None]
    collapsed = [d for i, d in enumerate(seen) if i == 0 or seen[i - 1] != d]
    assert [d for d in collapsed if d in (3, 0, 7)][:3] == [3, 0, 7]
    assert slide.summary().endswith("segmentation: 307")
    assert learn.slide_note.text().endswith("reads: 307")
    loaded_window.clear_action.trigger()
    qtbot.waitUntil(lambda: slide.answers() == [])
    assert slide.summary() == "Nothing drawn"
