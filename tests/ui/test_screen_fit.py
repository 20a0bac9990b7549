"""Every window fits a 1366x768 laptop screen, and down to 1024x640 nothing is squeezed
below the size it needs to be read (the windows scroll or wrap instead).

Each screen size runs in a fresh interpreter: Qt's offscreen platform takes its screen
from a configuration file at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from lenet_gui.ui.screen_fit import FRAME, fitted_size

ROOT = Path(__file__).resolve().parents[2]

# Opens each window as the app does and prints, per window, its size and the visible
# widgets that are smaller than their minimum size hint (squeezed: overlapping or cut).
PROBE = r"""
import json, sys
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from lenet_gui.ui.app import init_application
from lenet_gui.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
init_application(app)
window = MainWindow(persist=False)
window.show()
learn = window.explore.open_learn_view()
train = window.training.open_train_dialog()

def squeezed(top):
    found = []
    for child in top.findChildren(QWidget):
        if not child.isVisibleTo(top) or child.isWindow():
            continue
        if any(isinstance(a, QAbstractScrollArea) for a in _ancestors(child, top)):
            continue  # inside a scroll area it may be as large as it likes
        need = child.minimumSizeHint()
        if need.isValid() and (child.width() < need.width() or child.height() < need.height()):
            found.append(f"{child.metaObject().className()}#{child.objectName()}")
    return found

def _ancestors(widget, top):
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()

app.processEvents()
out = {}
for name, top in (("main", window), ("learn", learn), ("train", train)):
    out[name] = {"size": [top.width(), top.height()], "squeezed": squeezed(top)}
print(json.dumps(out))
"""


def _probe(tmp_path: Path, width: int, height: int) -> dict[str, dict[str, object]]:
    config = tmp_path / "screen.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_fitted_size_shrinks_to_the_screen_but_not_below_the_minimum() -> None:
    free = QSize(1366, 728)  # a 1366x768 screen with a 40-pixel task bar
    assert fitted_size(QSize(1280, 800), free, QSize(800, 540)) == QSize(1280, 728 - FRAME.height())
    assert fitted_size(QSize(600, 400), free, QSize(300, 200)) == QSize(600, 400)
    assert fitted_size(QSize(1280, 800), QSize(700, 500), QSize(800, 540)) == QSize(800, 540)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 640)])
def test_every_window_fits_the_screen_and_nothing_is_squeezed(
    tmp_path: Path, width: int, height: int
) -> None:
    for name, seen in _probe(tmp_path, width, height).items():
        w, h = seen["size"]
        assert w + FRAME.width() <= width and h + FRAME.height() <= height, (name, w, h)
        assert seen["squeezed"] == [], name
