"""UI test fixtures: isolated settings, the bundled model (loaded once), ready windows.

Qt runs offscreen (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from lenet_gui.paths import bundled_weights
from lenet_gui.ui.app import init_application
from lenet_gui.ui.main_window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from lenet_gui.engine.recognizer import Recognizer


@pytest.fixture(autouse=True)
def _isolated_settings(qapp: QApplication, tmp_path: Path) -> None:
    """The app's names, and QSettings() writing into this test's own folder."""
    init_application(qapp)
    folder = str(tmp_path / "settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(scope="session")
def recognizer() -> Recognizer:
    """The bundled trained network, loaded once for the whole session, with its torch
    network built (as the app's loader does in the background after loading)."""
    path = bundled_weights()
    assert path.is_file(), f"the bundled weights are missing: {path}"
    from lenet_gui.engine.recognizer import Recognizer

    loaded = Recognizer.from_file(path)
    assert loaded.model is not None
    return loaded


@pytest.fixture(scope="session")
def untrained_recognizer() -> Recognizer:
    """A freshly initialised network: layer facts and shapes without the weights file."""
    from lenet_gui.engine.models import build_model
    from lenet_gui.engine.recognizer import Recognizer

    return Recognizer.from_model(build_model())


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings) -> Iterator[MainWindow]:
    """A shown main window without a model (nothing loads unless a test asks)."""
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def loaded_window(window: MainWindow, recognizer: Recognizer) -> MainWindow:
    """The main window using the bundled network."""
    window.session.set_recognizer(recognizer)
    return window
