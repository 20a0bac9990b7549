"""The C3 connection table as a grid: which S2 maps feed which C3 map (the paper's
Table I in the 1998 network, full in the modern one)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from lenet_gui.ui.style import ACCENT, font


class ConnectionGrid(QWidget):
    """Which S2 maps (rows) feed which C3 maps (columns), drawn like the paper's Table I.

    Clicking a column emits `column_clicked` (that C3 map); `set_column` marks one.
    """

    column_clicked = Signal(int)
    CELL = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_grid")
        self._table = np.zeros((0, 0), bool)  # (C3 maps, S2 maps)
        self._column: int | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def table(self) -> np.ndarray:
        return self._table

    def set_table(self, table: np.ndarray) -> None:
        self._table = np.asarray(table, bool)
        self.updateGeometry()
        self.update()

    def column(self) -> int | None:
        return self._column

    def set_column(self, column: int | None) -> None:
        self._column = column
        self.update()

    def _row_label(self, index: int) -> str:
        return self.tr("S2 map {index}").format(index=index)

    def _origin(self) -> QPointF:
        """Top left of the cells: room for the row labels and the column numbers."""
        metrics = QFontMetrics(font(self, 11))
        labels = [self._row_label(r) for r in range(self._table.shape[1])]
        width = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        return QPointF(width + 10, 34)

    def sizeHint(self) -> QSize:
        maps, inputs = self._table.shape
        origin = self._origin()
        return QSize(
            int(origin.x()) + maps * self.CELL + 8, int(origin.y()) + inputs * self.CELL + 8
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def column_at(self, pos: QPointF) -> int | None:
        column = int((pos.x() - self._origin().x()) // self.CELL)
        return (
            column if 0 <= column < self._table.shape[0] and pos.x() >= self._origin().x() else None
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        column = self.column_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and column is not None:
            self.column_clicked.emit(column)
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(font(self, 11))
        origin, cell = self._origin(), self.CELL
        maps, inputs = self._table.shape
        text = self.palette().windowText().color()
        muted = self.palette().placeholderText().color()
        painter.setPen(muted)
        painter.drawText(
            QRectF(origin.x(), 0, maps * cell, 16), Qt.AlignmentFlag.AlignLeft, self.tr("C3 map")
        )
        if self._column is not None:
            band = QRectF(
                origin.x() + self._column * cell, origin.y() - 16, cell, inputs * cell + 16
            )
            painter.fillRect(band, QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 40))
        for c in range(maps):
            painter.setPen(text)
            painter.drawText(
                QRectF(origin.x() + c * cell, origin.y() - 16, cell, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(c),
            )
        for r in range(inputs):
            painter.setPen(text)
            painter.drawText(
                QRectF(0, origin.y() + r * cell, origin.x() - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._row_label(r),
            )
            for c in range(maps):
                box = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell).adjusted(
                    2, 2, -2, -2
                )
                if self._table[c, r]:
                    painter.fillRect(box, ACCENT)
                else:
                    painter.setPen(QPen(muted, 1.0))
                    painter.drawRect(box)
