"""How many compute threads training should use: the cores other work leaves free.

torch starts one OpenMP thread per core and its threads wait for each other at every
operation. When another program keeps a core busy, the thread that shares that core
falls behind and the others spin waiting for it: with 2 threads on a 2-core machine and
one core busy, training ran at a third of its idle speed, while 1 thread kept three
quarters of it. So the count follows what is free, measured while training runs:

- Linux: the busy time of the cores this process may use (`/proc/stat`) minus this
  process's own CPU time is what other programs used. When training runs outside the
  main thread (the app's worker), the main thread's CPU time counts as other work too, so
  a busy GUI thread keeps its core.
- elsewhere: the 1-minute load average less this process's own threads (coarser and
  slower to react); where there is none (Windows), every core counts as free.
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass

CHECK_INTERVAL_S = 1.0  # how often a training run looks again
# a core counts as free when other work leaves at least this much of it
FREE_SHARE = 0.75
_PROC_STAT = "/proc/stat"


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def threads_for(free_cores: float, cores: int) -> int:
    """Threads for `free_cores` idle cores: one per core that is at least FREE_SHARE free."""
    return min(cores, max(1, math.floor(free_cores + (1 - FREE_SHARE))))


def _busy_seconds() -> float | None:
    """CPU seconds the usable cores have spent busy since boot (Linux), else None."""
    try:
        with open(_PROC_STAT, encoding="ascii") as f:
            lines = f.read(1 << 20).splitlines()
    except OSError:
        return None
    if hasattr(os, "sched_getaffinity"):
        mine = {f"cpu{i}" for i in os.sched_getaffinity(0)}
    else:
        mine = set()
    ticks = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if name in mine:
            # user nice system idle iowait irq softirq steal ...; idle and iowait are not busy
            values = [int(v) for v in rest.split()[:8]]
            ticks += sum(values) - values[3] - values[4]
    return ticks / os.sysconf("SC_CLK_TCK") if mine else None


def _main_thread_seconds() -> float:
    """CPU seconds of the main thread, when called from another thread (0 where unknown)."""
    main = threading.main_thread()
    if threading.current_thread() is main or main.ident is None:
        return 0.0
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(main.ident))
    except (AttributeError, OSError):
        return 0.0


@dataclass(frozen=True)
class _Reading:
    wall: float
    busy: float | None  # all work on the usable cores
    own: float  # this process, less a main thread that counts as other work


def _read() -> _Reading:
    return _Reading(
        wall=time.monotonic(),
        busy=_busy_seconds(),
        own=time.process_time() - _main_thread_seconds(),
    )


class ThreadChooser:
    """Tells a training loop how many threads to use now; ask it between batches.

    `fixed` (the user's `--threads`) is returned as it is. Otherwise the first answer comes
    once CHECK_INTERVAL_S / 4 has passed since construction (time the run spends preparing
    data counts) and later answers each CHECK_INTERVAL_S; between them `due()` is False.
    """

    def __init__(self, fixed: int | None = None) -> None:
        self.fixed = fixed
        self.cores = usable_cores()
        self.others = 0.0  # cores' worth of other work seen at the last check
        self._last = _read()
        self._next_due = self._last.wall + CHECK_INTERVAL_S / 4

    def due(self) -> bool:
        return self.fixed is None and time.monotonic() >= self._next_due

    def choose(self, running_threads: int) -> int:
        """The thread count for the coming interval; `running_threads` is what ran since
        the last call (the load-average estimate must not count them as other work)."""
        if self.fixed is not None:
            return self.fixed
        now = _read()
        self._next_due = now.wall + CHECK_INTERVAL_S
        elapsed = now.wall - self._last.wall
        if now.busy is not None and self._last.busy is not None and elapsed > 0:
            others = ((now.busy - self._last.busy) - (now.own - self._last.own)) / elapsed
        elif hasattr(os, "getloadavg"):
            others = os.getloadavg()[0] - running_threads
        else:
            others = 0.0
        self._last = now
        self.others = max(0.0, others)
        return threads_for(self.cores - self.others, self.cores)
