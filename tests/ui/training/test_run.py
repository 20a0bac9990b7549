"""The run controller: one training and one download at a time, always joined."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from lenet_gui.ui.training.run import RunController
from lenet_gui.ui.training.worker import TrainingFailure, TrainingJob


def test_a_run_reports_through_the_controller_and_its_thread_is_joined(
    qtbot: QtBot, tmp_path: Path
) -> None:
    runs = RunController()
    failures: list[TrainingFailure] = []
    runs.failed.connect(failures.append)
    with qtbot.waitSignal(runs.training_ended, timeout=60_000):
        assert runs.start_training(TrainingJob(data_dir=tmp_path))  # no MNIST there
        assert runs.is_training() and runs.worker() is not None
        assert not runs.start_training(TrainingJob(data_dir=tmp_path))  # one at a time
        assert not runs.start_download(tmp_path, ())  # nor a download meanwhile
    assert [f.kind for f in failures] == ["data"]
    assert not runs.is_training() and runs.worker() is None and runs.training_thread() is None


def test_stop_and_wait_joins_a_download_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    runs = RunController()
    ended: list[bool] = []
    runs.download_ended.connect(lambda: ended.append(True))
    assert runs.start_download(tmp_path / "mnist", ("http://127.0.0.1:9/",))
    runs.stop_and_wait()
    assert not runs.is_downloading() and ended == [True]
    runs.stop_and_wait()  # nothing left: nothing happens
    assert ended == [True]
