"""The Train dialog in the main window: real (tiny) training runs, cancel, pause, closing
mid-run, failures, "Use this model", "Save as…", the user's own samples and the download.

Trainings use a few hundred real MNIST images for one or two epochs. The question asked
before stopping a run is answered by the `answers` fixture, never by a modal dialog.
"""

from __future__ import annotations

import copy
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from lenet_gui.engine.mnist import FILES
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.samples import SampleStore
from lenet_gui.engine.weights import load_weights
from lenet_gui.paths import bundled_weights
from lenet_gui.ui.main_window import MainWindow
from lenet_gui.ui.message_bar import Level
from lenet_gui.ui.samples_dialog import AddSampleDialog, SamplesDialog
from lenet_gui.ui.training.dialog import TrainDialog
from lenet_gui.ui.training.worker import TrainingOutcome
from tests.ui.strokes import DIGITS, draw
from tests.ui.worker_signals import Recorder

TRAIN_TIMEOUT_MS = 180_000  # a shared, busy machine


@dataclass
class Answers:
    """What the 'stop the training?' question answers, and how often it was asked."""

    stop: bool = True
    asked: int = 0


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    given = Answers()

    def confirm_stop(self: TrainDialog) -> bool:
        given.asked += 1
        return given.stop

    monkeypatch.setattr(TrainDialog, "confirm_stop", confirm_stop)
    return given


def small(dialog: TrainDialog, mnist_dir: Path, *, images: int, epochs: int = 1) -> None:
    """Settings for a quick run on the first `images` MNIST images."""
    dialog.set_data_dir(mnist_dir)
    dialog.limit_spin.setValue(images)
    dialog.epochs_spin.setValue(epochs)
    dialog.batch_spin.setValue(32)
    dialog.augment_check.setChecked(False)


def train(qtbot: QtBot, dialog: TrainDialog) -> TrainingOutcome:
    with qtbot.waitSignal(dialog.training_finished, timeout=TRAIN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)
    return finished.args[0]


def start_and_wait_for_progress(qtbot: QtBot, dialog: TrainDialog) -> Recorder:
    assert dialog.start_training()
    recorder = Recorder(dialog.runs.worker())  # progress follows reading MNIST: none is missed
    qtbot.waitUntil(lambda: len(recorder.progress) > 0, timeout=TRAIN_TIMEOUT_MS)
    return recorder


@pytest.fixture
def dialog(window: MainWindow) -> TrainDialog:
    return window.training.open_train_dialog()


def test_defaults_and_names(window: MainWindow, dialog: TrainDialog) -> None:
    assert dialog.isVisible() and not dialog.isModal()
    job = dialog.job()
    c = job.config
    assert (c.epochs, c.batch_size, c.lr, c.augment, c.seed) == (12, 256, 3e-3, True, 0)
    assert not c.redraw and c.val_size == 5000
    assert c.limit is None and job.initial is None and job.samples_dir is None
    assert dialog.objectName() == "train_dialog"
    for widget, name in (
        (dialog.curves, "training_curves"),
        (dialog.confusion, "confusion_matrix"),
        (dialog.gallery, "misclassified_gallery"),
    ):
        assert widget.objectName() == name and widget.accessibleName()
    assert window.training.train_action in window.training_menu.actions()
    assert window.training.train_action in window.toolbar.actions()
    assert window.training.train_action.shortcut().toString() == "Ctrl+T"
    assert not dialog.pause_button.isEnabled() and not dialog.use_button.isEnabled()
    assert not dialog.current_radio.isEnabled()  # no model loaded in this window


def test_the_batch_size_follows_the_architecture_unless_the_user_chose_one(
    dialog: TrainDialog,
) -> None:
    arch = dialog.arch_combo
    arch.setCurrentIndex(arch.findData("classic"))
    assert dialog.job().config.arch == "classic" and dialog.job().config.batch_size == 32
    arch.setCurrentIndex(arch.findData("modern"))
    assert dialog.job().config.batch_size == 256
    dialog.batch_spin.setValue(64)  # the user's own choice stays
    arch.setCurrentIndex(arch.findData("classic"))
    assert dialog.job().config.batch_size == 64


