"""A small remembered-results store, bounded by the bytes it keeps (no Qt, no torch).

While a number is written, every mouse move reads the whole drawing again, yet the digits
the pen does not touch are the same pixels each time: the recogniser remembers what it
found for them (engine/recognizer.py, engine/segment.py) instead of working it out again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

import numpy as np

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, the least recently used dropped first once the sizes given with them
    add up to more than `limit` bytes. Safe to use from several threads (the GUI's and the
    reader's)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        """Keep `value` (which with its key takes about `size` bytes); nothing bigger than
        the whole limit is kept."""
        with self._lock:
            if key in self._entries or size > self.limit:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.limit:
                _, (_, freed) = self._entries.popitem(last=False)
                self._bytes -= freed

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes


def nbytes(*arrays: np.ndarray | None) -> int:
    """The bytes of these arrays (None counts nothing): the size of what a memo keeps."""
    return sum(a.nbytes for a in arrays if a is not None)
