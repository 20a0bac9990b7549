"""The main window: wiring, live prediction, model loading, settings, language."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.paths import bundled_weights
from lenet_gui.ui.canvas import DEFAULT_BRUSH
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.message_bar import Level
from tests.ui.strokes import DIGITS, draw, press_and_move, send_mouse
from tests.written import write

MODEL_TIMEOUT_MS = 60_000  # the first load imports torch, on a busy machine


@pytest.mark.parametrize("digit", sorted(DIGITS))
def test_drawn_digits_are_recognised(qtbot: QtBot, loaded_window: MainWindow, digit: int) -> None:
    with qtbot.waitSignal(loaded_window.session.prediction_changed, timeout=2000):
        draw(loaded_window.canvas, DIGITS[digit])
    qtbot.waitUntil(lambda: loaded_window.chart.prediction() is loaded_window.session.prediction())
    prediction = loaded_window.session.prediction()
    assert prediction.digit == digit, prediction.probabilities.round(3)
    assert not prediction.unsure
    assert loaded_window.chart.summary().startswith(f"Predicted digit {digit}")
    assert loaded_window.preview.has_input()


def test_prediction_is_live_while_the_stroke_is_drawn(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    canvas = loaded_window.canvas
    end = press_and_move(canvas, DIGITS[1][0])  # button still held
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 1, timeout=2000)
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, end, held=False)


def test_predictions_are_coalesced(qtbot: QtBot, loaded_window: MainWindow) -> None:
    """Many changes before the event loop runs give one prediction, of the latest image."""
    seen = []
    loaded_window.session.prediction_changed.connect(seen.append)
    draw(loaded_window.canvas, DIGITS[7], steps=20)  # about 40 changes, no event processing
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    qtbot.wait(50)  # nothing stale arrives later
    assert len(seen) == 1
    assert seen[0].digit == 7


def test_empty_canvas_asks_for_a_digit(qtbot: QtBot, loaded_window: MainWindow) -> None:
    assert loaded_window.chart.summary() == "Draw a digit"
    draw(loaded_window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 7)
    loaded_window.clear_action.trigger()
    qtbot.waitUntil(lambda: loaded_window.chart.summary() == "Draw a digit")
    assert not loaded_window.preview.has_input()
    assert not loaded_window.clear_action.isEnabled()


def test_feature_maps_change_with_the_drawing(qtbot: QtBot, loaded_window: MainWindow) -> None:
    tiles = loaded_window.feature_maps.panels["C1"].tiles
    draw(loaded_window.canvas, DIGITS[1])
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 1)
    one = tiles[0].values().copy()
    loaded_window.canvas.clear()
    draw(loaded_window.canvas, DIGITS[0])
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 0)
    assert not np.array_equal(tiles[0].values(), one)


def test_model_loads_in_the_background(qtbot: QtBot, window: MainWindow) -> None:
    assert bundled_weights().is_file(), f"the bundled weights are missing: {bundled_weights()}"
    draw(window.canvas, DIGITS[7])  # drawing works before the model is there
    with qtbot.waitSignal(window.session.prediction_changed, timeout=MODEL_TIMEOUT_MS) as updated:
        window.session.load_weights(bundled_weights())
        assert window.chart.summary() == "Loading model…"
        assert window.model_label.text() == "Loading model…"
    assert updated.args[0].digit == 7  # the drawing made meanwhile is read at once
    recognizer = window.session.recognizer()
    status = window.model_label.text()
    assert f"{recognizer.parameter_count:,} parameters" in status
    assert status.startswith("Modern LeNet-5 · ")  # the model switcher's name for it
    if recognizer.test_accuracy is not None:
        assert "% on MNIST test" in status


def test_bad_weights_leave_the_current_model_in_place(
    qtbot: QtBot, tmp_path: Path, loaded_window: MainWindow, recognizer: Recognizer
) -> None:
    status = loaded_window.model_label.text()
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"PK\x03\x04 this is not a weights file")
    with qtbot.waitSignal(loaded_window.session.load_failed, timeout=MODEL_TIMEOUT_MS) as failed:
        loaded_window.session.load_weights(corrupt)
    assert "corrupt.pt" in failed.args[0]
    assert loaded_window.session.recognizer() is recognizer
    assert loaded_window.model_label.text() == status
    bar = loaded_window.message_bar
    assert bar.isVisible() and bar.level is Level.ERROR
    assert "corrupt.pt" in bar.text() and "current model stays in use" in bar.text()
    draw(loaded_window.canvas, DIGITS[1])  # and it still works
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 1)


def test_engine_errors_are_shown_in_the_windows_language(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    window.session.set_language("zh_CN")
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"PK\x03\x04 this is not a weights file")
    with qtbot.waitSignal(window.session.load_failed, timeout=MODEL_TIMEOUT_MS) as failed:
        window.session.load_weights(corrupt)
    reason = failed.args[0]
    assert reason.startswith("corrupt.pt") and "damaged" not in reason
    assert re.search("[\u4e00-\u9fff]", reason)  # Chinese, like the rest of the window
    assert reason in window.message_bar.text()
    bad_image = tmp_path / "photo.png"
    bad_image.write_bytes(b"not a png")
    assert not window.open_image(bad_image)
    assert "photo.png" in window.message_bar.text()
    assert "not an image file" not in window.message_bar.text()


def test_missing_model_is_reported_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.load_failed, timeout=MODEL_TIMEOUT_MS):
        window.session.load_weights(Path("/nonexistent/lenet5.pt"))
    assert window.session.recognizer() is None
    assert window.chart.summary() == "No model loaded"
    assert window.model_label.text() == "No model loaded"
    assert "lenet5.pt" in window.message_bar.text()


def test_undo_redo_and_clear_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    canvas = window.canvas
    window.activateWindow()
    qtbot.waitActive(window)
    draw(canvas, [[(0.5, 0.2), (0.5, 0.8)]])
    drawn = canvas.image_array()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.is_empty()
    qtbot.keyClick(
        canvas,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    np.testing.assert_array_equal(canvas.image_array(), drawn)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(canvas.image_array(), drawn)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.is_empty()
    qtbot.keyClick(canvas, Qt.Key.Key_E)
    assert canvas.eraser() and window.eraser_action.isChecked()


def test_edit_actions_follow_the_history(window: MainWindow) -> None:
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    draw(window.canvas, DIGITS[1])
    assert window.undo_action.isEnabled() and window.clear_action.isEnabled()
    window.undo_action.trigger()
    assert window.redo_action.isEnabled() and not window.undo_action.isEnabled()


def test_brush_width_slider_and_shortcuts(window: MainWindow) -> None:
    assert window.brush_slider.value() == DEFAULT_BRUSH
    assert window.brush_value.text() == str(DEFAULT_BRUSH)  # the slider shows its value
    window.thicker_action.trigger()
    assert window.canvas.brush_width() == window.brush_slider.value() > DEFAULT_BRUSH
    assert window.brush_value.text() == str(window.brush_slider.value())
    window.brush_slider.setValue(10)
    assert window.canvas.brush_width() == 10


def test_the_default_brush_keeps_a_small_digit_open(window: MainWindow) -> None:
    """A small 0 (a sixth of the sheet tall) drawn with the default brush still has its
    hole; the old default (18) filled it into a blob."""
    small_zero = [[(0.45 + x * 0.15, 0.45 + y * 0.15) for x, y in DIGITS[0][0]]]
    draw(window.canvas, small_zero)
    ink = window.canvas.image_array() < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    assert rows.size and not ink[(rows[0] + rows[-1]) // 2, (cols[0] + cols[-1]) // 2]


def test_resizing_the_window_keeps_the_drawing(qtbot: QtBot, window: MainWindow) -> None:
    draw(window.canvas, DIGITS[3])
    before = window.canvas.image_array()
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.width() == 1000)
    window.resize(1500, 950)
    qtbot.waitUntil(lambda: window.width() == 1500)
    np.testing.assert_array_equal(window.canvas.image_array(), before)


def test_open_and_save_images(qtbot: QtBot, tmp_path: Path, loaded_window: MainWindow) -> None:
    draw(loaded_window.canvas, DIGITS[7])
    saved = tmp_path / "seven.png"
    assert loaded_window.save_drawing(saved)
    assert "seven.png" in loaded_window.statusBar().currentMessage()
    loaded_window.canvas.clear()
    assert loaded_window.open_image(saved)
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 7)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 nope")
    assert not loaded_window.open_image(bad)
    assert "bad.jpg" in loaded_window.message_bar.text()
    assert loaded_window.session.prediction().digit == 7  # the drawing is untouched
    assert not loaded_window.save_drawing(tmp_path / "missing" / "x.png")


def test_an_opened_image_of_touching_digits_is_read_with_the_sdnn(
    qtbot: QtBot, tmp_path: Path, loaded_window: MainWindow
) -> None:
    number, _, _ = write("003", [-0.05, -0.05])  # the segmentation alone reads 043
    path = tmp_path / "touching.png"
    number.save(path)
    assert loaded_window.open_image(path)
    session = loaded_window.session
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "003")


def test_pooling_layers_from_the_view_menu(loaded_window: MainWindow) -> None:
    assert not loaded_window.feature_maps.panels["S2"].isVisible()
    loaded_window.pooling_action.trigger()
    assert loaded_window.feature_maps.pooling_visible()
    assert loaded_window.feature_maps.panels["S4"].isVisible()


def test_switching_language_retranslates_visible_texts(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    loaded_window.session.set_language("zh_CN")
    qtbot.waitUntil(lambda: loaded_window.file_menu.title() == "文件(&F)")
    assert loaded_window.edit_menu.title() == "编辑(&E)"
    assert loaded_window.undo_action.text() == "撤销(&U)"
    assert loaded_window.undo_action.iconText() == "撤销"
    assert loaded_window.chart.summary() == "画一个数字"
    assert "参数" in loaded_window.model_label.text()
    assert "卷积核" in loaded_window.feature_maps.panels["C1"].tiles[0].toolTip()
    assert loaded_window.language_menu.actions()[1].isChecked()
    loaded_window.session.set_language("en")
    qtbot.waitUntil(lambda: loaded_window.file_menu.title() == "&File")
    assert loaded_window.chart.summary() == "Draw a digit"


def test_settings_are_remembered(qtbot: QtBot, settings: QSettings, window: MainWindow) -> None:
    window.brush_slider.setValue(30)
    window.session.set_language("zh_CN")
    window.pooling_action.setChecked(True)
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.width() == 1100)
    window.close()
    assert settings.value("window/geometry") == window.saveGeometry()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.canvas.brush_width() == 30
    assert again.session.language() == "zh_CN"
    assert again.pooling_action.isChecked()
    # Restored (the default is 800 high); the width is clamped to the offscreen 800x800 screen.
    assert again.height() == 720
    again.session.set_language("en")


def test_first_start_follows_the_system_language(qtbot: QtBot, window: MainWindow) -> None:
    from lenet_gui.ui.i18n import system_language

    assert window.session.language() == system_language()


def test_accessible_names_and_tab_order(window: MainWindow) -> None:
    for widget in (window.canvas, window.chart, window.preview, window.feature_maps):
        assert widget.accessibleName(), widget.objectName()
    assert window.brush_slider.accessibleName() == "Brush width"
    assert window.brush_slider.nextInFocusChain() is window.canvas
    assert window.canvas.nextInFocusChain() is window.chart
    names = {w.objectName() for w in (window.canvas, window.chart, window.preview)}
    assert names == {"canvas", "prediction_chart", "input_preview"}
    assert window.feature_maps.objectName() == "feature_maps"


def test_about_box_does_not_block(qtbot: QtBot, loaded_window: MainWindow) -> None:
    loaded_window.about_action.trigger()  # returns at once: no nested event loop
    box = loaded_window.findChild(QMessageBox, "about_box")
    qtbot.waitExposed(box)
    assert f"{loaded_window.session.recognizer().parameter_count:,}" in box.text()
    box.close()


def test_closing_stops_the_loader_thread(qtbot: QtBot, window: MainWindow) -> None:
    window.session.load_weights(Path("/nonexistent/lenet5.pt"))
    window.close()  # waits for the load in progress, then the thread ends
    assert not window.session.loader_running()
    QApplication.processEvents()