def test_redraw_is_asked_for_in_the_job(dialog: TrainDialog) -> None:
    dialog.redraw_check.setChecked(True)
    assert dialog.job().config.redraw
    assert dialog.redraw_check.text() and dialog.redraw_check.toolTip()


def test_start_from_current_weights_continues_from_the_model_in_use(
    loaded_window: MainWindow,
) -> None:
    dialog = loaded_window.training.open_train_dialog()
    assert dialog.current_radio.isEnabled()
    assert dialog.job().initial is None  # from scratch by default
    dialog.current_radio.setChecked(True)
    assert dialog.job().initial is loaded_window.session.recognizer()


@pytest.mark.slow
def test_a_short_run_shows_progress_curves_and_results(
    qtbot: QtBot, dialog: TrainDialog, mnist_dir: Path
) -> None:
    small(dialog, mnist_dir, images=500, epochs=2)
    with qtbot.waitSignal(dialog.training_finished, timeout=TRAIN_TIMEOUT_MS) as finished:
        recorder = start_and_wait_for_progress(qtbot, dialog)
        assert dialog.is_training() and dialog.pause_button.isEnabled()
        assert not dialog.start_button.isEnabled() and not dialog.settings_box.isEnabled()
        assert dialog.curves.train_points()
        assert "samples/s" in dialog.stats_label.text() and "left" in dialog.stats_label.text()
    outcome = finished.args[0]
    assert outcome is dialog.outcome() and outcome.status == "finished"
    assert recorder.progress and len(recorder.epoch_finished) == 2
    curves = dialog.curves
    assert len(curves.train_points()) >= 2
    assert [round(p[0]) for p in curves.val_points()] == [1, 2]
    assert "validation" in curves.accessibleDescription()
    accuracy = outcome.assessment.accuracy
    assert f"{accuracy * 100:.2f} %" in dialog.result_label.text()
    assert "of 10,000" in dialog.result_label.text()
    assert dialog.confusion.matrix().sum() == 10_000
    assert np.trace(dialog.confusion.matrix()) == round(accuracy * 10_000)
    mistakes = outcome.assessment.mistakes
    assert dialog.gallery.count() == len(mistakes) == min(60, outcome.assessment.total_mistakes)
    assert dialog.gallery.items()[0].caption == f"{mistakes.true[0]} → {mistakes.predicted[0]}"
    assert dialog.epoch_bar.value() == dialog.epoch_bar.maximum()
    assert dialog.overall_bar.value() == dialog.overall_bar.maximum()
    assert "Epoch 2:" in dialog.log_view.toPlainText()
    assert dialog.message_bar.level is Level.INFO and "finished" in dialog.message_bar.text()
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)
    assert dialog.use_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()


@pytest.mark.slow
def test_cancel_mid_epoch_keeps_the_weights_so_far(
    qtbot: QtBot, dialog: TrainDialog, mnist_dir: Path
) -> None:
    small(dialog, mnist_dir, images=6000, epochs=3)  # 172 batches per epoch
    start_and_wait_for_progress(qtbot, dialog)
    thread = dialog.runs.training_thread()
    with qtbot.waitSignal(dialog.training_finished, timeout=TRAIN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.status == "cancelled"
    assert not outcome.history and 0 < outcome.batches < 172  # stopped within epoch 1
    assert outcome.usable and outcome.assessment.count == 10_000
    assert "cancelled" in dialog.message_bar.text()
    assert dialog.status_label.text() == "Cancelled."
    qtbot.waitUntil(thread.isFinished, timeout=TRAIN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not dialog.is_training())
    assert dialog.use_button.isEnabled()


@pytest.mark.slow
def test_pause_and_resume_from_the_dialog(
    qtbot: QtBot, dialog: TrainDialog, mnist_dir: Path
) -> None:
    small(dialog, mnist_dir, images=6000, epochs=2)
    recorder = start_and_wait_for_progress(qtbot, dialog)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert dialog.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: recorder.holding == [True], timeout=TRAIN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Paused"))
    held = len(recorder.progress)
    qtbot.wait(300)
    assert len(recorder.progress) == held
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(recorder.progress) > held, timeout=TRAIN_TIMEOUT_MS)
    dialog.cancel_training()
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)


