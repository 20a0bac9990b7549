"""How many compute threads training uses: one per core this process may run on.

Training splits every step into slices of the batch, one per thread, each computing with
one torch thread (engine/training.py, `_Streams`): those threads meet once a step and
wait without spinning, so a core that another program keeps busy slows the run without
making it collapse, and the count need not follow what other programs do.
"""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
