"""How many compute threads training uses: one per core this process may run on, and one
more for each core that other programs keep busy.

Training splits every step into slices of the batch, one per thread, each computing with
one torch thread (engine/training.py, `_Streams`): those threads meet once a step and
wait without spinning. WHY the extra slice: on a 2-core machine with one core busy, two
slices run one at full speed and one at half (sharing its core), and every step waits
for the slow one; three slices share the two cores more evenly with the other program
(benchmarks/bench_training.py, side by side: 0.56-0.61x of the idle speed instead of
0.52-0.55x; README). On an idle machine a third slice only costs (time-sharing two
cores): it is added only while `OtherLoad` measures a busy core.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC_STAT = Path("/proc/stat")
STAT_LIMIT = 1 << 20  # bytes of /proc/stat read at most (a few KB even with 256 cores)
MIN_INTERVAL_S = 0.15  # /proc/stat counts in clock ticks (10 ms): shorter spans are noise


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def slices_for(cores: int, other_load: float | None) -> int:
    """Slices of a batch for `cores` usable cores while other programs keep `other_load`
    cores busy (None: not known): one per core, plus one per busy core, at most 2 x cores."""
    busy = 0 if other_load is None else min(cores, round(other_load))
    return cores + busy


class OtherLoad:
    """How many of this process's cores other programs kept busy since the last look: the
    cores' busy time (/proc/stat, Linux) less this process's own CPU time. Elsewhere, or
    when /proc/stat cannot be read, it is not known (None)."""

    def __init__(self, stat: Path = PROC_STAT) -> None:
        self._stat = stat
        affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        self._cpus = None if affinity is None else {f"cpu{i}" for i in affinity}
        self._last = self._sample()

    def _busy_seconds(self) -> float | None:
        try:
            with self._stat.open("rb") as f:
                lines = f.read(STAT_LIMIT).decode("ascii").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        ticks, cpus = 0, 0
        for line in lines:
            name, *fields = line.split() or [""]
            if not name.startswith("cpu") or name == "cpu" or len(fields) < 8:
                continue
            if self._cpus is not None and name not in self._cpus:
                continue
            try:
                user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
            except ValueError:
                return None
            ticks += user + nice + system + irq + softirq + steal  # steal: other VMs' turn
            cpus += 1
        return ticks / os.sysconf("SC_CLK_TCK") if cpus else None

    def _sample(self) -> tuple[float, float, float] | None:
        busy = self._busy_seconds()
        return None if busy is None else (time.monotonic(), busy, time.process_time())

    def measure(self) -> float | None:
        """Cores other programs kept busy since the last call (or since this was made)."""
        now, last = self._sample(), self._last
        if now is None or last is None:
            self._last = now
            return None
        if now[0] - last[0] < MIN_INTERVAL_S:  # too short to tell from clock ticks
            return None
        self._last = now
        others = (now[1] - last[1]) - (now[2] - last[2])
        return max(0.0, others / (now[0] - last[0]))
