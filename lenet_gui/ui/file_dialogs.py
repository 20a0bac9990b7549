"""File dialogs whose columns fit their contents, in any language.

Qt's own (non-native) file dialog sizes its Type column for short English words, so
"jpeg File" or a translated type was cut off. These build the dialog, let that column
fit its texts, and run it; a native dialog (Windows, macOS) is left as the system draws it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

_TYPE_COLUMN = 2  # Name, Size, Type, Date Modified


def _fitted(dialog: QFileDialog) -> QFileDialog:
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        view.header().setSectionResizeMode(_TYPE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
    return dialog


def _dialog(
    parent: QWidget, title: str, directory: str, name_filter: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setObjectName("file_dialog")
    dialog.setFileMode(mode)
    return _fitted(dialog)


def open_file_name(parent: QWidget, title: str, directory: str, name_filter: str) -> str:
    """The file the user picked to open, or "" if cancelled."""
    dialog = _dialog(parent, title, directory, name_filter, QFileDialog.FileMode.ExistingFile)
    return dialog.selectedFiles()[0] if dialog.exec() else ""


def save_file_name(parent: QWidget, title: str, path: str, name_filter: str) -> str:
    """Where the user chose to save (starting at `path`), or "" if cancelled."""
    dialog = _dialog(parent, title, path, name_filter, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog.selectedFiles()[0] if dialog.exec() else ""


def existing_directory(parent: QWidget, title: str, directory: str) -> str:
    """The folder the user picked, or "" if cancelled."""
    dialog = _dialog(parent, title, directory, "", QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return dialog.selectedFiles()[0] if dialog.exec() else ""
