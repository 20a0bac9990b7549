"""The main window's Training menu: the Train dialog and the user's handwriting samples.

One object owns the three actions, the dialogs and the sample store; it reads the
drawing from the canvas and works through the session (the network in use, its
prediction, messages), so the window itself only adds a menu, two toolbar buttons and one
question on close.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from lenet_gui.engine.preprocess import Preprocessed, preprocess
from lenet_gui.engine.samples import SampleStore
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.resources import icon
from lenet_gui.ui.samples_dialog import AddSampleDialog, SamplesDialog
from lenet_gui.ui.session import Session
from lenet_gui.ui.training.dialog import TrainDialog

if TYPE_CHECKING:
    from lenet_gui.engine.recognizer import Recognizer

STATUS_MS = 5000


class TrainingActions(QObject):
    """Train…, Add to my samples…, My samples… for one main window."""

    samples_changed = Signal(int)  # how many samples there are now

    def __init__(
        self,
        session: Session,
        canvas: DrawingCanvas,
        window: QWidget,
        store: SampleStore | None = None,
    ) -> None:
        """`window`: the dialogs' parent and where the shortcuts live."""
        super().__init__(window)
        self._session = session
        self._canvas = canvas
        self._window = window
        self.store = store if store is not None else SampleStore()
        self._train_dialog: TrainDialog | None = None
        self._samples_dialog: SamplesDialog | None = None
        self.train_action = self._action("train", self.open_train_dialog, "Ctrl+T")
        self.add_sample_action = self._action("add_sample", self.open_add_sample, "Ctrl+D")
        self.samples_action = self._action("my_samples", self.open_samples, "Ctrl+Shift+D")
        canvas.changed.connect(self._update_actions)
        self._update_actions()
        app = QCoreApplication.instance()
        if app is not None:  # a safety net: the app quitting without closing the window
            app.aboutToQuit.connect(self._stop_now)

    def _action(self, name: str, slot: Callable[[], object], shortcut: str) -> QAction:
        action = QAction(self._window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        if name in _ICONS:
            action.setIcon(icon(_ICONS[name]))
        action.triggered.connect(slot)
        self._window.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def actions(self) -> list[QAction]:
        return [self.train_action, self.add_sample_action, self.samples_action]

    # --- training --------------------------------------------------------------------------

    def train_dialog(self) -> TrainDialog:
        """The window's one Train dialog (made on first use; it keeps its last run)."""
        if self._train_dialog is None:
            dialog = TrainDialog(self._session, self._window, store=self.store)
            dialog.model_accepted.connect(self._use_model)
            dialog.digit_chosen.connect(self._show_digit)
            self._train_dialog = dialog
        return self._train_dialog

    def open_train_dialog(self) -> TrainDialog:
        dialog = self.train_dialog()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def confirm_close(self) -> bool:
        """Before the window closes: stop and join background work, asking first if a
        training is running. False: the user wants to keep training (do not close)."""
        return self._train_dialog is None or self._train_dialog.shutdown()

    @Slot()
    def _stop_now(self) -> None:
        if self._train_dialog is not None:
            self._train_dialog.stop_and_wait()

    def _use_model(self, recognizer: Recognizer) -> None:
        self._session.set_recognizer(recognizer)
        accuracy = recognizer.test_accuracy
        text = self.tr("Now using the model you trained")
        if accuracy is not None:
            text += " " + self.tr("({percent} % on MNIST test)").format(
                percent=f"{accuracy * 100:.2f}"
            )
        self._session.show_status(text, STATUS_MS)

    def _show_digit(self, image: np.ndarray, description: str) -> None:
        """A test digit from the Train dialog onto the canvas (undoable, like an image)."""
        self._canvas.show_digit(image)
        self._session.show_status(description, STATUS_MS)

    # --- my samples ------------------------------------------------------------------------

    def open_add_sample(self) -> AddSampleDialog | None:
        """Ask which digit the drawing is (the network's answer preselected), then add it."""
        prepared = self._prepared_drawing()
        if prepared is None:
            return None
        prediction = self._session.prediction()
        suggestion = prediction.digit if prediction is not None else None
        dialog = AddSampleDialog(prepared.digit28, suggestion, self._window)
        dialog.accepted.connect(lambda: self._add(dialog.digit28, dialog.label()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def add_sample(self, label: int) -> str | None:
        """Store the drawing on the canvas, normalised as the network sees it, as `label`.

        Returns the new sample's id; None (with a message in the window) if there is no
        digit on the canvas or the disk refused.
        """
        prepared = self._prepared_drawing()
        if prepared is None:
            return None
        return self._add(prepared.digit28, label)

    def _prepared_drawing(self) -> Preprocessed | None:
        """The canvas as the network sees it; None, said in the window, if it is empty."""
        prepared = preprocess(self._canvas.image_array())
        if prepared is None:
            self._session.show_error(
                self.tr("Draw a digit first: there is nothing on the canvas to add.")
            )
        return prepared

    def _add(self, digit28: np.ndarray, label: int | None) -> str | None:
        if label is None:
            return None
        try:
            sample_id = self.store.add(digit28, label)
        except OSError as exc:
            self._session.show_error(
                self.tr("Could not store the sample in {folder}: {reason}").format(
                    folder=self.store.folder, reason=exc.strerror or exc
                )
            )
            return None
        count = self.store.count()
        self._session.show_status(
            self.tr("Added as a {digit} to your samples ({count} in all)").format(
                digit=label, count=count
            ),
            STATUS_MS,
        )
        self._samples_changed()
        return sample_id

    def open_samples(self) -> SamplesDialog:
        if self._samples_dialog is None:
            self._samples_dialog = SamplesDialog(self.store, self._window)
            self._samples_dialog.changed.connect(self._samples_changed)
        else:
            self._samples_dialog.refresh()
        self._samples_dialog.show()
        self._samples_dialog.raise_()
        return self._samples_dialog

    def _samples_changed(self) -> None:
        count = self.store.count()
        if self._samples_dialog is not None and self._samples_dialog.isVisible():
            self._samples_dialog.refresh()
        if self._train_dialog is not None:
            self._train_dialog.refresh_samples_count()
        self.samples_changed.emit(count)

    def _update_actions(self) -> None:
        self.add_sample_action.setEnabled(not self._canvas.is_empty())

    def retranslate_ui(self) -> None:
        # (menu text with mnemonic, short toolbar label, tooltip), as in the main window
        texts = {
            self.train_action: (
                self.tr("&Train…"),
                self.tr("Train"),
                self.tr("Retrain LeNet-5 on MNIST and your own samples (Ctrl+T)"),
            ),
            self.add_sample_action: (
                self.tr("&Add to my samples…"),
                self.tr("Add sample"),
                self.tr("Keep this drawing, with its digit, to teach the network (Ctrl+D)"),
            ),
            self.samples_action: (
                self.tr("&My samples…"),
                self.tr("My samples"),
                self.tr("Review and delete your handwriting samples"),
            ),
        }
        for action, (text, short, tip) in texts.items():
            action.setText(text)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setStatusTip(tip)


_ICONS = {"train": "train", "add_sample": "add-sample"}
