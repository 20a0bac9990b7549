"""The remembered-results store: bounded by bytes, the least recently used dropped first."""

from __future__ import annotations

import numpy as np

from lenet_gui.engine.memo import Memo, nbytes


def test_the_least_recently_used_go_first_once_over_the_limit():
    memo: Memo[str] = Memo(limit=30)
    for key in "abc":
        memo.put(key, key.upper(), 10)
    assert memo.get("a") == "A"  # now the most recently used
    memo.put("d", "D", 10)
    assert memo.get("b") is None  # the least recently used went
    assert [memo.get(k) for k in "acd"] == ["A", "C", "D"]
    assert memo.bytes == 30 and len(memo) == 3


def test_nothing_bigger_than_the_limit_is_kept_and_nothing_twice():
    memo: Memo[int] = Memo(limit=30)
    memo.put("big", 1, 31)
    memo.put("a", 1, 10)
    memo.put("a", 2, 10)  # already there: kept as it was
    assert memo.get("big") is None and memo.get("a") == 1 and memo.bytes == 10


def test_nbytes_counts_arrays_and_skips_none():
    assert nbytes(np.zeros(4, np.float32), None, np.zeros((2, 3), np.uint8)) == 22
