"""The thread count training uses by default: the cores this process may run on."""

from __future__ import annotations

import os

from lenet_gui.engine.threads import usable_cores


def test_one_thread_per_core_this_process_may_use():
    cores = usable_cores()
    assert 1 <= cores <= (os.cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        assert cores == len(os.sched_getaffinity(0))
