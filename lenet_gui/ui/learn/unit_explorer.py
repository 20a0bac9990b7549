"""One C1 or C3 unit explained: the enlarged map, the input patch the unit sees, its
kernel, and the weighted sum behind its value (computed by engine/saliency.unit_sum)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from lenet_gui.engine.saliency import unit_sum
from lenet_gui.ui.imaging import Scale
from lenet_gui.ui.style import make_muted
from lenet_gui.ui.widgets.map_tile import MapTile

if TYPE_CHECKING:  # for annotations only
    from lenet_gui.engine.recognizer import Prediction, Recognizer
    from lenet_gui.engine.saliency import UnitSum

EXPLAINED_UNITS = ("C1", "C3")  # layers whose units can be hovered
SUM_SETTLE_MS = 150  # the unit sum's text follows the drawing once it rests this long
_PATCH_PIXELS = 64
_MAP_PIXELS = 280


class UnitMap(QWidget):
    """One map enlarged; the unit under the pointer (or moved with the arrow keys) is
    framed and reported through `unit_hovered` (y, x)."""

    unit_hovered = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_map")
        self.setFixedSize(_MAP_PIXELS, _MAP_PIXELS)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._values: np.ndarray | None = None
        self._image: QImage | None = None
        self._unit: tuple[int, int] | None = None

    def set_values(self, values: np.ndarray | None) -> None:
        self._values = values
        self._image = None if values is None else Scale.for_values(values).to_image(values)
        self.update()

    def set_unit(self, unit: tuple[int, int] | None) -> None:
        self._unit = unit
        self.update()

    def unit_rect(self, y: int, x: int) -> QRectF:
        """Where unit (y, x) is drawn, in widget coordinates."""
        h, w = self._values.shape if self._values is not None else (1, 1)
        return QRectF(
            x * self.width() / w, y * self.height() / h, self.width() / w, self.height() / h
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._values is not None:
            h, w = self._values.shape
            pos = event.position()
            y = min(h - 1, max(0, int(pos.y() * h / self.height())))
            x = min(w - 1, max(0, int(pos.x() * w / self.width())))
            if (y, x) != self._unit:
                self.unit_hovered.emit(y, x)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None or self._values is None or self._unit is None:
            super().keyPressEvent(event)
            return
        h, w = self._values.shape
        self.unit_hovered.emit(
            min(h - 1, max(0, self._unit[0] + step[0])), min(w - 1, max(0, self._unit[1] + step[1]))
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._image is None:
            painter.fillRect(self.rect(), self.palette().alternateBase())
            return
        painter.drawImage(QRectF(self.rect()), self._image)
        if self._unit is not None:
            painter.setPen(QPen(QColor("#ff2d55"), 2.5))
            painter.drawRect(self.unit_rect(*self._unit))
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2.0))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))


class UnitExplorer(QWidget):
    """One C1 or C3 map of the current prediction; for the chosen unit, the input patch
    it sees, its kernel, and the sum: value = f(Σ patch × kernel + bias)."""

    map_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_explorer")
        self._recognizer: Recognizer | None = None
        self._prediction: Prediction | None = None
        self._layer = "C1"
        self._unit: tuple[int, int] | None = None
        self._sum: UnitSum | None = None
        self.map_spin = QSpinBox()
        self.map_spin.setObjectName("unit_map_index")
        self.map_spin.valueChanged.connect(self._on_map_changed)
        self._map_label = QLabel()
        self._map_label.setBuddy(self.map_spin)
        self.map_view = UnitMap()
        self.map_view.unit_hovered.connect(self.set_unit)
        self._patch_title = QLabel()
        self._kernel_title = QLabel()
        for label in (self._patch_title, self._kernel_title):
            make_muted(label)
        self._patch_row = QHBoxLayout()
        self._kernel_row = QHBoxLayout()
        self.patch_tiles: list[MapTile] = []
        self.kernel_tiles: list[MapTile] = []
        self.sum_label = QLabel()
        self.sum_label.setObjectName("unit_sum")
        self.sum_label.setTextFormat(Qt.TextFormat.RichText)
        self.sum_label.setWordWrap(True)
        self.sum_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # While the drawing changes, the sum's text is rewritten only once the pen rests:
        # a new text re-lays out this whole window (measured 5 ms a mouse move), and
        # numbers that change a hundred times a second cannot be read anyway.
        self._sum_timer = QTimer(self)
        self._sum_timer.setSingleShot(True)
        self._sum_timer.setInterval(SUM_SETTLE_MS)
        self._sum_timer.timeout.connect(self._show_sum)

        chooser = QHBoxLayout()
        chooser.addWidget(self._map_label)
        chooser.addWidget(self.map_spin)
        chooser.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(chooser)
        left.addWidget(self.map_view)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self._patch_title)
        right.addLayout(self._patch_row)
        right.addWidget(self._kernel_title)
        right.addLayout(self._kernel_row)
        right.addWidget(self.sum_label)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.retranslate_ui()

    def layer(self) -> str:
        return self._layer

    def unit(self) -> tuple[int, int] | None:
        return self._unit

    def unit_sum(self) -> UnitSum | None:
        """The computation shown now (None without a drawing)."""
        return self._sum

    def set_recognizer(self, recognizer: Recognizer) -> None:
        self._recognizer = recognizer
        self._prediction = None
        self._configure()

    def set_prediction(self, prediction: Prediction | None) -> None:
        self._prediction = prediction if prediction is not None and prediction.activations else None
        self._refresh(settle=True)

    def set_layer(self, layer: str) -> None:
        """Explore `layer` ("C1" or "C3")."""
        if layer not in EXPLAINED_UNITS:
            raise ValueError(f"units of {layer} cannot be explained")
        self._layer = layer
        self._configure()

    def set_map(self, index: int) -> None:
        self.map_spin.setValue(index)

    def set_unit(self, y: int, x: int) -> None:
        self._unit = (y, x)
        self._refresh()

    def _configure(self) -> None:
        """Map range and tile count for the current layer and network."""
        infos = {} if self._recognizer is None else {i.name: i for i in self._recognizer.layers}
        info = infos.get(self._layer)
        maps = info.output_shape[0] if info is not None else 1
        self.map_spin.blockSignals(True)
        self.map_spin.setRange(0, maps - 1)
        self.map_spin.blockSignals(False)
        self._unit = None
        self.retranslate_ui()
        self._refresh()

    def _on_map_changed(self, index: int) -> None:
        self._refresh()
        self.map_changed.emit(index)

    def _tiles(self, tiles: list[MapTile], row: QHBoxLayout, count: int) -> None:
        while len(tiles) > count:
            tiles.pop().deleteLater()
        while len(tiles) < count:
            tile = MapTile(_PATCH_PIXELS, self)
            tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tile.setCursor(Qt.CursorShape.ArrowCursor)
            row.insertWidget(len(tiles), tile)
            tiles.append(tile)
        if row.count() == len(tiles):
            row.addStretch(1)

    def _refresh(self, *, settle: bool = False) -> None:
        """Show the chosen unit of the current prediction; with `settle`, its sum's text
        follows SUM_SETTLE_MS after the last call (the drawing is changing)."""
        self._sum_timer.stop()
        prediction, recognizer = self._prediction, self._recognizer
        index = self.map_spin.value()
        if prediction is None or recognizer is None or prediction.input32 is None:
            self._sum = None
            self.map_view.set_values(None)
            self.map_view.set_unit(None)
            self._tiles(self.patch_tiles, self._patch_row, 0)
            self._tiles(self.kernel_tiles, self._kernel_row, 0)
            self.sum_label.setText(self.tr("Draw a digit to see how each unit computes its value."))
            return
        values = prediction.activations[self._layer][index]
        if self._unit is None or not (
            self._unit[0] < values.shape[0] and self._unit[1] < values.shape[1]
        ):
            flat = int(np.argmax(values))  # start at the strongest unit
            self._unit = (flat // values.shape[1], flat % values.shape[1])
        self._sum = unit_sum(
            recognizer.net,
            prediction.input32,
            prediction.activations,
            self._layer,
            index,
            *self._unit,
        )
        self.map_view.set_values(values)
        self.map_view.set_unit(self._unit)
        count = len(self._sum.inputs)
        self._tiles(self.patch_tiles, self._patch_row, count)
        self._tiles(self.kernel_tiles, self._kernel_row, count)
        patch_scale = Scale.for_values(self._sum.patch)
        kernel_scale = Scale.for_values(self._sum.kernel)
        source = "input" if self._layer == "C1" else "S2"
        for tile, patch, kernel_tile, kernel, map_index in zip(
            self.patch_tiles,
            self._sum.patch,
            self.kernel_tiles,
            self._sum.kernel,
            self._sum.inputs,
            strict=True,
        ):
            tile.set_values(patch, patch_scale)
            tile.setToolTip(self._source_name(source, map_index))
            kernel_tile.set_values(kernel, kernel_scale)
        if settle:
            self._sum_timer.start()
        else:
            self._show_sum()

    def _source_name(self, source: str, index: int) -> str:
        if source == "input":
            return self.tr("input image")
        return self.tr("S2 map {index}").format(index=index)

    def _show_sum(self) -> None:
        s = self._sum
        if s is None:
            return
        weighted = s.total - s.bias
        reads = (
            self.tr("the input image")
            if s.layer == "C1"
            else self.tr("S2 maps {maps}").format(maps=", ".join(str(i) for i in s.inputs))
        )
        lines = [
            self.tr("<b>{layer} map {map}, unit ({y}, {x})</b> reads {reads}.").format(
                layer=s.layer, map=s.map_index, y=s.y, x=s.x, reads=reads
            ),
            self.tr("Σ patch × kernel = {value}").format(value=f"{weighted:+.4f}"),
            self.tr("+ bias {bias} = {total}").format(
                bias=f"{s.bias:+.4f}", total=f"{s.total:+.4f}"
            ),
            self.tr("after the activation function: f({total}) = {value}").format(
                total=f"{s.total:+.4f}", value=f"<b>{s.value:+.4f}</b>"
            ),
        ]
        self.sum_label.setText("<br>".join(lines))

    def retranslate_ui(self) -> None:
        self._map_label.setText(self.tr("&Map"))
        self.map_view.setAccessibleName(self.tr("Enlarged map; hover a unit or use the arrow keys"))
        self.map_view.setToolTip(self.tr("Hover a unit (or use the arrow keys) to see its sum"))
        k = self.tr("5×5")
        self._patch_title.setText(self.tr("Input patch ({size}) that the unit sees").format(size=k))
        self._kernel_title.setText(self.tr("Kernel weights ({size})").format(size=k))
        if self._sum is not None:
            self._show_sum()
