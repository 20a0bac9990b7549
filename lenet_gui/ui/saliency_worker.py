"""Saliency maps, computed in a background thread for the latest drawing only.

A saliency map differentiates the torch network (tens of milliseconds); computed on the
GUI thread for every prediction it starved the pointer: Qt merges the mouse moves that
arrive while the thread is busy, so a curved stroke came out as a few straight lines. Here
the GUI thread only hands a prediction over (ExploreActions does so once the drawing
rests) to a LatestOnly thread (latest_only.py), which runs saliency_map().
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from lenet_gui.engine.saliency import input_rect_in_source, readable_map, saliency

if TYPE_CHECKING:
    from torch import nn

    from lenet_gui.engine.recognizer import Prediction


@dataclass(frozen=True)
class SaliencyMap:
    """What the overlay shows for one prediction: values (32, 32) in [-1, 1] laid over
    `rect` (left, top, width, height in the drawing's pixels) as the evidence for `digit`."""

    prediction: Prediction
    values: np.ndarray
    rect: tuple[float, float, float, float]
    digit: int


def saliency_map(model: nn.Module, prediction: Prediction) -> SaliencyMap:
    """The map the overlay shows for `prediction` (which must have ink); run by a
    LatestOnly("saliency") thread, never on the GUI thread."""
    input32, bbox = prediction.input32, prediction.bbox
    if input32 is None or bbox is None:
        raise ValueError("an empty drawing has no saliency map")
    result = saliency(model, input32, threads=1)
    return SaliencyMap(
        prediction,
        readable_map(result.values, input32),
        input_rect_in_source(input32, bbox),
        result.target,
    )
