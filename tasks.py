"""Set-up and everyday commands that work the same on Windows, macOS and Linux, needing only
Python (3.10 or newer); `make run` / `make test` call this too.

    python tasks.py run     # install everything into .venv/ (once) and open the app
    python tasks.py test    # install everything into .venv/ (once) and run the whole test suite
    python tasks.py lint    # the house's rules only: ruff, import-linter, mypy

The first run creates .venv/, installs the CPU build of PyTorch (no multi-GB CUDA build)
and then the project with its test tools; later runs reinstall only when pyproject.toml
has changed. Only the standard library is used here: this runs before anything is
installed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TORCH_VERSION = "2.13.0"
# PyTorch's own index of CPU-only builds. PyPI's torch for Linux is the CUDA build (GBs of
# GPU libraries nobody here needs); for Windows and macOS it is CPU-only already, but the
# +cpu build from this index is the same on Windows, so Linux and Windows share one rule.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


@dataclass(frozen=True)
class Venv:
    """Where a virtual environment keeps its programs: Scripts\\ with .exe on Windows,
    bin/ elsewhere."""

    root: Path
    platform: str  # sys.platform: "win32", "darwin", "linux"

    @property
    def scripts(self) -> Path:
        return self.root / ("Scripts" if self.platform == "win32" else "bin")

    def program(self, name: str) -> Path:
        return self.scripts / (f"{name}.exe" if self.platform == "win32" else name)

    @property
    def python(self) -> Path:
        return self.program("python")

    @property
    def stamp(self) -> Path:
        """Written after a complete install; older than pyproject.toml means reinstall."""
        return self.scripts / ".installed"


def torch_installs(platform: str) -> list[list[str]]:
    """`pip install` arguments for the CPU build of torch on `platform`, to try in order.

    On Linux and Windows the +cpu build: first from where pip is already configured to
    look (a company mirror or wheel folder may have it; PyPI has not, and says so at
    once), then from PyPI with PyTorch's CPU index added. macOS has only one build (CPU,
    plus the Apple GPU), on PyPI.
    """
    if platform == "darwin":
        return [[f"torch=={TORCH_VERSION}"]]
    cpu = f"torch=={TORCH_VERSION}+cpu"
    return [[cpu], [cpu, "--extra-index-url", CPU_INDEX]]


def needs_install(env: Venv, pyproject: Path) -> bool:
    return not (
        env.python.is_file()
        and env.stamp.is_file()
        and env.stamp.stat().st_mtime >= pyproject.stat().st_mtime
    )


def _run(args: list[str | Path], *, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def install(env: Venv) -> None:
    """Create the venv and install torch (CPU), the project and its test tools into it."""
    if not env.python.is_file():
        print(f"Creating {env.root}", flush=True)
        venv.EnvBuilder(with_pip=True).create(env.root)
    pip: list[str | Path] = [env.python, "-m", "pip", "install", "--quiet"]
    _run([*pip, "--upgrade", "pip"])
    for i, attempt in enumerate(torch_installs(env.platform)):
        if i:
            print("(no PyTorch wheel where pip looks first; trying the next source)", flush=True)
        if _run([*pip, *attempt], check=False) == 0:
            break
    else:
        raise SystemExit("Could not install PyTorch (see pip's messages above).")
    _run([*pip, "-e", ".[dev]"])
    env.stamp.touch()


def commands(task: str, env: Venv) -> list[list[str | Path]]:
    """What each task runs, inside the venv. `test` is what CI runs: the house's rules
    first (seconds), then the tests. ruff: lint and format; import-linter: the contracts
    in pyproject.toml (the engine has no Qt, layers cli > ui > engine, no import cycles);
    mypy: types, strict on the engine."""
    lint: list[list[str | Path]] = [
        [env.program("ruff"), "check", "."],
        [env.program("ruff"), "format", "--check", "."],
        [env.program("lint-imports")],
        [env.program("mypy")],
    ]
    return {
        "run": [[env.program("lenet-gui")]],
        "test": [*lint, [env.python, "-m", "pytest"]],
        "lint": lint,
    }[task]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=("run", "test", "lint"))
    args = parser.parse_args(argv)
    env = Venv(Path(os.environ.get("VENV", VENV)), sys.platform)
    if needs_install(env, ROOT / "pyproject.toml"):
        install(env)
    for command in commands(args.task, env):
        code = _run(command, check=False)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
