"""The user's own handwriting samples: label a drawing to add it, review and delete them.

The samples live in engine/samples.py's SampleStore; these dialogs only show them and pass
the user's choices on. Both open without a nested event loop (open()/show(), not exec()).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lenet_gui.engine.samples import SampleSet, SampleStore
from lenet_gui.ui.imaging import grey_image
from lenet_gui.ui.message_bar import Level, MessageBar
from lenet_gui.ui.style import make_muted
from lenet_gui.ui.widgets.gallery import DigitGallery, GalleryItem


class _DigitPicture(QWidget):
    """One 28x28 digit, enlarged with crisp pixels, ink bright on black as MNIST shows it."""

    def __init__(self, digit28: np.ndarray, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = grey_image(np.round(np.clip(digit28, 0.0, 1.0) * 255).astype(np.uint8))
        self.setFixedSize(QSize(112, 112))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        painter.drawImage(QRectF(self.rect()), self._image)


class AddSampleDialog(QDialog):
    """'Which digit is this?': the drawing as it will be stored, and ten digit buttons.

    Digit keys pick a label, Enter adds. `label()` is the choice once accepted.
    """

    def __init__(
        self, digit28: np.ndarray, suggestion: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_sample_dialog")
        self.digit28 = digit28
        self._picture = _DigitPicture(digit28)
        self._question = QLabel()
        self._question.setWordWrap(True)
        self._note = QLabel()
        self._note.setWordWrap(True)
        make_muted(self._note)
        self.digit_buttons = QButtonGroup(self)
        self.digit_buttons.setExclusive(True)
        grid = QGridLayout()
        grid.setSpacing(4)
        for digit in range(10):
            button = QPushButton(str(digit))
            button.setObjectName(f"label_{digit}")
            button.setCheckable(True)
            button.setFixedSize(QSize(40, 36))
            button.setAutoDefault(False)
            self.digit_buttons.addButton(button, digit)
            grid.addWidget(button, digit // 5, digit % 5)
        if suggestion is not None:
            self.digit_buttons.button(suggestion).setChecked(True)
        self.digit_buttons.buttonToggled.connect(self._update_ok)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)

        right = QVBoxLayout()
        right.addWidget(self._question)
        right.addLayout(grid)
        right.addWidget(self._note)
        top = QHBoxLayout()
        top.addWidget(self._picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._update_ok()

    def label(self) -> int | None:
        chosen = self.digit_buttons.checkedId()
        return chosen if chosen >= 0 else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A digit key picks that digit (keys the buttons do not use end up here)."""
        text = event.text()
        if len(text) == 1 and text.isdigit():
            self.digit_buttons.button(int(text)).setChecked(True)
            return
        super().keyPressEvent(event)

    def _update_ok(self, *_: QAbstractButton | bool) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.label() is not None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Add to my samples"))
        self._question.setText(self.tr("Which digit did you draw?"))
        self._note.setText(
            self.tr(
                "It is kept the way the network sees it (left). Train with "
                "“Mix in my samples” to teach the network your handwriting."
            )
        )
        self._picture.setAccessibleName(self.tr("Your drawing as a 28×28 sample"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Add"))
        for button in self.digit_buttons.buttons():
            button.setAccessibleName(self.tr("Digit {digit}").format(digit=button.text()))


class SamplesDialog(QDialog):
    """Review the stored samples: count per digit, the digits themselves, delete."""

    changed = Signal()  # samples were deleted

    def __init__(self, store: SampleStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samples_dialog")
        self.store = store
        self._samples: SampleSet | None = None
        self.confirm_box: QMessageBox | None = None  # "Delete this sample?" while it is open
        self.message_bar = MessageBar()
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._folder = QLabel()
        self._folder.setWordWrap(True)
        self._folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        make_muted(self._folder)
        self.gallery = DigitGallery()
        self.gallery.setObjectName("samples_gallery")
        self.gallery.current_changed.connect(self._update_buttons)
        scroll = QScrollArea()
        scroll.setWidget(self.gallery)
        scroll.setWidgetResizable(True)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_sample")
        self.delete_button.clicked.connect(self.delete_current)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message_bar)
        layout.addWidget(self._summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self._folder)
        layout.addWidget(self.buttons)
        self.resize(620, 480)
        self.retranslate_ui()
        self.refresh()

    def refresh(self) -> None:
        """Read the samples again (they are small: a few hundred files take milliseconds)."""
        self._samples = self.store.load_all()
        self.gallery.set_items(
            [
                GalleryItem(image, str(label))
                for image, label in zip(self._samples.images, self._samples.labels, strict=True)
            ]
        )
        if self._samples.skipped:
            text = self.tr("Some files in the samples folder could not be used: {files}")
            self.message_bar.show_message(
                text.format(files="; ".join(self._samples.skipped)), Level.ERROR
            )
        else:
            self.message_bar.hide()
        self._update_texts()
        self._update_buttons()

    def sample_ids(self) -> list[str]:
        return list(self._samples.ids) if self._samples is not None else []

    def delete_current(self) -> None:
        """Ask, then delete the selected sample: a deleted file cannot be brought back.

        The question is window-modal and opened without a nested event loop; the sample
        is deleted when its Delete button is clicked (`confirm_box` while it is open).
        """
        index = self.gallery.current()
        if self._samples is None or index < 0:
            return
        sample_id, label = self._samples.ids[index], int(self._samples.labels[index])
        box = QMessageBox(self)
        box.setObjectName("confirm_delete")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete sample"))
        box.setText(
            self.tr("Delete this sample of a {digit}? It cannot be undone.").format(digit=label)
        )
        delete = box.addButton(self.tr("&Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)  # Delete, then Enter: the keyboard way
        delete.clicked.connect(lambda: self._delete(sample_id, index))
        box.finished.connect(self._forget_confirm_box)
        self.confirm_box = box
        box.open()

    def _forget_confirm_box(self) -> None:
        self.confirm_box = None

    def _delete(self, sample_id: str, index: int) -> None:
        self.store.delete(sample_id)
        self.refresh()
        self.gallery.set_current(min(index, self.gallery.count() - 1))
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_current()
            return
        super().keyPressEvent(event)

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.gallery.current() >= 0)

    def _update_texts(self) -> None:
        samples = self._samples
        if samples is None or not len(samples):
            self._summary.setText(
                self.tr(
                    "No samples yet. Draw a digit in the main window and choose "
                    "“Add to my samples”."
                )
            )
            return
        counts = np.bincount(samples.labels, minlength=10)
        per_digit = ", ".join(f"{d}: {n}" for d, n in enumerate(counts) if n)
        self._summary.setText(
            self.tr(
                "{count} samples ({per_digit}). Select one and press Delete to remove it."
            ).format(count=len(samples), per_digit=per_digit)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("My handwriting samples"))
        self.delete_button.setText(self.tr("&Delete"))
        self.gallery.setAccessibleName(self.tr("My handwriting samples"))
        self.gallery.set_empty_text(self.tr("No samples yet"))
        self._folder.setText(self.tr("Stored in {folder}").format(folder=self.store.folder))
        self._update_texts()
