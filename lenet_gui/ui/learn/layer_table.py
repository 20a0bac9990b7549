"""The layers of the network in use as a table: type, input → output shape, kernel,
trainable parameters and connections, all from the engine's LayerInfo, with a total row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lenet_gui.ui.feature_maps import shape_text
from lenet_gui.ui.i18n import layer_kind_text, layer_name_text

if TYPE_CHECKING:  # for annotations only
    from lenet_gui.engine.architecture import LayerInfo

INPUT_SHAPE = (1, 32, 32)  # LayerInfo has output shapes only; C1 reads the 32x32 image
COLUMNS = 6


def layer_rows(layers: list[LayerInfo]) -> list[tuple[LayerInfo, tuple[int, ...]]]:
    """Each layer with its input shape: the input image's for C1, else the previous
    layer's output shape."""
    inputs = [INPUT_SHAPE] + [info.output_shape for info in layers[:-1]]
    return list(zip(layers, inputs, strict=True))


class LayerTable(QTableWidget):
    """One row per layer (selectable) and a total row (not); exactly as large as its
    contents, so its eight rows never scroll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.setObjectName("layer_table")
        self._rows: list[tuple[LayerInfo, tuple[int, ...]]] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def set_layers(self, layers: list[LayerInfo]) -> None:
        """Show these layers (the caller then retranslates, which fills the table)."""
        self._rows = layer_rows(layers)

    def totals(self) -> tuple[int, int]:
        """(trainable parameters, connections) of the whole network."""
        return (
            sum(info.params for info, _ in self._rows),
            sum(info.connections for info, _ in self._rows),
        )

    def selected_layer(self) -> str:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return ""
        return self._rows[rows[0].row()][0].name

    def select_layer(self, name: str) -> None:
        for row, (info, _) in enumerate(self._rows):
            if info.name == name:
                self.selectRow(row)
                return
        raise ValueError(f"no layer {name!r}")

    def cell_text(self, layer: str, column: int) -> str:
        """The table's text for `layer` in `column` (0 = name … 5 = connections)."""
        for row, (info, _) in enumerate(self._rows):
            if info.name == layer:
                item = self.item(row, column)
                return item.text() if item is not None else ""
        raise ValueError(f"no layer {layer!r}")

    def retranslate_ui(self) -> None:
        """(Re)write the headers and rows in the current language, keeping the selected
        layer (C1 at first); emits no selection change."""
        self.setHorizontalHeaderLabels(
            [
                self.tr("Layer"),
                self.tr("Type"),
                self.tr("Input → output"),
                self.tr("Kernel"),
                self.tr("Parameters"),
                self.tr("Connections"),
            ]
        )
        if self._rows:
            self._fill()

    def _fill(self) -> None:
        selected = self.selected_layer() or "C1"
        self.blockSignals(True)
        self.clearSelection()
        self.setRowCount(len(self._rows) + 1)
        for row, (info, in_shape) in enumerate(self._rows):
            cells = (
                layer_name_text(info.name),
                layer_kind_text(info.kind),
                f"{shape_text(in_shape)} → {shape_text(info.output_shape)}",
                info.kernel,
                f"{info.params:,}",
                f"{info.connections:,}",
            )
            for column, value in enumerate(cells):
                self.setItem(row, column, self._item(value, column))
        params, connections = self.totals()
        for column, value in enumerate(
            (self.tr("Total"), "", "", "", f"{params:,}", f"{connections:,}")
        ):
            item = self._item(value, column)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: no layer
            bold = item.font()
            bold.setBold(True)
            item.setFont(bold)
            self.setItem(len(self._rows), column, item)
        self.resizeRowsToContents()
        self.select_layer(selected)
        self.blockSignals(False)

    @staticmethod
    def _item(value: str, column: int) -> QTableWidgetItem:
        item = QTableWidgetItem(value)
        if column >= 4:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item
