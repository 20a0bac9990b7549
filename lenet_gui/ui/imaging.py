"""numpy arrays to and from QImage, and the colour maps the viewers paint values with.

Display only: values are mapped to colours here, never computed. Images are copied out
of numpy memory so a QImage never points at an array that Python may free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QColor, QImage


def _lut(anchors: list[str]) -> tuple[int, ...]:
    """256 colours interpolated linearly between evenly spaced anchor colours."""
    rgb = np.array([QColor(a).getRgb()[:3] for a in anchors], dtype=np.float64)
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
        span = self.high - self.low
        index = np.clip((np.asarray(values, np.float32) - self.low) * (255.0 / span), 0, 255)
        return indexed_image(index.astype(np.uint8), self.cmap.table)


def indexed_image(index: np.ndarray, table: tuple[int, ...]) -> QImage:
    """A 2-D uint8 array of colour-table indices as an RGB32 image (fast to paint)."""
    data = np.ascontiguousarray(index, dtype=np.uint8)
    h, w = data.shape
    img = QImage(data.data, w, h, data.strides[0], QImage.Format.Format_Indexed8)
    img.setColorTable(list(table))
    return img.convertToFormat(QImage.Format.Format_RGB32)


def grey_image(grey: np.ndarray) -> QImage:
    """A 2-D uint8 grey array (0 = black) as an owned Grayscale8 image."""
    data = np.ascontiguousarray(grey, dtype=np.uint8)
    h, w = data.shape
    return QImage(data.data, w, h, data.strides[0], QImage.Format.Format_Grayscale8).copy()


def image_to_grey(image: QImage) -> np.ndarray:
    """Any QImage as a 2-D uint8 grey array (0 = black), as a copy."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, : grey.width()].copy()
