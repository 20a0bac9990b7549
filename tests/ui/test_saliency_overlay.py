"""The saliency overlay: colours by sign, lets the pen through, covers the canvas."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.saliency_overlay import AGAINST, SUPPORTS, SaliencyOverlay, saliency_image


def test_the_image_is_red_for_support_blue_against_clear_for_nothing() -> None:
    values = np.array([[1.0, -1.0, 0.0]], np.float32)
    image = saliency_image(values)
    support, against, nothing = (image.pixelColor(x, 0) for x in range(3))
    assert (support.red(), support.green(), support.blue()) == (
        SUPPORTS.red(),
        SUPPORTS.green(),
        SUPPORTS.blue(),
    )
    assert (against.red(), against.green(), against.blue()) == (
        AGAINST.red(),
        AGAINST.green(),
        AGAINST.blue(),
    )
    assert support.alpha() == against.alpha() > 0 and nothing.alpha() == 0


def test_the_overlay_covers_the_canvas_and_lets_the_pen_through(qtbot: QtBot) -> None:
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    overlay = SaliencyOverlay(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.resize(300, 300)
    qtbot.waitUntil(lambda: overlay.geometry() == canvas.rect())
    assert overlay.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert not overlay.has_map()
    overlay.set_saliency(np.ones((32, 32), np.float32), (0.0, 0.0, 100.0, 100.0), 7)
    assert overlay.has_map() and overlay.digit() == 7
    overlay.set_saliency(None)
    assert not overlay.has_map()
