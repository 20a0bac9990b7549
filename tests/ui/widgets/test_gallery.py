"""The gallery of digits: keyboard, activation, emptying."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lenet_gui.ui.widgets.gallery import DigitGallery, GalleryItem


def _items(n: int) -> list[GalleryItem]:
    image = np.zeros((28, 28), np.uint8)
    return [GalleryItem(image=image, caption=f"{i}", tooltip="", wrong=True) for i in range(n)]


def test_the_gallery_is_driven_by_the_keyboard(qtbot: QtBot) -> None:
    gallery = DigitGallery()
    qtbot.addWidget(gallery)
    gallery.resize(400, 300)
    gallery.set_items(_items(5))
    assert gallery.count() == 5 and gallery.current() == -1
    gallery.set_current(0)
    qtbot.keyClick(gallery, Qt.Key.Key_Right)
    assert gallery.current() == 1
    with qtbot.waitSignal(gallery.activated) as chosen:
        qtbot.keyClick(gallery, Qt.Key.Key_Return)
    assert chosen.args == [1]
    gallery.set_items([])
    assert gallery.count() == 0
