"""One feature map (or kernel) as a small tile of crisp pixels on a colour scale: the
feature-map viewer's and the Learn view's."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from lenet_gui.ui.imaging import Overlay, Scale

_TILE_PEN = QPen(QColor(0, 0, 0, 60), 1.0)  # the border of a tile without focus


def draw_outline(painter: QPainter, rect: QRectF, pen: QPen) -> None:
    painter.setPen(pen)
    painter.drawRect(rect)


class MapTile(QWidget):
    """One map (or kernel) on a colour scale; click, Enter or Space asks to enlarge it."""

    activated = Signal()
    image_changed = Signal()

    def __init__(self, pixels: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(pixels, pixels)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # It paints all its pixels, so Qt need not paint the panel beneath it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._values: np.ndarray | None = None
        self._scale: Scale | None = None
        self._image: QImage | None = None
        self._frame = Overlay()
        self.title = ""

    def values(self) -> np.ndarray | None:
        return self._values

    def scale(self) -> Scale | None:
        return self._scale

    def set_values(
        self, values: np.ndarray | None, scale: Scale | None, image: QImage | None = None
    ) -> None:
        """Show `values` on `scale`. `image` is them already coloured (a layer colours all
        its maps at once); without it they are coloured when the tile is next painted."""
        self._values, self._scale, self._image = values, scale, image
        self.update()
        self.image_changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        if self._image is None and self._values is not None and self._scale is not None:
            self._image = self._scale.to_image(self._values)
        if self._image is None:
            painter.fillRect(rect, self.palette().alternateBase())
        else:
            painter.drawImage(rect, self._image)  # no smoothing: crisp pixels
        # The border is copied from an overlay: a translucent 1-px rectangle takes ~20x
        # longer to draw than to copy, and some 20 tiles repaint on every pointer move.
        pen = QPen(self.palette().highlight().color(), 2.0) if self.hasFocus() else _TILE_PEN
        self._frame.paint(
            painter,
            (pen.color().rgba(), pen.widthF()),
            lambda p: draw_outline(p, rect.adjusted(0.5, 0.5, -0.5, -0.5), pen),
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
        else:
            super().keyPressEvent(event)
