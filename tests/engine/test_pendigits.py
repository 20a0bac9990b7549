"""The pen-digits reader, the canvas-like renderer and the writer-disjoint split."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from lenet_gui.engine.pendigits import (
    HELD_OUT_WRITERS,
    PenDigit,
    PenDigitsError,
    draw_strokes,
    load_pendigits,
    parse_unipen,
    read_pendigits,
    render_dataset,
    split_by_writer,
)
from lenet_gui.engine.preprocess import preprocess
from lenet_gui.paths import shared_pendigits_dir

GOOD = """.INCLUDE dene.doc
.LEXICON "0" "1"

.SEGMENT DIGIT    0 ? "7"
.COMMENT 7 12  224
.PEN_DOWN
 100  400
 300  400
 200  100
.PEN_UP
.DT 100

.SEGMENT DIGIT    6-7 ? "1"
.COMMENT 1 3  5
.PEN_DOWN
 250  450
 250  50
.PEN_UP
"""


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_good_file_gives_digits_writers_and_strokes():
    digits = parse_unipen(_lines(GOOD))
    assert [(d.label, d.writer, len(d.strokes)) for d in digits] == [(7, 12, 1), (1, 3, 1)]
    assert digits[0].strokes[0].shape == (3, 2)


def test_y_axis_is_flipped_to_screen_coordinates():
    seven = parse_unipen(_lines(GOOD))[0].strokes[0]
    # on the tablet the 7's bar (y = 400) is at the top; on a screen the top has small y
    assert seven[0, 1] < seven[2, 1]
    image = np.asarray(draw_strokes([seven / 2], 500, 6))
    assert (image[:250] < 128).sum() > (image[250:] < 128).sum()  # the bar is drawn on top


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (GOOD.replace('? "7"', '? "x"'), 4, "without a digit label"),
        (GOOD.replace(".COMMENT 7 12", ".COMMENT 4 12"), 5, "differs"),
        (GOOD.replace(" 300  400", " 300  4x0"), 8, "not an 'x y' point"),
        (GOOD.replace(" 300  400", " 3000  400"), 8, "outside the tablet"),
    ],
)
def test_malformed_lines_are_named(text, line, problem):
    with pytest.raises(PenDigitsError, match=rf"line {line}: .*{problem}"):
        parse_unipen(_lines(text))


def test_sample_without_strokes_is_reported():
    text = '.SEGMENT DIGIT 0 ? "3"\n.COMMENT 3 1 1\n.SEGMENT DIGIT 1 ? "4"\n'
    with pytest.raises(PenDigitsError, match="line 1: a digit without any stroke"):
        parse_unipen(_lines(text))


def test_truncated_file_is_reported_not_a_traceback(tmp_path: Path):
    cut = GOOD[: GOOD.index(" 300  400")]  # ends inside a stroke
    path = tmp_path / "pendigits-orig.tra.gz"
    path.write_bytes(gzip.compress(cut.encode())[:-10])  # a damaged gzip stream as well
    with pytest.raises(PenDigitsError, match=r"pendigits-orig\.tra\.gz"):
        read_pendigits(path)
    path.write_bytes(gzip.compress(cut.encode()))
    with pytest.raises(PenDigitsError, match=r"not closed by \.PEN_UP"):
        read_pendigits(path)


def test_missing_folder_is_reported(tmp_path: Path):
    with pytest.raises(PenDigitsError, match="no pendigits-orig"):
        load_pendigits(tmp_path)


def _loop_nine() -> PenDigit:
    t = np.linspace(0, 2 * np.pi, 20)
    loop = np.stack([300 + 80 * np.cos(t), 200 + 80 * np.sin(t)], axis=1)
    tail = np.stack([np.full(8, 380.0), np.linspace(200, 480, 8)], axis=1)
    return PenDigit(9, 1, (np.concatenate([loop, tail]).astype(np.float32),))


def test_same_trajectory_at_other_sizes_and_brushes_prepares_alike():
    strokes = _loop_nine().strokes
    small = preprocess(draw_strokes([s * 0.3 for s in strokes], 200, 2))
    large = preprocess(draw_strokes([s * 1.6 for s in strokes], 900, 40))
    assert small is not None and large is not None
    assert np.abs(small.digit28 - large.digit28).mean() < 0.06


def test_renders_are_mnist_like_and_reproducible():
    digits = [_loop_nine()] * 3
    a, labels = render_dataset(digits, copies=2, seed=5)
    b, _ = render_dataset(digits, copies=2, seed=5)
    assert a.shape == (6, 28, 28) and a.dtype == np.uint8 and list(labels) == [9] * 6
    assert np.array_equal(a, b)
    assert not np.array_equal(a[0], a[1])  # each copy is drawn differently
    assert a[:, :4].max() == 0 and a[:, :, :4].max() == 0  # MNIST's empty border


def test_split_by_writer_keeps_each_writer_on_one_side():
    digits = [PenDigit(w % 10, w, _loop_nine().strokes) for w in range(1, 31)]
    train, held = split_by_writer(digits)
    assert {d.writer for d in train}.isdisjoint({d.writer for d in held})
    assert {d.writer for d in held} == set(HELD_OUT_WRITERS) and len(HELD_OUT_WRITERS) >= 6


needs_pen = pytest.mark.skipif(
    shared_pendigits_dir() is None, reason="../shared/datasets/pendigits absent"
)


@needs_pen
def test_real_file_has_30_writers_and_a_disjoint_held_out_part():
    digits = load_pendigits(shared_pendigits_dir())
    assert len(digits) == 7494
    assert {d.writer for d in digits} == set(range(1, 31))
    train, held = split_by_writer(digits)
    assert len(train) + len(held) == len(digits) and 1500 < len(held) < 2500
