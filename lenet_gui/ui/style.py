"""Shared look: the accent colours and the text styles of panel titles and notes.

One place, so the chart, the panels and the window agree (and a dark desktop theme still
works: everything that is not an accent comes from the palette).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

ACCENT = QColor("#2563eb")  # the network's answer
UNSURE = QColor("#d97706")  # a best guess too weak to claim
BAR = QColor("#b6c2d1")  # the other nine digits
CORRECT_COLOR = QColor("#15803d")  # read right (confusion matrix)
WRONG_COLOR = QColor("#b91c1c")  # read wrong (confusion matrix, gallery captions)


def font(widget: QWidget, pixels: float, *, bold: bool = False) -> QFont:
    """`widget`'s font at a pixel size (pixel sizes keep the layout proportions fixed)."""
    result = QFont(widget.font())
    result.setPixelSize(max(9, round(pixels)))
    result.setBold(bold)
    return result


def make_title(widget: QWidget, pixels: float = 15) -> None:
    widget.setFont(font(widget, pixels, bold=True))


def make_muted(widget: QWidget) -> None:
    """Secondary text: the palette's placeholder colour, so it follows the theme."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.placeholderText().color())
    widget.setPalette(palette)
