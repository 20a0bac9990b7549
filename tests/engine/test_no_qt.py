"""The engine and the CLI's non-GUI commands never import Qt (as napari keeps components/)."""

from __future__ import annotations

import subprocess
import sys

ENGINE_MODULES = [
    "lenet_gui.engine.architecture",
    "lenet_gui.engine.atomic",
    "lenet_gui.engine.augment",
    "lenet_gui.engine.checkpoint",
    "lenet_gui.engine.errors",
    "lenet_gui.engine.evaluation",
    "lenet_gui.engine.inference",
    "lenet_gui.engine.mnist",
    "lenet_gui.engine.models",
    "lenet_gui.engine.preprocess",
    "lenet_gui.engine.recognizer",
    "lenet_gui.engine.saliency",
    "lenet_gui.engine.samples",
    "lenet_gui.engine.training",
    "lenet_gui.engine.weights",
    "lenet_gui.cli",
    "lenet_gui.paths",
]


def test_engine_imports_no_qt():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in ENGINE_MODULES)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        + "print(','.join(bad))\n"
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
