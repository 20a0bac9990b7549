"""Colour scales and numpy <-> QImage conversions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from lenet_gui.ui.imaging import (
    BLUE_WHITE_RED,
    VIRIDIS,
    Overlay,
    Scale,
    grey_image,
    grey_of_rgb32,
    image_to_grey,
)


def test_non_negative_values_use_a_sequential_map_from_zero() -> None:
    scale = Scale.for_values(np.array([[0.0, 2.0], [1.0, 4.0]]))
    assert (scale.low, scale.high, scale.cmap) == (0.0, 4.0, VIRIDIS)


def test_signed_values_use_a_diverging_map_centred_on_zero() -> None:
    scale = Scale.for_values(np.array([-0.5, 0.2]))
    assert (scale.low, scale.high, scale.cmap) == (-0.5, 0.5, BLUE_WHITE_RED)
    assert scale.cmap.color(0.5).lightness() > 240  # zero is white


def test_constant_maps_do_not_divide_by_zero() -> None:
    scale = Scale.for_values(np.zeros((3, 3)))
    image = scale.to_image(np.zeros((3, 3)))
    assert image.pixelColor(1, 1) == VIRIDIS.color(0.0)


def test_values_map_to_the_ends_of_the_colour_table() -> None:
    image = Scale(0.0, 1.0, VIRIDIS).to_image(np.array([[0.0, 1.0, 5.0]]))
    assert image.size().toTuple() == (3, 1)
    assert image.pixelColor(0, 0) == VIRIDIS.color(0.0)
    assert image.pixelColor(1, 0) == VIRIDIS.color(1.0)
    assert image.pixelColor(2, 0) == VIRIDIS.color(1.0)  # clipped, not wrapped


def test_grey_round_trip_owns_its_memory() -> None:
    grey = np.arange(12 * 7, dtype=np.uint8).reshape(7, 12)
    image = grey_image(grey)
    grey[:] = 0  # the image must not share the array's memory
    back = image_to_grey(image)
    np.testing.assert_array_equal(back, np.arange(12 * 7, dtype=np.uint8).reshape(7, 12))


def test_a_stack_of_maps_is_coloured_like_each_map_alone() -> None:
    maps = np.random.default_rng(0).normal(size=(4, 9, 7)).astype(np.float32)
    scale = Scale.for_values(maps)
    images = scale.to_images(maps)
    assert [image == scale.to_image(m) for image, m in zip(images, maps, strict=True)] == [True] * 4


def test_grey_rgb32_images_are_read_as_qt_converts_them() -> None:
    levels = np.arange(256, dtype=np.uint32).reshape(16, 16)
    pixels = 0xFF000000 | (levels << 16) | (levels << 8) | levels
    image = QImage(pixels.data, 16, 16, 64, QImage.Format.Format_RGB32).copy()
    np.testing.assert_array_equal(grey_of_rgb32(image), image_to_grey(image))
    np.testing.assert_array_equal(grey_of_rgb32(image), levels)


@pytest.mark.parametrize("scale_factor", [1.0, 1.5, 2.0])
def test_an_overlay_gives_the_pixels_of_drawing_the_lines(scale_factor: float) -> None:
    """Also where the widget sits at half a device pixel (fractional scale factors)."""
    pen = QPen(QColor(0, 0, 0, 60), 1.0)

    def lines(painter: QPainter) -> None:
        painter.setPen(pen)
        painter.drawRect(QRectF(3.5, 2.5, 40, 30))
        painter.drawLine(QPointF(60, 0), QPointF(60, 40))  # crossing none

    def paint(use_overlay: bool) -> QImage:
        image = QImage(120, 90, QImage.Format.Format_RGB32)
        image.fill(QColor("#21918c"))
        image.setDevicePixelRatio(scale_factor)
        painter = QPainter(image)
        painter.translate(5, 7)  # where the widget is on its window
        if use_overlay:
            Overlay().paint(painter, (), lines)
        else:
            lines(painter)
        painter.end()
        return image

    assert paint(use_overlay=True) == paint(use_overlay=False)
