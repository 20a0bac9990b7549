"""Shared fixtures. Qt runs offscreen so the suite needs no display (CI has none)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from lenet_gui.paths import shared_mnist_dir


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The official MNIST files in ../shared; tests that need real data skip without them."""
    folder = shared_mnist_dir()
    if folder is None:
        pytest.skip("real MNIST not available: ../shared/datasets/mnist is absent")
    return folder


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test away from the real per-user cache/data/settings folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
