"""The thread count training uses: one per core this process may run on, one more per core
that other programs keep busy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lenet_gui.engine import threads
from lenet_gui.engine.threads import OtherLoad, slices_for, usable_cores


def test_one_thread_per_core_this_process_may_use():
    cores = usable_cores()
    assert 1 <= cores <= (os.cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        assert cores == len(os.sched_getaffinity(0))


def test_a_slice_more_per_busy_core_at_most_twice_the_cores():
    assert slices_for(2, None) == 2
    assert slices_for(2, 0.3) == 2  # noise, or a little background work
    assert slices_for(2, 0.7) == 3  # one core busy (it gets only part of it then)
    assert slices_for(2, 1.8) == 4
    assert slices_for(2, 9.0) == 4
    assert slices_for(1, 1.0) == 2


class _Clocks:
    """Wall and process CPU clocks the test moves by hand."""

    def __init__(self) -> None:
        self.wall, self.cpu = 100.0, 5.0

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(threads.time, "monotonic", lambda: self.wall)
        monkeypatch.setattr(threads.time, "process_time", lambda: self.cpu)


def _write_stat(path: Path, busy_ticks: list[int]) -> None:
    """A /proc/stat with these busy ticks (user) per cpu; everything else idle."""
    lines = [f"cpu  {sum(busy_ticks)} 0 0 999 0 0 0 0 0 0"]
    lines += [f"cpu{i} {t} 0 0 999 0 0 0 0 0 0" for i, t in enumerate(busy_ticks)]
    path.write_text("\n".join([*lines, "intr 1 2 3", "ctxt 5"]) + "\n", encoding="ascii")


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="per-cpu lines need affinity")
def test_other_load_is_the_cores_busy_time_less_this_process_own(tmp_path, monkeypatch):
    clocks = _Clocks()
    clocks.install(monkeypatch)
    cpus = sorted(os.sched_getaffinity(0))
    stat = tmp_path / "stat"
    ticks = [0] * (max(cpus) + 1)
    _write_stat(stat, ticks)
    load = OtherLoad(stat)
    hz = os.sysconf("SC_CLK_TCK")
    # one second: this process used 1.0 s of CPU, the cores were busy 1.75 s in all
    clocks.wall += 1.0
    clocks.cpu += 1.0
    ticks[cpus[0]] += round(1.75 * hz)
    _write_stat(stat, ticks)
    assert load.measure() == pytest.approx(0.75, abs=0.02)
    clocks.wall += 0.01  # too short a span to tell: no answer, and it keeps counting
    assert load.measure() is None
    clocks.wall += 1.0
    clocks.cpu += 1.0
    ticks[cpus[0]] += round(1.0 * hz)
    _write_stat(stat, ticks)
    assert load.measure() == pytest.approx(0.0, abs=0.02)


def test_other_load_is_unknown_without_a_readable_proc_stat(tmp_path):
    assert OtherLoad(tmp_path / "missing").measure() is None
    broken = tmp_path / "stat"
    broken.write_bytes(b"cpu0 x y z 1 2 3 4 5\n")
    assert OtherLoad(broken).measure() is None
