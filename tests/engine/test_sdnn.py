"""The SDNN reader: windows labelled digit or none, and its check of the segmentation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from lenet_gui.engine.pendigits import load_pendigits, split_by_writer
from lenet_gui.engine.preprocess import Drawing, strip_input
from lenet_gui.engine.recognizer import ReadBy, ReadDigit, Reading, Recognizer, Verdict
from lenet_gui.engine.rows import pen_number
from lenet_gui.engine.sdnn import (
    LONGEST_RUN,
    TRUSTED,
    SdnnReader,
    bundled_reader,
    decode,
    window_probabilities,
)
from lenet_gui.paths import bundled_weights, shared_pendigits_dir
from tests.written import DIGITS, write

NONE = np.full(10, 0.1)  # no preference: a window on no digit


def _windows(*parts: tuple[int | None, int]) -> np.ndarray:
    """Window answers: (digit or None, how many windows) after one another."""
    rows = []
    for digit, count in parts:
        p = NONE if digit is None else np.eye(10)[digit] * 0.9 + 0.01
        rows += [p] * count
    return np.array(rows, np.float32)


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer.from_file(bundled_weights())


def test_runs_of_one_digit_between_windows_of_none_are_digits():
    probs = _windows((None, 5), (3, 4), (None, 6), (7, 3), (None, 5))
    found = decode(probs)
    assert found is not None and found.text == "37"
    assert [(r.start, r.stop) for r in found.runs] == [(5, 9), (15, 18)]
    assert found.runs[0].centre == pytest.approx(6.5 + 16)  # window k centres on column k + 16


def test_a_run_longer_than_one_digit_can_be_is_two_digits():
    probs = _windows((None, 4), (1, 2 * LONGEST_RUN), (None, 4))
    found = decode(probs)
    assert found is not None and found.text == "11"


def test_the_labelling_can_be_forced_to_a_text_and_scores_no_better():
    probs = _windows((None, 5), (3, 4), (None, 6), (7, 3), (None, 5))
    free = decode(probs)
    same = decode(probs, "37")
    other = decode(probs, "38")
    assert free is not None and same is not None and other is not None
    assert same.score == pytest.approx(free.score) and same.text == "37"
    assert other.text == "38" and other.score < free.score - 5
    assert decode(probs[:3], "1234") is None  # four digits need more than three windows


def test_window_answers_are_the_network_on_each_window(recognizer):
    rng = np.random.default_rng(0)
    strip = rng.random((32, 45), dtype=np.float32)
    probs = window_probabilities(recognizer, strip)
    assert probs.shape == (45 - 31, 10)
    for k in (0, 1, 2, 3, 5, 13):
        alone = recognizer.calibration.probabilities(
            recognizer.net.activations(strip[:, k : k + 32])["output"]
        )
        np.testing.assert_allclose(probs[k], alone, rtol=1e-3, atol=1e-4)


def test_the_bundled_reader_is_a_network_trained_on_written_numbers():
    reader = bundled_reader()  # a missing bundled file fails here
    assert reader.recognizer.metadata["training"]["rows"] > 0
    assert "written numbers" in reader.recognizer.metadata["dataset"]


def test_a_sure_segmentation_is_kept_as_it_is(recognizer):
    image, _, _ = write("307", [0.4, 0.4])
    drawing = Drawing.read(image)
    segmented = recognizer.read(drawing)
    assert segmented.text == "307" and segmented.confidence >= TRUSTED
    assert bundled_reader().check(recognizer, drawing, segmented) is segmented


def test_digits_found_clearly_apart_are_kept_however_unsure(recognizer):
    image, _, _ = write("307", [0.4, 0.4])
    drawing = Drawing.read(image)
    sure = recognizer.read(drawing)

    def doubtful(digit: int) -> np.ndarray:
        p = np.full(10, 0.05, np.float32)
        p[digit] = 0.3
        return p / p.sum()

    # the segmentation's digits made unsure, and the 7 misread as an 8
    misread = Reading(
        tuple(
            ReadDigit(d.box, replace(d.prediction, digit=digit, probabilities=doubtful(digit)))
            for d, digit in zip(sure.digits, (3, 0, 8), strict=True)
        )
    )
    assert misread.text == "308" and misread.confidence < TRUSTED
    assert bundled_reader().check(recognizer, drawing, misread) is misread  # apart: not checked
    # the same reading with boxes that touch is checked, and the SDNN reads it right
    touching = Reading(
        tuple(
            ReadDigit((d.box[0] - 30, d.box[1], d.box[2] + 30, d.box[3]), d.prediction)
            for d in misread.digits
        )
    )
    assert bundled_reader().check(recognizer, drawing, touching).text == "307"


@pytest.fixture(scope="module")
def touching_pen_numbers() -> list:
    """Numbers in the hands of writers no network trained on, digits touching, as images."""
    folder = shared_pendigits_dir()
    if folder is None:
        pytest.skip("../shared/datasets/pendigits absent")
    _, held_out = split_by_writer(load_pendigits(folder))
    by_writer: dict[int, list] = {}
    for digit in held_out:
        by_writer.setdefault(digit.writer, []).append(digit)
    rng = np.random.default_rng(5)
    writers = sorted(by_writer)
    return [pen_number(by_writer[writers[i % len(writers)]], rng, (-0.2, 0.04)) for i in range(40)]


def test_touching_digits_read_from_the_image_are_read_better_with_the_check(
    recognizer, touching_pen_numbers
):
    reader = bundled_reader()
    alone = checked = 0
    for number in touching_pen_numbers:
        drawing = Drawing.read(number.image)
        segmented = recognizer.read(drawing)
        alone += segmented.text == number.text
        checked += reader.check(recognizer, drawing, segmented).text == number.text
    assert checked >= alone + 4, (alone, checked)


def test_the_sdnn_s_digits_have_boxes_on_their_ink_left_to_right(recognizer, touching_pen_numbers):
    reader = bundled_reader()
    read_by_sdnn = 0
    for number in touching_pen_numbers:
        drawing = Drawing.read(number.image)
        segmented = recognizer.read(drawing)
        reading = reader.check(recognizer, drawing, segmented)
        if reading is segmented:
            continue
        read_by_sdnn += 1
        mask = drawing.mask()
        boxes = [d.box for d in reading.digits]
        assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)
        for digit in reading.digits:
            x0, y0, x1, y1 = digit.box
            assert mask[y0:y1, x0:x1].any()
            assert digit.prediction.digit == int(np.argmax(digit.prediction.probabilities))
            assert digit.prediction.probabilities.sum() == pytest.approx(1.0, abs=1e-4)
            window = digit.prediction.input32
            assert window is not None and window.shape == (32, 32)
            # the views show the network in use on the digit's window, beside its kernels
            expected = recognizer.net.activations(window)["C3"]
            np.testing.assert_allclose(digit.prediction.activations["C3"], expected, atol=1e-4)
        if reading.text == number.text:  # each box holds the middle of its digit
            for (x0, _, x1, _), (a, b) in zip(boxes, number.spans, strict=True):
                assert x0 <= (a + b) / 2 <= x1
    assert read_by_sdnn >= 5


def test_two_touching_digits_read_as_one_are_read_as_two_and_said_to_be_unsure(recognizer):
    image, _, _ = write("42", [-0.2])
    drawing = Drawing.read(image)
    segmented = recognizer.read(drawing)
    assert len(segmented.digits) == 1  # the pair looks like one (wrong) digit
    reading = bundled_reader().check(recognizer, drawing, segmented)
    assert reading.text == "42"
    assert reading.read_by is ReadBy.SDNN and segmented.read_by is ReadBy.SEGMENTATION
    # the readers disagree on what the drawing is at all: not claimed as a number
    assert reading.verdict is Verdict.UNSURE


def test_a_drawing_with_its_pen_strokes_is_read_by_the_segmentation_alone(recognizer):
    image, strokes, _ = write("003", [-0.05, -0.05])
    reader = bundled_reader()
    assert reader.read(recognizer, image).read_by is ReadBy.SDNN  # the image alone: checked
    with_strokes = reader.read(recognizer, image, strokes)
    assert with_strokes.read_by is ReadBy.SEGMENTATION
    assert with_strokes.text == recognizer.read(image, strokes).text


def test_a_single_digit_is_never_split(recognizer):
    reader = SdnnReader(bundled_reader().recognizer)
    for char in sorted(DIGITS):
        for pen in (3.0, 9.0, 20.0):
            image, _, _ = write(char, [], pen)
            assert reader.read(recognizer, image).text == recognizer.read(image).text
    assert strip_input(np.full((40, 40), 255, np.uint8)) is None
    assert reader.read(recognizer, np.full((40, 40), 255, np.uint8)).digits == ()
