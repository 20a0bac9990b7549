"""The user's handwriting samples: stored, listed, deleted, reloaded after a restart, and
never lost or crashed on by a damaged or half-written file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lenet_gui.engine import samples as samples_module
from lenet_gui.engine.samples import SamplesError, SampleStore, default_samples_dir
from lenet_gui.paths import user_data_dir


def _digit(value: int = 255, column: int = 14) -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[4:24, column - 2 : column + 2] = value
    return image


def test_added_samples_survive_a_restart(tmp_path: Path) -> None:
    store = SampleStore(tmp_path / "samples")
    first = store.add(_digit(column=10), 1)
    second = store.add(_digit(column=18).astype(np.float32) / 255.0, 7)  # floats: 1.0 = ink
    again = SampleStore(tmp_path / "samples")  # a new process would do just this
    assert [(s.id, s.label) for s in again.list()] == [(first, 1), (second, 7)]
    loaded = again.load_all()
    assert loaded.ids == [first, second]
    assert loaded.images.dtype == np.uint8 and loaded.images.shape == (2, 28, 28)
    np.testing.assert_array_equal(loaded.images[0], _digit(column=10))
    np.testing.assert_array_equal(loaded.images[1], _digit(column=18))
    np.testing.assert_array_equal(loaded.labels, [1, 7])
    assert loaded.skipped == []


def test_the_default_folder_is_per_user() -> None:
    assert default_samples_dir() == user_data_dir() / "samples"
    assert SampleStore().folder == default_samples_dir()


def test_delete(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    keep, drop = store.add(_digit(), 3), store.add(_digit(), 4)
    assert store.delete(drop)
    assert not store.delete(drop)  # already gone
    assert not store.delete("../../etc/passwd")
    assert [s.id for s in store.list()] == [keep]
    assert store.count() == 1


def test_an_empty_or_missing_folder_has_no_samples(tmp_path: Path) -> None:
    store = SampleStore(tmp_path / "never-created")
    assert store.list() == [] and store.count() == 0
    loaded = store.load_all()
    assert len(loaded) == 0 and loaded.images.shape == (0, 28, 28)
    assert not (tmp_path / "never-created").exists()


@pytest.mark.parametrize(
    ("digit", "label", "message"),
    [
        (_digit(), 10, "0-9"),
        (_digit(), -1, "0-9"),
        (_digit(), True, "0-9"),
        (_digit(), "7", "0-9"),
        (np.zeros((28, 28), np.uint8), 1, "empty"),
        (np.ones((32, 32), np.float32), 1, "28x28"),
        (np.full((28, 28), np.nan, np.float32), 1, "NaN"),
    ],
)
def test_bad_samples_are_refused(tmp_path: Path, digit, label, message: str) -> None:
    store = SampleStore(tmp_path)
    with pytest.raises(ValueError, match=message):
        store.add(digit, label)
    assert list(tmp_path.iterdir()) == []


def test_damaged_and_foreign_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    good = store.add(_digit(), 5)
    broken = store.add(_digit(), 6)
    path = next(s.path for s in store.list() if s.id == broken)
    path.write_bytes(path.read_bytes()[:30])  # truncated by a crash of some other program
    Image.new("L", (40, 40)).save(tmp_path / "20250101T000000000000-abcd_2.png")
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / ".20250101T000000000000-abcd_3.png.x1.tmp").write_bytes(b"half")  # a write
    loaded = store.load_all()
    assert loaded.ids == [good]
    assert len(loaded.skipped) == 3
    text = "\n".join(loaded.skipped)
    assert path.name in text and "unreadable" in text
    assert "40x40" in text and "notes.txt" in text
    assert ".tmp" not in text  # interrupted writes are not the user's business


def test_a_failed_write_leaves_no_sample_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PNG is written to a temporary name and renamed only when complete."""
    store = SampleStore(tmp_path)
    store.add(_digit(), 1)

    def disk_full(self: Image.Image, fp, *args, **kwargs) -> None:
        Path(fp).write_bytes(b"\x89PNG half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(samples_module.Image.Image, "save", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.add(_digit(), 2)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.list()[0].path.name]
    loaded = store.load_all()
    assert loaded.labels.tolist() == [1] and loaded.skipped == []


def test_ids_are_unique_and_in_order(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    ids = [store.add(_digit(), i % 10) for i in range(30)]
    assert len(set(ids)) == 30
    assert [s.id for s in store.list()] == sorted(ids)


def test_samples_import_neither_qt_nor_torch() -> None:
    code = (
        "import sys, lenet_gui.engine.samples\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'shiboken6', 'torch'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_foreign_file_in_the_folder_is_read_as_a_raster_image_only(tmp_path: Path) -> None:
    """PostScript renamed to a sample's name is skipped, never handed to Ghostscript."""
    store = SampleStore(tmp_path)
    good = store.add(_digit(), 4)
    marker = tmp_path / "ran"
    script = f"%!PS\n/f ({marker}) (w) file def f (x) writestring f closefile\n{{ }} loop\n"
    (tmp_path / "20250101T000000000000-abcd_7.png").write_text(script)
    loaded = store.load_all()
    assert loaded.ids == [good]
    assert loaded.skipped == [
        "20250101T000000000000-abcd_7.png: unreadable image "
        "(not an image file (cannot identify image file)) (skipped)"
    ]
    assert not marker.exists()


def test_an_unreadable_folder_gives_one_error_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SampleStore(tmp_path / "samples")
    store.add(_digit(), 3)
    listing = Path.iterdir

    def refuse(path: Path):  # what a folder without read permission does (even as root)
        if path == store.folder:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(Path, "iterdir", refuse)
    expected = f"{store.folder}: cannot read the folder (Permission denied)"
    for call in (store.list, store.count):
        with pytest.raises(SamplesError) as info:
            call()
        assert str(info.value) == expected
    loaded = store.load_all()
    assert len(loaded) == 0 and loaded.skipped == [expected]


def test_leftovers_of_killed_writes_are_removed_by_the_next_add(
    tmp_path: Path, dead_pid: str
) -> None:
    store = SampleStore(tmp_path)
    first = store.add(_digit(), 1)
    # a write killed halfway (its process is gone) and one still running in this process
    dead = dead_pid
    stale = tmp_path / f".20250101T000000000000-abcd_3.png.{dead}.x1y2.tmp"
    live = tmp_path / f".20250101T000000000000-abcd_4.png.{os.getpid()}.z3.tmp"
    for path in (stale, live):
        path.write_bytes(b"\x89PNG half")
    second = store.add(_digit(), 2)
    assert not stale.exists() and live.exists()
    assert [s.id for s in store.list()] == [first, second]
