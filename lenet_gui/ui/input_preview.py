"""What the network saw: the normalised 32x32 input, enlarged with crisp pixels.

Frames mark MNIST's geometry (the digit scaled into a 20x20 box, centred in a 28x28
field, padded to LeNet-5's 32x32), so users see why their drawing was moved and shrunk.
Ink is shown bright on black, the way MNIST digits are usually pictured: 1 = ink.
The input changes on every pointer move, so only the grid is repainted then, and its
static pixel lines and frames are copied from overlays drawn once per size.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.engine.preprocess import digit_box
from lenet_gui.ui.imaging import GREY, Overlay, Scale
from lenet_gui.ui.style import font

INPUT_SIZE, FIELD_SIZE = 32, 28
FIELD_COLOR = QColor("#38bdf8")
BOX_COLOR = QColor("#f59e0b")
_INK_SCALE = Scale(0.0, 1.0, GREY)
_GRID_PEN = QPen(QColor(255, 255, 255, 22), 1.0)


class InputPreview(QWidget):
    """The 32x32 network input with the MNIST field and digit box drawn over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("input_preview")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._image: QImage | None = None
        self._grid: QRectF | None = None  # where the last paint put the grid
        self._columns, self._rows = Overlay(), Overlay()
        self.retranslate_ui()

    def set_input(self, input32: np.ndarray | None) -> None:
        """Show a (32, 32) array in [0, 1] (1 = ink), or nothing."""
        self._image = None if input32 is None else _INK_SCALE.to_image(input32)
        if self._grid is None:
            self.update()
        else:  # nothing else depends on the input
            self.update(self._grid.toAlignedRect())

    def has_input(self) -> bool:
        return self._image is not None

    def grid_rect(self) -> QRectF:
        """Where the last paint put the 32x32 grid (empty before the first paint)."""
        return QRectF() if self._grid is None else QRectF(self._grid)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Network input"))
        self.setAccessibleDescription(
            self.tr(
                "The drawing as LeNet-5 sees it: 32 by 32 pixels, the digit scaled into a "
                "20 by 20 box and centred in the 28 by 28 MNIST field."
            )
        )
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(220, 230)

    def minimumSizeHint(self) -> QSize:
        return QSize(150, 180)

    def _legend(self) -> list[tuple[QColor, Qt.PenStyle, str]]:
        return [
            (FIELD_COLOR, Qt.PenStyle.DashLine, self.tr("28×28 MNIST field")),
            (BOX_COLOR, Qt.PenStyle.DotLine, self.tr("20×20 digit box")),
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(font(self, 12))
        line_h = painter.fontMetrics().height() + 4
        legend = self._legend()
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4 - line_h * (len(legend) + 0.3))
        cell = max(1, int(min(area.width(), area.height()) // INPUT_SIZE))
        side = cell * INPUT_SIZE
        grid = QRectF(area.left() + (area.width() - side) // 2, area.top(), side, side)
        self._grid = grid
        if self._image is None:
            painter.fillRect(grid, QColor("#111111"))
        else:
            painter.drawImage(grid, self._image)  # no smoothing: one square per pixel
        # The static lines, copied from overlays (drawing them takes milliseconds); grid
        # columns and rows on separate ones, as each crossing is blended twice.
        key = (grid, cell)
        self._columns.paint(painter, key, lambda p: _draw_columns(p, grid, cell))
        self._rows.paint(painter, key, lambda p: _draw_rows_and_frames(p, grid, cell, legend))
        if self._image is None:
            painter.setPen(QColor(255, 255, 255, 140))
            painter.drawText(grid, Qt.AlignmentFlag.AlignCenter, self.tr("No input yet"))
        y = grid.bottom() + line_h * 0.3
        if event.rect().bottom() < y:  # only the grid is repainted (a new input)
            return
        for color, style, text in legend:
            row = QRectF(grid.left(), y, max(grid.width(), 150), line_h)
            painter.setPen(QPen(color, 2.0, style))
            mid = row.center().y()
            painter.drawLine(QPointF(row.left(), mid), QPointF(row.left() + 22, mid))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(row.adjusted(30, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
            y += line_h


def _draw_columns(painter: QPainter, grid: QRectF, cell: int) -> None:
    painter.setPen(_GRID_PEN)
    for i in _grid_lines(cell):
        painter.drawLine(
            QPointF(grid.left() + i * cell, grid.top()),
            QPointF(grid.left() + i * cell, grid.bottom()),
        )


def _draw_rows_and_frames(
    painter: QPainter, grid: QRectF, cell: int, legend: list[tuple[QColor, Qt.PenStyle, str]]
) -> None:
    painter.setPen(_GRID_PEN)
    for i in _grid_lines(cell):
        painter.drawLine(
            QPointF(grid.left(), grid.top() + i * cell),
            QPointF(grid.right(), grid.top() + i * cell),
        )
    field = (INPUT_SIZE - FIELD_SIZE) / 2
    frames = ((field, INPUT_SIZE - field), digit_box())  # (start, end) in input pixels
    for (color, style, _), (start, end) in zip(legend, frames, strict=True):
        painter.setPen(QPen(color, 1.5, style))
        side = (end - start) * cell
        painter.drawRect(QRectF(grid.left() + start * cell, grid.top() + start * cell, side, side))


def _grid_lines(cell: int) -> range:
    """The pixel grid's line indices: only where there is room to see it."""
    return range(1, INPUT_SIZE) if cell >= 5 else range(0)