@pytest.mark.slow
def test_closing_the_app_mid_training_asks_then_stops_and_joins(
    qtbot: QtBot, answers: Answers, window: MainWindow, dialog: TrainDialog, mnist_dir: Path
) -> None:
    small(dialog, mnist_dir, images=6000, epochs=5)
    recorder = start_and_wait_for_progress(qtbot, dialog)
    thread = dialog.runs.training_thread()
    answers.stop = False  # "Keep training": nothing closes
    window.close()
    assert answers.asked == 1
    assert window.isVisible() and thread.isRunning()
    answers.stop = True  # "Stop training"
    window.close()
    assert answers.asked == 2
    assert not window.isVisible()
    assert thread.isFinished() and not thread.isRunning()  # joined before close returned
    assert not dialog.is_training()
    QApplication.processEvents()
    assert not recorder.finished and not recorder.failed  # aborted: nothing evaluated


@pytest.mark.slow
def test_closing_the_dialog_mid_training_asks_first(
    qtbot: QtBot, answers: Answers, dialog: TrainDialog, mnist_dir: Path
) -> None:
    small(dialog, mnist_dir, images=6000, epochs=5)
    start_and_wait_for_progress(qtbot, dialog)
    thread = dialog.runs.training_thread()
    answers.stop = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.is_training()
    answers.stop = True
    dialog.close()
    assert not dialog.isVisible() and thread.isFinished()
    assert answers.asked == 2


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")  # NaN maps
def test_divergence_is_reported_with_what_to_do(
    qtbot: QtBot, loaded_window: MainWindow, mnist_dir: Path
) -> None:
    """Continuing from weights that hold a NaN makes the very first loss NaN."""
    window = loaded_window
    broken = copy.deepcopy(window.session.recognizer().model)
    with torch.no_grad():
        broken.C1.weight[0, 0, 0, 0] = float("nan")
    window.session.set_recognizer(Recognizer.from_model(broken))
    dialog = window.training.open_train_dialog()
    small(dialog, mnist_dir, images=300)
    dialog.current_radio.setChecked(True)
    outcome = train(qtbot, dialog)
    assert outcome.status == "diverged" and not outcome.usable
    assert "nan" in outcome.message
    bar = dialog.message_bar
    assert bar.level is Level.ERROR and "Lower the learning rate" in bar.text()
    assert not dialog.use_button.isEnabled() and not dialog.save_button.isEnabled()
    assert window.session.recognizer().model is broken  # nothing else changed


def test_a_folder_without_mnist_is_reported_in_the_dialog(
    qtbot: QtBot, tmp_path: Path, window: MainWindow, dialog: TrainDialog
) -> None:
    dialog.set_data_dir(tmp_path)
    with qtbot.waitSignal(dialog.training_failed, timeout=TRAIN_TIMEOUT_MS) as failed:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].kind == "data"
    bar = dialog.message_bar
    assert bar.isVisible() and bar.level is Level.ERROR
    assert FILES["train-images"].filename in bar.text() and "Download MNIST" in bar.text()
    qtbot.waitUntil(lambda: not dialog.is_training(), timeout=TRAIN_TIMEOUT_MS)
    assert dialog.start_button.isEnabled() and not dialog.use_button.isEnabled()
    assert dialog.data_dir() == tmp_path  # the settings stay as they were
    assert window.session.recognizer() is None and dialog.outcome() is None


