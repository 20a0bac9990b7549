"""The app's file dialogs: the Type column fits its texts; Qt's own labels in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QHeaderView, QLabel, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from lenet_gui.ui.file_dialogs import existing_directory, open_file_name, save_file_name
from lenet_gui.ui.i18n import Translations


@pytest.fixture
def chinese(qapp: QApplication):
    translations = Translations()
    assert translations.set_language("zh_CN")
    yield
    translations.release()


def _run(qtbot: QtBot, show) -> dict[str, object]:
    """Open a dialog with `show`, read what it shows, and cancel it."""
    seen: dict[str, object] = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, inspect)
            return
        seen["look_in"] = dialog.findChild(QLabel, "lookInLabel").text()
        seen["file_type"] = dialog.findChild(QLabel, "fileTypeLabel").text()
        header = dialog.findChild(QTreeView, "treeView").header()
        seen["type_mode"] = header.sectionResizeMode(2)
        dialog.reject()

    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, inspect)
    seen["result"] = show(parent)
    return seen


def test_open_dialog_in_chinese_fits_its_type_column(
    qtbot: QtBot, tmp_path: Path, chinese: None
) -> None:
    seen = _run(qtbot, lambda p: open_file_name(p, "t", str(tmp_path), "Images (*.png)"))
    assert seen["result"] == ""  # cancelled
    assert seen["look_in"] == "查找范围(&L)："  # missing from Qt 6.11's own Chinese file
    assert seen["file_type"] == "文件类型(&T)："
    assert seen["type_mode"] == QHeaderView.ResizeMode.ResizeToContents
    # Qt asks for its "Folder" with a disambiguation; ours has none and is still found
    folder = QCoreApplication.translate(
        "QAbstractFileIconProvider", "Folder", "All other platforms"
    )
    assert folder == "文件夹"


def test_save_dialog_fits_its_type_column(qtbot: QtBot, tmp_path: Path) -> None:
    seen = _run(qtbot, lambda p: save_file_name(p, "t", str(tmp_path / "a.png"), "PNG (*.png)"))
    assert seen["result"] == "" and seen["look_in"] == "&Look in:"
    assert seen["type_mode"] == QHeaderView.ResizeMode.ResizeToContents


def test_folder_dialog_fits_its_type_column(qtbot: QtBot, tmp_path: Path) -> None:
    seen = _run(qtbot, lambda p: existing_directory(p, "t", str(tmp_path)))
    assert seen["result"] == ""
    assert seen["type_mode"] == QHeaderView.ResizeMode.ResizeToContents
