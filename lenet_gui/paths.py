"""Where the app's files are: bundled data, per-user cache and data folders.

Bundled folders (`weights/`, `resources/`) sit at the repository root in a checkout and
inside the package in an installed wheel (pyproject's force-include); nothing here
depends on the current working directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
APP_NAME = "lenet-gui"


def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ("weights" or "resources"), installed or in a checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_weights(arch: str = "modern") -> Path:
    """The trained weights file shipped with the app for architecture `arch`."""
    return bundled_dir("weights") / f"lenet5-{arch}.pt"


def bundled_sdnn() -> Path:
    """The bundled network trained on windows of written numbers (engine/sdnn.py)."""
    return bundled_dir("weights") / "lenet5-sdnn.pt"


def shared_dataset_dir(name: str) -> Path | None:
    """`../shared/datasets/<name>` beside a source checkout, where it exists (developers, CI)."""
    candidate = _PACKAGE_DIR.parent.parent / "shared" / "datasets" / name
    return candidate if candidate.is_dir() else None


def shared_mnist_dir() -> Path | None:
    return shared_dataset_dir("mnist")


def shared_pendigits_dir() -> Path | None:
    return shared_dataset_dir("pendigits")


def _platform_dir(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME / ("Cache" if kind == "cache" else "Data")
    if sys.platform == "darwin":
        sub = "Caches" if kind == "cache" else "Application Support"
        return home / "Library" / sub / APP_NAME
    env, default = (
        ("XDG_CACHE_HOME", home / ".cache")
        if kind == "cache"
        else ("XDG_DATA_HOME", home / ".local" / "share")
    )
    return Path(os.environ.get(env) or default) / APP_NAME


def user_cache_dir() -> Path:
    """Per-user cache (downloaded MNIST). Not created here."""
    return _platform_dir("cache")


def user_data_dir() -> Path:
    """Per-user data (the user's own handwriting samples, trained models). Not created here."""
    return _platform_dir("data")


def my_network_file() -> Path:
    """The user's own network, adapted to their handwriting ("My LeNet-5"). Not created here."""
    return user_data_dir() / "my-lenet5.pt"
