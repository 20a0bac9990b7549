"""The 32x32 input preview: crisp enlarged pixels, ink bright, frames on top."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lenet_gui.engine.preprocess import digit_box
from lenet_gui.ui.input_preview import BOX_COLOR, INPUT_SIZE, InputPreview


@pytest.fixture
def preview(qtbot: QtBot) -> InputPreview:
    widget = InputPreview()
    qtbot.addWidget(widget)
    widget.resize(260, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_nothing_until_there_is_an_input(preview: InputPreview) -> None:
    assert not preview.has_input()
    assert preview.accessibleName() == "Network input"


def test_each_input_pixel_is_a_solid_square(preview: InputPreview) -> None:
    values = np.zeros((INPUT_SIZE, INPUT_SIZE), np.float32)
    values[16, 16] = 1.0  # one ink pixel in the middle
    preview.set_input(values)
    assert preview.has_input()
    image = preview.grab().toImage()
    white = 0xFFFFFFFF
    bright = [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == white
    ]
    xs, ys = {x for x, _ in bright}, {y for _, y in bright}
    # Nearest-neighbour: one block several screen pixels wide, no blurred halo around it.
    assert 5 <= len(xs) <= 12 and len(xs) == len(ys)
    assert len(bright) >= 0.8 * len(xs) * len(ys)
    preview.set_input(None)
    assert not preview.has_input()


def test_a_new_input_repaints_as_a_full_repaint_would(preview: InputPreview) -> None:
    """Only the grid is repainted for a new input, its lines copied from overlays: what is
    on screen must be what painting everything afresh gives."""
    rng = np.random.default_rng(1)
    for values in (None, rng.random((INPUT_SIZE, INPUT_SIZE)), rng.random((32, 32)) ** 3):
        preview.set_input(values)
        QApplication.processEvents()
        on_screen = preview.screen().grabWindow(preview.winId()).toImage()
        assert on_screen == preview.grab().toImage()


def test_the_digit_box_is_drawn_where_the_engine_centres_digits(preview: InputPreview) -> None:
    """The dotted 20x20 box lies where preprocessing centres the digits (it was drawn half a
    pixel up and left of them)."""
    image = preview.grab().toImage()
    grid = preview.grid_rect()
    orange = [
        (x, y)
        for y in range(int(grid.bottom()))  # below the grid, the legend has an orange line too
        for x in range(image.width())
        if image.pixel(x, y) == BOX_COLOR.rgb()
    ]
    cell = grid.width() / INPUT_SIZE
    start, end = digit_box()
    for axis, origin in ((0, grid.left()), (1, grid.top())):
        seen = [p[axis] for p in orange]
        assert min(seen) == pytest.approx(origin + start * cell, abs=1)
        assert max(seen) == pytest.approx(origin + end * cell, abs=1.5)
