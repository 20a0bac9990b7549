"""Shared fixtures. Qt runs offscreen so the suite needs no display (CI has none)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
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


@pytest.fixture
def dead_pid() -> str:
    """The process id of a process that has ended: a writer killed halfway, say."""
    return subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture
def run_measured():
    """Run Python `code` in a fresh interpreter; return (its stdout, its peak memory in MB).

    Peak memory is only measurable per process, so what must stay bounded is run on its
    own. Linux: VmHWM (ru_maxrss would include the forking pytest's own memory); elsewhere
    ru_maxrss. Fails the test on a non-zero exit or after `timeout` seconds.
    """
    import subprocess
    import sys
    import textwrap

    pytest.importorskip("resource")  # POSIX only

    def run(code: str, timeout: float = 60) -> tuple[str, float]:
        script = textwrap.dedent(code) + textwrap.dedent(
            """
            import resource as _resource, sys as _sys
            try:
                with open("/proc/self/status") as _status:
                    _hwm = [l for l in _status if l.startswith("VmHWM:")][0]
                print(int(_hwm.split()[1]) / 1024)
            except OSError:
                _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
                print(_peak / (1 << 20 if _sys.platform == "darwin" else 1 << 10))
            """
        )
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout
        )
        assert proc.returncode == 0, proc.stderr
        *lines, peak = proc.stdout.splitlines()
        return "\n".join(lines), float(peak)

    return run
