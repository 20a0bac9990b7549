"""tasks.py, the cross-platform set-up script: venv layout and torch build per platform,
when it reinstalls, and a task run end to end in a prepared venv (no install)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

import tasks


@pytest.mark.parametrize(
    ("platform", "python", "ruff"),
    [
        ("win32", "Scripts/python.exe", "Scripts/ruff.exe"),
        ("linux", "bin/python", "bin/ruff"),
        ("darwin", "bin/python", "bin/ruff"),
    ],
)
def test_venv_layout_follows_the_platform(platform: str, python: str, ruff: str) -> None:
    env = tasks.Venv(Path("venv"), platform)
    assert env.python == Path("venv", python)
    assert env.program("ruff") == Path("venv", ruff)
    assert env.stamp.parent == env.python.parent


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_linux_and_windows_get_the_cpu_build_local_wheels_first(platform: str) -> None:
    local, remote = tasks.torch_installs(platform)
    assert local == [f"torch=={tasks.TORCH_VERSION}+cpu"]
    assert remote == [f"torch=={tasks.TORCH_VERSION}+cpu", "--extra-index-url", tasks.CPU_INDEX]


def test_macos_gets_the_pypi_build() -> None:
    assert tasks.torch_installs("darwin") == [[f"torch=={tasks.TORCH_VERSION}"]]


def test_reinstalls_only_when_pyproject_is_newer_than_the_stamp(tmp_path: Path) -> None:
    env = tasks.Venv(tmp_path / "venv", "linux")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("")
    assert tasks.needs_install(env, pyproject)  # no venv
    env.scripts.mkdir(parents=True)
    env.python.write_text("")
    assert tasks.needs_install(env, pyproject)  # no stamp: an install was interrupted
    env.stamp.write_text("")
    os.utime(pyproject, (1, 1))
    assert not tasks.needs_install(env, pyproject)
    os.utime(pyproject, None)
    os.utime(env.stamp, (1, 1))
    assert tasks.needs_install(env, pyproject)


@pytest.mark.skipif(sys.platform == "win32", reason="the fake programs are shell scripts")
def test_a_task_runs_its_commands_in_the_venv_and_passes_failure_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tasks.Venv(tmp_path / "venv", sys.platform)
    env.scripts.mkdir(parents=True)
    log = tmp_path / "log"
    for name in ("python", "ruff", "lint-imports", "mypy"):
        program = env.program(name)
        program.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit ${{FAIL:-0}}\n')
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    env.stamp.write_text("")
    monkeypatch.setenv("VENV", str(env.root))
    lint = ["ruff check .", "ruff format --check .", "lint-imports ", "mypy "]
    assert tasks.main(["test"]) == 0
    assert log.read_text().splitlines() == [*lint, "python -m pytest"]  # what CI runs
    log.unlink()
    monkeypatch.setenv("FAIL", "3")
    assert tasks.main(["lint"]) == 3
    assert log.read_text().splitlines() == ["ruff check ."]  # the first failure stops it
