"""The wheel carries the bundled weights and resources, and an installed copy finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (dev extra) builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("lenet_gui-*.whl")
    return path


# What an installed copy cannot work without, named here (not globbed from the source
# tree, which would pass with an empty weights/ folder).
BUNDLED_FILES = [
    "lenet_gui/weights/lenet5-modern.pt",
    "lenet_gui/weights/lenet5-classic.pt",
    "lenet_gui/weights/lenet5-sdnn.pt",
    "lenet_gui/resources/translations/lenet_gui_zh_CN.qm",
    "lenet_gui/resources/icons/lenet-gui.svg",
]


def test_wheel_contains_weights_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in BUNDLED_FILES if name not in names] == []
    for source in (ROOT / "lenet_gui").rglob("*.py"):  # every module of the package
        assert source.relative_to(ROOT).as_posix() in names
    assert not any("__pycache__" in name for name in names)


def test_installed_copy_uses_its_own_files(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r})\n"
        "from lenet_gui.paths import bundled_dir, bundled_weights\n"
        "print(bundled_weights()); print(bundled_dir('resources'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in out)
    assert Path(out[1], "translations", "lenet_gui_zh_CN.qm").is_file()
