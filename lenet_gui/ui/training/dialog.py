"""The Train dialog: retrain LeNet-5 on MNIST (and the user's own samples) in the background.

Settings on the left; on the right live progress and curves while the network trains,
then its test accuracy, the confusion matrix and the test digits it got wrong. Training
runs in a worker thread that the dialog's RunController owns (run.py, worker.py); this
dialog only shows what it reports, so the main window keeps drawing and predicting
meanwhile. Nothing changes in the
main window until the user presses "Use this model"; the bundled weights are never
overwritten.

The dialog is not modal. Closing it (or the app) during a run asks first, then stops the
worker within one batch and joins its thread.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lenet_gui.engine.architecture import ARCH_NAMES
from lenet_gui.engine.mnist import FILES, MIRRORS, default_cache_dir, find_mnist
from lenet_gui.engine.samples import SamplesError, SampleStore
from lenet_gui.engine.threads import usable_cores
from lenet_gui.engine.train_config import DEFAULT_SAMPLE_WEIGHT, TrainConfig
from lenet_gui.paths import bundled_weights, user_data_dir
from lenet_gui.ui.file_dialogs import existing_directory, save_file_name
from lenet_gui.ui.i18n import error_text, network_name
from lenet_gui.ui.message_bar import Level, MessageBar
from lenet_gui.ui.screen_fit import fit_to_screen
from lenet_gui.ui.session import Session
from lenet_gui.ui.style import make_muted, make_title
from lenet_gui.ui.training.run import RunController
from lenet_gui.ui.training.views import (
    ConfusionMatrixView,
    TrainingCurves,
)
from lenet_gui.ui.training.worker import (
    TrainingFailure,
    TrainingJob,
    TrainingOutcome,
)
from lenet_gui.ui.widgets.gallery import DigitGallery, GalleryItem

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.mnist import DownloadProgress
    from lenet_gui.engine.training import BatchProgress, EpochResult

# The fields start at the recommended run (TrainConfig.preset); the batch size follows the
# architecture's preset until the user picks another one.
DEFAULTS = TrainConfig.preset()
BATCH_SIZES = {arch: TrainConfig.preset(arch).batch_size for arch in ARCH_NAMES}
_BAR_STEPS = 1000
PROBE_DELAY_MS = 400  # settings still changing (typing, spinning) are not measured
_LOG_LINES = 500


LR_MAX = 1.0  # a higher peak learning rate only makes the run diverge
TRAIN_KEY = "train/"  # the dialog's settings, kept between sessions


class _NoHeightForWidth(QWidget):
    """A column of the dialog's scrolled contents. Without height-for-width: a scroll area
    gives such contents their preferred height for the width (wrapped labels), not their
    minimum, and so scrolled on a 1366x768 screen where everything fits."""

    def hasHeightForWidth(self) -> bool:
        return False


class RunStatus(enum.Enum):
    """What the status line under the run buttons says (`_status_text` words it)."""

    IDLE = "idle"
    PREPARING = "preparing"
    TRAINING = "training"
    PAUSING = "pausing"
    PAUSED = "paused"
    STOPPING = "stopping"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    DIVERGED = "diverged"
    FAILED = "failed"


# A finished run's TrainingOutcome.status as the status line's.
_ENDED = {
    "finished": RunStatus.FINISHED,
    "cancelled": RunStatus.CANCELLED,
    "diverged": RunStatus.DIVERGED,
}


def _duration(seconds: float) -> str:
    """`1 h 05 min`, `2 min 07 s`, `12 s`: short and unit-labelled (no tr: symbols)."""
    seconds = max(0, round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


def _speed_key(config: TrainConfig) -> tuple[object, ...]:
    """The settings a run's samples/s depends on (not its length or its data)."""
    return (config.arch, config.batch_size, config.augment, config.threads, config.precision)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f} %"


