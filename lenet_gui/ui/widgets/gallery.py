"""A grid of small digits with captions: the Train dialog's misread test digits, the
user's own samples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.ui.imaging import grey_image
from lenet_gui.ui.style import WRONG_COLOR, font


@dataclass(frozen=True, eq=False)
class GalleryItem:
    """One digit to show: uint8 (28, 28) with 255 = ink (MNIST's way), a caption, a colour."""

    image: np.ndarray
    caption: str
    tooltip: str = ""
    wrong: bool = False


class DigitGallery(QWidget):
    """A grid of small digits, enlarged with crisp pixels, each with a caption.

    Click, or Enter/Space on the current one (arrow keys move), activates a digit.
    Put it in a QScrollArea (widgetResizable): it grows as tall as its rows need.
    """

    activated = Signal(int)  # index of the digit clicked or chosen with the keyboard
    current_changed = Signal(int)  # -1: none

    def __init__(self, tile: int = 56, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)  # tooltips per digit
        self._tile = tile
        self._items: list[GalleryItem] = []
        self._images: list[QImage] = []
        self._current = -1
        self._empty_text = ""

    def set_items(self, items: list[GalleryItem]) -> None:
        self._items = list(items)
        # MNIST pictures ink bright on black; that is also how the network input is shown
        self._images = [grey_image(item.image) for item in self._items]
        self._current = -1
        self._update_height()
        self.setAccessibleDescription(self._describe())
        self.update()
        self.current_changed.emit(-1)

    def items(self) -> list[GalleryItem]:
        return list(self._items)

    def count(self) -> int:
        return len(self._items)

    def current(self) -> int:
        return self._current

    def set_current(self, index: int) -> None:
        index = index if 0 <= index < len(self._items) else -1
        if index != self._current:
            self._current = index
            self.update()
            self.current_changed.emit(index)

    def set_empty_text(self, text: str) -> None:
        """What an empty gallery says."""
        self._empty_text = text
        self.setAccessibleDescription(self._describe())
        self.update()

    def tile_rect(self, index: int) -> QRectF:
        """Where digit `index` is painted (widget coordinates); clicks there activate it."""
        columns = self._columns()
        w, h = self._cell_size()
        row, col = divmod(index, columns)
        return QRectF(col * w + 4, row * h + 4, self._tile, self._tile)

    def _describe(self) -> str:
        if not self._items:
            return self._empty_text
        return ", ".join(item.caption for item in self._items[:20])

    def _cell_size(self) -> tuple[int, int]:
        caption = font(self, 12).pixelSize() * 1.6
        return self._tile + 10, int(self._tile + 8 + caption)

    def _columns(self) -> int:
        return max(1, self.width() // self._cell_size()[0])

    def _update_height(self) -> None:
        rows = -(-len(self._items) // self._columns())
        self.setMinimumHeight(max(self._cell_size()[1], rows * self._cell_size()[1] + 4))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_height()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        w, h = self._cell_size()
        return QSize(w * 6, h * 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if not self._items:
            painter.setFont(font(self, 13))
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRectF(self.rect()).adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._empty_text,
            )
            return
        caption_font = font(self, 12)
        painter.setFont(caption_font)
        for i, (item, image) in enumerate(zip(self._items, self._images, strict=True)):
            rect = self.tile_rect(i)
            if not rect.intersects(QRectF(event.rect())):
                continue
            painter.drawImage(rect, image)  # nearest neighbour: crisp pixels
            if i == self._current:
                width = 3.0 if self.hasFocus() else 2.0
                painter.setPen(QPen(self.palette().highlight().color(), width))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(-2, -2, 2, 2))
            painter.setPen(WRONG_COLOR if item.wrong else self.palette().windowText().color())
            painter.drawText(
                QRectF(
                    rect.left() - 4,
                    rect.bottom() + 2,
                    rect.width() + 8,
                    caption_font.pixelSize() * 1.5,
                ),
                Qt.AlignmentFlag.AlignCenter,
                item.caption,
            )

    def _index_at(self, pos: QPointF) -> int:
        for i in range(len(self._items)):
            if self.tile_rect(i).adjusted(-4, -4, 4, 24).contains(pos):
                return i
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index >= 0:
            self.set_current(index)
            self.activated.emit(index)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position())
        self.setToolTip(self._items[index].tooltip if index >= 0 else "")
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if index >= 0 else Qt.CursorShape.ArrowCursor
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._items:
            super().keyPressEvent(event)
            return
        key, columns = event.key(), self._columns()
        moves: dict[int, int] = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -columns,
            Qt.Key.Key_Down: columns,
        }
        if key in moves:
            start = max(0, self._current)
            self.set_current(min(len(self._items) - 1, max(0, start + moves[key])))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._current >= 0:
            self.activated.emit(self._current)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current < 0 and self._items:
            self.set_current(0)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
