"""The SDNN panel: the whole network slid across the drawn number."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from lenet_gui.ui.main_window import MainWindow
from tests.ui.strokes import write_number
from tests.written import write


def test_learn_view_slides_the_network_across_the_drawn_number(
    qtbot: QtBot, loaded_window: MainWindow
) -> None:
    session = loaded_window.session
    learn = loaded_window.explore.learn_view()
    learn.show()
    qtbot.waitExposed(learn)
    write_number(loaded_window.canvas, "307")
    qtbot.waitUntil(lambda: session.reading() is not None and session.reading().text == "307")
    slide = learn.slide_view
    # the map follows once the drawing rests (a few ms of work kept off the pen's moves)
    qtbot.waitUntil(lambda: slide.summary().endswith("segmentation: 307"))
    expected = session.recognizer().slide(session.drawing())
    assert len(slide.answers()) == (expected.strip.shape[1] - 32) // 4 + 1
    seen = [a for a in slide.answers() if a is not None]
    collapsed = [d for i, d in enumerate(seen) if i == 0 or seen[i - 1] != d]
    assert [d for d in collapsed if d in (3, 0, 7)][:3] == [3, 0, 7]
    assert slide.summary().endswith("segmentation: 307")
    assert learn.slide_note.text().endswith("reads: 307")
    loaded_window.clear_action.trigger()
    qtbot.waitUntil(lambda: slide.answers() == [])
    assert slide.summary() == "Nothing drawn"


def test_the_note_says_when_the_sdnn_reader_read_an_image(
    qtbot: QtBot, tmp_path: Path, loaded_window: MainWindow
) -> None:
    learn = loaded_window.explore.learn_view()
    learn.show()
    qtbot.waitExposed(learn)
    number, _, _ = write("003", [-0.05, -0.05])  # the segmentation alone reads 043
    path = tmp_path / "touching.png"
    number.save(path)
    assert loaded_window.open_image(path)
    qtbot.waitUntil(lambda: learn.slide_note.text().endswith("reads: 003"))
    assert "trained on windows of written numbers" in learn.slide_note.text()
