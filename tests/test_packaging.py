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


def test_wheel_contains_weights_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for bundled in (ROOT / "weights").glob("*.pt"):
        assert f"lenet_gui/weights/{bundled.name}" in names
    assert "lenet_gui/resources/translations/lenet_gui_zh_CN.qm" in names
    assert "lenet_gui/resources/icons/lenet-gui.svg" in names
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
