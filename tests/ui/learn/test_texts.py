"""The teaching prose: an explanation for every layer of both variants."""

from __future__ import annotations

from lenet_gui.ui.learn.texts import codes_note, layer_explanations, slide_note
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.session import Session
from tests.ui.learn.support import untrained


def test_every_layer_has_an_explanation_in_both_variants(
    session: Session, learn: LearnView, classic
) -> None:
    for recognizer in (untrained("modern"), classic):
        session.set_recognizer(recognizer)
        texts = set()
        for row in range(learn.table.rowCount() - 1):
            learn.table.selectRow(row)
            name = learn.selected_layer()
            assert learn.explanation.text(), name
            texts.add(learn.explanation.text())
        assert len(texts) == 7


def test_the_two_variants_are_explained_differently_where_they_differ() -> None:
    modern, classic = layer_explanations("modern"), layer_explanations("classic")
    assert set(modern) == set(classic) == {"C1", "S2", "C3", "S4", "C5", "F6", "output"}
    assert "ReLU" in modern["C1"] and "tanh" in classic["C1"]
    assert "Table I" in classic["C3"] and "Table I" not in modern["C3"]
    assert modern["S4"] != modern["S2"] and "{" not in modern["S4"]  # placeholders filled


def test_the_notes_name_what_they_describe() -> None:
    assert "penalty" in codes_note(True) and "1998" in codes_note(False)
    assert slide_note("307").endswith("reads: 307")
    assert slide_note("").endswith("reads: –")  # nothing read yet
    assert "written numbers" in slide_note("42", by_sdnn=True)
    assert "written numbers" not in slide_note("42")
