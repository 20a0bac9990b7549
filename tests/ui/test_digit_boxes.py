"""A number written on the canvas: boxes with the digits read, and choosing the digit the
views follow, with real mouse events."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Reading
from lenet_gui.ui.main_window import MainWindow
from tests.ui.strokes import write_number


def test_a_written_number_gets_a_box_and_label_per_digit(qtbot: QtBot, loaded_window: MainWindow):
    session, boxes = loaded_window.session, loaded_window.digit_boxes
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "307")
    reading = session.reading()
    assert [label.text() for label in boxes.labels] == ["3", "0", "7"]
    assert all(label.isVisible() for label in boxes.labels)
    for i, label in enumerate(boxes.labels):  # each label sits above its own box
        box = boxes.box_rect(i)
        assert box.left() <= label.geometry().center().x() <= box.right()
        assert label.geometry().bottom() <= box.top()
    # by default the views follow the least certain digit
    assert session.selected() == reading.weakest
    assert loaded_window.chart.prediction() is reading.digits[reading.weakest].prediction
    assert loaded_window.chart.number() == "307"
    assert loaded_window.chart.summary().startswith("Number 307; digit")


def test_clicking_a_label_makes_the_views_follow_that_digit(
    qtbot: QtBot, loaded_window: MainWindow
):
    session, boxes = loaded_window.session, loaded_window.digit_boxes
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "307")
    strokes = len(loaded_window.canvas.strokes())
    reading = session.reading()
    for index in (2, 0, 1):
        if index == session.selected():
            continue
        with qtbot.waitSignal(session.prediction_changed):
            qtbot.mouseClick(boxes.labels[index], Qt.MouseButton.LeftButton)
        assert session.selected() == index
        digit = reading.digits[index].prediction
        assert session.prediction() is digit
        assert loaded_window.chart.prediction() is digit
        c1 = loaded_window.feature_maps.panels["C1"].tiles[0].values()
        np.testing.assert_array_equal(c1, digit.activations["C1"][0])
        assert loaded_window.chart.summary().startswith(f"Number 307; digit {index + 1} of 3")
    assert len(loaded_window.canvas.strokes()) == strokes  # clicking a label drew nothing
    assert session.reading() is reading


def test_a_single_digit_gets_no_boxes_and_reads_as_before(qtbot: QtBot, loaded_window: MainWindow):
    write_number(loaded_window.canvas, "7")
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 7)
    assert loaded_window.digit_boxes.labels == []
    assert loaded_window.chart.number() == ""
    assert loaded_window.chart.summary().startswith("Predicted digit 7")
    image = loaded_window.canvas.image_array()
    alone = loaded_window.session.recognizer().predict(image)
    assert (loaded_window.session.prediction().probabilities == alone.probabilities).all()


def test_clearing_the_canvas_removes_the_boxes(qtbot: QtBot, loaded_window: MainWindow):
    write_number(loaded_window.canvas, "30")
    qtbot.waitUntil(lambda: len(loaded_window.digit_boxes.labels) == 2)
    loaded_window.clear_action.trigger()
    qtbot.waitUntil(lambda: loaded_window.session.reading().text == "")
    assert loaded_window.digit_boxes.labels == []
    assert loaded_window.chart.summary() == "Draw a digit"


def test_a_changed_digit_repaints_its_own_frame_only(qtbot: QtBot, loaded_window: MainWindow):
    session, boxes = loaded_window.session, loaded_window.digit_boxes
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "307")
    reading, selected = session.reading(), session.selected()
    painted: list[QRect] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(event.rect())
            return False

    spy = Spy()
    boxes.installEventFilter(spy)
    changed = 2 if selected != 2 else 0
    x0, y0, x1, y1 = reading.digits[changed].box
    digits = list(reading.digits)
    digits[changed] = replace(digits[changed], box=(x0 + 6, y0, x1 + 6, y1))
    boxes.set_reading(Reading(tuple(digits)), selected)
    qtbot.waitUntil(lambda: bool(painted))
    untouched = next(i for i in range(3) if i not in (changed, selected))
    frame = boxes.box_rect(untouched).toAlignedRect()
    assert not any(rect.intersects(frame) for rect in painted)
    assert any(rect.intersects(boxes.box_rect(changed).toAlignedRect()) for rect in painted)
    boxes.removeEventFilter(spy)
