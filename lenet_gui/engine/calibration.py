"""Make a network's confidence mean what it says, and decide when to say "unsure".

A network trained to minimise cross-entropy on MNIST is over-confident on other people's
handwriting: "97 %" is right far less often than 97 times in 100. Temperature scaling
(Guo et al. 2017) fixes most of that with one number fitted on held-out writers: the
probabilities become softmax(scores / T). It never changes which digit wins, only how
sure the app claims to be, and so when it says "unsure".

    cal = fit_calibration(scores, labels, fitted_on="pendigits writers 3, 7, ...")
    probs = cal.probabilities(scores)      # what the Recognizer shows
    metadata["calibration"] = cal.to_dict()  # stored in the weights file

Everything here is numpy; the weights file carries the result, so the app needs no torch.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

# Below this winning probability the app says it is unsure instead of claiming a digit.
UNSURE_BELOW = 0.6
# Below this the drawing is unlike every digit: the app says so rather than "not sure".
UNLIKE_ANY_BELOW = 0.35
CONFIDENT = 0.95  # "confident mistakes" are wrong answers given with at least this much


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (N, 10) or (10,) scores, in float64 for fitting."""
    z = np.asarray(scores, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def nll(scores: np.ndarray, labels: np.ndarray, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of the true labels under softmax(scores / T)."""
    p = softmax(np.asarray(scores) / temperature)
    return float(-np.log(np.clip(p[np.arange(len(labels)), labels], 1e-12, None)).mean())


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The T > 0 with the lowest held-out NLL (golden-section search over log T; the NLL
    of temperature scaling is unimodal in log T)."""
    lo, hi = math.log(0.02), math.log(200.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = nll(scores, labels, math.exp(a)), nll(scores, labels, math.exp(b))
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = nll(scores, labels, math.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = nll(scores, labels, math.exp(b))
    return math.exp((lo + hi) / 2)


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    """ECE: the gap between confidence and accuracy, averaged over confidence bins."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            gap += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(gap)


@dataclass(frozen=True)
class Calibration:
    """How to read a network's scores: temperature and the unsure threshold."""

    temperature: float = 1.0
    unsure_below: float = UNSURE_BELOW
    fitted_on: str = ""  # which held-out data, for the weights file's metadata
    nll_before: float | None = None
    nll_after: float | None = None

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        return softmax(np.asarray(scores) / self.temperature).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any]) -> Calibration:
        """The calibration a weights file carries; none (T = 1) for older files. Values that
        are not sensible numbers are ignored, not trusted."""
        entry = metadata.get("calibration")
        if not isinstance(entry, dict):
            return cls()
        t, u = entry.get("temperature"), entry.get("unsure_below")
        temperature = float(t) if isinstance(t, (int, float)) else math.nan
        unsure_below = float(u) if isinstance(u, (int, float)) else math.nan
        return cls(
            temperature=temperature if 0.01 <= temperature <= 1000 else 1.0,
            unsure_below=unsure_below if 0.1 <= unsure_below < 1.0 else UNSURE_BELOW,
            fitted_on=str(entry.get("fitted_on", ""))[:200],
        )


def fit_calibration(
    scores: np.ndarray, labels: np.ndarray, fitted_on: str, unsure_below: float = UNSURE_BELOW
) -> Calibration:
    """Fit the temperature on held-out digits; `unsure_below` is then applied to
    probabilities that mean what they say."""
    temperature = fit_temperature(scores, labels)
    return Calibration(
        temperature=round(temperature, 4),
        unsure_below=unsure_below,
        fitted_on=fitted_on,
        nll_before=round(nll(scores, labels), 4),
        nll_after=round(nll(scores, labels, temperature), 4),
    )
