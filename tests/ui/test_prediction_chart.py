"""The prediction chart: honest empty and unsure states, ten bars, a large digit."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QRegion
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import EMPTY, Prediction
from lenet_gui.ui.i18n import CHINESE, Translations
from lenet_gui.ui.prediction_chart import ChartStatus, PredictionChart
from lenet_gui.ui.style import ACCENT, BAR, UNSURE


def make_prediction(winner: int, confidence: float) -> Prediction:
    probabilities = np.full(10, (1.0 - confidence) / 9, np.float32)
    probabilities[winner] = confidence
    return Prediction(winner, probabilities, np.zeros((32, 32), np.float32))


@pytest.fixture
def chart(qtbot: QtBot) -> PredictionChart:
    widget = PredictionChart()
    qtbot.addWidget(widget)
    widget.resize(480, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pixels_of(chart: PredictionChart, color: QColor) -> int:
    """How many pixels of the rendered chart have exactly this colour."""
    image = chart.grab().toImage()
    rgb = color.rgb()
    return sum(
        image.pixel(x, y) == rgb for y in range(image.height()) for x in range(image.width())
    )


def test_starts_by_saying_the_model_is_loading(chart: PredictionChart) -> None:
    assert chart.summary() == "Loading model…"
    assert chart.prediction() is None


def test_empty_canvas_asks_for_a_digit_and_shows_no_bars(chart: PredictionChart) -> None:
    chart.set_prediction(EMPTY)
    assert chart.summary() == "Draw a digit"
    assert pixels_of(chart, ACCENT) == 0
    assert pixels_of(chart, BAR) == 0


def test_confident_prediction_shows_the_digit_and_highlights_its_bar(
    chart: PredictionChart,
) -> None:
    chart.set_prediction(make_prediction(7, 0.73))
    assert chart.summary() == "Predicted digit 7, confidence 73.0 %"
    assert pixels_of(chart, ACCENT) > 200  # the large digit and the winning bar
    assert pixels_of(chart, BAR) > 0  # the others are drawn too, in a quiet colour
    assert pixels_of(chart, UNSURE) == 0


def test_weak_prediction_asks_instead_of_claiming(chart: PredictionChart) -> None:
    weak = make_prediction(3, 0.45)
    assert weak.unsure
    chart.set_prediction(weak)
    assert chart.summary().startswith("Not sure — is this a digit?")
    assert "3" in chart.summary()  # the best guess is still told, as a guess
    assert pixels_of(chart, ACCENT) == 0
    assert pixels_of(chart, UNSURE) > 0


def test_evenly_spread_prediction_says_it_is_no_digit(chart: PredictionChart) -> None:
    chart.set_prediction(make_prediction(2, 0.2))
    assert chart.summary().startswith("That does not look like a digit")
    assert pixels_of(chart, ACCENT) == 0
    chart.set_prediction(make_prediction(2, 0.5))
    assert chart.summary().startswith("Not sure — is this a digit?")


def test_never_claims_certainty(chart: PredictionChart) -> None:
    chart.set_prediction(make_prediction(1, 0.99999))
    assert "100.0" not in chart.summary()
    assert "> 99.9 %" in chart.summary()


def test_no_model_status_says_so(chart: PredictionChart) -> None:
    chart.set_prediction(make_prediction(1, 0.9))
    chart.show_status(ChartStatus.NO_MODEL)
    assert chart.summary() == "No model loaded"
    assert chart.prediction() is None
    assert pixels_of(chart, ACCENT) == 0


def test_summary_is_the_accessible_description(chart: PredictionChart) -> None:
    chart.set_prediction(make_prediction(4, 0.8))
    assert chart.accessibleName() == "Prediction"
    assert chart.accessibleDescription() == chart.summary()


@pytest.mark.parametrize("size", [(340, 190), (900, 260), (500, 500)])
def test_paints_at_any_size(qtbot: QtBot, chart: PredictionChart, size: tuple[int, int]) -> None:
    chart.set_prediction(make_prediction(2, 0.97))
    chart.resize(*size)
    qtbot.waitUntil(lambda: (chart.width(), chart.height()) == size)
    assert pixels_of(chart, ACCENT) > 100


def test_caches_paint_exactly_like_a_fresh_chart_after_a_language_switch_and_resize(
    qtbot: QtBot, chart: PredictionChart
) -> None:
    """Layout, fonts and text heights are cached; they must follow the language and size."""
    for winner, confidence in ((7, 0.73), (3, 0.35), (1, 0.99999)):
        chart.set_prediction(make_prediction(winner, confidence))
        chart.grab()  # paint, filling the caches
    translations = Translations()
    assert translations.set_language(CHINESE)
    try:
        for size in ((900, 260), (340, 190)):
            chart.resize(*size)
            qtbot.waitUntil(lambda s=size: (chart.width(), chart.height()) == s)
            for prediction in (make_prediction(3, 0.35), make_prediction(8, 0.9), EMPTY):
                chart.set_prediction(prediction)
                fresh = PredictionChart()
                qtbot.addWidget(fresh)
                fresh.resize(*size)
                fresh.show()
                qtbot.waitExposed(fresh)
                fresh.set_prediction(prediction)
                chart.clearFocus()  # the window shown last has it; its frame is not cached
                fresh.clearFocus()
                fresh.grab()  # Qt draws a glyph new at its size slightly unlike a cached one
                assert chart.grab().toImage() == fresh.grab().toImage()
    finally:
        translations.release()


@pytest.mark.parametrize("size", [(480, 240), (900, 260)])
def test_a_new_prediction_repaints_every_pixel_it_changes(
    qtbot: QtBot, chart: PredictionChart, size: tuple[int, int]
) -> None:
    """Only the changed parts are repainted: they must hold every pixel that changed."""
    chart.resize(*size)
    qtbot.waitUntil(lambda: (chart.width(), chart.height()) == size)
    sequence = [
        EMPTY,
        make_prediction(7, 0.73),
        make_prediction(7, 0.74),
        make_prediction(3, 0.35),
        make_prediction(3, 0.35),
        make_prediction(1, 0.99999),
        EMPTY,
    ]
    chart.set_prediction(sequence[0])
    dirty: list[QRegion] = []
    chart.update = lambda *rect: dirty.append(  # type: ignore[method-assign]
        QRegion(*rect) if rect else QRegion(chart.rect())
    )
    for prediction in sequence[1:]:
        before = chart.grab().toImage()
        dirty.clear()
        chart.set_prediction(prediction)
        changed = sum(dirty, QRegion())
        after = chart.grab().toImage()
        for y in range(after.height()):
            for x in range(after.width()):
                if before.pixel(x, y) != after.pixel(x, y):
                    assert changed.contains(QPoint(x, y)), (prediction, x, y)
