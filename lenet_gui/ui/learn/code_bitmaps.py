"""The 1998 output layer's ten 7x12 digit codes beside F6, drawn the same way."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from lenet_gui.ui.style import ACCENT, font

_CODE_CELL = 5.0  # screen pixels per bit of a 7x12 code


class CodeBitmaps(QWidget):
    """F6 drawn as a 7x12 bitmap beside the ten fixed output codes; the code closest to
    F6 (smallest penalty) is framed, and each code's penalty is written under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_bitmaps")
        self._codes: np.ndarray | None = None  # (10, 12, 7), ±1
        self._f6: np.ndarray | None = None  # (12, 7)
        self._penalties: np.ndarray | None = None  # (10,)

    def set_codes(self, codes: np.ndarray | None) -> None:
        self._codes = codes
        self.updateGeometry()
        self.update()

    def set_state(self, f6: np.ndarray | None, penalties: np.ndarray | None) -> None:
        """F6's 84 outputs and the ten penalties y_i of one prediction (None: no drawing)."""
        self._f6 = None if f6 is None or self._codes is None else f6.reshape(self._codes.shape[1:])
        self._penalties = penalties
        self.update()

    def has_codes(self) -> bool:
        return self._codes is not None

    def nearest(self) -> int | None:
        """The digit whose code F6 is closest to (the network's answer)."""
        return None if self._penalties is None else int(np.argmin(self._penalties))

    def sizeHint(self) -> QSize:
        if self._codes is None:
            return QSize(0, 0)
        rows, cols = self._codes.shape[1:]
        cell = _CODE_CELL
        return QSize(int(11 * (cols * cell + 14) + 40), int(rows * cell * 1.4 + 70))

    def _bitmap(self, values: np.ndarray) -> QImage:
        """±1 (or F6's ±1.7) as grey: +1 dark like ink, -1 light like the canvas's sheet."""
        grey = np.clip(127.5 - values * 127.5, 0, 255).astype(np.uint32)
        pixels = np.ascontiguousarray(0xFF000000 | (grey << 16) | (grey << 8) | grey, np.uint32)
        h, w = pixels.shape
        return QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_RGB32).copy()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._codes is None:
            return
        painter = QPainter(self)
        rows, cols = self._codes.shape[1:]
        cell = _CODE_CELL
        width, height = cols * cell, rows * cell
        text = self.palette().windowText().color()
        muted = self.palette().placeholderText().color()
        top = 20.0
        big = QRectF(0, top, width * 1.4, height * 1.4)
        painter.setFont(font(self, 11, bold=True))
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, big.width() + 30, 18), Qt.AlignmentFlag.AlignLeft, "F6")
        if self._f6 is not None:
            painter.drawImage(big, self._bitmap(self._f6))
        painter.setPen(QPen(muted, 1.0))
        painter.drawRect(big)
        nearest = self.nearest()
        left = big.right() + 28
        for digit, code in enumerate(self._codes):
            box = QRectF(left + digit * (width + 14), top, width, height)
            painter.drawImage(box, self._bitmap(code))
            chosen = digit == nearest
            painter.setPen(QPen(ACCENT if chosen else muted, 3.0 if chosen else 1.0))
            painter.drawRect(box.adjusted(-1, -1, 1, 1))
            painter.setFont(font(self, 12, bold=chosen))
            painter.setPen(ACCENT if chosen else text)
            painter.drawText(
                QRectF(box.left() - 6, 0, box.width() + 12, 18),
                Qt.AlignmentFlag.AlignCenter,
                str(digit),
            )
            if self._penalties is not None:
                painter.setFont(font(self, 10, bold=chosen))
                painter.drawText(
                    QRectF(box.left() - 8, box.bottom() + 4, box.width() + 16, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{self._penalties[digit]:.0f}",
                )
