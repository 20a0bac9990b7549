""" "Why this digit?": the saliency map laid over the drawing on the canvas.

A transparent child of the canvas that lets every mouse and pen event through. The engine
computes the map (engine/saliency.py, in a background thread: ui/saliency_worker.py) on
the 32x32 input, faded away from the ink, and says where that input grid lies on the
drawing; this widget only paints it there: red where more ink would make the network
surer of its answer, blue where ink speaks against it, clear where it does not matter,
plus a legend that says what the colours are.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from lenet_gui.ui.canvas import DOC_SIZE, DrawingCanvas
from lenet_gui.ui.style import font

SUPPORTS = QColor("#dc2626")
AGAINST = QColor("#2563eb")
_MAX_ALPHA = 170
_GAMMA = 0.6  # lifts weak but real evidence above invisibility


def saliency_image(values: np.ndarray) -> QImage:
    """Signed values in [-1, 1] as a translucent ARGB image: hue by sign, opacity by size."""
    alpha = (np.abs(values) ** _GAMMA * _MAX_ALPHA).astype(np.uint32)
    rgb = np.where(values >= 0, SUPPORTS.rgb() & 0xFFFFFF, AGAINST.rgb() & 0xFFFFFF)
    pixels = np.ascontiguousarray((alpha << 24) | rgb.astype(np.uint32), dtype=np.uint32)
    h, w = pixels.shape
    return QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_ARGB32).copy()


class SaliencyOverlay(QWidget):
    """Paints one saliency map over the canvas's sheet; set_saliency(None) clears it."""

    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(canvas)
        self.setObjectName("saliency_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._canvas = canvas
        self._image: QImage | None = None
        self._rect = QRectF()  # where the 32x32 input lies, in canvas document units
        self._digit: int | None = None
        canvas.installEventFilter(self)
        self.setGeometry(canvas.rect())

    def has_map(self) -> bool:
        return self._image is not None

    def digit(self) -> int | None:
        """The class the shown map explains."""
        return self._digit

    def set_saliency(
        self,
        values: np.ndarray | None,
        rect: tuple[float, float, float, float] | None = None,
        digit: int | None = None,
    ) -> None:
        """Show `values` (32, 32) in [-1, 1] over `rect` (left, top, width, height in the
        canvas's document units) as the evidence for `digit`; None clears."""
        self._image = None if values is None else saliency_image(values)
        self._rect = QRectF(*rect) if rect is not None else QRectF()
        self._digit = digit
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._canvas.rect())
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None:
            return
        sheet = self._canvas.sheet_rect()
        k = sheet.width() / DOC_SIZE
        target = QRectF(
            sheet.left() + self._rect.left() * k,
            sheet.top() + self._rect.top() * k,
            self._rect.width() * k,
            self._rect.height() * k,
        )
        painter = QPainter(self)
        painter.setClipRect(sheet)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        self._paint_legend(painter, sheet)

    def _paint_legend(self, painter: QPainter, sheet: QRectF) -> None:
        painter.setFont(font(self, max(11.0, min(14.0, sheet.width() / 32))))
        metrics = painter.fontMetrics()
        title = self.tr("Why {digit}? What mattered, on and near your strokes:").format(
            digit=self._digit
        )
        entries = [
            (SUPPORTS, self.tr("more ink here: more sure of {digit}").format(digit=self._digit)),
            (AGAINST, self.tr("ink here speaks against {digit}").format(digit=self._digit)),
        ]
        line = metrics.height() + 2
        rows = len(entries) + 1
        widest = max(metrics.horizontalAdvance(text) + 16 for _, text in entries)
        width = min(sheet.width() - 12, max(widest, metrics.horizontalAdvance(title)) + 12)
        box = QRectF(sheet.left() + 6, sheet.bottom() - 6 - line * rows - 8, width, line * rows + 8)
        painter.fillRect(box, QColor(255, 255, 255, 220))
        painter.setPen(QColor("#1f2937"))
        text_row = QRectF(box.left() + 6, box.top() + 4, box.width() - 12, line)
        painter.drawText(text_row, Qt.AlignmentFlag.AlignVCenter, title)
        for i, (color, text) in enumerate(entries, start=1):
            row = text_row.translated(0, i * line)
            swatch = QRectF(row.left(), row.center().y() - 5, 10, 10)
            painter.fillRect(swatch, color)
            painter.drawText(row.adjusted(16, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)
