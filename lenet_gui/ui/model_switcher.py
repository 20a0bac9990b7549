"""The toolbar's network choice: one combo box entry per network of the session.

Choosing an entry makes it the session's network at once when it is loaded (the session
preloads the bundled ones in the background), else as soon as its file is read; any
problem is reported through the session like every other load.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox

from lenet_gui.ui.i18n import network_name
from lenet_gui.ui.session import Network, NetworkKind, Session


class ModelSwitcher(QObject):
    """The combo box that shows and changes the session's current network."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.combo = QComboBox()
        self.combo.setObjectName("model_switcher")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # any language
        self.combo.activated.connect(lambda index: session.switch_to(self.combo.itemData(index)))
        session.networks_changed.connect(self._fill)
        session.current_changed.connect(self._show_current)
        self._fill()
        self.retranslate_ui()

    def _fill(self) -> None:
        """One entry per network, in the session's order; the current one selected."""
        keys = [network.key for network in self._session.networks()]
        if keys != [self.combo.itemData(i) for i in range(self.combo.count())]:
            self.combo.clear()
            for key in keys:
                self.combo.addItem("", key)
            self.retranslate_ui()
        current = self._session.current()
        if current is not None:
            self._show_current(current)

    def _show_current(self, network: Network) -> None:
        index = self.combo.findData(network.key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _title(self, network: Network) -> str:
        if network.kind is NetworkKind.MINE:
            return self.tr("My LeNet-5")
        if network.title:
            return network.title
        return network_name(network.arch)

    def retranslate_ui(self) -> None:
        for i in range(self.combo.count()):
            network = self._session.network(self.combo.itemData(i))
            if network is not None:
                self.combo.setItemText(i, self._title(network))
        tip = self.tr(
            "Which network reads your drawing: the common modern LeNet-5 (ReLU, max-pooling, "
            "softmax) or the original of 1998 (tanh, trainable subsampling, RBF output)"
        )
        self.combo.setToolTip(tip)
        self.combo.setAccessibleName(self.tr("Network"))
