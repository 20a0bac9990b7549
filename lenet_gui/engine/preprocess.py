"""Make whatever the user drew look like an MNIST digit before LeNet-5 sees it.

MNIST was made from binary NIST scans: each digit was scaled with anti-aliasing so that its
longer side is 20 px (aspect ratio kept), then put in a 28x28 field with its centre of mass
at the centre. We redo those steps on the user's drawing, plus two that NIST did not need:

* the background and the ink are found from the image itself (dark on light or light on
  dark, white or grey background, transparent PNGs), so every input gives "1 = ink";
* the stroke width is normalised to MNIST's, because LeNet-5 only ever saw MNIST's strokes:
  a 1-px mouse line and a fat marker must give the same answer. Measured on the MNIST test
  set, ink mass / skeleton length is a median 12.4 % of the 20-px box (about 2.5 px).

numpy + Pillow only (no Qt, no torch): this runs on every stroke the user draws, within a
budget of well under a millisecond, so every full-size pass is one vectorised operation.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from lenet_gui.engine.errors import UserError
from lenet_gui.engine.files import NotRegularFile, open_regular

ImageLike = Image.Image | np.ndarray | str | os.PathLike[str]

# MNIST geometry: the digit's longer side, the field, its centre of mass, LeNet-5's padding.
_BOX = 20
_FIELD = 28
_CENTRE = 14.0  # MNIST's mean centre of mass is (13.99, 14.01) in pixel indices, not 13.5
_PAD = 2

# Finding the ink. Grey levels are 0-255; "contrast" is the background-to-full-ink distance.
# Deviations up to 3x the border's background noise (within these) are background.
_NOISE_FLOOR = (20, 96)
_INK_LEVEL = 0.3  # ink at or above this fraction of full contrast defines shapes and boxes

# "No digit" (never guess): too little ink, a speck, or a blob no longer than it is wide.
_MIN_INK_PIXELS = 4
_MIN_EXTENT = 0.02  # of the image's longer side
_MIN_ELONGATION = 3.0  # longer side / stroke width; a round dot is about 2.5
_SPECK_MASS = 0.03  # a separate bit at the edge with less of the ink than this is dirt

# Stroke width normalisation, done on a binary copy whose longer side is in [_WORK, 2*_WORK).
_WORK = 48
# Target of _stroke_width / longer side. MNIST's own shapes measure 0.093 with it, but their
# pixel staircases inflate the perimeter; 0.11 is what gives MNIST digits redrawn as smooth
# pen strokes (benchmarks/drawings.py) MNIST's ink mass and mass / skeleton-length width.
_TARGET_WIDTH = 0.11
_MARGIN = math.ceil(_TARGET_WIDTH * _WORK / (1 - _TARGET_WIDTH)) + 1  # > the most growth steps


class ImageError(UserError):
    """A file that cannot be used as a drawing; the message is one line for the user."""


@dataclass(frozen=True)
class Preprocessed:
    """A drawing normalised the way MNIST digits were.

    digit28: float32 (28, 28) in [0, 1], 1 = ink, the MNIST-style digit.
    input32: float32 (32, 32), digit28 padded by 2: what LeNet-5 sees.
    bbox: the ink's bounding box in the source image, (left, top, right, bottom) in pixels,
        right/bottom exclusive like PIL's crop boxes.
    inverted: the source was light ink on a dark background.
    """

    digit28: np.ndarray
    input32: np.ndarray
    bbox: tuple[int, int, int, int]
    inverted: bool


# Raster formats only. Left to itself Pillow picks the decoder from the file's content, and
# some decoders run programs (EPS, PS and PDF go to Ghostscript): a PostScript file named
# seven.png could write files or loop forever. These decode pixels and nothing else.
IMAGE_FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM")
# The largest picture accepted, in pixels (5000x5000; a phone photo has 12 M). Decoding and
# preprocessing are bounded by it (below 700 MB for any mode, 16-bit and float included):
# a few kilobytes of compressed data can otherwise declare gigabytes of pixels.
MAX_PIXELS = 25_000_000
# Modes the preprocessing reads as they are; any other is converted to RGB when loaded.
_DIRECT_MODES = frozenset({"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "I", "F"})
_STDERR_LOCK = threading.Lock()
# Pillow logs some complaints about damaged files (TIFF tags) before raising; with no
# handler anywhere, Python's last-resort handler would print them on stderr.
logging.getLogger("PIL").addHandler(logging.NullHandler())


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 for a moment: libtiff prints its complaints about damaged
    files there from C, past Python's warnings. The decoder's exception says what matters."""
    with _STDERR_LOCK:
        try:
            sys.stderr.flush()
            saved: int | None = os.dup(2)
        except (OSError, ValueError, AttributeError):  # no console to keep quiet
            saved = None
        if saved is None:
            yield
            return
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def load_image(path: str | os.PathLike[str]) -> Image.Image:
    """Open and fully decode an image file: the one way any part of the app reads one.

    Only regular files (a FIFO or a device would block or never end), only raster formats
    (IMAGE_FORMATS), at most MAX_PIXELS, decoder warnings kept off the console. Raises
    ImageError, naming the file, for anything else: a missing, unreadable, non-image,
    corrupt or truncated file. Photos are turned upright according to their EXIF
    orientation; the result's mode is one `_grey` reads (colour models such as CMYK are
    converted to RGB, one that cannot be is refused).
    """
    name = Path(path).name
    try:
        opened = open_regular(path)
    except FileNotFoundError:
        raise ImageError("{name}: file not found", name=name) from None
    except NotRegularFile as exc:
        raise ImageError("{name}: not an image file but {kind}", name=name, kind=exc.kind) from None
    except OSError as exc:  # no permission...
        raise ImageError(
            "{name}: cannot read the file ({reason})", name=name, reason=exc.strerror or exc
        ) from None
    with opened as file:
        try:
            return _decode(file, name)
        except ImageError:
            raise
        except UnidentifiedImageError:
            raise ImageError(
                "{name}: not an image file (cannot identify image file)", name=name
            ) from None
        except OSError as exc:
            if exc.strerror:  # the file system's complaint: an I/O error...
                raise ImageError(
                    "{name}: cannot read the file ({reason})", name=name, reason=exc.strerror
                ) from None
            raise ImageError(
                "{name}: damaged image ({reason})", name=name, reason=_first_line(exc)
            ) from None
        except Exception as exc:  # whatever else a broken file makes a decoder raise
            raise ImageError(
                "{name}: damaged image ({reason})", name=name, reason=_first_line(exc)
            ) from None


