"""The digits of a number, framed on the canvas: a box around each with the digit read
above it; clicking that label lets the views follow the digit.

The frames are painted by a transparent child of the canvas that lets every mouse and pen
event through, so drawing goes on over them. The labels are small buttons on the canvas:
a click on one selects its digit and draws nothing. A single digit gets no frame, so
drawing one digit looks as it always did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QPushButton, QWidget

from lenet_gui.ui.canvas import DOC_SIZE, DrawingCanvas
from lenet_gui.ui.style import ACCENT, UNSURE

if TYPE_CHECKING:
    from lenet_gui.engine.recognizer import Reading

_FRAME = QColor(ACCENT)
_FRAME.setAlpha(150)
_LABEL_SIZE = 22  # pixels, the clickable label over each box


class DigitBoxes(QWidget):
    """Frames and labels of the digits of one Reading over the canvas."""

    digit_clicked = Signal(int)  # the index of the digit whose label was clicked

    def __init__(self, canvas: DrawingCanvas) -> None:
        super().__init__(canvas)
        self.setObjectName("digit_boxes")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._canvas = canvas
        self._reading: Reading | None = None
        self._selected = -1
        self.labels: list[QPushButton] = []
        canvas.installEventFilter(self)
        self.setGeometry(canvas.rect())

    def set_reading(self, reading: Reading | None, selected: int) -> None:
        """Frame the digits of `reading` (none for fewer than two), `selected` marked."""
        before = self._frames()
        self._reading = reading if reading is not None and len(reading.digits) > 1 else None
        self._selected = selected
        digits = self._reading.digits if self._reading is not None else ()
        while len(self.labels) > len(digits):
            self.labels.pop().deleteLater()
        while len(self.labels) < len(digits):
            label = QPushButton(self._canvas)
            label.setObjectName("digit_label")
            label.setCursor(Qt.CursorShape.PointingHandCursor)
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the canvas keeps the keyboard
            index = len(self.labels)
            label.clicked.connect(lambda _checked=False, i=index: self.digit_clicked.emit(i))
            self.labels.append(label)
        for i, (label, digit) in enumerate(zip(self.labels, digits, strict=True)):
            prediction = digit.prediction
            label.setText("?" if prediction.unsure else str(prediction.digit))
            label.setToolTip(
                self.tr("Show digit {n} ({digit}, {percent:.0f} %)").format(
                    n=i + 1, digit=prediction.digit, percent=100 * prediction.confidence
                )
            )
            color = (UNSURE if prediction.unsure else ACCENT).name()
            text, fill = ("white", color) if i == selected else (color, "white")
            style = (
                f"QPushButton {{ border: 2px solid {color}; border-radius: 4px;"
                f" font-weight: bold; padding: 0px; color: {text}; background: {fill}; }}"
            )
            if label.styleSheet() != style:  # style sheets are slow to apply: not every move
                label.setStyleSheet(style)
            label.show()
        self._place_labels()
        # while a number is written, only the digit under the pen changes: repaint its frame
        for x, y, w, h, _ in before ^ self._frames():
            self.update(x, y, w, h)

    def _frames(self) -> set[tuple[int, int, int, int, bool]]:
        """The area each frame paints (x, y, width, height) and whether it is selected."""
        if self._reading is None:
            return set()
        areas = (self._frame_area(i) for i in range(len(self._reading.digits)))
        return {
            (r.x(), r.y(), r.width(), r.height(), i == self._selected) for i, r in enumerate(areas)
        }

    def _frame(self, index: int) -> QRectF:
        return self.box_rect(index).adjusted(-3, -3, 3, 3)

    def _frame_area(self, index: int) -> QRect:
        """The pixels frame `index` paints, its antialiased pen included."""
        return self._frame(index).toAlignedRect().adjusted(-2, -2, 2, 2)

    def box_rect(self, index: int) -> QRectF:
        """Where digit `index`'s box lies on the canvas widget."""
        assert self._reading is not None
        sheet = self._canvas.sheet_rect()
        k = sheet.width() / DOC_SIZE
        x0, y0, x1, y1 = self._reading.digits[index].box
        return QRectF(sheet.left() + x0 * k, sheet.top() + y0 * k, (x1 - x0) * k, (y1 - y0) * k)

    def _place_labels(self) -> None:
        sheet = self._canvas.sheet_rect()
        for i, label in enumerate(self.labels):
            box = self.box_rect(i)
            top = max(sheet.top(), box.top() - _LABEL_SIZE - 3)
            label.setGeometry(
                round(box.center().x() - _LABEL_SIZE / 2), round(top), _LABEL_SIZE, _LABEL_SIZE
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._canvas.rect())
            if self._reading is not None:
                self._place_labels()
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._reading is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dirty = event.rect()  # a pen stroke repaints a small area: draw only what is in it
        for i in range(len(self._reading.digits)):
            if not self._frame_area(i).intersects(dirty):
                continue
            pen = QPen(
                ACCENT if i == self._selected else _FRAME, 2.5 if i == self._selected else 1.5
            )
            if i != self._selected:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(self._frame(i), 4, 4)
