"""LatestOnly: one job at a time in its own thread, for the latest request only."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from lenet_gui.ui.latest_only import LatestOnly

GATE_TIMEOUT_S = 20.0


class _Jobs:
    """Jobs that record the thread they ran in; the first waits for the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.ran: list[tuple[str, int]] = []

    def job(self, name: str, held: bool = False):
        def run() -> str:
            self.ran.append((name, threading.get_ident()))
            if held and not self.gate.wait(GATE_TIMEOUT_S):
                raise TimeoutError("the test never opened the gate")
            return name

        return run


def _runner(qtbot: QtBot) -> tuple[LatestOnly, list[object], list[object]]:
    runner = LatestOnly("test-jobs")
    ready: list[object] = []
    failed: list[object] = []
    runner.ready.connect(ready.append)
    runner.failed.connect(failed.append)
    return runner, ready, failed


def test_a_job_runs_off_the_gui_thread_and_reports_on_it(qtbot: QtBot) -> None:
    runner, ready, _ = _runner(qtbot)
    jobs = _Jobs()
    with qtbot.waitSignal(runner.ready, timeout=5_000) as signal:
        runner.request(jobs.job("a"))
    assert signal.args == ["a"] and ready == ["a"]
    assert jobs.ran[0][1] != threading.get_ident()
    qtbot.waitUntil(lambda: not runner.is_busy())
    runner.shutdown()


def test_requests_meanwhile_replace_each_other_and_only_the_latest_reports(
    qtbot: QtBot,
) -> None:
    runner, ready, _ = _runner(qtbot)
    jobs = _Jobs()
    runner.request(jobs.job("first", held=True))
    qtbot.waitUntil(lambda: len(jobs.ran) == 1)
    for name in ("second", "third", "fourth"):
        runner.request(jobs.job(name))
    jobs.gate.set()
    qtbot.waitUntil(lambda: ready == ["fourth"], timeout=5_000)
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert [name for name, _ in jobs.ran] == ["first", "fourth"]  # no backlog worked through
    assert ready == ["fourth"]  # "first" was no longer the latest: its result is dropped
    runner.shutdown()


def test_cancel_drops_the_running_jobs_result(qtbot: QtBot) -> None:
    runner, ready, _ = _runner(qtbot)
    jobs = _Jobs()
    runner.request(jobs.job("gone", held=True))
    qtbot.waitUntil(lambda: len(jobs.ran) == 1)
    runner.cancel()
    jobs.gate.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5_000)
    thread = runner.findChild(QThread, "test-jobs")
    qtbot.waitUntil(lambda: not thread.isRunning())  # idle again: the thread has stopped
    assert ready == []
    runner.shutdown()


def test_a_failing_job_reports_its_exception(qtbot: QtBot) -> None:
    runner, ready, failed = _runner(qtbot)

    def broken() -> object:
        raise ValueError("no ink")

    with qtbot.waitSignal(runner.failed, timeout=5_000):
        runner.request(broken)
    assert ready == [] and isinstance(failed[0], ValueError) and str(failed[0]) == "no ink"
    runner.shutdown()


def test_after_shutdown_nothing_starts(qtbot: QtBot) -> None:
    runner, ready, _ = _runner(qtbot)
    jobs = _Jobs()
    runner.shutdown()
    runner.request(jobs.job("late"))
    thread = runner.findChild(QThread, "test-jobs")
    assert thread is not None and not thread.isRunning()
    assert not runner.is_busy() and jobs.ran == [] and ready == []
