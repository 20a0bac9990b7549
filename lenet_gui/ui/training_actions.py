"""The main window's Training menu: the Train dialog, the user's handwriting samples and
their own network ("My LeNet-5").

One object owns the three actions, the dialogs and the sample store; it reads the
drawing from the canvas and works through the session (the network in use, its
prediction, messages), so the window itself only adds a menu, two toolbar buttons and one
question on close.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from lenet_gui.engine.preprocess import Preprocessed, preprocess
from lenet_gui.engine.samples import SamplesError, SampleStore
from lenet_gui.paths import my_network_file
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.i18n import error_text
from lenet_gui.ui.resources import icon
from lenet_gui.ui.samples_dialog import AddSampleDialog, SamplesDialog
from lenet_gui.ui.session import Network, NetworkKind, Session
from lenet_gui.ui.teach_dialog import TeachDialog
from lenet_gui.ui.training.dialog import TrainDialog

if TYPE_CHECKING:
    from lenet_gui.engine.adapt import AdaptConfig
    from lenet_gui.engine.recognizer import Recognizer

STATUS_MS = 5000
MY_NETWORK = "mine"  # the session key of "My LeNet-5"


class TrainingActions(QObject):
    """Train…, Add to my samples…, My samples… for one main window."""

    samples_changed = Signal(int)  # how many samples there are now

    def __init__(
        self,
        session: Session,
        canvas: DrawingCanvas,
        window: QWidget,
        store: SampleStore | None = None,
        my_network: Path | None = None,
    ) -> None:
        """`window`: the dialogs' parent and where the shortcuts live; `my_network`: where
        "My LeNet-5" is kept (default: paths.my_network_file())."""
        super().__init__(window)
        self._session = session
        self._canvas = canvas
        self._window = window
        self.store = store if store is not None else SampleStore()
        self.my_network_path = my_network if my_network is not None else my_network_file()
        self._trained = 0  # "Use this model" entries so far
        self._teach_dialog: TeachDialog | None = None
        self.teach_config: AdaptConfig | None = None  # None: the engine's default
        self._train_dialog: TrainDialog | None = None
        self._samples_dialog: SamplesDialog | None = None
        self.train_action = self._action("train", self.open_train_dialog, "Ctrl+T")
        self.add_sample_action = self._action("add_sample", self.open_add_sample, "Ctrl+D")
        self.samples_action = self._action("my_samples", self.open_samples, "Ctrl+Shift+D")
        self.teach_action = self._action("teach", self.open_teach_dialog, "")
        self.remove_mine_action = self._action("remove_my_network", self.remove_my_network, "")
        canvas.changed.connect(self._update_actions)
        session.networks_changed.connect(self._update_actions)
        self.restore_my_network()
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
        return [
            self.train_action,
            self.add_sample_action,
            self.samples_action,
            self.teach_action,
            self.remove_mine_action,
        ]

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
        if self._teach_dialog is not None:
            self._teach_dialog.stop_and_wait()
        return self._train_dialog is None or self._train_dialog.shutdown()

    @Slot()
    def _stop_now(self) -> None:
        if self._train_dialog is not None:
            self._train_dialog.stop_and_wait()
        if self._teach_dialog is not None:
            self._teach_dialog.stop_and_wait()

    def _use_model(self, recognizer: Recognizer) -> None:
        """A trained network becomes an entry of its own; the bundled ones stay."""
        self._trained += 1
        stamp = QLocale().toString(QDateTime.currentDateTime(), "d MMM HH:mm")
        network = Network(
            key=f"trained-{self._trained}",
            arch=recognizer.arch,
            kind=NetworkKind.TRAINED,
            recognizer=recognizer,
            title=self.tr("Trained {date}").format(date=stamp),
        )
        self._session.add_network(network)
        self._session.set_recognizer(recognizer, network.key)
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

    def open_teach_dialog(self) -> TeachDialog | None:
        """The guided drawings and adaptation of the network in use (a new round each time)."""
        recognizer = self._session.recognizer()
        if recognizer is None:
            self._session.show_error(self.tr("Wait until a network is loaded."))
            return None
        if self._teach_dialog is not None:
            self._teach_dialog.close()
        dialog = TeachDialog(recognizer, self.store, self._window, self.teach_config)
        dialog.network_accepted.connect(self._use_taught)
        dialog.finished.connect(self._samples_changed)
        self._session.language_changed.connect(dialog.retranslate_ui)
        self._teach_dialog = dialog
        dialog.show()
        return dialog

    def _use_taught(self, recognizer: Recognizer) -> None:
        if self.use_my_network(recognizer):
            self._session.show_status(self.tr("Now using My LeNet-5"), STATUS_MS)

    # --- my network ------------------------------------------------------------------------

    def restore_my_network(self) -> None:
        """Add "My LeNet-5" to the networks if the user has one (read without torch, in a
        few milliseconds); a damaged file is reported and left alone."""
        from lenet_gui.engine.checkpoint import WeightsError
        from lenet_gui.engine.recognizer import Recognizer

        path = self.my_network_path
        if not path.is_file():
            return
        try:
            recognizer = Recognizer.from_file(path)
        except WeightsError as exc:
            self._session.show_error(
                self.tr("Your own network could not be read: {reason}").format(reason=exc)
            )
            return
        self._session.add_network(self._my_entry(recognizer))

    def _my_entry(self, recognizer: Recognizer) -> Network:
        return Network(
            key=MY_NETWORK,
            arch=recognizer.arch,
            kind=NetworkKind.MINE,
            recognizer=recognizer,
            path=self.my_network_path,
        )

    def use_my_network(self, recognizer: Recognizer) -> bool:
        """Keep `recognizer` (with its torch network) as "My LeNet-5" and use it. False,
        with a message, if it could not be saved."""
        from lenet_gui.engine.weights import save_weights

        try:
            save_weights(self.my_network_path, recognizer.model, recognizer.metadata)
        except OSError as exc:
            self._session.show_error(
                self.tr("Could not save your network in {file}: {reason}").format(
                    file=self.my_network_path, reason=exc.strerror or exc
                )
            )
            return False
        self._session.add_network(self._my_entry(recognizer))
        self._session.set_recognizer(recognizer, MY_NETWORK)
        return True

    def remove_my_network(self) -> None:
        """Delete "My LeNet-5" (file and entry); its architecture's bundled network takes
        over if it was in use."""
        mine = self._session.network(MY_NETWORK)
        if mine is None:
            return
        try:
            self.my_network_path.unlink(missing_ok=True)
        except OSError as exc:
            self._session.show_error(
                self.tr("Could not remove your network {file}: {reason}").format(
                    file=self.my_network_path, reason=exc.strerror or exc
                )
            )
            return
        if self._session.current() is mine:
            bundled = self._session.network(mine.arch)
            if bundled is not None and bundled.recognizer is not None:
                self._session.set_recognizer(bundled.recognizer, bundled.key)
            else:  # its file is read first; the entry goes once the switch is made
                self._session.current_changed.connect(
                    self._remove_my_entry, Qt.ConnectionType.SingleShotConnection
                )
                self._session.switch_to(mine.arch)
                return
        self._remove_my_entry()

    def _remove_my_entry(self) -> None:
        self._session.remove_network(MY_NETWORK)
        self._session.show_status(self.tr("Your own network was removed."), STATUS_MS)

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
        try:
            count = self.store.count()
        except SamplesError as exc:  # stored, but the folder cannot be listed
            self._session.show_error(error_text(exc))
            return sample_id
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
        self.remove_mine_action.setEnabled(self._session.network(MY_NETWORK) is not None)

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
            self.teach_action: (
                self.tr("T&each it my handwriting…"),
                self.tr("Teach"),
                self.tr("Write each digit a few times; the network learns your handwriting"),
            ),
            self.remove_mine_action: (
                self.tr("&Remove My LeNet-5"),
                self.tr("Remove mine"),
                self.tr("Delete the network adapted to your handwriting"),
            ),
        }
        for action, (text, short, tip) in texts.items():
            action.setText(text)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setStatusTip(tip)


_ICONS = {"train": "train", "add_sample": "add-sample"}
