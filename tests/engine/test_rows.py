"""Written numbers know where their digits are, and their windows say digit or none."""

from __future__ import annotations

import numpy as np

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.pendigits import PenDigit
from lenet_gui.engine.preprocess import strip_input
from lenet_gui.engine.rows import (
    WrittenNumber,
    mnist_number,
    pen_number,
    row_training_set,
    row_windows,
)
from tests.written import write


def _bars(count: int) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like images: a vertical bar per image, its label the image's index."""
    images = np.zeros((count, 28, 28), np.uint8)
    images[:, 4:24, 12:16] = 255
    return images, np.arange(count) % 10


def _pen_writer() -> list[PenDigit]:
    """One writer's pen digits: a vertical stroke each (labels 0-9)."""
    stroke = np.array([[0.0, 0.0], [0.0, 100.0]], np.float32)
    return [PenDigit(label, 1, (stroke,)) for label in range(10)]


def test_an_mnist_number_places_its_digits_left_to_right_where_their_ink_is():
    images, labels = _bars(10)
    number = mnist_number(images, labels, np.random.default_rng(0), (0.3, 0.5), scale=2)
    assert 2 <= len(number.labels) <= 6 and len(number.spans) == len(number.labels)
    assert number.image.dtype == np.uint8 and number.image.shape[0] == 44 * 2
    ink = number.image.min(axis=0) < 128  # each bar is 4 px wide at x1, 8 px at x2
    for x0, x1 in number.spans:
        assert x1 - x0 == 8 and ink[int(x0) : int(x1)].all()
    starts = [x0 for x0, _ in number.spans]
    assert starts == sorted(starts)
    assert not ink[int(number.spans[0][1]) : int(number.spans[1][0])].any()  # apart


def test_a_pen_number_is_one_writer_s_strokes_with_each_digit_s_span():
    number = pen_number(_pen_writer(), np.random.default_rng(1), (0.2, 0.4), digits=(3, 3))
    assert len(number.labels) == 3 and number.strokes is not None and len(number.strokes) == 3
    for (x0, x1), stroke in zip(number.spans, number.strokes, strict=True):
        assert x0 <= stroke[:, 0].min() and stroke[:, 0].max() <= x1
    assert number.text == "".join(map(str, number.labels))


def test_row_windows_are_a_digit_centred_on_each_and_none_between_and_beyond():
    image, _, extents = write("307", [0.3, 0.3])
    number = WrittenNumber(np.asarray(image), (3, 0, 7), tuple(extents))
    windows, labels = row_windows(number, np.random.default_rng(0))
    assert windows.shape == (9, 28, 28) and windows.dtype == np.uint8
    assert list(labels[:3]) == [3, 0, 7]
    assert (labels[3:] == NOT_A_DIGIT).all()  # 2 between, 2 off-centre, 2 beyond the ends
    strip = strip_input(image)
    assert strip is not None
    for window, (x0, x1) in zip(windows[:3], extents, strict=True):
        # the window centred on a digit is the strip around that digit's centre, give or
        # take 1.5 px
        centre = round(strip.column((x0 + x1) / 2))
        differences = [
            np.abs(window / 255.0 - strip.pixels[2:30, c - 14 : c + 14]).mean()
            for c in range(centre - 2, centre + 3)
        ]
        assert min(differences) < 0.01
    beyond = windows[-2:]  # 6-12 px beyond the end digits: mostly background
    assert (beyond > 0).mean() < (windows[:3] > 0).mean()


def test_the_training_set_mixes_mnist_and_pen_rows_and_is_reproducible():
    images, labels = _bars(50)
    writers = [_pen_writer()]
    x, y = row_training_set(images, labels, writers, rows=12, seed=3)
    again = row_training_set(images, labels, writers, rows=12, seed=3)
    np.testing.assert_array_equal(x, again[0])
    assert x.shape[1:] == (28, 28) and len(x) == len(y)
    digits = int((y != NOT_A_DIGIT).sum())
    assert 12 * 2 <= digits <= 12 * 5
    assert len(y) == 3 * digits  # n digits: n of them, 2 (n - 1) between, 2 beyond the ends
