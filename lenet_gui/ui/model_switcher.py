"""Switch between the modern and the 1998 LeNet-5 in one click, without waiting.

The window loads one network at start-up. As soon as it is in use, the other bundled
variant is loaded in the background as well, and every network the window has used is
kept, one per architecture: choosing a variant in the combo box then swaps the window's
recognizer at once. A variant that is not loaded yet (or whose preload failed) is loaded
through the window's own loader, which reports any problem in the message bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox

from lenet_gui.engine.architecture import ARCH_NAMES
from lenet_gui.paths import bundled_weights
from lenet_gui.ui.i18n import network_name
from lenet_gui.ui.model_loader import ModelLoader

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.recognizer import Recognizer
    from lenet_gui.ui.main_window import MainWindow


class ModelSwitcher(QObject):
    """The toolbar's Modern / 1998 combo box and the networks it switches between."""

    preloaded = Signal(str)  # an architecture whose bundled network is now ready

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._recognizers: dict[str, Recognizer] = {}
        self._requested: set[str] = set()
        self._loader = ModelLoader(self)
        self._loader.loaded.connect(self._on_preloaded)
        self._loader.failed.connect(lambda _reason, _path: self._preload_next())
        self.combo = QComboBox()
        self.combo.setObjectName("model_switcher")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # any language
        for arch in ARCH_NAMES:
            self.combo.addItem("", arch)
        self.combo.activated.connect(lambda index: self.switch_to(self.combo.itemData(index)))
        window.recognizer_changed.connect(self._on_recognizer_changed)
        self.retranslate_ui()

    def recognizer(self, arch: str) -> Recognizer | None:
        """The kept network of `arch`, if it has been loaded."""
        return self._recognizers.get(arch)

    def switch_to(self, arch: str) -> None:
        """Make the window use `arch`: at once if it is loaded, else as soon as it is."""
        recognizer = self._recognizers.get(arch)
        if recognizer is not None:
            self._window.set_recognizer(recognizer)
        else:
            self._window.load_weights(bundled_weights(arch))

    def shutdown(self) -> None:
        self._loader.shutdown()

    def _on_recognizer_changed(self, recognizer: Recognizer) -> None:
        self._recognizers[recognizer.arch] = recognizer
        self._requested.add(recognizer.arch)
        index = self.combo.findData(recognizer.arch)
        if index >= 0:  # a network of an unlisted architecture leaves the choice as it was
            self.combo.setCurrentIndex(index)
        self._preload_next()

    def _preload_next(self) -> None:
        """Load the next bundled variant not loaded or tried yet, one at a time."""
        if self._loader.is_busy():
            return
        missing = [arch for arch in ARCH_NAMES if arch not in self._requested]
        if missing:
            self._requested.add(missing[0])
            self._loader.load(bundled_weights(missing[0]))

    def _on_preloaded(self, recognizer: Recognizer, _path: Path) -> None:
        # A network the user chose meanwhile (File → Open weights) wins over the bundled one.
        if recognizer.arch not in self._recognizers:
            self._recognizers[recognizer.arch] = recognizer
            self.preloaded.emit(recognizer.arch)
        self._preload_next()

    def retranslate_ui(self) -> None:
        for i, arch in enumerate(ARCH_NAMES):
            self.combo.setItemText(i, network_name(arch))
        tip = self.tr(
            "Which network reads your drawing: the common modern LeNet-5 (ReLU, max-pooling, "
            "softmax) or the original of 1998 (tanh, trainable subsampling, RBF output)"
        )
        self.combo.setToolTip(tip)
        self.combo.setAccessibleName(self.tr("Network"))
