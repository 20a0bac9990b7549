"""What a new user hit in the Train dialog: Enter never downloads, a second run starts
clean, the summary lines read right, the epoch label follows the language, one stop
message, settings remembered, and the dialog fits a small screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lenet_gui.engine.mnist import DatasetError
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.training import worker as training_worker
from lenet_gui.ui.training.dialog import TrainDialog

TRAIN_TIMEOUT_MS = 180_000


@pytest.fixture
def dialog(window: MainWindow) -> TrainDialog:
    return window.training.open_train_dialog()


def test_enter_in_a_setting_starts_training_never_a_download(
    qtbot: QtBot, dialog: TrainDialog, mnist_dir: Path
) -> None:
    dialog.set_data_dir(mnist_dir)
    dialog.limit_spin.setValue(300)
    dialog.epochs_spin.setFocus()
    dialog.epochs_spin.selectAll()
    qtbot.keyClicks(dialog.epochs_spin, "1")
    qtbot.keyClick(dialog.epochs_spin, Qt.Key.Key_Return)
    assert not dialog.is_downloading()
    assert dialog.is_training()  # Start training is the default button
    dialog.cancel_training()
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)


def test_a_cancelled_download_says_cancelled_even_when_its_connection_failed(
    qtbot: QtBot, dialog: TrainDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelling while the last attempt waits on the network: the wait ends in an error,
    which must not be reported as "check the internet connection"."""

    def last_attempt(dest, *, should_stop, **_):
        while not should_stop():
            time.sleep(0.01)
        raise DatasetError("{name}: download failed; last error: {error}", name="x", error="reset")

    monkeypatch.setattr(training_worker, "download_mnist", last_attempt)
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert dialog.is_downloading()
    qtbot.mouseClick(dialog.download_cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_downloading(), timeout=10_000)
    assert "cancelled" in dialog.download_label.text()
    assert not dialog.message_bar.isVisible()  # no "could not download" error


def _small(dialog: TrainDialog, mnist_dir: Path) -> None:
    dialog.set_data_dir(mnist_dir)
    dialog.limit_spin.setValue(300)
    dialog.epochs_spin.setValue(1)
    dialog.batch_spin.setValue(32)
    dialog.augment_check.setChecked(False)


def test_a_second_run_starts_without_the_first_runs_results(
    qtbot: QtBot, window: MainWindow, dialog: TrainDialog, mnist_dir: Path
) -> None:
    _small(dialog, mnist_dir)
    with qtbot.waitSignal(dialog.training_finished, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)
    assert "%" in dialog.result_label.text()
    assert dialog.stats_label.text().startswith("1 complete epoch in ")  # not "1 … epochs"
    assert dialog.epoch_label.text() == "Epoch 1 of 1"
    window.session.set_language("zh_CN")  # the finished run's labels follow the language
    qtbot.waitUntil(lambda: dialog.epoch_label.text() == "第 1 轮，共 1 轮")
    assert "轮" in dialog.stats_label.text()
    window.session.set_language("en")
    qtbot.waitUntil(lambda: dialog.epoch_label.text() == "Epoch 1 of 1")
    assert "Training finished" in dialog.log_view.toPlainText().splitlines()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text() == "Test accuracy: –"  # not the first run's figure
    assert dialog.gallery.count() == 0
    assert "No mistakes" not in dialog.gallery.accessibleDescription()  # its empty text
    assert "complete epoch" not in dialog.stats_label.text()
    with qtbot.waitSignal(dialog.training_finished, timeout=TRAIN_TIMEOUT_MS):
        dialog.cancel_training()  # in the first epoch
    summary = dialog.stats_label.text()
    assert summary.startswith("Stopped during the first epoch") and "samples/s" not in summary
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)


def test_the_stop_question_agrees_with_what_cancel_and_closing_do(dialog: TrainDialog) -> None:
    """Closing mid-run aborts (nothing tested or kept); Cancel keeps and tests the best
    weights. The question asked on closing used to say Stop "throws away" what Cancel keeps."""
    note = dialog.stop_and_close_note()
    assert "Cancel" in note and "not kept" in note
    assert "keep the best weights" in dialog.cancel_button.toolTip()


def test_a_learning_rate_above_the_maximum_is_cut_and_said(
    qtbot: QtBot, dialog: TrainDialog
) -> None:
    dialog.lr_spin.setFocus()
    dialog.lr_spin.selectAll()
    qtbot.keyClicks(dialog.lr_spin, "100")
    qtbot.keyClick(dialog.lr_spin, Qt.Key.Key_Tab)  # leave the field
    assert dialog.lr_spin.value() == 1.0
    assert dialog.message_bar.isVisible()
    assert "at most 1: 100 was set to 1" in dialog.message_bar.text()


def test_settings_are_remembered_across_a_restart_of_the_dialog(
    qtbot: QtBot, window: MainWindow, dialog: TrainDialog, tmp_path: Path
) -> None:
    dialog.arch_combo.setCurrentIndex(dialog.arch_combo.findData("classic"))
    dialog.epochs_spin.setValue(3)
    dialog.batch_spin.setValue(48)
    dialog.lr_spin.setValue(0.002)
    dialog.augment_check.setChecked(False)
    dialog.seed_spin.setValue(7)
    dialog.limit_spin.setValue(5000)
    dialog.set_data_dir(tmp_path)
    dialog.close()
    again = TrainDialog(window.session, window)  # as after restarting the app
    qtbot.addWidget(again)
    job = again.job()
    c = job.config
    assert (c.arch, c.epochs, c.batch_size, c.lr, c.augment, c.seed, c.limit) == (
        "classic",
        3,
        48,
        0.002,
        False,
        7,
        5000,
    )
    assert job.data_dir == tmp_path