def _decode(file: BinaryIO, name: str) -> Image.Image:
    """The first picture in an open file, decoded into memory and in a usable mode."""
    with warnings.catch_warnings():
        # Pillow warns about oddities of damaged files (and large pictures, checked below);
        # an error says what matters, and a warning must not reach the console.
        warnings.simplefilter("ignore")
        with Image.open(file, formats=IMAGE_FORMATS) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ImageError(
                    "{name}: the picture is too large ({width}x{height} pixels)",
                    name=name,
                    width=width,
                    height=height,
                )
            with _quiet_stderr() if img.format == "TIFF" else contextlib.nullcontext():
                img.load()
            upright = ImageOps.exif_transpose(img)
    if upright.mode in ("I", "F") or upright.mode.startswith("I;16"):
        if not np.isfinite(np.asarray(upright, dtype=np.float32)).all():
            raise ImageError(
                "{name}: damaged image ({reason})", name=name, reason="pixels that are not numbers"
            )
        return upright
    if upright.mode in _DIRECT_MODES:
        return upright
    try:
        return upright.convert("RGB")
    except ValueError:
        raise ImageError(
            "{name}: unsupported colour model {mode}", name=name, mode=upright.mode
        ) from None


def _first_line(exc: Exception) -> str:
    """The gist of a decoder's complaint; ImageError messages are one line for the user."""
    return (str(exc) or type(exc).__name__).splitlines()[0]