class TrainDialog(QDialog):
    """Train a network, look at how it does, and hand it to the main window."""

    training_started = Signal()
    training_finished = Signal(object)  # TrainingOutcome, once shown
    training_failed = Signal(object)  # TrainingFailure, once shown
    model_accepted = Signal(object)  # a Recognizer: "Use this model"
    digit_chosen = Signal(object, str)  # uint8 (28, 28) test digit (255 = ink), a description

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        store: SampleStore | None = None,
    ) -> None:
        """`session`: its network is the one "Current weights" continues from."""
        super().__init__(parent)
        self.setObjectName("train_dialog")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._session = session
        self.store = store if store is not None else SampleStore()
        # Where "Download MNIST" puts the files and where it gets them (tests use a copy).
        self.download_dir: Path = default_cache_dir()
        self.download_mirrors: tuple[str, ...] = MIRRORS

        self._architectures = list(ARCH_NAMES)
        self.runs = RunController(self)  # the threads: training and download
        self.runs.progress.connect(self._on_progress)
        self.runs.epoch_finished.connect(self._on_epoch)
        self.runs.holding.connect(self._on_holding)
        self.runs.log.connect(self._append_log)
        self.runs.finished.connect(self._on_finished)
        self.runs.failed.connect(self._on_failed)
        self.runs.training_ended.connect(self._on_training_ended)
        self.runs.download_progress.connect(self._on_download_progress)
        self.runs.download_finished.connect(self._on_download_finished)
        self.runs.download_failed.connect(self._on_download_failed)
        self.runs.download_cancelled.connect(self._on_download_cancelled)
        self.runs.download_ended.connect(self._update_state)
        self.runs.speed_measured.connect(self._on_speed_measured)
        # samples/s measured on this machine per _speed_key: by a probe before a run, then
        # by the run itself; the expected time is worked out from these
        self._speeds: dict[tuple[object, ...], float] = {}
        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.setInterval(PROBE_DELAY_MS)
        self._probe_timer.timeout.connect(self._probe_speed)
        self._run_config: TrainConfig | None = None
        self._own_samples = 0  # in the samples folder, as last counted
        self._outcome: TrainingOutcome | None = None
        self._last_progress: BatchProgress | None = None
        self._status = RunStatus.IDLE
        self._banner: Callable[[], tuple[str, Level]] | None = None
        self._data_note: Callable[[], str] = lambda: ""

        self.message_bar = MessageBar()
        self._build()
        # Return in any field means "Start training", never another button: every push
        # button of a dialog is an auto-default one unless told otherwise, and the one
        # last focused (often "Download MNIST") took Return.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(button is self.start_button)
        self._set_default_data_dir()
        self._restore_settings()
        self.retranslate_ui()
        self._update_state()
        fit_to_screen(self, 1180, 800)
        session.current_changed.connect(self.refresh_start_choice)

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self._build_data_box())
        left.addWidget(self._build_settings_box())
        left.addWidget(self._build_samples_box())
        left.addLayout(self._build_run_buttons())
        self.status_label = QLabel()
        self.status_label.setObjectName("train_status")
        self.status_label.setWordWrap(True)
        left.addWidget(self.status_label)
        self._log_title = QLabel()
        left.addWidget(self._log_title)
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("train_log")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(_LOG_LINES)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._log_title.setBuddy(self.log_view)
        left.addWidget(self.log_view, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setMinimumHeight(left.minimumSize().height())  # never squeezed: scrolled
        # On a small screen the settings column scrolls instead of its rows overlapping.
        left_scroll = QScrollArea()
        left_scroll.setObjectName("train_settings_scroll")
        left_scroll.setWidget(left_widget)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = left_scroll.verticalScrollBar().sizeHint().width()
        left_scroll.setFixedWidth(360 + scrollbar)

        right = QVBoxLayout()
        right.setSpacing(8)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.message_bar)
        right.addLayout(self._build_progress())
        self.curves = TrainingCurves()
        right.addWidget(self.curves, 3)
        right.addWidget(self._build_results(), 4)

        right_widget = _NoHeightForWidth()
        right_widget.setLayout(right)
        content = QWidget()
        layout = QHBoxLayout(content)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(14)
        layout.addWidget(left_scroll)
        layout.addWidget(right_widget, 1)
        # Below its minimum size (a 1024x640 screen) the whole dialog scrolls, never overlaps.
        outer = QScrollArea()
        outer.setObjectName("train_dialog_scroll")
        outer.setWidget(content)
        outer.setWidgetResizable(True)
        outer.setFrameShape(QFrame.Shape.NoFrame)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(outer)

    def _build_data_box(self) -> QGroupBox:
        self.data_box = QGroupBox()
        self.data_edit = QLineEdit()
        self.data_edit.setObjectName("data_dir")
        self.data_edit.textEdited.connect(self._on_data_edited)
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.clicked.connect(self._choose_data_dir)
        self.data_note = QLabel()
        self.data_note.setWordWrap(True)
        make_muted(self.data_note)
        self.download_button = QPushButton()
        self.download_button.setObjectName("download_mnist")
        self.download_button.clicked.connect(self.start_download)
        self.download_bar = QProgressBar()
        self.download_bar.setObjectName("download_progress")
        self.download_bar.setRange(0, _BAR_STEPS)
        self.download_bar.setTextVisible(False)
        self.download_cancel_button = QPushButton()
        self.download_cancel_button.setObjectName("cancel_download")
        self.download_cancel_button.clicked.connect(self.cancel_download)
        self.download_label = QLabel()
        make_muted(self.download_label)

        row = QHBoxLayout()
        row.addWidget(self.data_edit, 1)
        row.addWidget(self.browse_button)
        download = QHBoxLayout()
        download.addWidget(self.download_button)
        download.addWidget(self.download_bar, 1)
        download.addWidget(self.download_cancel_button)
        box = QVBoxLayout(self.data_box)
        box.addLayout(row)
        box.addWidget(self.data_note)
        box.addLayout(download)
        box.addWidget(self.download_label)
        return self.data_box

    def _build_settings_box(self) -> QGroupBox:
        self.settings_box = QGroupBox()
        self.arch_combo = QComboBox()
        self.arch_combo.setObjectName("architecture")
        for arch in self._architectures:
            self.arch_combo.addItem(arch, arch)
        self.arch_combo.currentIndexChanged.connect(self.refresh_start_choice)
        self.arch_combo.currentIndexChanged.connect(self._suggest_batch_size)
        self.scratch_radio = QRadioButton()
        self.scratch_radio.setObjectName("from_scratch")
        self.current_radio = QRadioButton()
        self.current_radio.setObjectName("from_current")
        self._start_group = QButtonGroup(self)
        self._start_group.addButton(self.scratch_radio)
        self._start_group.addButton(self.current_radio)
        self.scratch_radio.setChecked(True)
        start_from = QVBoxLayout()
        start_from.setSpacing(2)
        start_from.addWidget(self.scratch_radio)
        start_from.addWidget(self.current_radio)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setObjectName("epochs")
        self.epochs_spin.setRange(1, 200)
        self.epochs_spin.setValue(DEFAULTS.epochs)
        self.batch_spin = QSpinBox()
        self.batch_spin.setObjectName("batch_size")
        self.batch_spin.setRange(1, 4096)
        self.batch_spin.setValue(DEFAULTS.batch_size)
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setObjectName("learning_rate")
        self.lr_spin.setDecimals(5)
        # The field takes larger values than a run may use, so that typing 100 is not
        # quietly refused key by key: leaving the field sets LR_MAX and says so.
        self.lr_spin.setRange(0.00001, 1000.0)
        self.lr_spin.setSingleStep(0.0005)
        self.lr_spin.setValue(DEFAULTS.lr)
        self.lr_spin.editingFinished.connect(self._check_lr_cap)
        self.augment_check = QCheckBox()
        self.augment_check.setObjectName("augment")
        self.augment_check.setChecked(DEFAULTS.augment)
        self.redraw_check = QCheckBox()
        self.redraw_check.setObjectName("redraw")
        self.redraw_check.setChecked(DEFAULTS.redraw)
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("seed")
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(DEFAULTS.seed)
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("limit")
        self.limit_spin.setRange(0, 60_000)
        self.limit_spin.setSingleStep(1000)
        self.limit_spin.setGroupSeparatorShown(True)
        self.threads_spin = QSpinBox()
        self.threads_spin.setObjectName("threads")
        self.threads_spin.setRange(0, usable_cores())  # 0: automatic
        self.expected_label = QLabel()
        self.expected_label.setObjectName("expected_time")
        self.expected_label.setWordWrap(True)
        make_muted(self.expected_label)
        # what the run's speed depends on: measure again; what only its length does: redo sums
        self.arch_combo.currentIndexChanged.connect(self._schedule_probe)
        self.batch_spin.valueChanged.connect(self._schedule_probe)
        self.augment_check.toggled.connect(self._schedule_probe)
        self.threads_spin.valueChanged.connect(self._schedule_probe)
        self.epochs_spin.valueChanged.connect(self._refresh_expected_time)
        self.redraw_check.toggled.connect(self._refresh_expected_time)
        self.limit_spin.valueChanged.connect(self._refresh_expected_time)

        form = QFormLayout(self.settings_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, QLabel] = {}
        for key, field in (
            ("arch", self.arch_combo),
            ("start", start_from),
            ("epochs", self.epochs_spin),
            ("batch", self.batch_spin),
            ("lr", self.lr_spin),
            ("augment", self.augment_check),
            ("redraw", self.redraw_check),
            ("seed", self.seed_spin),
            ("limit", self.limit_spin),
            ("threads", self.threads_spin),
        ):
            label = QLabel()
            self._labels[key] = label
            if isinstance(field, QWidget):
                label.setBuddy(field)
            else:
                label.setBuddy(self.scratch_radio)
            form.addRow(label, field)
        form.addRow(self.expected_label)
        return self.settings_box

    def _build_samples_box(self) -> QGroupBox:
        self.samples_box = QGroupBox()
        self.samples_check = QCheckBox()
        self.samples_check.setObjectName("use_samples")
        self.samples_check.toggled.connect(self._update_state)
        self.weight_spin = QSpinBox()
        self.weight_spin.setObjectName("sample_weight")
        self.weight_spin.setRange(1, 100)
        self.weight_spin.setValue(round(DEFAULT_SAMPLE_WEIGHT))
        self.samples_check.toggled.connect(self._refresh_expected_time)
        self.weight_spin.valueChanged.connect(self._refresh_expected_time)
        self._weight_label = QLabel()
        self._weight_label.setBuddy(self.weight_spin)
        row = QHBoxLayout()
        row.addWidget(self._weight_label)
        row.addWidget(self.weight_spin)
        row.addStretch(1)
        box = QVBoxLayout(self.samples_box)
        box.addWidget(self.samples_check)
        box.addLayout(row)
        return self.samples_box

    def _build_run_buttons(self) -> QHBoxLayout:
        self.start_button = QPushButton()
        self.start_button.setObjectName("start_training")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_training)
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pause_training")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel_training")
        self.cancel_button.clicked.connect(self.cancel_training)
        row = QHBoxLayout()
        row.addWidget(self.start_button, 2)
        row.addWidget(self.pause_button, 1)
        row.addWidget(self.cancel_button, 1)
        return row

    def _build_progress(self) -> QGridLayout:
        self.epoch_label = QLabel()
        self.epoch_bar = QProgressBar()
        self.epoch_bar.setObjectName("epoch_progress")
        self.overall_label = QLabel()
        self.overall_bar = QProgressBar()
        self.overall_bar.setObjectName("overall_progress")
        for bar in (self.epoch_bar, self.overall_bar):
            bar.setRange(0, _BAR_STEPS)
            bar.setTextVisible(False)
        self.stats_label = QLabel()
        self.stats_label.setObjectName("train_stats")
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(self.epoch_label, 0, 0)
        grid.addWidget(self.epoch_bar, 0, 1)
        grid.addWidget(self.overall_label, 1, 0)
        grid.addWidget(self.overall_bar, 1, 1)
        grid.addWidget(self.stats_label, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_results(self) -> QGroupBox:
        self.results_box = QGroupBox()
        self.result_label = QLabel()
        self.result_label.setObjectName("test_accuracy")
        make_title(self.result_label, 17)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confusion = ConfusionMatrixView()
        self._confusion_title = QLabel()
        self.gallery = DigitGallery()
        self.gallery.setObjectName("misclassified_gallery")
        self.gallery.activated.connect(self._on_gallery_activated)
        self._gallery_title = QLabel()
        scroll = QScrollArea()
        scroll.setObjectName("gallery_scroll")
        scroll.setWidget(self.gallery)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self._confusion_title.setBuddy(self.confusion)
        self._gallery_title.setBuddy(self.gallery)
        self.use_button = QPushButton()
        self.use_button.setObjectName("use_model")
        self.use_button.clicked.connect(self.use_model)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_model")
        self.save_button.clicked.connect(self._choose_save_path)

        matrix = QVBoxLayout()
        matrix.addWidget(self._confusion_title)
        matrix.addWidget(self.confusion, 1)
        gallery = QVBoxLayout()
        gallery.addWidget(self._gallery_title)
        gallery.addWidget(scroll, 1)
        middle = QHBoxLayout()
        middle.addLayout(matrix, 0)
        middle.addLayout(gallery, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self.results_box)
        box.addLayout(buttons)
        box.addLayout(middle, 1)
        return self.results_box

    # --- public API ------------------------------------------------------------------------

    def data_dir(self) -> Path:
        return Path(self.data_edit.text().strip())

    def set_data_dir(self, folder: str | Path) -> None:
        self.data_edit.setText(str(folder))
        self._data_note = lambda: self.tr("It is checked when training starts.")
        self._refresh_data_note()

    def job(self) -> TrainingJob:
        """The training the dialog's fields describe."""
        recognizer = self._session.recognizer() if self.current_radio.isChecked() else None
        config = TrainConfig.preset(
            self.arch_combo.currentData(),
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_spin.value(),
            lr=min(self.lr_spin.value(), LR_MAX),
            augment=self.augment_check.isChecked(),
            redraw=self.redraw_check.isChecked(),
            seed=self.seed_spin.value(),
            limit=self.limit_spin.value() or None,
            threads=self.threads_spin.value() or None,
        )
        return TrainingJob(
            data_dir=self.data_dir(),
            config=config,
            initial=recognizer,
            samples_dir=self.store.folder if self.samples_check.isChecked() else None,
            sample_weight=float(self.weight_spin.value()),
        )

    def is_training(self) -> bool:
        return self.runs.is_training()

    def is_downloading(self) -> bool:
        return self.runs.is_downloading()

    def outcome(self) -> TrainingOutcome | None:
        """The last run's result (None before the first run ends, and after a failure)."""
        return self._outcome

    def start_training(self) -> bool:
        """Start a run with the current settings; False if one is running already."""
        job = self.job()
        self._probe_timer.stop()
        self.runs.stop_probe()  # it ends at its next batch; the run need not wait for it
        if not self.runs.start_training(job):
            return False
        self._run_config = job.config
        self._save_settings()
        self._outcome = None
        self._last_progress = None
        self.message_bar.hide()
        self._banner = None
        self.curves.clear(job.config.epochs)
        self.confusion.set_matrix(None)
        self.gallery.set_items([])
        self.epoch_bar.setValue(0)
        self.overall_bar.setValue(0)
        self.log_view.clear()
        self._refresh_result_texts()  # the last run's accuracy and notes go with its results
        self._status = RunStatus.PREPARING
        self._update_state()
        self._refresh_progress_texts()
        self.training_started.emit()
        return True

    def cancel_training(self) -> None:
        """Stop after the current batch; the best weights so far are kept and tested."""
        if self.runs.cancel_training():
            self._status = RunStatus.STOPPING
            self._update_state()

    def shutdown(self) -> bool:
        """Stop everything running in the background and wait for it; asks first when a
        training would be lost. False: the user chose to keep training."""
        if self.is_training() and not self.confirm_stop():
            return False
        self.stop_and_wait()
        return True

    def stop_and_wait(self) -> None:
        """Stop the training (reporting nothing) and the download, and join their threads
        (RunController.stop_and_wait)."""
        self._probe_timer.stop()  # no speed probe may start after this
        self.runs.stop_and_wait()
        self._update_state()

    def confirm_stop(self) -> bool:
        """Ask whether to stop the running training (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Training is running"))
        box.setText(self.tr("A training run is still going. Stop it and close?"))
        box.setInformativeText(self.stop_and_close_note())
        stop = box.addButton(self.tr("Stop and close"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep training"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is stop

    def stop_and_close_note(self) -> str:
        """What closing mid-run does, said so that it agrees with Cancel (which keeps and
        tests the weights): the two used to contradict each other."""
        return self.tr(
            "Closing ends the run without testing it, so what it has learnt is not kept; "
            "the model in use stays. To keep the best weights so far, choose “Keep "
            "training” and press Cancel: the run stops after this batch and is tested."
        )

    def use_model(self) -> None:
        """Hand the trained network to the main window (model_accepted)."""
        outcome = self._outcome
        if outcome is None or not outcome.usable or self.is_training():
            return
        from lenet_gui.engine.recognizer import Recognizer

        self.model_accepted.emit(Recognizer.from_model(outcome.model, dict(outcome.metadata)))
        self._show_banner(lambda: (self.tr("The main window now uses this model."), Level.INFO))

    def save_model(self, path: str | Path) -> bool:
        """Write the trained network with its metadata (atomically); never over the bundled
        weights. Problems are shown in the dialog; False if nothing was written."""
        outcome = self._outcome
        if outcome is None or not outcome.usable:
            return False
        path = Path(path)
        if self._is_bundled(path):
            self._show_banner(
                lambda: (
                    self.tr(
                        "{name} is the model that comes with the app and is never "
                        "overwritten. Choose another name."
                    ).format(name=path.name),
                    Level.ERROR,
                )
            )
            return False
        from lenet_gui.engine.weights import save_weights

        try:
            save_weights(path, outcome.model, outcome.metadata)
        except OSError as exc:  # a full disk, a folder that refuses, a FIFO as the target
            reason = (getattr(exc, "strerror", None) or str(exc)).splitlines()[0]
            self._show_banner(
                lambda: (
                    self.tr(
                        "Could not save {name}: {reason}. Free some disk space or choose "
                        "another folder; the trained model is still here."
                    ).format(name=path.name, reason=reason),
                    Level.ERROR,
                )
            )
            return False
        self._append_log(self.tr("Saved {path}").format(path=path))
        self._show_banner(lambda: (self.tr("Saved {name}.").format(name=path.name), Level.INFO))
        return True

    def start_download(self) -> bool:
        """Download MNIST into `download_dir` in the background; False if busy."""
        if not self.runs.start_download(self.download_dir, self.download_mirrors):
            return False
        self.download_bar.setValue(0)
        self.download_label.setText(self.tr("Connecting…"))
        self._update_state()
        return True

    def cancel_download(self) -> None:
        self.runs.cancel_download()

    # --- worker reports --------------------------------------------------------------------

    def _on_progress(self, p: BatchProgress) -> None:
        self._last_progress = p
        epoch_done = p.batch / p.batches
        self.epoch_bar.setValue(round(_BAR_STEPS * epoch_done))
        self.overall_bar.setValue(round(_BAR_STEPS * (p.epoch - 1 + epoch_done) / p.epochs))
        self.curves.add_train_point(p.epoch - 1 + epoch_done, p.loss, p.accuracy)
        if not self.runs.is_paused() and not self.runs.stop_requested():
            self._status = RunStatus.TRAINING
        self._refresh_progress_texts()

    def _on_epoch(self, e: EpochResult) -> None:
        if e.val_accuracy is not None and e.val_loss is not None:
            self.curves.add_val_point(e.epoch, e.val_loss, e.val_accuracy)
        text = self.tr(
            "Epoch {epoch}: loss {loss}, training accuracy {train}, validation accuracy "
            "{val}, {seconds}, {rate} samples/s"
        ).format(
            epoch=e.epoch,
            loss=f"{e.train_loss:.4f}",
            train=_percent(e.train_accuracy),
            val=_percent(e.val_accuracy) if e.val_accuracy is not None else "–",
            seconds=_duration(e.seconds),
            rate=f"{e.samples_per_s:,.0f}",
        )
        self._append_log(text)

    def _on_finished(self, outcome: TrainingOutcome) -> None:
        self._outcome = outcome
        rate = float(outcome.metadata.get("samples_per_s") or 0)
        if self._run_config is not None and rate > 0:  # the best measure there is
            self._speeds[_speed_key(self._run_config)] = rate
        report = outcome.assessment
        self.confusion.set_matrix(report.confusion)
        m = report.mistakes
        items = [
            GalleryItem(
                image=m.images[i],
                caption=f"{m.true[i]} → {m.predicted[i]}",
                tooltip=self.tr(
                    "Test image #{index}: a {true}; the network said {said} ({percent}). "
                    "Click to put it on the canvas."
                ).format(
                    index=int(m.indices[i]),
                    true=int(m.true[i]),
                    said=int(m.predicted[i]),
                    percent=f"{m.confidence[i] * 100:.0f} %",
                ),
                wrong=True,
            )
            for i in range(len(m))
        ]
        self.gallery.set_items(items)
        self._status = _ENDED.get(outcome.status, RunStatus.FINISHED)
        self._show_banner(lambda: self._outcome_banner(outcome))
        self._append_log(
            self.tr("Test accuracy {accuracy}: {mistakes} of {total} test digits misread").format(
                accuracy=_percent(report.accuracy),
                mistakes=f"{report.total_mistakes:,}",
                total=f"{report.count:,}",
            )
        )
        self._refresh_result_texts()
        self._refresh_progress_texts()
        self._update_state()
        self.training_finished.emit(outcome)

    def _outcome_banner(self, outcome: TrainingOutcome) -> tuple[str, Level]:
        accuracy = _percent(outcome.assessment.accuracy)
        if outcome.status == "diverged":
            text = self.tr(
                "Training diverged: the loss blew up or the network stopped learning. Lower "
                "the learning rate (for example to {lr}) and start again; the model in use "
                "is unchanged."
            ).format(lr=f"{self.lr_spin.value() / 10:g}")
            if outcome.usable:
                text += " " + self.tr(
                    "The weights of epoch {epoch} were kept: {accuracy} on the test set."
                ).format(epoch=outcome.best_epoch, accuracy=accuracy)
            return text, Level.ERROR
        if outcome.status == "cancelled":
            if outcome.best_epoch is not None:
                text = self.tr(
                    "Training cancelled. The best weights so far (epoch {epoch}) were kept: "
                    "{accuracy} on the test set."
                ).format(epoch=outcome.best_epoch, accuracy=accuracy)
            elif outcome.usable:
                text = self.tr(
                    "Training cancelled during the first epoch; the weights as they were "
                    "then score {accuracy} on the test set."
                ).format(accuracy=accuracy)
            else:
                text = self.tr("Training cancelled before it started; nothing was learnt.")
            return text, Level.INFO
        return (
            self.tr(
                "Training finished: {accuracy} on the test set. “Use this model” puts it "
                "to work in the main window; until then nothing there changes."
            ).format(accuracy=accuracy),
            Level.INFO,
        )

    def _on_failed(self, failure: TrainingFailure) -> None:
        self._outcome = None
        hints = {
            "data": self.tr(
                "Could not read MNIST: {reason}. Choose the folder with the four MNIST "
                "files, or click “Download MNIST”."
            ),
            "settings": self.tr(
                "These settings cannot be trained: {reason}. Change them and start again."
            ),
            "memory": self.tr(
                "Not enough memory to train ({reason}). Use a smaller batch size or fewer "
                "images, or close other programs."
            ),
        }
        template = hints.get(
            failure.kind,
            self.tr("Training failed: {reason}. The details are in the log."),
        )
        self._status = RunStatus.FAILED
        self._show_banner(lambda: (template.format(reason=failure.message), Level.ERROR))
        self._append_log(failure.message)
        self._update_state()
        self.training_failed.emit(failure)

    def _on_training_ended(self) -> None:
        self.pause_button.setChecked(False)
        self._update_state()

    def _on_download_progress(self, p: DownloadProgress) -> None:
        sizes = [f.size for f in FILES.values()]
        done = sum(sizes[: p.file_index - 1]) + p.done_bytes
        self.download_bar.setValue(round(_BAR_STEPS * min(1.0, done / sum(sizes))))
        total = p.total_bytes or sizes[p.file_index - 1]
        self.download_label.setText(
            self.tr("{file} ({index} of {count}): {done} of {total} MB").format(
                file=p.file,
                index=p.file_index,
                count=p.file_count,
                done=f"{p.done_bytes / 1e6:.1f}",
                total=f"{total / 1e6:.1f}",
            )
        )

    def _on_download_finished(self, folder: Path) -> None:
        self.data_edit.setText(str(folder))
        self._data_note = lambda: self.tr("Downloaded and checked: ready to train.")
        self._refresh_data_note()
        self.download_bar.setValue(_BAR_STEPS)
        self.download_label.setText("")
        self._append_log(self.tr("MNIST downloaded to {folder}").format(folder=folder))

    def _on_download_failed(self, reason: str) -> None:
        self.download_label.setText("")
        self._show_banner(
            lambda: (
                self.tr(
                    "Could not download MNIST: {reason}. Check the internet connection and "
                    "try again, or copy the four MNIST files into a folder and choose it."
                ).format(reason=reason),
                Level.ERROR,
            )
        )

    def _on_download_cancelled(self) -> None:
        self.download_label.setText(self.tr("Download cancelled; it goes on from there next time."))

    # --- reactions -------------------------------------------------------------------------

    def _on_pause_toggled(self, paused: bool) -> None:
        if not self.runs.is_training():
            return
        self.runs.pause(paused)
        self._status = RunStatus.PAUSING if paused else RunStatus.TRAINING
        self._update_state()

    def _on_holding(self, holding: bool) -> None:
        if holding:
            self._status = RunStatus.PAUSED
            self._update_state()

    def _on_gallery_activated(self, index: int) -> None:
        outcome = self._outcome
        if outcome is None:
            return
        m = outcome.assessment.mistakes
        description = self.tr("Test image #{index}: a {true}, read as {said}").format(
            index=int(m.indices[index]), true=int(m.true[index]), said=int(m.predicted[index])
        )
        self.digit_chosen.emit(m.images[index], description)

    def _check_lr_cap(self) -> None:
        typed = self.lr_spin.value()
        if typed > LR_MAX:
            self.lr_spin.setValue(LR_MAX)
            self._show_banner(
                lambda: (
                    self.tr(
                        "The learning rate can be at most {max}: {typed} was set to {max}."
                    ).format(max=f"{LR_MAX:g}", typed=f"{typed:g}"),
                    Level.INFO,
                )
            )

    def _on_data_edited(self) -> None:
        self._data_note = lambda: self.tr("It is checked when training starts.")
        self._refresh_data_note()

    def _choose_data_dir(self) -> None:
        folder = existing_directory(
            self, self.tr("Folder with the MNIST files"), str(self.data_dir())
        )
        if folder:
            self.set_data_dir(folder)

    def _choose_save_path(self) -> None:
        outcome = self._outcome
        if outcome is None:
            return
        folder = user_data_dir() / "models"
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M")
        suggestion = folder / f"lenet5-{outcome.model.config.arch}-{stamp}.pt"
        path = save_file_name(
            self,
            self.tr("Save the trained model"),
            str(suggestion if folder.is_dir() else Path.home() / suggestion.name),
            self.tr("LeNet-5 weights (*.pt)"),
        )
        if path:
            self.save_model(path if path.endswith(".pt") else path + ".pt")

    def _set_default_data_dir(self) -> None:
        found = find_mnist()
        self.data_edit.setText(str(found or default_cache_dir()))
        if found is None:
            self._data_note = lambda: self.tr(
                "MNIST is not on this computer yet: download it (11 MB) or choose a folder "
                "that has the four MNIST files."
            )
        else:
            self._data_note = lambda: self.tr("MNIST found here.")
        self._refresh_data_note()

    def _is_bundled(self, path: Path) -> bool:
        target = path.expanduser().resolve()
        return any(target == bundled_weights(arch).resolve() for arch in self._architectures)

    def refresh_start_choice(self, *_: object) -> None:
        """'From current weights' only when the network in use has the chosen architecture
        (it follows the session's network)."""
        recognizer = self._session.recognizer()
        same = recognizer is not None and recognizer.arch == self.arch_combo.currentData()
        self.current_radio.setEnabled(same and not self.is_training())
        if not same and self.current_radio.isChecked():
            self.scratch_radio.setChecked(True)

    def _setting_fields(
        self,
    ) -> dict[str, tuple[Callable[[], int | float | bool], Callable[..., None]]]:
        """The settings a user sets once and expects back next time: key -> (get, set)."""
        return {
            "epochs": (self.epochs_spin.value, self.epochs_spin.setValue),
            "batch_size": (self.batch_spin.value, self.batch_spin.setValue),
            "lr": (self.lr_spin.value, self.lr_spin.setValue),
            "augment": (self.augment_check.isChecked, self.augment_check.setChecked),
            "redraw": (self.redraw_check.isChecked, self.redraw_check.setChecked),
            "seed": (self.seed_spin.value, self.seed_spin.setValue),
            "limit": (self.limit_spin.value, self.limit_spin.setValue),
            "threads": (self.threads_spin.value, self.threads_spin.setValue),
            "use_samples": (self.samples_check.isChecked, self.samples_check.setChecked),
            "sample_weight": (self.weight_spin.value, self.weight_spin.setValue),
        }

    def _restore_settings(self) -> None:
        """The settings of the last run started or of the dialog last closed."""
        settings = self._session.settings
        index = self.arch_combo.findData(settings.value(TRAIN_KEY + "arch", ""))
        if index >= 0:
            self.arch_combo.setCurrentIndex(index)
        for key, (get, put) in self._setting_fields().items():
            put(settings.value(TRAIN_KEY + key, get()))  # the default where none is saved
        data = settings.value(TRAIN_KEY + "data_dir", "")
        if data and data != self.data_edit.text() and Path(data).is_dir():  # else the default
            self.set_data_dir(data)

    def _save_settings(self) -> None:
        settings = self._session.settings
        settings.set_value(TRAIN_KEY + "arch", str(self.arch_combo.currentData()))
        for key, (get, _) in self._setting_fields().items():
            settings.set_value(TRAIN_KEY + key, get())
        settings.set_value(TRAIN_KEY + "data_dir", self.data_edit.text())

    def _suggest_batch_size(self) -> None:
        """Follow the architecture's batch size unless the user has chosen another one."""
        if self.batch_spin.value() in BATCH_SIZES.values():
            self.batch_spin.setValue(BATCH_SIZES[self.arch_combo.currentData()])

    def _update_state(self) -> None:
        running = self.is_training()
        downloading = self.is_downloading()
        for box in (self.data_box, self.settings_box, self.samples_box):
            box.setEnabled(not running)
        self.data_edit.setEnabled(not downloading)
        self.browse_button.setEnabled(not downloading)
        self.download_button.setVisible(not downloading)
        self.download_bar.setVisible(downloading)
        self.download_cancel_button.setVisible(downloading)
        self.weight_spin.setEnabled(self.samples_check.isChecked())
        self.start_button.setEnabled(not running and not downloading)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        usable = self._outcome is not None and self._outcome.usable and not running
        self.use_button.setEnabled(usable)
        self.save_button.setEnabled(usable)
        self.refresh_start_choice()
        self.status_label.setText(self._status_text())
        self.pause_button.setText(
            self.tr("Resume") if self.pause_button.isChecked() else self.tr("Pause")
        )

    def _status_text(self) -> str:
        texts = {
            RunStatus.IDLE: "",
            RunStatus.PREPARING: self.tr("Preparing the data…"),
            RunStatus.TRAINING: self.tr("Training…"),
            RunStatus.PAUSING: self.tr("Pausing after this batch…"),
            RunStatus.PAUSED: self.tr("Paused. Resume any time; nothing is lost meanwhile."),
            RunStatus.STOPPING: self.tr("Stopping after this batch…"),
            RunStatus.FINISHED: self.tr("Finished."),
            RunStatus.CANCELLED: self.tr("Cancelled."),
            RunStatus.DIVERGED: self.tr("Diverged."),
            RunStatus.FAILED: self.tr("Failed; the model in use is unchanged."),
        }
        return texts[self._status]

    def _append_log(self, text: str) -> None:
        self.log_view.appendPlainText(text)

    def _show_banner(self, source: Callable[[], tuple[str, Level]]) -> None:
        self._banner = source
        text, level = source()
        self.message_bar.show_message(text, level)

    def _refresh_data_note(self) -> None:
        self.data_note.setText(self._data_note())

    def _refresh_progress_texts(self) -> None:
        p, outcome = self._last_progress, self._outcome
        self.status_label.setText(self._status_text())
        self.epoch_label.setText(  # also after the run, and on a change of language
            self.tr("Epoch")
            if p is None
            else self.tr("Epoch {epoch} of {epochs}").format(epoch=p.epoch, epochs=p.epochs)
        )
        if outcome is not None:
            self.stats_label.setText(self._summary(outcome))
            return
        if p is None:
            self.stats_label.setText(
                "" if self.is_training() else self.tr("Press “Start training” to begin.")
            )
            return
        self.stats_label.setText(
            self.tr("Loss {loss} · accuracy {accuracy} · {rate} samples/s · {eta} left").format(
                loss=f"{p.loss:.4f}",
                accuracy=f"{p.accuracy * 100:.1f} %",
                rate=f"{p.samples_per_s:,.0f}",
                eta=_duration(p.eta_s),
            )
        )

    def _summary(self, outcome: TrainingOutcome) -> str:
        """One line on how the run went: epochs done, time, mean speed (when there is one)."""
        epochs = len(outcome.history)
        time = _duration(outcome.metadata["train_seconds"])
        rate = f"{outcome.metadata['samples_per_s']:,}"
        if epochs == 0:
            return self.tr("Stopped during the first epoch, after {time}").format(time=time)
        if epochs == 1:
            return self.tr("1 complete epoch in {time} · {rate} samples/s").format(
                time=time, rate=rate
            )
        return self.tr("{epochs} complete epochs in {time} · {rate} samples/s on average").format(
            epochs=epochs, time=time, rate=rate
        )

    # --- expected time ---------------------------------------------------------------------

    def _schedule_probe(self, *_: object) -> None:
        """Measure this machine's speed for the settings shown, once they stop changing."""
        self._refresh_expected_time()
        if _speed_key(self.job().config) not in self._speeds and self.isVisible():
            self._probe_timer.start()

    def _probe_speed(self) -> None:
        config = self.job().config
        if _speed_key(config) in self._speeds or not self.isVisible():
            return
        if not self.runs.start_probe(config) and not self.is_training():
            self._probe_timer.start()  # a probe for older settings is still ending: later

    def _on_speed_measured(self, config: TrainConfig, rate: float) -> None:
        self._speeds.setdefault(_speed_key(config), rate)
        self._refresh_expected_time()
        if _speed_key(self.job().config) not in self._speeds:
            self._schedule_probe()  # the settings changed while it measured

    def _refresh_expected_time(self, *_: object) -> None:
        config = self.job().config
        rate = self._speeds.get(_speed_key(config))
        if rate is None:
            self.expected_label.setText(self.tr("Expected time: measuring this computer…"))
            return
        own = self._own_samples * self.weight_spin.value() if self.samples_check.isChecked() else 0
        self.expected_label.setText(
            self.tr("Expected time: about {time} at {rate} samples/s, as measured here").format(
                time=_duration(config.expected_seconds(rate, extra=own)),
                rate=f"{rate:,.0f}",
            )
        )

    def _refresh_result_texts(self) -> None:
        outcome = self._outcome
        if outcome is None:
            self.result_label.setText(self.tr("Test accuracy: –"))
            self.gallery.set_empty_text(
                self.tr("After training, the test digits the network gets wrong appear here.")
            )
            return
        report = outcome.assessment
        self.result_label.setText(
            self.tr("Test accuracy: {accuracy} ({correct} of {total})").format(
                accuracy=_percent(report.accuracy),
                correct=f"{report.count - report.total_mistakes:,}",
                total=f"{report.count:,}",
            )
        )
        self.gallery.set_empty_text(self.tr("No mistakes on the test set."))

    # --- Qt events -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_samples_count()
        self._update_state()
        self._schedule_probe()
        super().showEvent(event)

    def refresh_samples_count(self) -> None:
        try:
            count = self.store.count()
            self.samples_check.setToolTip("")
        except SamplesError as exc:  # a folder that cannot be listed: none to mix in
            count = 0
            self.samples_check.setToolTip(error_text(exc))
        self._own_samples = count
        self.samples_check.setText(self.tr("Mix in my samples ({count})").format(count=count))
        if count == 0:
            self.samples_check.setChecked(False)
        self.samples_check.setEnabled(count > 0)

    def hideEvent(self, event: QHideEvent) -> None:
        self._save_settings()  # closed by any way: the next dialog starts from these
        self._probe_timer.stop()
        self.runs.stop_probe()  # nobody reads its answer now
        super().hideEvent(event)

    def reject(self) -> None:
        """Esc and the close button: ask first while training, then stop and close."""
        if self.shutdown():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.shutdown():
            event.ignore()
            return
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Train LeNet-5"))
        self.setAccessibleName(self.tr("Train LeNet-5"))
        self.data_box.setTitle(self.tr("Data"))
        self.data_edit.setAccessibleName(self.tr("MNIST folder"))
        self.data_edit.setToolTip(self.tr("The folder with the four MNIST files (.gz or unpacked)"))
        self.browse_button.setToolTip(self.tr("Choose the MNIST folder"))
        self.browse_button.setAccessibleName(self.tr("Choose the MNIST folder"))
        self.download_button.setText(self.tr("&Download MNIST"))
        self.download_button.setToolTip(
            self.tr("Download the four MNIST files (11 MB), checked against their checksums")
        )
        self.download_cancel_button.setText(self.tr("Cancel download"))
        self.download_bar.setAccessibleName(self.tr("Download progress"))
        self.settings_box.setTitle(self.tr("Settings"))
        for i in range(self.arch_combo.count()):  # the names the main window uses too
            self.arch_combo.setItemText(i, network_name(self.arch_combo.itemData(i)))
        texts = {
            "arch": self.tr("&Architecture"),
            "start": self.tr("Start from"),
            "epochs": self.tr("&Epochs"),
            "batch": self.tr("&Batch size"),
            "lr": self.tr("&Learning rate"),
            "augment": self.tr("Au&gmentation"),
            "redraw": self.tr("Re&draw"),
            "seed": self.tr("&Random seed"),
            "limit": self.tr("&Training images"),
            "threads": self.tr("T&hreads"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.scratch_radio.setText(self.tr("&New random weights"))
        self.scratch_radio.setToolTip(self.tr("Train from scratch, starting from random weights"))
        self.current_radio.setText(self.tr("Current weights (&fine-tune)"))
        self.current_radio.setToolTip(
            self.tr("Continue from the model in use; needs the same architecture")
        )
        self.augment_check.setText(self.tr("Distort digits like real drawings"))
        self.redraw_check.setText(self.tr("Also learn canvas-style copies"))
        self.redraw_check.setToolTip(
            self.tr(
                "Adds a copy of every training image with one even stroke width, as your "
                "drawings reach the network: better on drawings. Preparing the copies of all "
                "of MNIST takes about 35 s on two cores before the first epoch."
            )
        )
        self.lr_spin.setToolTip(self.tr("Peak learning rate of the one-cycle schedule"))
        self.seed_spin.setToolTip(self.tr("The same seed and settings give the same network"))
        self.limit_spin.setSpecialValueText(self.tr("all"))
        self.threads_spin.setSpecialValueText(self.tr("automatic"))
        self.threads_spin.setToolTip(
            self.tr(
                "Compute threads for training, each taking a slice of every batch. "
                "Automatic: one per core, and one more for each core another program "
                "keeps busy"
            )
        )
        self._refresh_expected_time()
        self.limit_spin.setToolTip(
            self.tr("Train on the first N MNIST images only, for a quick try")
        )
        self.samples_box.setTitle(self.tr("My handwriting"))
        self.refresh_samples_count()
        self._weight_label.setText(self.tr("&Weight"))
        self.weight_spin.setSuffix(" ×")
        self.weight_spin.setToolTip(
            self.tr("Each of your samples counts this many times per epoch")
        )
        self.start_button.setText(self.tr("&Start training"))
        self.cancel_button.setText(self.tr("&Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Stop after the current batch and keep the best weights so far")
        )
        self._log_title.setText(self.tr("L&og"))
        self.overall_label.setText(self.tr("Overall"))
        self.epoch_bar.setAccessibleName(self.tr("Progress of this epoch"))
        self.overall_bar.setAccessibleName(self.tr("Progress of the whole run"))
        self.results_box.setTitle(self.tr("Result on the MNIST test set"))
        self._confusion_title.setText(self.tr("Confusion &matrix"))
        self._gallery_title.setText(
            self.tr("Misclassified test digits (true → said); click one to draw it")
        )
        self.gallery.setAccessibleName(self.tr("Misclassified test digits"))
        self.use_button.setText(self.tr("&Use this model"))
        self.use_button.setToolTip(self.tr("Use the trained network in the main window now"))
        self.save_button.setText(self.tr("Sa&ve as…"))
        self.save_button.setToolTip(self.tr("Save the trained network as a weights file"))
        self._refresh_data_note()
        self._refresh_progress_texts()
        self._refresh_result_texts()
        if self._banner is not None:
            self._show_banner(self._banner)
        self._update_state()
