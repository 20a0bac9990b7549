"""What the import contracts cannot see: which modules load at run time.

That the engine never imports Qt (nor the UI or the CLI) is an import-linter contract in
pyproject.toml, checked by `make test` for every engine module, new ones included. The
CLI does import the UI, for the app, but only inside that command: its other commands
and `--help` must come up without Qt. Preprocessing must come up without torch.
"""

from __future__ import annotations

import subprocess
import sys


def test_the_command_line_loads_without_qt():
    code = (
        "import sys, lenet_gui.cli, lenet_gui.paths\n"
        "lenet_gui.cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_preprocessing_imports_no_torch():
    """Preprocessing stays numpy/Pillow only, so the GUI can use it before torch has loaded."""
    code = (
        "import sys, lenet_gui.engine.preprocess, lenet_gui.engine.mnist\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
