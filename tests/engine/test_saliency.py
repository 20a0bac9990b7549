"""Saliency maps, their place on the canvas, and the sums behind single C1/C3 units."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from lenet_gui.engine.models import LeNetConfig, build_model, squash
from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.recognizer import Recognizer
from lenet_gui.engine.saliency import input_rect_in_source, readable_map, saliency, unit_sum


class _Linear(nn.Module):
    """Class scores that are fixed weighted sums of the input: the gradient is the weights."""

    def __init__(self, weights: torch.Tensor) -> None:
        super().__init__()
        self.weights = nn.Parameter(weights)  # (classes, 32, 32)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.einsum("nchw,khw->nk", x, self.weights)


def _input(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros((32, 32), np.float32)
    x[6:26, 12:20] = rng.uniform(0.3, 1.0, (20, 8))
    return x


def test_saliency_of_a_linear_model_is_its_weights_for_the_winner():
    torch.manual_seed(0)
    weights = torch.randn(3, 32, 32)
    model = _Linear(weights)
    x = _input()
    winner = int(model(torch.from_numpy(x).view(1, 1, 32, 32)).argmax())
    result = saliency(model, x)
    assert result.target == winner
    expected = weights[winner].numpy() / weights[winner].abs().max().item()
    np.testing.assert_allclose(result.values, expected, atol=1e-5)
    other = (winner + 1) % 3
    assert saliency(model, x, target=other).target == other
    assert model.weights.grad is None  # the model's own gradients are left alone


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_saliency_of_lenet_is_a_normalised_deterministic_map(arch: str):
    torch.manual_seed(1)
    model = build_model(LeNetConfig(arch=arch)).eval()
    x = _input()
    first, again = saliency(model, x), saliency(model, x)
    assert first.values.shape == (32, 32)
    assert first.values.dtype == np.float32
    assert np.abs(first.values).max() == pytest.approx(1.0)
    np.testing.assert_array_equal(first.values, again.values)
    assert first.target == int(model(torch.from_numpy(x).view(1, 1, 32, 32)).argmax())


def test_input_rect_maps_the_input_ink_onto_the_source_bbox():
    image = np.full((300, 400), 255, np.uint8)
    image[60:240, 150:230] = 0  # a tall bar, 80 x 180 pixels
    prepared = preprocess(image)
    left, top, width, height = input_rect_in_source(prepared.input32, prepared.bbox)
    assert width == pytest.approx(height)
    cell = width / 32
    rows = np.flatnonzero(prepared.input32.max(axis=1) > 0)
    cols = np.flatnonzero(prepared.input32.max(axis=0) > 0)
    # the ink's first and last input pixels land on the source's ink box
    assert top + rows[0] * cell == pytest.approx(60, abs=cell)
    assert top + (rows[-1] + 1) * cell == pytest.approx(240, abs=cell)
    assert left + cols[0] * cell == pytest.approx(150, abs=2 * cell)
    assert left + (cols[-1] + 1) * cell == pytest.approx(230, abs=2 * cell)
    assert prepared.bbox == (150, 60, 230, 240)


def test_input_rect_needs_ink():
    with pytest.raises(ValueError, match="no ink"):
        input_rect_in_source(np.zeros((32, 32), np.float32), (0, 0, 10, 10))


@pytest.mark.parametrize(
    ("arch", "activation"), [("modern", F.relu), ("classic", squash)], ids=["modern", "classic"]
)
@pytest.mark.parametrize(("layer", "map_index", "y", "x"), [("C1", 2, 9, 13), ("C3", 4, 3, 6)])
def test_unit_sum_reproduces_the_recorded_activation(arch, activation, layer, map_index, y, x):
    torch.manual_seed(2)
    recognizer = Recognizer.from_model(build_model(LeNetConfig(arch=arch)))
    prediction = recognizer.predict_input(_input())
    unit = unit_sum(
        recognizer.net, prediction.input32, prediction.activations, layer, map_index, y, x
    )
    k = 5
    assert unit.patch.shape == unit.kernel.shape == (len(unit.inputs), k, k)
    assert float(activation(torch.tensor(unit.total))) == pytest.approx(unit.value, abs=1e-5)
    assert unit.value == pytest.approx(float(prediction.activations[layer][map_index, y, x]))
    if layer == "C1":
        scaled = recognizer.model.scale_input(torch.from_numpy(_input())).numpy()
        np.testing.assert_allclose(unit.patch[0], scaled[y : y + k, x : x + k])
    else:  # C3 map 4 reads S2 maps 0, 4, 5 in the 1998 net, all six in the modern one
        assert unit.inputs == ((0, 4, 5) if arch == "classic" else tuple(range(6)))
        np.testing.assert_allclose(
            unit.patch, prediction.activations["S2"][list(unit.inputs), y : y + k, x : x + k]
        )


def test_unit_sum_only_for_convolutions():
    recognizer = Recognizer.from_model(build_model())
    prediction = recognizer.predict_input(_input())
    with pytest.raises(ValueError, match="only C1, C3"):
        unit_sum(recognizer.net, prediction.input32, prediction.activations, "C5", 0, 0, 0)


def test_readable_map_keeps_the_map_on_and_around_the_ink():
    x = np.zeros((32, 32), np.float32)
    x[10:22, 15:17] = 1.0  # a "1", 2 pixels wide
    values = np.full((32, 32), -0.5, np.float32)
    faded = readable_map(values, x)
    assert faded.dtype == np.float32 and np.abs(faded).max() == pytest.approx(1.0)
    assert (faded[10:22, 15:17] == -1.0).all()  # on the ink: full strength, sign kept
    assert -1.0 < faded[16, 17] < -0.5 and faded[16, 17] < faded[16, 18] < 0  # fading
    assert faded[16, 19] == 0  # three pixels away: nothing
    assert faded[0:5].max() == 0 and faded[:, 25:].max() == 0  # far away: nothing
    assert (readable_map(values, np.zeros((32, 32), np.float32)) == 0).all()


def test_readable_map_smooths_single_pixels_into_their_neighbourhood():
    values = np.zeros((32, 32), np.float32)
    values[16, 16] = 1.0  # one pixel of evidence
    shown = readable_map(values, np.ones((32, 32), np.float32))  # ink everywhere: no fading
    assert shown[16, 16] == pytest.approx(1.0)
    assert shown[16, 17] == pytest.approx(0.5) and shown[17, 17] == pytest.approx(0.25)
    assert shown[16, 18] == 0


def test_saliency_with_one_thread_is_the_same_map_and_keeps_the_setting():
    torch.manual_seed(1)
    model = build_model(LeNetConfig()).eval()
    before = torch.get_num_threads()
    np.testing.assert_allclose(
        saliency(model, _input(), threads=1).values, saliency(model, _input()).values, atol=1e-6
    )
    assert torch.get_num_threads() == before
