"""Reading numbers: rows of pen-drawn digits split into digits, and single digits kept whole."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image, ImageDraw

from lenet_gui.engine.memo import Memo
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.preprocess import Drawing, strip_input
from lenet_gui.engine.recognizer import Prediction, Recognizer, Verdict
from lenet_gui.engine.segment import split
from lenet_gui.paths import bundled_weights
from tests.written import DIGITS, HEIGHT, write


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer.from_file(bundled_weights())  # a missing bundled file fails here


@pytest.mark.parametrize("char", sorted(DIGITS))
def test_each_drawn_digit_alone_reads_as_itself_exactly_as_predict(recognizer, char):
    image, strokes, _ = write(char, [])
    single = recognizer.predict(image)
    assert single.digit == int(char), "the test's drawing itself must be readable"
    for given in (None, strokes):
        reading = recognizer.read(image, given)
        assert reading.text == char
        assert len(reading.digits) == 1
        only = reading.digits[0]
        np.testing.assert_array_equal(only.prediction.probabilities, single.probabilities)
        assert only.box == single.bbox
        assert reading.verdict is single.verdict


@pytest.mark.parametrize("text", ["4271", "305", "5417", "70"])
def test_separated_digits_are_read_in_order_with_their_boxes(recognizer, text):
    image, strokes, extents = write(text, [0.3] * (len(text) - 1))
    for given in (None, strokes):
        reading = recognizer.read(image, given)
        assert reading.text == text
        for digit, (x0, x1) in zip(reading.digits, extents, strict=True):
            left, top, right, bottom = digit.box
            assert x0 - 10 <= left < right <= x1 + 10  # the digit's own ink, pen width aside
            assert 25 <= top < bottom <= 40 + HEIGHT + 15
        assert reading.confidence == pytest.approx(
            float(np.prod([d.prediction.confidence for d in reading.digits]))
        )


@pytest.mark.parametrize("text", ["17", "71", "171"])
def test_a_one_next_to_a_seven_stays_two_digits(recognizer, text):
    image, _, _ = write(text, [0.06] * (len(text) - 1))  # close: closer than a digit's gap
    assert recognizer.read(image).text == text


@pytest.mark.parametrize("text", ["4", "5", "45", "54", "145"])
def test_two_stroke_fours_and_fives_stay_one_digit(recognizer, text):
    image, strokes, _ = write(text, [0.25] * (len(text) - 1))
    assert recognizer.read(image).text == text
    assert recognizer.read(image, strokes).text == text


def test_a_five_with_its_flag_apart_stays_one_digit(recognizer):
    flag_apart = {"5": [DIGITS["5"][0], [(0.16, -0.04), (0.66, -0.08)]]}
    image, _strokes, _ = write("5", [])
    image = Image.new("L", image.size, 255)
    draw = ImageDraw.Draw(image)
    for stroke in flag_apart["5"]:
        draw.line([(40 + x * HEIGHT, 40 + y * HEIGHT) for x, y in stroke], fill=0, width=9)
    assert recognizer.read(image).text == "5"


def test_one_pen_stroke_is_one_digit_however_wide(recognizer):
    # a wide, half-finished zigzag: drawn without strokes it is cut up; as one stroke it
    # is what predict() says, box and all (the canvas's live case while the pen moves)
    stroke = np.array([(20 + 40 * i, 60 + (60 if i % 2 else 0)) for i in range(8)], np.float32)
    image = Image.new("L", (340, 200), 255)
    ImageDraw.Draw(image).line([tuple(p) for p in stroke], fill=0, width=9)
    reading = recognizer.read(image, [stroke])
    single = recognizer.predict(image)
    assert len(reading.digits) == 1
    assert reading.digits[0].box == single.bbox
    assert np.array_equal(reading.digits[0].prediction.probabilities, single.probabilities)
    assert len(recognizer.read(image).digits) > 1  # the same ink without its stroke


@pytest.mark.parametrize("text", ["20", "70", "23", "307"])
def test_touching_digits_are_cut_apart(recognizer, text):
    image, strokes, _ = write(text, [-0.04] * (len(text) - 1))  # the pens' ink overlaps
    assert recognizer.read(image, strokes).text == text


@pytest.mark.parametrize("text", ["1234", "4170"])
def test_touching_digits_without_strokes_are_cut_at_the_joint(recognizer, text):
    image, _, _ = write(text, [0.0] * (len(text) - 1))  # the pens' ink just touches
    assert recognizer.read(image).text == text


def test_empty_and_dot_drawings_read_as_nothing(recognizer):
    blank = Image.new("L", (300, 120), 255)
    assert recognizer.read(blank).text == ""
    assert recognizer.read(blank).verdict is Verdict.EMPTY
    assert recognizer.read(blank).weakest is None
    dot = blank.copy()
    ImageDraw.Draw(dot).ellipse((100, 50, 110, 60), fill=0)
    assert recognizer.read(dot).digits == ()


def test_mnist_single_digits_read_exactly_as_predict(recognizer, mnist_dir):
    test = load_mnist(mnist_dir, "test")
    for image in test.images[:200]:
        drawing = Image.fromarray(255 - image).resize((140, 140), Image.Resampling.BILINEAR)
        single = recognizer.predict(drawing)
        reading = recognizer.read(drawing)
        assert [d.prediction.digit for d in reading.digits] == [single.digit]
        np.testing.assert_array_equal(
            reading.digits[0].prediction.probabilities, single.probabilities
        )


def test_rows_of_mnist_digits_are_read(recognizer, mnist_dir):
    """Separated rows of three real test digits: at least 90 % read exactly."""
    test = load_mnist(mnist_dir, "test")
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(40):
        picks = rng.choice(len(test.images), 3, replace=False)
        row = np.concatenate([np.pad(test.images[i], ((0, 0), (3, 3))) for i in picks], axis=1)
        image = Image.fromarray(255 - row).resize(
            (row.shape[1] * 4, 112), Image.Resampling.BILINEAR
        )
        hits += recognizer.read(image).text == "".join(str(test.labels[i]) for i in picks)
    assert hits >= 36


def test_overlapping_mnist_digits_without_strokes_are_cut_apart(recognizer, mnist_dir):
    """Rows of three real test digits whose ink boxes overlap by a tenth of the digit height,
    image only: at least 65 % read exactly (the cuts at column-ink minima alone: 50 %)."""
    test = load_mnist(mnist_dir, "test")
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(40):
        picks = rng.choice(len(test.images), 3, replace=False)
        parts = [test.images[i][:, test.images[i].max(axis=0) > 40] for i in picks]
        row = np.zeros((28, sum(p.shape[1] for p in parts) + 4), np.uint8)
        x = 4
        for part in parts:
            window = row[:, x : x + part.shape[1]]
            np.maximum(window, part, out=window)
            x += part.shape[1] - 2  # 2 of the 20 pixels a digit is high
        image = Image.fromarray(255 - row).resize(
            (row.shape[1] * 4, 112), Image.Resampling.BILINEAR
        )
        hits += recognizer.read(image).text == "".join(str(test.labels[i]) for i in picks)
    assert hits >= 26


@pytest.mark.parametrize("arch", ["modern", "classic"])
@pytest.mark.parametrize("width", [32, 33, 35, 36, 61, 100, 131])
def test_sdnn_map_answers_every_four_pixels(arch, width):
    recognizer = Recognizer.from_file(bundled_weights(arch))
    rng = np.random.default_rng(width)
    strip = rng.random((32, width), dtype=np.float32)
    scores = recognizer.net.slide(strip)
    assert scores.shape == ((width - 32) // 4 + 1, 10)
    for k in (0, len(scores) - 1):  # each window answers as the network on that window alone
        window = strip[:, 4 * k : 4 * k + 32]
        alone = recognizer.net.activations(window)["output"]
        np.testing.assert_allclose(scores[k], alone, rtol=1e-4, atol=1e-3)


def test_sdnn_map_of_a_drawn_number(recognizer):
    image, _, _ = write("307", [0.4, 0.4])
    sdnn = recognizer.slide(image)
    assert sdnn is not None
    assert sdnn.strip.shape[0] == 32 and sdnn.strip.max() == pytest.approx(1.0)
    assert sdnn.probabilities.shape == ((sdnn.strip.shape[1] - 32) // 4 + 1, 10)
    sure = [int(p.argmax()) for p in sdnn.probabilities if p.max() > 0.9]
    collapsed = [d for i, d in enumerate(sure) if i == 0 or sure[i - 1] != d]
    assert [d for d in collapsed if d in (3, 0, 7)][:3] == [3, 0, 7]
    assert strip_input(Image.new("L", (100, 50), 255)) is None
    assert recognizer.slide(Image.new("L", (100, 50), 255)) is None


def _flood_labels(mask: np.ndarray) -> int:
    """The number of 8-connected groups, counted the slow obvious way."""
    seen = np.zeros(mask.shape, bool)
    groups = 0
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        groups += 1
        stack = [start]
        seen[start] = True
        while stack:
            y, x = stack.pop()
            for yy in range(max(0, y - 1), min(mask.shape[0], y + 2)):
                for xx in range(max(0, x - 1), min(mask.shape[1], x + 2)):
                    if mask[yy, xx] and not seen[yy, xx]:
                        seen[yy, xx] = True
                        stack.append((yy, xx))
    return groups


def test_ink_groups_are_the_8_connected_components():
    from lenet_gui.engine.segment import _label

    rng = np.random.default_rng(0)
    for _ in range(100):
        mask = rng.random((int(rng.integers(1, 25)), int(rng.integers(1, 25)))) < rng.uniform(
            0.1, 0.6
        )
        labels, count = _label(mask)
        assert count == _flood_labels(mask)
        assert np.array_equal(labels > 0, mask)
        for label in range(1, count + 1):  # each label is one group: it floods as one
            assert _flood_labels(labels == label) == 1


def test_a_number_read_while_it_is_written_reads_as_read_afresh(recognizer):
    # the canvas reads on every mouse move, and the digits the pen does not touch are
    # remembered: each reading must be what a recogniser that saw nothing before says
    _, strokes, _ = write("3074", [-0.04, 0.3, -0.04])  # touching pairs: cut candidates
    image = Image.new("L", (round(max(s[:, 0].max() for s in strokes)) + 40, 200), 255)
    draw = ImageDraw.Draw(image)
    drawn: list[np.ndarray] = []
    for stroke in strokes:
        for end in range(2, len(stroke) + 1, 4):
            draw.line([tuple(p) for p in stroke[end - 2 : end + 3]], fill=0, width=9)
            live = [*drawn, stroke[: end + 3]]
            warm = recognizer.read(image, live)
            fresh = Recognizer.from_file(bundled_weights()).read(image, live)
            assert warm.text == fresh.text
            for a, b in zip(warm.digits, fresh.digits, strict=True):
                assert a.box == b.box
                np.testing.assert_array_equal(
                    a.prediction.probabilities, b.prediction.probabilities
                )
                np.testing.assert_array_equal(a.prediction.input32, b.prediction.input32)
        drawn.append(stroke)
    assert warm.text == "3074"


def test_a_number_reads_the_same_anywhere_on_a_big_sheet(recognizer):
    # only the inked area is worked on: the boxes must still be in the sheet's pixels
    image, strokes, _ = write("3074", [0.3, -0.04, 0.3])
    dx, dy = 120, 84  # whole pooled pixels, so the ink pools alike
    sheet = Image.new("L", (image.width + 300, image.height + 250), 255)
    sheet.paste(image, (dx, dy))
    for given in (None, strokes):
        here = Recognizer.from_file(bundled_weights()).read(image, given)
        moved = None if given is None else [s + np.array([dx, dy]) for s in given]
        there = Recognizer.from_file(bundled_weights()).read(sheet, moved)
        assert there.text == here.text == "3074"
        for a, b in zip(there.digits, here.digits, strict=True):
            x0, y0, x1, y1 = b.box
            assert a.box == (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
            np.testing.assert_array_equal(a.prediction.probabilities, b.prediction.probabilities)


def test_digits_the_pen_does_not_touch_are_not_read_again(recognizer):
    image, strokes, extents = write("3071", [0.3, 0.3, 0.3])
    start = image.crop((0, 0, round(extents[2][1]) + 30, image.height))
    mine = Recognizer.from_file(bundled_weights())
    before = mine.read(start, strokes[:-1])
    after = mine.read(image, strokes)  # one more digit, to the right
    assert (before.text, after.text) == ("307", "3071")
    for old, new in zip(before.digits, after.digits[:3], strict=False):
        assert new.box == old.box
        assert new.prediction is old.prediction  # remembered, not worked out again

    read: list[Drawing] = []

    def counted(parts: Sequence[Drawing]) -> list[Prediction]:
        read.extend(parts)
        return recognizer.predict_parts(parts)

    def parts_read(drawing: Image.Image, given: list[np.ndarray], memo: Memo | None) -> int:
        read.clear()
        split(Drawing.read(drawing), counted, given, memo)
        return len(read)

    memo: Memo = Memo(10_000_000)
    parts_read(start, strokes[:-1], memo)
    assert parts_read(start, strokes[:-1], memo) == 0  # nothing new: nothing read
    assert 0 < parts_read(image, strokes, memo) < parts_read(image, strokes, None)
