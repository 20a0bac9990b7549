"""Temperature scaling: confidence that means what it says."""

from __future__ import annotations

import numpy as np

from lenet_gui.engine.calibration import (
    UNSURE_BELOW,
    Calibration,
    expected_calibration_error,
    fit_calibration,
    nll,
    softmax,
)


def _overconfident(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores of a network right 80 % of the time but with huge margins."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(10, size=n)
    guess = np.where(rng.random(n) < 0.8, labels, rng.integers(10, size=n))
    scores = rng.normal(0, 1, (n, 10))
    scores[np.arange(n), guess] += 12.0
    return scores, labels


def test_fitted_temperature_lowers_held_out_nll_and_ece():
    scores, labels = _overconfident(3000, 0)
    cal = fit_calibration(scores, labels, "synthetic")
    assert cal.temperature > 1.5  # over-confident scores are softened
    held_scores, held_labels = _overconfident(3000, 1)
    assert nll(held_scores, held_labels, cal.temperature) < nll(held_scores, held_labels) - 0.5
    before = expected_calibration_error(softmax(held_scores), held_labels)
    after = expected_calibration_error(cal.probabilities(held_scores), held_labels)
    assert after < before / 2
    assert cal.unsure_below == UNSURE_BELOW
    assert fit_calibration(scores, labels, "synthetic", unsure_below=0.75).unsure_below == 0.75


def test_temperature_never_changes_the_winner():
    scores, _ = _overconfident(200, 2)
    cal = Calibration(temperature=7.0)
    assert np.array_equal(cal.probabilities(scores).argmax(1), scores.argmax(1))


def test_metadata_round_trip_and_untrusted_values():
    cal = Calibration(temperature=2.5, unsure_below=0.7, fitted_on="x")
    assert Calibration.from_metadata({"calibration": cal.to_dict()}) == Calibration(2.5, 0.7, "x")
    assert Calibration.from_metadata({}) == Calibration()
    odd = {"calibration": {"temperature": float("nan"), "unsure_below": "high"}}
    assert Calibration.from_metadata(odd) == Calibration()


def test_probabilities_are_a_stable_softmax():
    probs = Calibration().probabilities(np.array([1000.0, 0.0, -1000.0], np.float32))
    assert probs.dtype == np.float32
    np.testing.assert_allclose(probs, [1.0, 0.0, 0.0], atol=1e-6)
