"""A number is read in the reader's thread, for the latest drawing only; one pen stroke is
read at once on the GUI thread (as cheap as predict())."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import Reading, Recognizer
from lenet_gui.ui.main_window import MainWindow
from tests.ui.strokes import DIGITS, draw, write_number

GATE_TIMEOUT_S = 20.0


class _Reads:
    """Recognizer.read, recording the thread and stroke count of every call; reads of
    `hold_strokes` strokes wait for the gate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, hold_strokes: int | None = None) -> None:
        self.gate = threading.Event()
        self.calls: list[tuple[int, int]] = []  # (thread, strokes)
        real: Callable[..., Reading] = Recognizer.read
        reads = self

        def read(self: Recognizer, image, strokes=None) -> Reading:
            count = len(strokes) if strokes is not None else -1
            reads.calls.append((threading.get_ident(), count))
            if count == hold_strokes and not reads.gate.wait(GATE_TIMEOUT_S):
                raise TimeoutError("the test never opened the gate")
            return real(self, image, strokes)

        monkeypatch.setattr(Recognizer, "read", read)


def test_one_stroke_is_read_at_once_a_number_in_the_readers_thread(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _Reads(monkeypatch)
    gui = threading.get_ident()
    draw(loaded_window.canvas, DIGITS[7])
    qtbot.waitUntil(lambda: loaded_window.session.prediction().digit == 7)
    assert {thread for thread, strokes in reads.calls if strokes == 1} == {gui}
    loaded_window.canvas.clear()
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: loaded_window.session.reading().text == "307")
    several = {thread for thread, strokes in reads.calls if strokes > 1}
    assert several and gui not in several


def test_only_the_latest_drawing_is_read_and_shown(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = loaded_window.session
    write_number(loaded_window.canvas, "30")
    qtbot.waitUntil(lambda: session.reading().text == "30")
    strokes = len(loaded_window.canvas.strokes())
    reads = _Reads(monkeypatch, hold_strokes=strokes + 1)
    shown: list[str] = []
    session.reading_changed.connect(lambda reading: shown.append(reading.text))
    write_number(loaded_window.canvas, "7")  # one more stroke: its reading is held...
    qtbot.waitUntil(lambda: any(n == strokes + 1 for _, n in reads.calls))
    loaded_window.canvas.undo()  # ...and the drawing goes back meanwhile
    reads.gate.set()
    qtbot.waitUntil(lambda: not loaded_window._reader.is_busy(), timeout=10_000)
    qtbot.waitUntil(lambda: shown and shown[-1] == "30")
    assert "307" not in shown  # the held reading was of a drawing that is gone


def test_closing_the_window_while_a_number_is_read(
    qtbot: QtBot, loaded_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_number(loaded_window.canvas, "3")
    strokes = len(loaded_window.canvas.strokes())
    reads = _Reads(monkeypatch, hold_strokes=strokes + 1)
    write_number(loaded_window.canvas, "0")
    qtbot.waitUntil(lambda: any(n == strokes + 1 for _, n in reads.calls))
    threading.Timer(0.2, reads.gate.set).start()  # the read ends while the window closes
    loaded_window.close()  # waits for the read, then the thread stops
    thread = loaded_window.findChild(QThread, "reader")
    assert thread is not None and not thread.isRunning()