def _as_pil(image: ImageLike) -> Image.Image:
    """Any supported input as a PIL image; arrays become 8-bit L, LA, RGB or RGBA."""
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, (str, os.PathLike)):
        return load_image(image)
    arr = np.asarray(image)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    channels = {2: "LA", 3: "RGB", 4: "RGBA"}
    mode = "L" if arr.ndim == 2 else channels.get(arr.shape[2]) if arr.ndim == 3 else None
    if mode is None or 0 in arr.shape:
        raise ValueError(f"expected an HxW, HxWx3 or HxWx4 image array, got shape {arr.shape}")
    if arr.dtype != np.uint8:
        arr = _to_uint8(
            arr.astype(np.float32), float_range=not np.issubdtype(arr.dtype, np.integer)
        )
    return Image.fromarray(np.ascontiguousarray(arr), mode)


def _to_uint8(values: np.ndarray, float_range: bool) -> np.ndarray:
    """0-255 levels of floats documented as [0, 1] (0-255 floats tolerated) or of 8/16-bit
    integers."""
    top = float(values.max())
    scale = 255.0 if float_range and top <= 1.0 else (255.0 / 65535.0 if top > 255.0 else 1.0)
    return (np.clip(values * scale, 0.0, 255.0) + 0.5).astype(np.uint8)


def _grey(image: ImageLike) -> Image.Image:
    """Any input as an 8-bit grey ("L") image; transparent parts become a white background.

    If compositing on white leaves no picture (white strokes on a transparent background)
    but the alpha channel has one, the alpha channel is the drawing.
    """
    img = _as_pil(image)
    if img.mode in ("I", "F") or img.mode.startswith("I;16"):
        levels = _to_uint8(np.asarray(img, dtype=np.float32), float_range=img.mode == "F")
        return Image.fromarray(levels, "L")
    if img.mode in ("LA", "La", "PA", "RGBA", "RGBa") or "transparency" in img.info:
        if img.mode not in ("LA", "RGBA"):
            img = img.convert("LA" if img.mode == "La" else "RGBA")
        grey, alpha = (img if img.mode == "LA" else img.convert("LA")).split()
        on_white = Image.new("L", img.size, 255)
        on_white.paste(grey, mask=alpha)
        # one band each, so getextrema() is (min, max) of numbers
        lo, hi = cast("tuple[float, float]", on_white.getextrema())
        alpha_lo, alpha_hi = cast("tuple[float, float]", alpha.getextrema())
        if hi - lo <= _NOISE_FLOOR[0] < alpha_hi - alpha_lo:
            return ImageOps.invert(alpha)
        return on_white
    return img if img.mode == "L" else img.convert("L")


@dataclass(frozen=True)
class _Ink:
    """How grey levels map to ink in one image."""

    background: int  # grey level of the background
    inverted: bool  # ink lighter than the background
    contrast: float  # levels from the background to full ink; 0 = the image has no ink
    floor: float  # deviations from the background up to this are noise

    def lut(self) -> np.ndarray:
        """Ink value in [0, 1] of each grey level; background noise is exactly 0."""
        if not self.contrast:
            return np.zeros(256, np.float32)
        levels = np.arange(256, dtype=np.float32)
        dev = levels - self.background if self.inverted else self.background - levels
        ink = np.clip(dev / np.float32(self.contrast), 0.0, 1.0)
        ink[dev <= self.floor] = 0.0
        return ink

    def mask(self, grey: np.ndarray) -> np.ndarray:
        """Pixels with at least _INK_LEVEL ink: one uint8 comparison, no float image."""
        if not self.contrast:
            return np.zeros(grey.shape, bool)
        step = max(_INK_LEVEL * self.contrast, self.floor + 1)
        if self.inverted:
            return grey >= min(255, math.ceil(self.background + step))
        return grey <= max(0, math.floor(self.background - step))


