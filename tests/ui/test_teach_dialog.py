"""Teach it my handwriting: the guided drawings, redo, the adaptation in its thread
(cancel keeps the network in use) and "Use it" making it "My LeNet-5"."""

from __future__ import annotations

import numpy as np
import pytest

from lenet_gui.engine.adapt import AdaptConfig
from lenet_gui.paths import my_network_file
from lenet_gui.ui.teach_dialog import PER_DIGIT, TeachDialog
from lenet_gui.ui.training_actions import MY_NETWORK
from tests import writer


@pytest.fixture
def dialog(loaded_window) -> TeachDialog:
    loaded_window.training.teach_config = AdaptConfig(steps=3, strokes=16)
    opened = loaded_window.training.open_teach_dialog()
    assert opened is not None
    return opened


def _draw(dialog: TeachDialog, digit: int, seed: int) -> None:
    dialog.canvas.show_digit(writer.prepared(digit, 1, seed)[0])


def test_it_asks_for_each_digit_in_turn_and_redo_takes_one_back(dialog, loaded_window):
    store = loaded_window.training.store
    assert dialog.next_digit() == 0 and "Write a 0 (1 of 30" in dialog.prompt.text()
    assert not dialog.take_drawing()  # nothing drawn yet
    assert dialog.note.text()
    _draw(dialog, 0, seed=1)
    assert dialog.take_drawing()
    _draw(dialog, 1, seed=2)
    assert dialog.take_drawing()
    assert dialog.next_digit() == 2 and store.count() == 2
    assert dialog.progress_drawn.value() == 2
    dialog.redo_last()
    assert dialog.next_digit() == 1 and store.count() == 1
    assert [s.label for s in store.list()] == [0]


def _draw_all(dialog: TeachDialog) -> None:
    for i in range(10 * PER_DIGIT):
        digit = dialog.next_digit()
        assert digit == i % 10
        _draw(dialog, digit, seed=100 + i)
        assert dialog.take_drawing()


def test_use_it_makes_the_adapted_network_my_lenet5(qtbot, dialog, loaded_window, recognizer):
    _draw_all(dialog)
    assert dialog.is_adapting() and dialog.pages.currentIndex() == 1
    qtbot.waitUntil(
        lambda: dialog.pages.currentIndex() == 2 and not dialog.is_adapting(), timeout=120_000
    )
    assert "%" in dialog.result_label.text()
    with qtbot.waitSignal(dialog.network_accepted, timeout=1000):
        dialog.use_button.click()
    session = loaded_window.session
    assert session.current().key == MY_NETWORK
    assert session.recognizer().metadata["adapted"]["samples"] == 10 * PER_DIGIT
    assert my_network_file().is_file()
    assert session.network("modern").recognizer is recognizer
    assert loaded_window.training.store.count() == 10 * PER_DIGIT


def test_cancel_keeps_the_network_in_use(qtbot, loaded_window, recognizer):
    loaded_window.training.teach_config = AdaptConfig(steps=100_000, strokes=16)
    dialog = loaded_window.training.open_teach_dialog()
    _draw_all(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=120_000):
        dialog.cancel_button.click()
    assert not dialog.is_adapting()
    assert dialog.taught is None or dialog.taught.recognizer is None
    assert loaded_window.session.recognizer() is recognizer
    assert not my_network_file().exists()


def test_the_drawings_are_stored_as_the_app_prepares_them(dialog, loaded_window):
    digit28 = writer.prepared(0, 1, seed=5)[0]
    dialog.canvas.show_digit(digit28)
    assert dialog.take_drawing()
    stored = loaded_window.training.store.load_all()
    assert stored.labels.tolist() == [0]
    assert np.abs(stored.images[0].astype(int) - digit28.astype(int)).mean() < 20
