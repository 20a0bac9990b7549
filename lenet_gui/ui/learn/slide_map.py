"""The Learn view's SDNN panel: LeNet-5 slid across the whole drawing, next to what the
segmentation read.

C5 is a convolution, so the network run once on a 32-pixel-high strip of the drawing
answers for every 32-pixel window, 4 pixels apart (LeCun et al. 1998, Section VII). The
engine computes that map (Recognizer.slide); this widget paints the strip the network saw
and, under each window's centre, the digit that window answers, as sure as it looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.ui.imaging import grey_image
from lenet_gui.ui.style import ACCENT, font

if TYPE_CHECKING:
    from lenet_gui.engine.recognizer import SlideMap

_SURE = 0.5  # a window whose best digit has less than this shows a dot, not a digit
_ROW = 26  # pixels of the answers' row


class SlideMapView(QWidget):
    """One SlideMap: the strip, each window's answer under it, and the segmentation's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slide_map")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._map: SlideMap | None = None
        self._text = ""

    def set_map(self, slide: SlideMap | None, text: str) -> None:
        """Show `slide` (None: nothing drawn) beside `text`, what the segmentation read."""
        self._map, self._text = slide, text
        self.setAccessibleDescription(self.summary())
        self.update()

    def answers(self) -> list[int | None]:
        """Each window's digit, None where it is not sure of any."""
        if self._map is None:
            return []
        probs = self._map.probabilities
        return [int(p.argmax()) if p.max() >= _SURE else None for p in probs]

    def summary(self) -> str:
        if self._map is None:
            return self.tr("Nothing drawn")
        shown = " ".join("·" if a is None else str(a) for a in self.answers())
        return self.tr("Windows: {answers}; segmentation: {text}").format(
            answers=shown, text=self._text or "–"
        )

    def sizeHint(self) -> QSize:
        return QSize(560, 32 * 4 + _ROW + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._map is None:
            return
        strip = self._map.strip
        width = strip.shape[1]
        scale = max(1.0, min(4.0, self.width() / width))
        painter = QPainter(self)
        grey = np.round((1.0 - strip) * 255.0).astype(np.uint8)
        painter.drawImage(QRectF(0, 0, width * scale, 32 * scale), grey_image(grey))
        painter.setFont(font(self, min(18.0, 4 * scale * 1.1), bold=True))
        step = self._map.STEP
        for k, p in enumerate(self._map.probabilities):
            centre = (k * step + 16) * scale
            cell = QRectF(centre - step * scale / 2, 32 * scale + 4, step * scale, _ROW)
            color = QColor(ACCENT)
            color.setAlphaF(float(max(0.15, p.max())))
            painter.setPen(color)
            digit = int(p.argmax())
            painter.drawText(
                cell, Qt.AlignmentFlag.AlignCenter, str(digit) if p.max() >= _SURE else "·"
            )
