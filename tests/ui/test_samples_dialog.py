"""Adding a drawing to my samples, and reviewing them: deleting one asks first, and
Cancel keeps it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
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


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> SamplesDialog:
    store = SampleStore(tmp_path / "samples")
    for label in (2, 7):
        image = np.zeros((28, 28), np.uint8)
        image[4:24, 12:16] = 255
        store.add(image, label)
    view = SamplesDialog(store)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_delete_asks_and_cancel_keeps_the_sample(qtbot: QtBot, dialog: SamplesDialog) -> None:
    ids = dialog.sample_ids()
    dialog.gallery.set_current(1)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert "7" in box.text() and "cannot be undone" in box.text()
    assert dialog.sample_ids() == ids  # nothing deleted yet
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is None)
    assert dialog.sample_ids() == ids and dialog.store.count() == 2


def test_confirming_deletes_the_selected_sample(qtbot: QtBot, dialog: SamplesDialog) -> None:
    ids = dialog.sample_ids()
    dialog.gallery.set_current(0)
    with qtbot.waitSignal(dialog.changed):
        qtbot.keyClick(dialog, Qt.Key.Key_Delete)
        delete = next(
            b
            for b in dialog.confirm_box.buttons()
            if dialog.confirm_box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
        )
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert dialog.sample_ids() == ids[1:]
    assert [s.id for s in dialog.store.list()] == ids[1:]
