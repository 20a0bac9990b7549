"""Adding a drawing to my samples, and reviewing them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from lenet_gui.engine.samples import SampleStore
from lenet_gui.ui.samples_dialog import AddSampleDialog, SamplesDialog


def _digit() -> np.ndarray:
    image = np.zeros((28, 28), np.float32)
    image[5:23, 12:16] = 1.0
    return image


def test_the_suggestion_is_preselected_and_a_digit_key_changes_it(qtbot: QtBot) -> None:
    dialog = AddSampleDialog(_digit(), suggestion=1)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.label() == 1 and ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_7)
    assert dialog.label() == 7


def test_without_a_suggestion_nothing_can_be_added_until_a_digit_is_chosen(
    qtbot: QtBot,
) -> None:
    dialog = AddSampleDialog(_digit(), suggestion=None)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.label() is None and not ok.isEnabled()
    dialog.digit_buttons.button(4).click()
    assert dialog.label() == 4 and ok.isEnabled()


def test_the_review_lists_the_samples_and_deletes_the_current_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = SampleStore(tmp_path / "samples")
    first = store.add(np.uint8(_digit() * 255), 1)
    second = store.add(np.uint8(_digit() * 255), 2)
    dialog = SamplesDialog(store)
    qtbot.addWidget(dialog)
    assert sorted(dialog.sample_ids()) == sorted([first, second])
    assert not dialog.delete_current()  # nothing chosen yet
    dialog.gallery.set_current(0)
    chosen = dialog.sample_ids()[0]
    with qtbot.waitSignal(dialog.changed):
        assert dialog.delete_current()
    assert store.count() == 1 and dialog.sample_ids() == [s for s in (first, second) if s != chosen]
