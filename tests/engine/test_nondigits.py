"""Non-digit drawings and what the bundled networks answer for them."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from lenet_gui.engine.architecture import NOT_A_DIGIT
from lenet_gui.engine.models import ClassicLeNet5, LeNetConfig, ModernLeNet5
from lenet_gui.engine.nondigits import HELD_OUT_SHAPES, SHAPES, TRAINING_SHAPES, render_nondigits
from lenet_gui.engine.recognizer import Recognizer, Verdict
from lenet_gui.paths import bundled_weights


def test_shapes_split_into_trained_and_never_seen_kinds():
    assert TRAINING_SHAPES.isdisjoint(HELD_OUT_SHAPES)
    assert set(SHAPES) == TRAINING_SHAPES | HELD_OUT_SHAPES
    assert len(HELD_OUT_SHAPES) >= 8
    # letters that are digits in all but name are never taught as "not a digit"
    assert not {"O", "I", "l", "S", "Z", "B", "G", "b", "g", "q"} & set(SHAPES)


def test_rendered_non_digits_are_prepared_like_drawings_and_reproducible():
    a = render_nondigits(40, seed=3)
    assert a.shape == (40, 28, 28) and a.dtype == np.uint8
    assert np.array_equal(a, render_nondigits(40, seed=3))
    assert (a.reshape(40, -1).max(axis=1) > 200).all()  # every one has ink


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_not_a_digit_loss_asks_for_no_preference(arch):
    model = (ModernLeNet5 if arch == "modern" else ClassicLeNet5)(LeNetConfig(arch=arch))
    labels = torch.tensor([NOT_A_DIGIT])
    flat = torch.zeros(1, 10)
    peaked = torch.tensor([[9.0] + [0.0] * 9])
    assert model.loss(flat, labels) < model.loss(peaked, labels)
    # digits keep their ordinary loss beside non-digits in one batch
    mixed = model.loss(torch.cat([peaked, flat]), torch.tensor([0, NOT_A_DIGIT]))
    assert torch.isfinite(mixed) and mixed > 0


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (280, 280), 255)
    return image, ImageDraw.Draw(image)


@pytest.mark.parametrize("arch", ["modern", "classic"])
def test_bundled_networks_give_honest_verdicts(arch):
    recognizer = Recognizer.from_file(bundled_weights(arch))
    empty, _ = _canvas()
    assert recognizer.predict(empty).verdict is Verdict.EMPTY

    one, draw = _canvas()
    draw.line([(150, 40), (140, 240)], fill=0, width=14)
    clear = recognizer.predict(one)
    assert (clear.digit, clear.verdict) == (1, Verdict.DIGIT)

    # "=" and a tangle of lines: the old network read "=" as 2 at 98.5 %
    equals, draw = _canvas()
    draw.line([(50, 110), (230, 110)], fill=0, width=14)
    draw.line([(50, 170), (230, 170)], fill=0, width=14)
    scribble, draw = _canvas()
    rng = np.random.default_rng(0)
    draw.line([tuple(p) for p in rng.uniform(30, 250, (12, 2))], fill=0, width=10)
    for drawing in (equals, scribble):
        assert recognizer.predict(drawing).verdict is Verdict.UNSURE
