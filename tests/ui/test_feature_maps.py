"""The feature-map viewer: live maps, kernels, facts from LayerInfo, enlarged views."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from pytestqt.qtbot import QtBot

from lenet_gui.engine.recognizer import EMPTY, Recognizer
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.feature_maps import FeatureMapsView, MapDetail
from lenet_gui.ui.imaging import VIRIDIS, Scale
from lenet_gui.ui.widgets.map_tile import MapTile
from tests.ui.strokes import DIGITS, draw


@pytest.fixture
def view(qtbot: QtBot) -> FeatureMapsView:
    widget = FeatureMapsView()
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def canvas(qtbot: QtBot) -> DrawingCanvas:
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    return widget


def read(recognizer: Recognizer, canvas: DrawingCanvas, digit: int):
    canvas.clear()
    draw(canvas, DIGITS[digit])
    return recognizer.predict(canvas.image_array())


def test_panels_wait_for_a_model(view: FeatureMapsView) -> None:
    assert view.accessibleName() == "Feature maps"
    assert not any(panel.isVisible() for panel in view.panels.values())


def test_c1_and_c3_show_one_tile_per_map(
    view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    view.set_model(untrained_recognizer)
    shapes = {info.name: info.output_shape for info in untrained_recognizer.layers}
    for name in ("C1", "C3"):
        assert view.panels[name].isVisible()
        assert len(view.panels[name].tiles) == shapes[name][0]
    assert not view.panels["S2"].isVisible() and not view.panels["S4"].isVisible()


def test_tooltips_carry_the_layer_facts(
    view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    view.set_model(untrained_recognizer)
    for info in untrained_recognizer.layers:
        if info.name not in ("C1", "C3"):
            continue
        tip = view.panels[info.name].tiles[0].toolTip()
        for fact in (f"{info.params:,}", f"{info.connections:,}", info.kernel, "convolution"):
            assert fact in tip, (info.name, fact, tip)
    # The modern LeNet-5's well-known numbers, as a student's notes have them.
    c1 = view.panels["C1"].tiles[0].toolTip()
    assert "156" in c1 and "122,304" in c1
    assert "2,416" in view.panels["C3"].tiles[5].toolTip()


def test_facts_come_from_the_model_not_from_the_ui(
    view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    odd = [
        replace(info, params=7777, connections=123456789) for info in untrained_recognizer.layers
    ]
    view.set_model(SimpleNamespace(layers=odd, kernels=untrained_recognizer.kernels))
    tip = view.panels["C3"].tiles[0].toolTip()
    assert "7,777" in tip and "123,456,789" in tip


def test_c1_kernels_are_shown_next_to_their_maps(
    view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    view.set_model(untrained_recognizer)
    kernels = untrained_recognizer.kernels("C1")
    panel = view.panels["C1"]
    assert len(panel.kernel_tiles) == kernels.shape[0] == len(panel.tiles)
    for tile, kernel in zip(panel.kernel_tiles, kernels, strict=True):
        np.testing.assert_array_equal(tile.values(), kernel[0])
    assert panel.kernel_bar.scale().low < 0 < panel.kernel_bar.scale().high  # signed weights


def test_maps_follow_the_drawing(
    view: FeatureMapsView, recognizer: Recognizer, canvas: DrawingCanvas
) -> None:
    view.set_model(recognizer)
    one = read(recognizer, canvas, 1)
    view.set_prediction(one)
    c1 = view.panels["C1"]
    np.testing.assert_array_equal(c1.tiles[2].values(), one.activations["C1"][2])
    assert c1.map_bar.scale().high == pytest.approx(float(one.activations["C1"].max()))
    before = [tile.values().copy() for tile in view.panels["C3"].tiles]
    view.set_prediction(read(recognizer, canvas, 0))
    after = [tile.values() for tile in view.panels["C3"].tiles]
    assert any(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_empty_drawing_clears_the_maps(
    view: FeatureMapsView, recognizer: Recognizer, canvas: DrawingCanvas
) -> None:
    view.set_model(recognizer)
    view.set_prediction(read(recognizer, canvas, 7))
    view.set_prediction(EMPTY)
    assert all(tile.values() is None for tile in view.panels["C1"].tiles)
    assert view.panels["C1"].map_bar.scale() is None
    assert view.panels["C1"].kernel_tiles[0].values() is not None  # weights stay


def test_pooling_layers_on_request(view: FeatureMapsView, untrained_recognizer: Recognizer) -> None:
    view.set_model(untrained_recognizer)
    view.set_pooling_visible(True)
    assert view.panels["S2"].isVisible() and view.panels["S4"].isVisible()
    assert len(view.panels["S4"].tiles) == 16
    assert "max-pooling" in view.panels["S2"].tiles[0].toolTip()
    view.set_pooling_visible(False)
    assert not view.panels["S2"].isVisible()


def test_clicking_a_map_opens_a_larger_live_view(
    qtbot: QtBot, view: FeatureMapsView, recognizer: Recognizer, canvas: DrawingCanvas
) -> None:
    view.set_model(recognizer)
    view.set_prediction(read(recognizer, canvas, 7))
    tile = view.panels["C1"].tiles[3]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    detail = view.findChild(MapDetail) or view.window().findChild(MapDetail)
    assert detail is not None
    qtbot.waitExposed(detail)
    assert not detail.isModal()
    assert detail.windowTitle() == tile.title == "C1 · feature map 4 of 6"
    assert detail.view.width() > 4 * tile.width()
    np.testing.assert_array_equal(detail.view.values(), tile.values())
    new = read(recognizer, canvas, 0)
    view.set_prediction(new)  # it follows the drawing while open
    np.testing.assert_array_equal(detail.view.values(), new.activations["C1"][3])
    assert view.enlarge(tile) is detail  # a second click raises the same window
    view.close_details()
    qtbot.waitUntil(lambda: not detail.isVisible())


def test_maps_are_keyboard_reachable(
    qtbot: QtBot, view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    view.set_model(untrained_recognizer)
    tile = view.panels["C3"].tiles[0]
    assert tile.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert tile.accessibleName() == "C3 · feature map 1 of 16"
    with qtbot.waitSignal(tile.activated, timeout=1000):
        qtbot.keyClick(tile, Qt.Key.Key_Return)
    view.close_details()


def test_maps_coloured_per_layer_look_as_if_coloured_per_tile(
    qtbot: QtBot, view: FeatureMapsView, recognizer: Recognizer, canvas: DrawingCanvas
) -> None:
    """A shown layer colours all its maps in one pass, a hidden one when it is shown: both
    must paint what a tile given only the values paints."""
    view.set_model(recognizer)
    view.set_prediction(read(recognizer, canvas, 3))  # S2 is hidden now
    view.set_pooling_visible(True)
    for tile in (view.panels["C1"].tiles[1], view.panels["S2"].tiles[4]):
        reference = MapTile(tile.width())
        qtbot.addWidget(reference)
        reference.set_values(tile.values(), tile.scale())
        shown = tile.grab().toImage()
        assert shown == reference.grab().toImage()
        values = tile.values()
        n = values.shape[0]
        middle = int((n // 2 + 0.5) * tile.width() / n)  # the middle of the middle value
        expected = tile.scale().to_image(values).pixelColor(n // 2, n // 2)
        assert shown.pixelColor(middle, middle) == expected


def test_colour_bars_repaint_only_when_their_labels_change(
    qtbot: QtBot, view: FeatureMapsView, untrained_recognizer: Recognizer
) -> None:
    view.set_model(untrained_recognizer)
    bar = view.panels["C1"].map_bar
    qtbot.wait(50)  # the first paint of everything
    paints = []
    counter = PaintCounter(paints)
    bar.installEventFilter(counter)
    bar.set_scale(Scale(0.0, 2.31, VIRIDIS))
    qtbot.waitUntil(lambda: len(paints) == 1)
    bar.set_scale(Scale(0.0, 2.34, VIRIDIS))  # still labelled 2.3: not a pixel changes
    qtbot.wait(20)
    assert len(paints) == 1
    assert "2.34" in bar.toolTip()  # the exact range is still there for who asks
    bar.set_scale(Scale(0.0, 2.36, VIRIDIS))  # 2.4
    qtbot.waitUntil(lambda: len(paints) == 2)


class PaintCounter(QObject):
    def __init__(self, paints: list[QEvent]) -> None:
        super().__init__()
        self.paints = paints

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append(event.type())
        return False
