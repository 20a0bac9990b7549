"""Recognizer: one call from any image to digit, probabilities, input seen and activations."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from lenet_gui.engine import recognizer as recognizer_module
from lenet_gui.engine.mnist import load_mnist
from lenet_gui.engine.models import build_model
from lenet_gui.engine.nondigits import HELD_OUT_SHAPES, render_nondigits
from lenet_gui.engine.preprocess import Drawing, mnist_to_input
from lenet_gui.engine.recognizer import Recognizer, Verdict, reading_variants
from lenet_gui.paths import bundled_weights


@pytest.fixture(scope="module")
def untrained() -> Recognizer:
    torch.manual_seed(0)
    return Recognizer.from_model(build_model(), {"test_accuracy": 0.1})


@pytest.fixture(scope="module")
def bundled() -> Recognizer:
    path = bundled_weights()
    assert path.is_file(), f"the bundled weights are missing: {path}"
    return Recognizer.from_file(path)


def _drawn_bar() -> Image.Image:
    image = np.full((280, 280), 255, np.uint8)
    image[40:240, 130:150] = 0
    return Image.fromarray(image)


def test_empty_drawing_is_no_digit_not_a_guess(untrained):
    prediction = untrained.predict(Image.new("L", (280, 280), 255))
    assert prediction.digit is None
    assert prediction.input32 is None
    assert not prediction.probabilities.any()
    assert prediction.confidence == 0.0 and not prediction.unsure
    assert prediction.verdict is Verdict.EMPTY


def test_prediction_carries_input_and_every_layer(untrained):
    prediction = untrained.predict(_drawn_bar())
    assert prediction.digit in range(10)
    assert prediction.probabilities.shape == (10,)
    assert prediction.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert prediction.input32.shape == (32, 32)
    shapes = {name: a.shape for name, a in prediction.activations.items()}
    assert shapes == {
        "C1": (6, 28, 28),
        "S2": (6, 14, 14),
        "C3": (16, 10, 10),
        "S4": (16, 5, 5),
        "C5": (120, 1, 1),
        "F6": (84,),
        "output": (10,),
    }
    # the layers are those of the input as drawn (the first reading); the probabilities are
    # the mean of the softmax of every reading's output layer
    variants = reading_variants(prediction.input32[None])[0]
    np.testing.assert_array_equal(variants[0], prediction.input32)
    outputs = [untrained.net.activations(v)["output"] for v in variants]
    np.testing.assert_allclose(prediction.activations["output"], outputs[0], atol=1e-6)
    expected = np.mean([np.exp(o - o.max()) / np.exp(o - o.max()).sum() for o in outputs], axis=0)
    assert np.allclose(prediction.probabilities, expected, atol=1e-6)
    assert prediction.digit == int(expected.argmax())


def test_reading_variants_are_the_input_bolder_and_moved_a_pixel():
    x = np.zeros((2, 32, 32), np.float32)
    x[0, 10:20, 15] = 1.0  # a vertical bar
    x[1, 8, 8] = 0.5
    variants = reading_variants(x)
    assert variants.shape == (2, 4, 32, 32)
    np.testing.assert_array_equal(variants[:, 0], x)
    bolder = variants[0, 1]
    assert (bolder >= x[0]).all() and bolder[10:20, 14].max() == 0.5 and bolder[15, 15] == 1.0
    assert variants[1, 2, 9, 9] == 0.5 and variants[1, 3, 7, 7] == 0.5  # down-right, up-left
    assert variants[0, 2].sum() == variants[0, 3].sum() == x[0].sum()  # nothing lost at 2 px


def test_untrained_network_is_unsure(untrained):
    prediction = untrained.predict(_drawn_bar())
    assert prediction.unsure
    assert prediction.verdict is Verdict.UNSURE and prediction.verdict == "unsure"


def test_metadata_and_layers(untrained):
    assert untrained.arch == "modern"
    assert untrained.parameter_count == 61_706
    assert untrained.test_accuracy == 0.1
    assert [row.name for row in untrained.layers][:3] == ["C1", "S2", "C3"]
    assert untrained.kernels("C1").shape == (6, 1, 5, 5)


def test_bundled_network_reads_mnist_digits_drawn_dark_on_white(bundled, mnist_dir):
    test = load_mnist(mnist_dir, "test")
    correct = 0
    for image, label in zip(test.images[:200], test.labels[:200], strict=True):
        drawing = Image.fromarray(255 - image).resize((280, 280), Image.Resampling.BILINEAR)
        correct += bundled.predict(drawing).digit == label
    assert correct >= 194  # >= 97 %


def test_predictions_match_the_torch_network_built_from_the_same_file(bundled):
    """predict() runs numpy; `model` is the torch network with the same weights."""
    prediction = bundled.predict(_drawn_bar())
    with torch.no_grad():
        expected = bundled.model(torch.from_numpy(prediction.input32).view(1, 1, 32, 32))
    assert bundled.has_model
    np.testing.assert_allclose(prediction.activations["output"], expected[0].numpy(), atol=1e-4)


def test_parts_read_together_read_exactly_as_each_alone(bundled):
    image = np.full((60, 200), 255, np.uint8)
    image[10:50, 20:26] = 0  # a 1
    image[10:16, 60:90] = image[10:50, 84:90] = 0  # a 7
    drawing = Drawing.read(image)
    parts = [
        drawing.part(np.ones((60, 40), bool), (10, 0, 50, 60)),
        drawing.part(np.ones((60, 50), bool), (50, 0, 100, 60)),
        drawing.part(np.ones((60, 40), bool), (150, 0, 190, 60)),  # no ink: EMPTY
    ]
    together = bundled.predict_parts(parts)
    again = bundled.predict_parts(parts[::-1])[::-1]  # now remembered, in another batch
    fresh = Recognizer(bundled.config, dict(bundled.net.params), bundled.metadata)
    for part, read, reread in zip(parts, together, again, strict=True):
        (alone,) = fresh.predict_parts([part])
        assert alone.bbox == bundled.predict(part).bbox
        for got in (read, reread):
            assert got.digit == alone.digit and got.bbox == alone.bbox
            np.testing.assert_array_equal(got.probabilities, alone.probabilities)
            for name, values in alone.activations.items():
                np.testing.assert_array_equal(got.activations[name], values)
    assert [p.digit for p in together] == [1, 7, None]


def test_remembered_parts_stay_within_their_bound(bundled, monkeypatch):
    monkeypatch.setattr(recognizer_module, "PARTS_MEMO_BYTES", 200_000)  # a few parts' worth
    recognizer = Recognizer(bundled.config, dict(bundled.net.params), bundled.metadata)
    drawing = Drawing.read(_drawn_bar())
    parts = [drawing.part(np.ones((200, 40 + k), bool), (110, 40, 150 + k, 240)) for k in range(12)]
    first = recognizer.predict_parts(parts)
    memo = recognizer._parts
    assert 0 < memo.bytes <= 200_000
    assert 1 < len(memo) < len(parts)
    again = recognizer.predict_parts(parts[-1:])  # the latest part is remembered...
    assert again[0] is first[-1]
    assert recognizer.predict_parts(parts[:1])[0] is not first[0]  # ...the oldest is not


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_averaged_readings_err_less_and_doubt_more_of_what_is_no_digit(arch, mnist_dir):
    """The four readings pay their way: fewer mistakes on the MNIST test set than one
    reading, and "unsure" more often for drawings that are no digit, of kinds never
    trained on."""
    recognizer = Recognizer.from_file(bundled_weights(arch))
    test = load_mnist(mnist_dir, "test")
    digits = mnist_to_input(test.images)
    others = mnist_to_input(render_nondigits(600, 5, HELD_OUT_SHAPES))

    def once(inputs: np.ndarray) -> np.ndarray:
        scores = recognizer.net.activations_many(inputs)["output"]
        return recognizer.calibration.probabilities(scores)

    def averaged(inputs: np.ndarray) -> np.ndarray:
        return np.stack([recognizer.predict_input(x).probabilities for x in inputs])

    mistakes = [int((p(digits).argmax(axis=1) != test.labels).sum()) for p in (once, averaged)]
    assert mistakes[1] < mistakes[0]
    doubt = recognizer.calibration.unsure_below
    unsure = [float((p(others).max(axis=1) < doubt).mean()) for p in (once, averaged)]
    assert unsure[1] > unsure[0] + 0.01, unsure
