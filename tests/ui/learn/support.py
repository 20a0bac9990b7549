"""What the Learn view's tests share: untrained networks, a drawn "1", the 1998 network's
numbers, and mouse events sent to a widget."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from lenet_gui.engine.architecture import LeNetConfig
from lenet_gui.engine.models import build_model
from lenet_gui.engine.recognizer import Recognizer

# (parameters, connections) per layer, as in the notes and the paper
CLASSIC = {
    "C1": ("156", "122,304"),
    "S2": ("12", "5,880"),
    "C3": ("1,516", "151,600"),
    "S4": ("32", "2,000"),
    "C5": ("48,120", "48,120"),
    "F6": ("10,164", "10,164"),
    "output": ("0", "840"),
}
MODERN_C3 = ("2,416", "241,600")


def untrained(arch: str, seed: int = 0) -> Recognizer:
    """A freshly built network: its tables and wiring need no trained weights."""
    torch.manual_seed(seed)
    return Recognizer.from_model(build_model(LeNetConfig(arch=arch)))


def digit_input() -> np.ndarray:
    x = np.zeros((32, 32), np.float32)
    x[6:26, 14:18] = 1.0  # a "1"
    return x


def mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF) -> None:
    button = (
        Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.NoButton
    )
    event = QMouseEvent(
        kind,
        pos,
        widget.mapToGlobal(pos),
        button,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
