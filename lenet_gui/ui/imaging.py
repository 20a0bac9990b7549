"""numpy arrays to and from QImage, the colour maps the viewers paint values with, and
overlays that spare widgets redrawing static translucent lines on every update.

Display only: values are mapped to colours here, never computed. Images are copied out
of numpy memory so a QImage never points at an array that Python may free.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

_BLUE = 0 if sys.byteorder == "little" else 3  # the blue byte of an 0xffRRGGBB pixel


def _lut(anchors: list[str]) -> tuple[int, ...]:
    """256 colours interpolated linearly between evenly spaced anchor colours."""
    colours = [QColor(a) for a in anchors]
    rgb = np.array([(c.red(), c.green(), c.blue()) for c in colours], dtype=np.float64)
    x = np.linspace(0.0, 1.0, len(anchors))
    t = np.linspace(0.0, 1.0, 256)
    channels = [np.interp(t, x, rgb[:, c]).round().astype(np.uint32) for c in range(3)]
    packed = 0xFF000000 | (channels[0] << 16) | (channels[1] << 8) | channels[2]
    return tuple(int(v) for v in packed)


@dataclass(frozen=True)
class ColorMap:
    """A 256-entry colour table; `diverging` maps are centred on zero."""

    table: tuple[int, ...]
    diverging: bool

    def color(self, fraction: float) -> QColor:
        """The colour at `fraction` (0 = low end, 1 = high end) of the map."""
        index = min(255, max(0, round(fraction * 255)))
        return QColor.fromRgb(self.table[index])

    @cached_property
    def lut(self) -> np.ndarray:
        """The table as uint32 RGB32 pixels, so numpy can colour a whole array at once."""
        return np.array(self.table, dtype=np.uint32)


# Perceptually uniform, readable on a projector, colour-blind safe (matplotlib's viridis).
VIRIDIS = ColorMap(
    _lut(
        [
            "#440154",
            "#472d7b",
            "#3b528b",
            "#2c728e",
            "#21918c",
            "#28ae80",
            "#5ec962",
            "#addc30",
            "#fde725",
        ]
    ),
    diverging=False,
)
# Blue for negative, white for zero, red for positive: for signed values such as weights.
BLUE_WHITE_RED = ColorMap(
    _lut(["#2166ac", "#67a9cf", "#f7f7f7", "#ef8a62", "#b2182b"]),
    diverging=True,
)
# Ink coverage as brightness, as MNIST digits are usually shown: 1 = white ink on black.
GREY = ColorMap(tuple(0xFF000000 | (v << 16) | (v << 8) | v for v in range(256)), False)


@dataclass(frozen=True)
class Scale:
    """How a set of values maps onto a colour map: shared by all maps of one layer, so
    their colours can be compared, and shown to the user as a colour bar."""

    low: float
    high: float
    cmap: ColorMap

    @classmethod
    def for_values(cls, values: np.ndarray) -> Scale:
        """Signed values get a diverging map symmetric around 0, others 0..max."""
        lo, hi = float(np.min(values)), float(np.max(values))
        if lo < 0.0:
            bound = max(-lo, hi) or 1.0
            return cls(-bound, bound, BLUE_WHITE_RED)
        return cls(0.0, hi if hi > 0.0 else 1.0, VIRIDIS)

    def to_image(self, values: np.ndarray) -> QImage:
        """A 2-D array as an RGB image, one pixel per value."""
        return rgb32_image(self.colors(values))

    def to_images(self, values: np.ndarray) -> list[QImage]:
        """One image per 2-D slice of a 3-D array, coloured in a single numpy pass (a
        layer's maps update on every pointer move)."""
        return [rgb32_image(pixels) for pixels in self.colors(values)]

    def colors(self, values: np.ndarray) -> np.ndarray:
        """Values of any shape as RGB32 pixels (uint32) of the colour map."""
        span = self.high - self.low
        index = np.asarray(values, np.float32) - self.low
        index *= 255.0 / span
        np.clip(index, 0, 255, out=index)
        return self.cmap.lut[index.astype(np.uint8)]


def rgb32_image(pixels: np.ndarray) -> QImage:
    """A 2-D array of uint32 0xffRRGGBB pixels as an owned RGB32 image."""
    data = np.ascontiguousarray(pixels, dtype=np.uint32)
    h, w = data.shape
    return QImage(data.data, w, h, data.strides[0], QImage.Format.Format_RGB32).copy()


def grey_image(grey: np.ndarray) -> QImage:
    """A 2-D uint8 grey array (0 = black) as an owned Grayscale8 image."""
    data = np.ascontiguousarray(grey, dtype=np.uint8)
    h, w = data.shape
    return QImage(data.data, w, h, data.strides[0], QImage.Format.Format_Grayscale8).copy()


def grey_of_rgb32(image: QImage) -> np.ndarray:
    """A grey (R = G = B) RGB32 image as a 2-D uint8 array, as a copy: one channel's
    bytes, the same values as image_to_grey() gives for grey but ~15x faster (the canvas
    is read on every pointer move)."""
    assert image.format() == QImage.Format.Format_RGB32, image.format()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    grey: np.ndarray = rows[:, _BLUE : 4 * image.width() : 4].copy()
    return grey


def image_to_grey(image: QImage) -> np.ndarray:
    """Any QImage as a 2-D uint8 grey array (0 = black), as a copy."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    pixels: np.ndarray = rows[:, : grey.width()].copy()
    return pixels


class Overlay:
    """Static translucent lines of a widget, drawn once and copied on every paint.

    Qt's raster engine is slow at thin translucent lines (each costs tens of
    microseconds), fast at copying a pixmap. The copy gives the very pixels that drawing
    would, at any scale factor: the lines are drawn at the sub-pixel offset the widget has
    on its device, and copied to whole device pixels. No pixel of an overlay may be
    blended twice (crossing translucent lines go on separate overlays), since blending
    once with the sum of two rounds differently from blending twice.
    """

    def __init__(self) -> None:
        self._pixmap = QPixmap()
        self._key: tuple[object, ...] = ()

    def paint(
        self, painter: QPainter, key: tuple[object, ...], draw: Callable[[QPainter], None]
    ) -> None:
        """Copy the lines onto `painter` (a widget's, untransformed). `draw` paints them
        in widget coordinates, called only when `key` (all the lines depend on) or the
        widget's size, scale or sub-pixel offset changed."""
        device = painter.deviceTransform()
        dpr, dx, dy = device.m11(), device.dx() % 1.0, device.dy() % 1.0  # dx, dy: pixels
        widget = painter.device()
        w, h = widget.width(), widget.height()
        full_key = (*key, w, h, dpr, dx, dy)
        if full_key != self._key:
            pixmap = QPixmap(math.ceil(w * dpr) + 1, math.ceil(h * dpr) + 1)
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            lines = QPainter(pixmap)
            lines.translate(dx / dpr, dy / dpr)
            draw(lines)
            lines.end()
            self._pixmap, self._key = pixmap, full_key
        painter.drawPixmap(QPointF(-dx / dpr, -dy / dpr), self._pixmap)