def _find_ink(grey: np.ndarray, histogram: list[int]) -> _Ink:
    """Background = the median grey along the border; ink = whichever side of it holds
    clearly more.

    The noise floor is 3x the border's 90th-percentile deviation from the background, so grain,
    JPEG ringing and grey backgrounds do not count as ink. The contrast is the deviation reached
    by the most extreme 2 % of ink pixels, so a few outliers do not set the scale; ink must
    reach twice the noise floor. Noise on both sides alike (no side with twice the other's
    ink mass) is not a drawing.
    """
    border = np.concatenate((grey[0], grey[-1], grey[1:-1, 0], grey[1:-1, -1]))
    background = int(np.partition(border, border.size // 2)[border.size // 2])
    spread = np.abs(border.astype(np.int16) - background)
    p90 = int(0.9 * (spread.size - 1))
    noise = float(np.partition(spread, p90)[p90])
    floor = min(max(3.0 * noise, _NOISE_FLOOR[0]), _NOISE_FLOOR[1])
    hist = np.asarray(histogram, dtype=np.float64)
    dev = background - np.arange(256.0)  # > 0: darker than the background
    weight = hist * np.abs(dev) * (np.abs(dev) > floor)
    dark, light = float(weight[:background].sum()), float(weight[background + 1 :].sum())
    inverted = light > dark
    if max(dark, light) == 0 or min(dark, light) > 0.5 * max(dark, light):
        return _Ink(background, inverted, 0.0, floor)
    extreme_first = -dev[::-1] if inverted else dev  # ink deviation, most extreme first
    counts = np.where(extreme_first > floor, hist[::-1] if inverted else hist, 0.0)
    cum = np.cumsum(counts)
    contrast = float(extreme_first[np.searchsorted(cum, 0.02 * cum[-1])])
    if contrast < 2 * floor:  # a smudge, not a drawing
        contrast = 0.0
    return _Ink(background, inverted, contrast, floor)


def _read(image: ImageLike) -> tuple[np.ndarray, _Ink]:
    """The grey levels of any input and where its ink is."""
    image = _grey(image)
    grey = np.asarray(image)
    return grey, _find_ink(grey, image.histogram())


@dataclass(frozen=True)
class Drawing:
    """A drawing's grey levels and how they map to ink, found once.

    The digits of a number are parts of one drawing: each part is read with the background and
    ink found on the whole (a part alone may show too little background to find them), and then
    normalised exactly as a single digit is (preprocess() accepts a Drawing).
    """

    grey: np.ndarray  # uint8 (H, W)
    ink: _Ink

    @classmethod
    def read(cls, image: ImageLike) -> Drawing:
        grey, ink = _read(image)
        return cls(grey, ink)

    def mask(self) -> np.ndarray:
        """bool (H, W): the pixels that count as ink (at least _INK_LEVEL of full contrast)."""
        return self.ink.mask(self.grey)

    def part(self, keep: np.ndarray, box: tuple[int, int, int, int]) -> Drawing:
        """The pixels of `box` (left, top, right, bottom) where `keep` (bool, the box's
        shape) is true; background everywhere else."""
        left, top, right, bottom = box
        crop = self.grey[top:bottom, left:right]
        return Drawing(np.where(keep, crop, np.uint8(self.ink.background)), self.ink)


def ink_map(image: ImageLike) -> tuple[np.ndarray, bool]:
    """Ink coverage of any input: float32 2-D in [0, 1], 1 = full ink; and the inverted flag.

    The background level is subtracted and the ink scaled to full contrast, so grey
    backgrounds, pencil, light-on-dark screenshots and transparent PNGs all give the same
    kind of map.
    """
    grey, ink = _read(image)
    return ink.lut()[grey], ink.inverted


def _span(mask: np.ndarray, axis: int) -> tuple[int, int] | None:
    """[start, stop) of the inked lines of `mask` along `axis` (1: rows, 0: columns),
    without separate specks at either end."""
    lines = np.flatnonzero(mask.any(axis=axis))
    if lines.size == 0:
        return None
    gaps = np.flatnonzero(np.diff(lines) > 1)
    if gaps.size == 0:
        return int(lines[0]), int(lines[-1]) + 1
    # Separate pieces: weigh them (only now, counting is slower than any()). Plain
    # concatenation: np.r_ took a third of this function's time.
    cum = np.zeros(mask.shape[1 - axis] + 1, np.int64)
    np.cumsum(np.count_nonzero(mask, axis=axis), out=cum[1:])
    starts = lines[np.concatenate(([0], gaps + 1))]
    stops = lines[np.concatenate((gaps, [lines.size - 1]))] + 1
    mass = cum[stops] - cum[starts]
    first, last, least = 0, len(mass) - 1, _SPECK_MASS * cum[-1]
    while first < last and mass[first] < least:
        first += 1
    while last > first and mass[last] < least:
        last -= 1
    return int(starts[first]), int(stops[last])


def _pool_any(mask: np.ndarray, k: int) -> np.ndarray:
    """Downscale a binary image by k, keeping a pixel if any of its k x k block is ink.

    Unlike averaging, this never lets a 1-px pen line on a big canvas fade away.
    """
    h, w = mask.shape
    rows = np.zeros((-(-h // k), w), bool)
    for j in range(k):
        part = mask[j::k]
        rows[: len(part)] |= part
    out = np.zeros((rows.shape[0], -(-w // k)), bool)
    for j in range(k):
        part = rows[:, j::k]
        out[:, : part.shape[1]] |= part
    return out


def _work_shape(
    grey: np.ndarray, ink: _Ink, box: tuple[int, int, int, int], by_height: bool = False
) -> np.ndarray:
    """Binary ink of the crop at a size where the longer side (the height, `by_height`) is
    in [_WORK, 2*_WORK), inside an empty margin of _MARGIN pixels where strokes can grow."""
    left, top, right, bottom = box
    crop = grey[top:bottom, left:right]
    size = crop.shape[0] if by_height else max(crop.shape)
    if size >= _WORK:
        shape = _pool_any(ink.mask(crop), size // _WORK)
    else:  # small drawings (MNIST itself) are enlarged smoothly first, then thresholded
        scale = _WORK / size
        work = Image.fromarray(ink.lut()[crop], "F").resize(
            (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale))),
            Image.Resampling.BILINEAR,
        )
        shape = np.asarray(work) >= _INK_LEVEL
    out = np.zeros((shape.shape[0] + 2 * _MARGIN, shape.shape[1] + 2 * _MARGIN), bool)
    out[_MARGIN:-_MARGIN, _MARGIN:-_MARGIN] = shape
    return out


def _grow(x: np.ndarray, steps: int, start: int = 0) -> np.ndarray:
    """Binary dilation by `steps` pixels, same shape (pad first to make room).

    Steps alternate a 3x3 square and a cross, which grows an octagon: close to a disc, so
    diagonal strokes thicken as much as straight ones.
    """
    for i in range(start, start + steps):
        grown = x.copy()
        grown[1:] |= x[:-1]
        grown[:-1] |= x[1:]
        src = grown if i % 2 == 0 else x
        out = grown.copy()
        out[:, 1:] |= src[:, :-1]
        out[:, :-1] |= src[:, 1:]
        x = out
    return x


def _erode(shape: np.ndarray, step: int) -> np.ndarray | None:
    """One erosion step (the same step shapes as _grow), or None if it would make a thin part
    of the drawing vanish: a part vanished when the eroded shape, grown back by the same step,
    no longer covers it (beyond a few pixels of outline staircase). Thick strokes then stay
    thicker than the target rather than losing a hairline."""
    eroded = ~_grow(~shape, 1, step)
    lost = np.count_nonzero(shape & ~_grow(eroded, 1, step))
    return None if lost > max(2, 0.002 * np.count_nonzero(shape)) else eroded


def _stroke_width(shape: np.ndarray) -> float:
    """Mean stroke width of a binary shape with an empty border: a stroke of width w and
    length L has area w*L and perimeter about 2*L, so w = 2*area/perimeter (4-neighbour
    perimeter, pixels)."""
    edges = np.count_nonzero(shape[1:] != shape[:-1]) + np.count_nonzero(
        shape[:, 1:] != shape[:, :-1]
    )
    return 2.0 * np.count_nonzero(shape) / edges


def _normalise_width(shape: np.ndarray, by_height: bool = False) -> np.ndarray | None:
    """Float image of `shape` (from _work_shape) with MNIST's stroke width relative to its
    size (longer side, or height `by_height`); None for a dot.

    Growing by r pixels adds 2r to both the width w and the longer side D, so the target
    ratio t needs r = (t*D - w) / (2*(1 - t)); r < 0 thins. A fractional r blends the two
    nearest whole steps, which after the anti-aliased downscale is a fractional width.
    """
    size = (shape.shape[0] if by_height else max(shape.shape)) - 2 * _MARGIN
    width = _stroke_width(shape)
    if size < _MIN_ELONGATION * width:
        return None
    r = (_TARGET_WIDTH * size - width) / (2.0 * (1.0 - _TARGET_WIDTH))
    steps = math.ceil(abs(r))
    before = after = shape
    for step in range(steps):
        before = after
        grown = _grow(before, 1, step) if r > 0 else _erode(before, step)
        if grown is None:
            return before.astype(np.float32)
        after = grown
    frac = np.float32(abs(r) - (steps - 1)) if steps else np.float32(0.0)
    return np.where(after, frac, np.float32(0.0)) + before * (np.float32(1.0) - frac)


def _centre_in_field(digit: np.ndarray) -> np.ndarray:
    """Paste into 28x28 with the centre of mass at (14, 14), a whole-pixel shift like MNIST,
    clamped so nothing is cut off."""
    h, w = digit.shape
    rows, cols = digit.sum(axis=1), digit.sum(axis=0)
    mass = float(rows.sum())
    top = min(max(math.floor(_CENTRE - float(rows @ np.arange(h)) / mass + 0.5), 0), _FIELD - h)
    left = min(max(math.floor(_CENTRE - float(cols @ np.arange(w)) / mass + 0.5), 0), _FIELD - w)
    field = np.zeros((_FIELD, _FIELD), np.float32)
    field[top : top + h, left : left + w] = digit
    return field


def digit_box() -> tuple[float, float]:
    """Where the 20x20 digit box lies in the 32x32 input: (start, end), the same on both
    axes, in pixel-edge coordinates (pixel i spans i..i+1). It is centred where the centre
    of mass is put, pixel _CENTRE of the field, whose middle is half a pixel past _CENTRE:
    a box drawn at the field's geometric middle would sit half a pixel off the digits."""
    centre = _PAD + _CENTRE + 0.5
    return centre - _BOX / 2, centre + _BOX / 2


def _to_input(digits: np.ndarray, full_ink: float) -> np.ndarray:
    """Divide by the full-ink value and pad the last two axes by 2 with empty background
    (28 -> 32): the one place where both MNIST tensors and the user's drawings get
    LeNet-5's input shape."""
    out = np.zeros((*digits.shape[:-2], _FIELD + 2 * _PAD, _FIELD + 2 * _PAD), np.float32)
    np.divide(digits, np.float32(full_ink), out=out[..., _PAD:-_PAD, _PAD:-_PAD])
    return out


def preprocess(image: ImageLike | Drawing) -> Preprocessed | None:
    """Normalise a drawing like MNIST; None when there is no digit to read (never guesses).

    Steps: find the ink; crop to it (specks ignored); normalise the stroke width on a binary
    copy; scale with anti-aliasing so the longer side is 20 px, aspect ratio kept; put the
    centre of mass at the centre of a 28x28 field; pad to 32x32.
    """
    drawing = image if isinstance(image, Drawing) else Drawing.read(image)
    grey, ink = drawing.grey, drawing.ink
    mask = ink.mask(grey)
    rows, cols = _span(mask, axis=1), _span(mask, axis=0)
    if rows is None or cols is None:
        return None
    box = (cols[0], rows[0], cols[1], rows[1])
    extent = max(box[2] - box[0], box[3] - box[1])
    pixels = np.count_nonzero(mask[box[1] : box[3], box[0] : box[2]])
    if pixels < _MIN_INK_PIXELS or extent < _MIN_EXTENT * max(grey.shape):
        return None
    digit = _boxed(_normalise_width(_work_shape(grey, ink, box)), by_height=False)
    if digit is None:
        return None
    digit28 = _centre_in_field(digit)
    return Preprocessed(digit28, _to_input(digit28, 1.0), box, ink.inverted)


def _boxed(work: np.ndarray | None, by_height: bool) -> np.ndarray | None:
    """The width-normalised shape cropped to its ink and scaled with anti-aliasing so that
    its longer side (`by_height`: its height) is _BOX px, aspect ratio kept; float32 with
    its darkest ink at 1. None when there is no shape."""
    if work is None:
        return None
    work_image = Image.fromarray(work, "F")
    bbox = work_image.getbbox()
    if bbox is None:  # never: the normalised shape has ink
        return None
    left, top, right, bottom = bbox
    w, h = right - left, bottom - top
    scale = _BOX / (h if by_height else max(w, h))
    small = work_image.resize(
        (max(1, round(w * scale)), max(1, round(h * scale))),
        Image.Resampling.BOX,
        box=(left, top, right, bottom),
    )
    scaled = np.asarray(small, dtype=np.float32)
    return scaled / scaled.max()


@dataclass(frozen=True)
class Strip:
    """A drawing of a number as one 32-px-high row for LeNet-5 slid across it, and where
    its columns lie in the drawing."""

    pixels: np.ndarray  # float32 (32, W) in [0, 1], 1 = ink
    ink_columns: tuple[int, int]  # [x0, x1) of the ink in the drawing's pixels

    SIDE = _FIELD // 2 + _PAD  # background columns either side of the ink

    @property
    def scale(self) -> float:
        """Strip columns per drawing pixel."""
        x0, x1 = self.ink_columns
        return (self.pixels.shape[1] - 2 * self.SIDE) / max(x1 - x0, 1)

    def column(self, x: float) -> float:
        """The strip column of the drawing's column `x`."""
        return self.SIDE + (x - self.ink_columns[0]) * self.scale

    def drawing_x(self, column: float) -> float:
        """The drawing's column at strip column `column` (column()'s inverse)."""
        return self.ink_columns[0] + (column - self.SIDE) / self.scale

    def window(self, centre: float) -> np.ndarray:
        """The 32x32 window centred on column `centre`, background past the ends."""
        start = round(centre) - 16
        out = np.zeros((32, 32), np.float32)
        lo, hi = max(start, 0), min(start + 32, self.pixels.shape[1])
        if hi > lo:
            out[:, lo - start : hi - start] = self.pixels[:, lo:hi]
        return out


def strip_input(image: ImageLike | Drawing) -> Strip | None:
    """A drawing of a number as one 32-px-high strip for LeNet-5 slid across it (the SDNN of
    LeCun et al. 1998, Section VII); None when there is nothing to read.

    The steps of preprocess() with the row's height where a digit has its longer side: ink
    20 px high with MNIST's stroke width for that height, the centre of mass 16 px from the
    top, and 16 px of background either side so that a window can centre on the first and last
    digits.
    """
    drawing = image if isinstance(image, Drawing) else Drawing.read(image)
    mask = drawing.mask()
    rows, cols = _span(mask, axis=1), _span(mask, axis=0)
    if rows is None or cols is None:
        return None
    box = (cols[0], rows[0], cols[1], rows[1])
    work = _normalise_width(_work_shape(drawing.grey, drawing.ink, box, by_height=True), True)
    row = _boxed(work, by_height=True)
    if row is None:
        return None
    side = Strip.SIDE
    strip = np.zeros((_FIELD + 2 * _PAD, row.shape[1] + 2 * side), np.float32)
    weights = row.sum(axis=1)
    centre = float(weights @ np.arange(_BOX)) / float(weights.sum())
    y = min(max(math.floor(_CENTRE - centre + 0.5), 0), _FIELD - _BOX) + _PAD
    strip[y : y + _BOX, side : side + row.shape[1]] = row
    return Strip(strip, cols)


def mnist_to_input(images: np.ndarray) -> np.ndarray:
    """uint8 MNIST images (N, 28, 28), 255 = ink, as LeNet-5 input: float32 (N, 32, 32) in
    [0, 1], padded by 2 like the drawings from preprocess()."""
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (_FIELD, _FIELD):
        raise ValueError(
            f"expected uint8 images of shape (N, 28, 28), got {images.dtype} {images.shape}"
        )
    return _to_input(images, 255.0)
