"""Real pointer input for the canvas: press, moves and release as QMouseEvents.

Digits are polylines in sheet coordinates (0..1 across the sheet), drawn the way a
person would, with many small moves so the canvas interpolates between events.
"""

from __future__ import annotations

import math
from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from lenet_gui.ui.canvas import DrawingCanvas
from tests.written import DIGITS as WRITTEN
from tests.written import arc as _arc

Stroke = list[tuple[float, float]]


DIGITS: dict[int, list[Stroke]] = {
    0: [_arc(0.5, 0.5, 0.2, 0.32, 0.0, 2 * math.pi + 0.2)],
    1: [[(0.53, 0.15), (0.47, 0.85)]],
    3: [_arc(0.45, 0.32, 0.2, 0.15, -1.3, 2.6) + _arc(0.45, 0.67, 0.22, 0.19, 0.0, 4.4)],
    7: [[(0.27, 0.2), (0.73, 0.2), (0.42, 0.85)]],
}


def send_mouse(canvas: DrawingCanvas, kind: QEvent.Type, pos: QPointF, held: bool) -> None:
    buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        pos,
        canvas.mapToGlobal(pos),
        Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def to_widget(canvas: DrawingCanvas, x: float, y: float) -> QPointF:
    """Sheet coordinates (0..1) to the canvas widget's coordinates."""
    sheet = canvas.sheet_rect()
    return QPointF(sheet.left() + x * sheet.width(), sheet.top() + y * sheet.height())


def press_and_move(canvas: DrawingCanvas, stroke: Stroke, steps: int = 6) -> QPointF:
    """Press at the first point and drag through the others; returns where it stopped."""
    points = [to_widget(canvas, x, y) for x, y in stroke]
    send_mouse(canvas, QEvent.Type.MouseButtonPress, points[0], held=True)
    for a, b in pairwise(points):
        for i in range(1, steps + 1):
            send_mouse(canvas, QEvent.Type.MouseMove, a + (b - a) * (i / steps), held=True)
    return points[-1]


def draw(canvas: DrawingCanvas, strokes: list[Stroke], steps: int = 6) -> None:
    """Draw whole strokes: press, drag, release."""
    for stroke in strokes:
        end = press_and_move(canvas, stroke, steps)
        send_mouse(canvas, QEvent.Type.MouseButtonRelease, end, held=False)


def write_number(canvas: DrawingCanvas, text: str) -> None:
    """`text` written across the sheet with the mouse, digit after digit, well apart."""
    height, gap = 0.3, 0.1
    width = 0.6 * height
    left = 0.5 - (len(text) * width + (len(text) - 1) * gap) / 2
    canvas.set_brush_width(8)
    for i, char in enumerate(text):
        x0 = left + i * (width + gap)
        strokes = [[(x0 + x * height, 0.35 + y * height) for x, y in s] for s in WRITTEN[char]]
        draw(canvas, strokes)
