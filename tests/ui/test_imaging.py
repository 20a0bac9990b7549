"""Colour scales and numpy <-> QImage conversions."""

from __future__ import annotations

import numpy as np

from lenet_gui.ui.imaging import BLUE_WHITE_RED, VIRIDIS, Scale, grey_image, image_to_grey


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
