"""Atomic writes keep what is there: symlinks are written through, odd targets refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lenet_gui.engine.atomic import atomic_write_bytes, remove_stale_temps, writable_target
from lenet_gui.engine.files import NotRegularFile


def test_a_symlink_is_written_through_and_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "models" / "best.pt"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "current.pt"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["best.pt"]  # no temp file left


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pt"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as info:
        atomic_write_bytes(fifo, b"data")
    assert info.value.strerror == "a named pipe"
    assert fifo.is_fifo() and [p.name for p in tmp_path.iterdir()] == ["out.pt"]


def test_a_device_is_refused_even_through_a_symlink(tmp_path: Path) -> None:
    """As root, `--out /dev/full` used to turn the device into a regular file."""
    link = tmp_path / "weights.pt"
    link.symlink_to(os.devnull)
    for target in (Path(os.devnull), link):
        with pytest.raises(OSError) as info:
            writable_target(target)
        assert info.value.strerror == "a device"
    assert Path(os.devnull).is_char_device()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile) as info:
        atomic_write_bytes(tmp_path, b"data")
    assert info.value.kind == "a folder" and info.value.strerror == "a folder"


def test_a_new_name_in_a_folder_to_be_created_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "file.bin"
    assert writable_target(target) == target.resolve()
    atomic_write_bytes(target, b"x")
    assert target.read_bytes() == b"x"


def test_a_file_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(NotADirectoryError):
        writable_target(tmp_path / "plain" / "file.bin")


def test_only_leftovers_of_dead_writers_are_removed(tmp_path: Path, dead_pid: str) -> None:
    dead = dead_pid
    stale = tmp_path / f".model.pt.{dead}.abc123.tmp"
    running = tmp_path / f".model.pt.{os.getpid()}.def456.tmp"
    other = tmp_path / f".other.pt.{dead}.abc123.tmp"
    for path in (stale, running, other):
        path.write_bytes(b"half")
    atomic_write_bytes(tmp_path / "model.pt", b"whole")
    assert not stale.exists() and running.exists() and other.exists()
    remove_stale_temps(tmp_path)
    assert not other.exists() and running.exists()
