"""An inline message above the window's content: errors a user should read, without a
modal dialog that stops the app (or a test) until someone clicks it."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class Level(Enum):
    INFO = ("#e8f0fe", "#9db8f0", "#1e3a8a")  # background, border, text
    ERROR = ("#fdecea", "#f5b7b1", "#8a1c12")


class MessageBar(QFrame):
    """A dismissible one-message banner; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_bar")
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.level = Level.INFO
        self.hide()
        self.retranslate_ui()

    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str, level: Level = Level.INFO) -> None:
        background, border, color = level.value
        self.level = level
        self.setStyleSheet(
            f"#message_bar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 6px; }} #message_bar QLabel {{ color: {color}; }}"
        )
        self._label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Message"))
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
