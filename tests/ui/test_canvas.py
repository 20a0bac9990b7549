"""The drawing canvas, driven by real mouse and tablet events."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lenet_gui.engine.preprocess import ImageError
from lenet_gui.ui.canvas import DOC_SIZE, MAX_BRUSH, MIN_BRUSH, DrawingCanvas
from tests.ui.strokes import DIGITS, draw, press_and_move, send_mouse, to_widget

VERTICAL = [(0.5, 0.2), (0.5, 0.8)]
HORIZONTAL = [(0.2, 0.5), (0.8, 0.5)]


@pytest.fixture
def canvas(qtbot: QtBot) -> DrawingCanvas:
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def save_bar(path: Path) -> Path:
    """A small picture of a dark vertical bar on a white background."""
    picture = np.full((60, 60), 255, np.uint8)
    picture[10:50, 26:34] = 0
    Image.fromarray(picture).save(path)
    return path


def ink(canvas: DrawingCanvas) -> np.ndarray:
    """Where the drawing is dark."""
    return canvas.image_array() < 128


def test_blank_canvas_is_white_sheet_of_fixed_size(canvas: DrawingCanvas) -> None:
    image = canvas.image_array()
    assert image.shape == (DOC_SIZE, DOC_SIZE)
    assert image.dtype == np.uint8
    assert (image == 255).all()
    assert canvas.is_empty()
    assert not canvas.can_undo()


def test_mouse_stroke_draws_ink_along_its_path(canvas: DrawingCanvas) -> None:
    draw(canvas, [VERTICAL])
    dark = ink(canvas)
    column = DOC_SIZE // 2
    assert dark[DOC_SIZE // 2, column]  # the middle of the line
    assert dark[int(0.25 * DOC_SIZE) : int(0.75 * DOC_SIZE), column].all()  # no gaps
    assert not dark[:, : column - 20].any()
    assert not dark[:, column + 20 :].any()
    assert not canvas.is_empty()


def test_strokes_describe_the_ink_only_when_it_is_all_pen_strokes(
    canvas: DrawingCanvas, tmp_path: Path
) -> None:
    draw(canvas, [VERTICAL])
    strokes = canvas.strokes()
    assert strokes is not None and len(strokes) == 1
    canvas.open_image(save_bar(tmp_path / "bar.png"))
    assert canvas.strokes() is None  # the picture's ink has no strokes
    draw(canvas, [VERTICAL])
    assert canvas.strokes() is None  # nor has it with a stroke drawn over it
    canvas.clear()
    draw(canvas, [VERTICAL])
    strokes = canvas.strokes()
    assert strokes is not None and len(strokes) == 1


def test_strokes_are_anti_aliased(canvas: DrawingCanvas) -> None:
    draw(canvas, [DIGITS[0][0]])
    image = canvas.image_array()
    grey_levels = np.unique(image[(image > 0) & (image < 255)])
    assert grey_levels.size > 20  # smooth edges, not a jagged 1-bit outline


def test_changed_is_emitted_while_the_stroke_is_drawn(qtbot: QtBot, canvas: DrawingCanvas) -> None:
    with qtbot.waitSignal(canvas.changed, timeout=1000):
        end = press_and_move(canvas, VERTICAL)
    assert ink(canvas).any()  # visible to the recognizer before the button is released
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, end, held=False)


def test_drawing_survives_resizing(qtbot: QtBot, canvas: DrawingCanvas) -> None:
    draw(canvas, DIGITS[7])
    before = canvas.image_array()
    for size in ((250, 600), (900, 700), (400, 400)):
        canvas.resize(*size)
        qtbot.waitUntil(lambda s=size: (canvas.width(), canvas.height()) == s)
        np.testing.assert_array_equal(canvas.image_array(), before)
    shown = canvas.grab().toImage()
    centre = canvas.sheet_rect().center().toPoint()
    assert shown.pixelColor(centre).lightness() > 200  # sheet is painted on screen


def test_undo_and_redo_go_stroke_by_stroke(canvas: DrawingCanvas) -> None:
    blank = canvas.image_array()
    draw(canvas, [VERTICAL])
    one = canvas.image_array()
    draw(canvas, [HORIZONTAL])
    both = canvas.image_array()
    canvas.undo()
    np.testing.assert_array_equal(canvas.image_array(), one)
    canvas.undo()
    np.testing.assert_array_equal(canvas.image_array(), blank)
    assert not canvas.can_undo()
    canvas.redo()
    canvas.redo()
    np.testing.assert_array_equal(canvas.image_array(), both)
    assert not canvas.can_redo()


def test_a_new_stroke_drops_the_redo_history(canvas: DrawingCanvas) -> None:
    draw(canvas, [VERTICAL])
    canvas.undo()
    assert canvas.can_redo()
    draw(canvas, [HORIZONTAL])
    assert not canvas.can_redo()


def test_clear_empties_the_sheet_and_can_be_undone(canvas: DrawingCanvas) -> None:
    draw(canvas, DIGITS[7])
    drawn = canvas.image_array()
    canvas.clear()
    assert canvas.is_empty()
    assert (canvas.image_array() == 255).all()
    canvas.undo()
    np.testing.assert_array_equal(canvas.image_array(), drawn)


def test_eraser_removes_ink(canvas: DrawingCanvas) -> None:
    draw(canvas, [HORIZONTAL])
    canvas.set_eraser(True)
    canvas.set_brush_width(MAX_BRUSH)
    draw(canvas, [[(0.45, 0.3), (0.45, 0.7)]])
    dark = ink(canvas)
    row = dark[DOC_SIZE // 2]
    assert not row[int(0.45 * DOC_SIZE)]  # erased across the line
    assert row[int(0.25 * DOC_SIZE)] and row[int(0.75 * DOC_SIZE)]  # the rest stays


def test_brush_width_sets_stroke_thickness_within_limits(canvas: DrawingCanvas) -> None:
    canvas.set_brush_width(6)
    draw(canvas, [VERTICAL])
    thin = ink(canvas).sum()
    canvas.clear()
    canvas.set_brush_width(30)
    draw(canvas, [VERTICAL])
    assert ink(canvas).sum() > 3 * thin
    canvas.set_brush_width(1000)
    assert canvas.brush_width() == MAX_BRUSH
    canvas.set_brush_width(0)
    assert canvas.brush_width() == MIN_BRUSH


def _pen(pointer: QPointingDevice.PointerType) -> QPointingDevice:
    capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice(
        "test pen", 7, QInputDevice.DeviceType.Stylus, pointer, capabilities, 1, 3
    )


def _tablet_stroke(canvas: DrawingCanvas, device: QPointingDevice, pressure: float) -> None:
    start, end = to_widget(canvas, *VERTICAL[0]), to_widget(canvas, *VERTICAL[1])
    for i, kind in enumerate(
        [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * 10 + [QEvent.Type.TabletRelease]
    ):
        pos = start + (end - start) * (min(i, 10) / 10)
        held = (
            Qt.MouseButton.NoButton
            if kind == QEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton
        )
        event = QTabletEvent(
            kind,
            device,
            pos,
            canvas.mapToGlobal(pos),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            held,
        )
        QApplication.sendEvent(canvas, event)
        assert event.isAccepted()  # so Qt does not draw the same motion again as mouse events


def test_pen_pressure_controls_the_width(canvas: DrawingCanvas) -> None:
    pen = _pen(QPointingDevice.PointerType.Pen)
    _tablet_stroke(canvas, pen, 0.1)
    light = ink(canvas).sum()
    canvas.clear()
    _tablet_stroke(canvas, pen, 1.0)
    assert ink(canvas).sum() > 1.8 * light > 0


def test_the_pen_eraser_end_erases(canvas: DrawingCanvas) -> None:
    draw(canvas, [HORIZONTAL])
    canvas.set_brush_width(MAX_BRUSH)
    _tablet_stroke(canvas, _pen(QPointingDevice.PointerType.Eraser), 1.0)
    assert not ink(canvas)[DOC_SIZE // 2, DOC_SIZE // 2]
    assert not canvas.eraser()  # the mode of the mouse is not changed


def test_save_and_open_round_trip(tmp_path: Path, canvas: DrawingCanvas) -> None:
    draw(canvas, DIGITS[3])
    drawn = canvas.image_array()
    path = tmp_path / "three.png"
    canvas.save_png(path)
    with Image.open(path) as saved:
        assert saved.size == (DOC_SIZE, DOC_SIZE)
        np.testing.assert_array_equal(np.asarray(saved.convert("L")), drawn)
    canvas.clear()
    canvas.open_image(path)
    # The same picture; opening measures the ink afresh, so only the shape must match.
    changed = (canvas.image_array() < 128) != (drawn < 128)
    assert changed.mean() < 0.002


def test_open_fits_the_image_into_the_sheet(tmp_path: Path, canvas: DrawingCanvas) -> None:
    wide = np.full((100, 400), 255, np.uint8)
    wide[40:60, 10:390] = 0  # a long dark bar in a wide picture
    Image.fromarray(wide).save(tmp_path / "wide.png")
    canvas.open_image(tmp_path / "wide.png")
    rows, cols = np.nonzero(ink(canvas))
    assert cols.min() < 0.05 * DOC_SIZE and cols.max() > 0.95 * DOC_SIZE  # full width
    assert abs((rows.min() + rows.max()) / 2 - DOC_SIZE / 2) < 3  # centred vertically


def test_open_shows_light_on_dark_pictures_as_dark_ink_on_the_sheet(
    tmp_path: Path, canvas: DrawingCanvas
) -> None:
    dark = np.zeros((200, 200), np.uint8)
    dark[40:160, 90:110] = 255  # a white "1" on black
    Image.fromarray(dark).save(tmp_path / "negative.png")
    canvas.open_image(tmp_path / "negative.png")
    image = canvas.image_array()
    assert image[5, 5] == 255  # sheet is white
    assert image[DOC_SIZE // 2, DOC_SIZE // 2] < 50  # the stroke is dark ink


def test_open_can_be_undone(tmp_path: Path, canvas: DrawingCanvas) -> None:
    draw(canvas, [VERTICAL])
    drawn = canvas.image_array()
    canvas.open_image(save_bar(tmp_path / "bar.png"))
    assert not np.array_equal(canvas.image_array(), drawn)
    canvas.undo()
    np.testing.assert_array_equal(canvas.image_array(), drawn)


def test_open_bad_file_raises_and_keeps_the_drawing(tmp_path: Path, canvas: DrawingCanvas) -> None:
    draw(canvas, [VERTICAL])
    drawn = canvas.image_array()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ImageError, match=r"broken\.png"):
        canvas.open_image(bad)
    np.testing.assert_array_equal(canvas.image_array(), drawn)


def _drop(canvas: DrawingCanvas, path: Path) -> None:
    """Drag a file over the canvas (it must accept it) and drop it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with warnings.catch_warnings():  # PySide offers only this (deprecated) QPoint overload
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            canvas.rect().center(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(canvas, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(canvas.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def test_dropping_an_image_file_opens_it(
    qtbot: QtBot, tmp_path: Path, canvas: DrawingCanvas
) -> None:
    with qtbot.waitSignal(canvas.image_opened, timeout=1000) as opened:
        _drop(canvas, save_bar(tmp_path / "bar.png"))
    assert opened.args == ["bar.png"]
    assert ink(canvas).any()


def test_dropping_a_bad_file_reports_it(
    qtbot: QtBot, tmp_path: Path, canvas: DrawingCanvas
) -> None:
    (tmp_path / "notes.txt").write_text("not an image")
    with qtbot.waitSignal(canvas.open_failed, timeout=1000) as failed:
        _drop(canvas, tmp_path / "notes.txt")
    assert "notes.txt" in failed.args[0]
    assert canvas.is_empty()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_dropping_a_fifo_reports_it_instead_of_blocking(
    qtbot: QtBot, tmp_path: Path, canvas: DrawingCanvas
) -> None:
    """Opening a FIFO used to wait forever for a writer, freezing the window."""
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    with qtbot.waitSignal(canvas.open_failed, timeout=1000) as failed:
        _drop(canvas, pipe)
    assert failed.args == ["pipe.png: not an image file but a named pipe"]
    assert canvas.is_empty()


def test_the_incremental_raster_equals_a_full_render(canvas: DrawingCanvas) -> None:
    """image_array() mid-stroke reads a raster painted piece by piece; it must be the very
    image that rendering the vector data afresh gives (undo + redo renders afresh)."""
    draw(canvas, DIGITS[3])
    canvas.set_eraser(True)
    draw(canvas, [[(0.3, 0.3), (0.6, 0.45)]])
    canvas.set_eraser(False)
    end = press_and_move(canvas, DIGITS[7][0])
    mid_stroke = canvas.image_array()  # with the provisional end of the stroke
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, end, held=False)
    np.testing.assert_array_equal(canvas.image_array(), mid_stroke)
    canvas.undo()
    canvas.redo()
    np.testing.assert_array_equal(canvas.image_array(), mid_stroke)
    canvas.undo()
    canvas.undo()
    canvas.resize(333, 333)
    canvas.redo()
    canvas.redo()
    np.testing.assert_array_equal(canvas.image_array(), mid_stroke)


def test_the_screen_shows_what_a_full_repaint_shows(qtbot: QtBot, canvas: DrawingCanvas) -> None:
    """Moves repaint only the pixels they change, from a cache of the finished pieces:
    what is left on screen must equal a complete repaint, and the cache a fresh render."""
    points = [to_widget(canvas, 0.2 + 0.02 * i, 0.3 + 0.4 * (i % 7) / 7) for i in range(30)]
    send_mouse(canvas, QEvent.Type.MouseButtonPress, points[0], held=True)
    for point in points[1:]:
        send_mouse(canvas, QEvent.Type.MouseMove, point, held=True)
        QApplication.processEvents()  # paint each move on its own
    on_screen = canvas.screen().grabWindow(canvas.winId()).toImage()
    assert on_screen == canvas.grab().toImage()  # mid-stroke
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, points[-1], held=False)
    for i in range(10):  # hovering: the brush ring follows the pointer
        send_mouse(canvas, QEvent.Type.MouseMove, to_widget(canvas, 0.5, 0.2 + 0.03 * i), False)
        QApplication.processEvents()
    shown = canvas.grab().toImage()
    assert canvas.screen().grabWindow(canvas.winId()).toImage() == shown
    canvas.resize(300, 300)  # the cache is rendered afresh at each size
    qtbot.waitUntil(lambda: canvas.width() == 300)
    canvas.resize(400, 400)
    qtbot.waitUntil(lambda: canvas.width() == 400)
    assert canvas.grab().toImage() == shown
