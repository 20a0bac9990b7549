"""Thread choice: a core counts as free only when other work leaves most of it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lenet_gui.engine.threads import ThreadChooser, threads_for, usable_cores

linux_only = pytest.mark.skipif(
    not Path("/proc/stat").exists(), reason="measures other programs' CPU time from /proc/stat"
)


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_one_thread_per_mostly_free_core():
    assert threads_for(2.0, cores=2) == 2
    assert threads_for(1.8, cores=2) == 2
    assert threads_for(1.3, cores=2) == 1  # a core a third busy: its thread would hold all up
    assert threads_for(0.0, cores=2) == 1  # never none
    assert threads_for(7.9, cores=4) == 4


def test_a_fixed_count_is_kept_and_never_rechecked():
    chooser = ThreadChooser(fixed=3)
    assert not chooser.due()
    assert chooser.choose(running_threads=3) == 3
    assert 1 <= ThreadChooser().cores == usable_cores()


@linux_only
def test_another_program_on_a_core_counts_as_busy():
    chooser = ThreadChooser()
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1.0)
        chooser.choose(running_threads=1)
    finally:
        spinner.kill()
        spinner.wait()
    assert chooser.others >= 0.7  # the spinner's core (or more, on a machine busier still)


@linux_only
def test_from_a_worker_thread_the_main_threads_work_counts_as_busy():
    """In the app, training runs in a worker: a busy GUI thread must keep its core. The
    same window measured from the main thread (whose work is its own) is the reference,
    so other load on the machine cancels out: the two differ by the main thread's share."""
    in_worker: list[ThreadChooser] = []
    started, done = threading.Event(), threading.Event()

    def worker() -> None:
        in_worker.append(ThreadChooser())
        started.set()
        done.wait()
        in_worker[0].choose(running_threads=1)

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait()
    in_main = ThreadChooser()
    cpu, wall = time.thread_time(), time.monotonic()
    _spin(1.0)  # the "GUI thread" (this test's main thread) is busy
    share = (time.thread_time() - cpu) / (time.monotonic() - wall)  # < 1 on a busy machine
    done.set()
    thread.join()
    in_main.choose(running_threads=1)
    assert in_worker[0].others - in_main.others == pytest.approx(share, abs=0.15)