@pytest.mark.slow
def test_use_this_model_changes_the_predictions_and_maps(
    qtbot: QtBot, loaded_window: MainWindow, mnist_dir: Path
) -> None:
    window = loaded_window
    bundled = window.session.recognizer()
    draw(window.canvas, DIGITS[7])
    qtbot.waitUntil(
        lambda: window.session.prediction() is not None and window.session.prediction().digit == 7
    )
    before = window.session.prediction().probabilities.copy()
    kernel = window.feature_maps.panels["C1"].kernel_tiles[0].values().copy()
    dialog = window.training.open_train_dialog()
    small(dialog, mnist_dir, images=300)
    outcome = train(qtbot, dialog)
    assert window.session.recognizer() is bundled  # nothing changes until the user says so
    with qtbot.waitSignal(window.session.prediction_changed, timeout=5000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    in_use = window.session.recognizer()
    assert in_use is not bundled and in_use.model is outcome.model
    assert in_use.test_accuracy == outcome.assessment.accuracy
    assert not np.allclose(window.session.prediction().probabilities, before, atol=1e-3)
    assert not np.allclose(window.feature_maps.panels["C1"].kernel_tiles[0].values(), kernel)
    percent = f"{outcome.assessment.accuracy * 100:.1f} % on MNIST test"
    assert percent in window.model_label.text()
    assert "Now using the model you trained" in window.statusBar().currentMessage()

    # a misread test digit, clicked in the gallery, lands on the canvas
    window.canvas.clear()
    tile = dialog.gallery.tile_rect(0).center().toPoint()
    qtbot.mouseClick(dialog.gallery, Qt.MouseButton.LeftButton, pos=tile)
    assert not window.canvas.is_empty()
    index = int(outcome.assessment.mistakes.indices[0])
    assert f"Test image #{index}" in window.statusBar().currentMessage()
    qtbot.waitUntil(
        lambda: (
            window.session.prediction() is not None
            and window.session.prediction().digit is not None
        )
    )


@pytest.mark.slow
def test_save_as_writes_metadata_and_never_the_bundled_file(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialog: TrainDialog,
    mnist_dir: Path,
) -> None:
    small(dialog, mnist_dir, images=300)
    outcome = train(qtbot, dialog)
    target = tmp_path / "models" / "mine.pt"
    assert dialog.save_model(target)
    saved = load_weights(target)
    meta = saved.metadata
    assert meta["test_accuracy"] == outcome.assessment.accuracy
    assert meta["training"]["limit"] == 300 and meta["training"]["epochs"] == 1
    assert len(meta["history"]) == 1 and meta["samples_per_s"] > 0
    assert "MNIST" in meta["dataset"] and meta["source"] == "lenet-gui Train dialog"
    assert not [p for p in target.parent.iterdir() if p.name != "mine.pt"]  # no temp left

    bundled = bundled_weights()
    digest = hashlib.sha256(bundled.read_bytes()).hexdigest() if bundled.is_file() else None
    assert not dialog.save_model(bundled)
    assert "never overwritten" in dialog.message_bar.text()
    assert dialog.message_bar.level is Level.ERROR
    if digest is not None:
        assert hashlib.sha256(bundled.read_bytes()).hexdigest() == digest

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert not dialog.save_model(blocker / "x.pt")
    assert "Could not save x.pt" in dialog.message_bar.text()

    write_bytes = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        write_bytes(path, data[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    assert not dialog.save_model(target)
    monkeypatch.undo()
    assert "Could not save mine.pt: No space left on device." in dialog.message_bar.text()
    assert load_weights(target).metadata == meta  # the earlier file is intact
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.pt"]
    assert dialog.use_button.isEnabled()  # the trained model is still there


def test_add_to_my_samples_asks_for_the_digit(qtbot: QtBot, loaded_window: MainWindow) -> None:
    window = loaded_window
    assert not window.training.add_sample_action.isEnabled()  # nothing drawn yet
    draw(window.canvas, DIGITS[7])
    qtbot.waitUntil(
        lambda: window.session.prediction() is not None and window.session.prediction().digit == 7
    )
    assert window.training.add_sample_action.isEnabled()
    window.training.add_sample_action.trigger()  # opens without a nested event loop
    ask = window.findChild(AddSampleDialog)
    qtbot.waitExposed(ask)
    assert ask.label() == 7  # the network's answer is suggested
    qtbot.keyClick(ask, Qt.Key.Key_1)  # the user knows better
    assert ask.label() == 1
    ask.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    (stored,) = SampleStore(window.training.store.folder).list()  # as after a restart
    assert stored.label == 1
    assert "Added as a 1" in window.statusBar().currentMessage()


def test_an_empty_canvas_is_not_added(window: MainWindow) -> None:
    assert window.training.add_sample(3) is None
    assert window.message_bar.isVisible() and "Draw a digit first" in window.message_bar.text()
    assert window.training.store.count() == 0


@pytest.mark.slow
def test_my_samples_survive_a_restart_and_are_used_by_training(
    qtbot: QtBot, settings: QSettings, loaded_window: MainWindow, mnist_dir: Path
) -> None:
    window = loaded_window
    for digit in (7, 1):
        window.canvas.clear()
        draw(window.canvas, DIGITS[digit])
        assert window.training.add_sample(digit) is not None
    folder = window.training.store.folder
    window.close()

    again = MainWindow(settings)  # a restart: a new window, a new store on the same folder
    qtbot.addWidget(again)
    assert again.training.store.folder == folder
    loaded = again.training.store.load_all()
    assert loaded.labels.tolist() == [7, 1]
    dialog = again.training.open_train_dialog()
    assert dialog.samples_check.isEnabled() and "(2)" in dialog.samples_check.text()
    dialog.samples_check.setChecked(True)
    dialog.weight_spin.setValue(10)
    small(dialog, mnist_dir, images=400)
    assert dialog.job().samples_dir == folder
    outcome = train(qtbot, dialog)
    assert outcome.own_samples == 2
    # 367 MNIST images + 2 samples x 10 = 387: 13 batches of 32, where MNIST alone has 12
    assert outcome.batches == 13 == math.ceil((367 + 20) / 32)
    assert "Mixing in 2 of your own samples" in dialog.log_view.toPlainText()


def test_review_and_delete_samples_even_with_a_damaged_file(
    qtbot: QtBot, window: MainWindow
) -> None:
    store = window.training.store
    ids = []
    for label in (3, 4, 5):
        image = np.zeros((28, 28), np.uint8)
        image[4:24, 10 + label : 14 + label] = 255
        ids.append(store.add(image, label))
    store.folder.joinpath("20200101T000000000000-0000_9.png").write_bytes(b"\x89PNG broken")
    samples = window.training.open_samples()
    assert isinstance(samples, SamplesDialog)
    assert samples.gallery.count() == 3 and samples.sample_ids() == ids
    assert samples.message_bar.isVisible() and "_9.png" in samples.message_bar.text()
    samples.gallery.set_current(1)
    qtbot.keyClick(samples, Qt.Key.Key_Delete)
    qtbot.keyClick(samples.confirm_box, Qt.Key.Key_Return)  # "Delete this sample of a 4?"
    assert samples.sample_ids() == [ids[0], ids[2]]
    assert [s.id for s in SampleStore(store.folder).list() if s.label != 9] == [ids[0], ids[2]]


def test_download_through_the_dialog(
    qtbot: QtBot, tmp_path: Path, dialog: TrainDialog, mnist_dir: Path
) -> None:
    dialog.download_dir = tmp_path / "mnist"
    dialog.download_mirrors = (mnist_dir.as_uri() + "/",)  # the same files, from disk
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert dialog.is_downloading() and not dialog.start_button.isEnabled()
    assert dialog.download_cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_downloading(), timeout=TRAIN_TIMEOUT_MS)
    assert dialog.data_dir() == tmp_path / "mnist"
    assert "Downloaded" in dialog.data_note.text()
    assert all((tmp_path / "mnist" / f.filename).is_file() for f in FILES.values())
    assert dialog.start_button.isEnabled() and dialog.download_button.isVisible()


def test_the_dialog_follows_the_language(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.training.open_train_dialog()
    window.session.set_language("zh_CN")
    qtbot.waitUntil(lambda: dialog.start_button.text() == "开始训练(&S)")
    assert dialog.windowTitle() == "训练 LeNet-5"
    assert window.training.train_action.text() == "训练(&T)…"
    assert window.training_menu.title() == "训练(&T)"
    window.session.set_language("en")
    qtbot.waitUntil(lambda: dialog.start_button.text() == "&Start training")


def test_an_unlistable_samples_folder_leaves_nothing_to_mix_in(
    dialog: TrainDialog, tmp_path: Path
) -> None:
    # a name the file system refuses: listing fails as for a folder without read permission
    # (which root, running the tests, would read anyway)
    dialog.store = SampleStore(tmp_path / ("x" * 300))
    dialog.refresh_samples_count()
    assert not dialog.samples_check.isEnabled() and not dialog.samples_check.isChecked()
    assert "0" in dialog.samples_check.text() and dialog.samples_check.toolTip()
