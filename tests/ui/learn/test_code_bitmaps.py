"""The 1998 output codes beside F6."""

from __future__ import annotations

import numpy as np

from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.session import Session
from tests.ui.learn.support import digit_input, untrained


def test_output_codes_show_the_code_nearest_to_f6(
    session: Session, learn: LearnView, classic: Recognizer
) -> None:
    prediction = classic.predict_input(digit_input())
    session.set_recognizer(classic)
    session.set_prediction(prediction)
    learn.select_layer("output")
    assert learn.codes.isVisibleTo(learn)
    penalties = -prediction.activations["output"]
    assert learn.codes.nearest() == int(np.argmin(penalties)) == prediction.digit
    session.set_recognizer(untrained("modern"))
    assert not learn.codes.isVisibleTo(learn)
    assert "1998" in learn.codes_note.text()
