"""Start-up: no torch before the window is up, and the --screenshot mode end to end.

The screenshot runs are real processes (`python -m lenet_gui.ui.app`), with no
QT_QPA_PLATFORM set: run_app must choose the offscreen platform itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from lenet_gui.paths import bundled_weights
from lenet_gui.ui.main_window import DEFAULT_SIZE

REPO = Path(__file__).resolve().parents[2]


def run_python(*args: str, offscreen: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=180, cwd=REPO, env=env
    )


def screenshot(*args: str) -> subprocess.CompletedProcess[str]:
    return run_python("-m", "lenet_gui.ui.app", "--screenshot", *args)


@pytest.fixture
def weights() -> Path:
    assert bundled_weights().is_file(), f"the bundled weights are missing: {bundled_weights()}"
    return bundled_weights()


@pytest.fixture
def seven(tmp_path: Path) -> Path:
    """A photo-like "7": grey background, dark pen, not square."""
    image = Image.new("L", (300, 220), 235)
    ImageDraw.Draw(image).line([(90, 30), (210, 30), (130, 200)], fill=30, width=16)
    path = tmp_path / "seven.png"
    image.save(path)
    return path


def test_the_window_loads_the_model_and_reads_a_drawing_without_importing_torch(
    weights: Path, seven: Path
) -> None:
    """torch takes seconds to import: the window, the model, predictions, feature maps and
    the other variant's preload must not need it (only saliency and training do)."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEventLoop\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from lenet_gui.paths import bundled_weights\n"
        "from lenet_gui.ui.app import init_application\n"
        "from lenet_gui.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "init_application(app)\n"
        "window = MainWindow(persist=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print('torch' in sys.modules)\n"
        "session = window.session\n"
        # a local event loop: quitting the app's would shut the window's threads down
        "def wait(signal, done):\n"
        "    loop = QEventLoop()\n"
        "    signal.connect(lambda *_: done() and loop.quit())\n"
        "    if not done():\n"
        "        loop.exec()\n"
        "read = lambda: getattr(session.prediction(), 'digit', None) is not None\n"
        f"window.canvas.open_image({str(seven)!r})\n"
        "session.load_weights(bundled_weights())\n"
        "wait(session.prediction_changed, read)\n"
        "classic = lambda: session.network('classic').recognizer is not None\n"
        "wait(session.networks_changed, classic)\n"
        "session.switch_to('classic')\n"
        "wait(session.prediction_changed, read)  # an image is read in the reader's thread\n"
        "print(session.prediction().digit, session.recognizer().arch, 'torch' in sys.modules)\n"
    )
    result = run_python("-c", code, offscreen=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "7", "classic", "False"]


def test_screenshot_reads_the_drawing_and_saves_the_window(
    tmp_path: Path, weights: Path, seven: Path
) -> None:
    shot = tmp_path / "shot.png"
    result = screenshot(str(shot), "--draw", str(seven))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "7\n"
    assert result.stderr == ""  # no Qt warnings either
    with Image.open(shot) as image:
        assert image.size == DEFAULT_SIZE
        pixels = np.asarray(image.convert("RGB"))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 100  # a real, painted window


def test_screenshot_of_an_empty_canvas_prints_none(tmp_path: Path, weights: Path) -> None:
    result = screenshot(str(tmp_path / "empty.png"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "none\n"
    assert (tmp_path / "empty.png").is_file()


def test_a_bad_image_is_a_one_line_error_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    result = screenshot(str(tmp_path / "shot.png"), "--draw", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "scan.png" in result.stderr
    assert not (tmp_path / "shot.png").exists()


def test_unusable_weights_fail_the_screenshot_cleanly(tmp_path: Path, seven: Path) -> None:
    bad = tmp_path / "bad.pt"
    bad.write_text("nope")
    result = screenshot(str(tmp_path / "shot.png"), "--draw", str(seven), "--weights", str(bad))
    assert result.returncode == 1
    assert "bad.pt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_quitting_at_the_first_prediction_leaves_no_thread_running(
    weights: Path, seven: Path
) -> None:
    """The other network's preload starts as soon as one is in use; a quit at that moment
    must still join it (it used to start after the quit and abort the interpreter)."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from lenet_gui.paths import bundled_weights\n"
        "from lenet_gui.ui.app import init_application\n"
        "from lenet_gui.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "init_application(app)\n"
        "window = MainWindow(persist=False)\n"
        f"window.canvas.open_image({str(seven)!r})\n"
        "window.session.prediction_changed.connect(lambda p: app.quit())\n"
        "window.show()\n"
        "window.session.load_weights(bundled_weights())\n"
        "app.exec()\n"
        "print('done')\n"
    )
    result = run_python("-c", code, offscreen=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["done"] and "QThread" not in result.stderr
