"""The Learn view: LeNet-5 explained layer by layer, from the network in use.

- The layers as a table (type, input → output shape, kernel, trainable parameters,
  connections). Every number comes from the engine's LayerInfo of the loaded network, so
  the table is right for the modern and the 1998 variant alike.
- A short explanation of the selected layer, in the interface's language.
- For C1 and C3, one map enlarged: hovering a unit shows the input patch it sees, its
  kernel, and the weighted sum behind its value (computed by engine/saliency.unit_sum).
- For C3, the connection table as a grid (the paper's Table I in the 1998 network).
- For the 1998 output layer, the ten 7x12 code bitmaps beside F6 drawn the same way, and
  which code F6 is closest to.

The view follows the session: its network and its latest prediction. Selecting a layer
emits `layer_selected`; the window highlights that layer's maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lenet_gui.engine.architecture import connection_table, output_codes
from lenet_gui.engine.saliency import unit_sum
from lenet_gui.ui.feature_maps import shape_text
from lenet_gui.ui.i18n import layer_kind_text, layer_name_text, network_name
from lenet_gui.ui.imaging import Scale
from lenet_gui.ui.screen_fit import fit_to_screen
from lenet_gui.ui.session import Network, Session
from lenet_gui.ui.slide_map import SlideMapView
from lenet_gui.ui.style import ACCENT, font, make_muted, make_title
from lenet_gui.ui.widgets.map_tile import MapTile

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.architecture import LayerInfo
    from lenet_gui.engine.recognizer import Prediction, Recognizer
    from lenet_gui.engine.saliency import UnitSum

INPUT_SHAPE = (1, 32, 32)  # LayerInfo has output shapes only; C1 reads the 32x32 image
EXPLAINED_UNITS = ("C1", "C3")  # layers whose units can be hovered
COLUMNS = 6
SUM_SETTLE_MS = 150  # the unit sum's text follows the drawing once it rests this long
_PATCH_PIXELS = 64
_MAP_PIXELS = 280
_CODE_CELL = 5.0  # screen pixels per bit of a 7x12 code


def layer_rows(layers: list[LayerInfo]) -> list[tuple[LayerInfo, tuple[int, ...]]]:
    """Each layer with its input shape: the input image's for C1, else the previous
    layer's output shape."""
    inputs = [INPUT_SHAPE] + [info.output_shape for info in layers[:-1]]
    return list(zip(layers, inputs, strict=True))


class ConnectionGrid(QWidget):
    """Which S2 maps (rows) feed which C3 maps (columns), drawn like the paper's Table I.

    Clicking a column emits `column_clicked` (that C3 map); `set_column` marks one.
    """

    column_clicked = Signal(int)
    CELL = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_grid")
        self._table = np.zeros((0, 0), bool)  # (C3 maps, S2 maps)
        self._column: int | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def table(self) -> np.ndarray:
        return self._table

    def set_table(self, table: np.ndarray) -> None:
        self._table = np.asarray(table, bool)
        self.updateGeometry()
        self.update()

    def column(self) -> int | None:
        return self._column

    def set_column(self, column: int | None) -> None:
        self._column = column
        self.update()

    def _row_label(self, index: int) -> str:
        return self.tr("S2 map {index}").format(index=index)

    def _origin(self) -> QPointF:
        """Top left of the cells: room for the row labels and the column numbers."""
        metrics = QFontMetrics(font(self, 11))
        labels = [self._row_label(r) for r in range(self._table.shape[1])]
        width = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        return QPointF(width + 10, 34)

    def sizeHint(self) -> QSize:
        maps, inputs = self._table.shape
        origin = self._origin()
        return QSize(
            int(origin.x()) + maps * self.CELL + 8, int(origin.y()) + inputs * self.CELL + 8
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def column_at(self, pos: QPointF) -> int | None:
        column = int((pos.x() - self._origin().x()) // self.CELL)
        return (
            column if 0 <= column < self._table.shape[0] and pos.x() >= self._origin().x() else None
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        column = self.column_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and column is not None:
            self.column_clicked.emit(column)
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(font(self, 11))
        origin, cell = self._origin(), self.CELL
        maps, inputs = self._table.shape
        text = self.palette().windowText().color()
        muted = self.palette().placeholderText().color()
        painter.setPen(muted)
        painter.drawText(
            QRectF(origin.x(), 0, maps * cell, 16), Qt.AlignmentFlag.AlignLeft, self.tr("C3 map")
        )
        if self._column is not None:
            band = QRectF(
                origin.x() + self._column * cell, origin.y() - 16, cell, inputs * cell + 16
            )
            painter.fillRect(band, QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 40))
        for c in range(maps):
            painter.setPen(text)
            painter.drawText(
                QRectF(origin.x() + c * cell, origin.y() - 16, cell, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(c),
            )
        for r in range(inputs):
            painter.setPen(text)
            painter.drawText(
                QRectF(0, origin.y() + r * cell, origin.x() - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._row_label(r),
            )
            for c in range(maps):
                box = QRectF(origin.x() + c * cell, origin.y() + r * cell, cell, cell).adjusted(
                    2, 2, -2, -2
                )
                if self._table[c, r]:
                    painter.fillRect(box, ACCENT)
                else:
                    painter.setPen(QPen(muted, 1.0))
                    painter.drawRect(box)


class CodeBitmaps(QWidget):
    """F6 drawn as a 7x12 bitmap beside the ten fixed output codes; the code closest to
    F6 (smallest penalty) is framed, and each code's penalty is written under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_bitmaps")
        self._codes: np.ndarray | None = None  # (10, 12, 7), ±1
        self._f6: np.ndarray | None = None  # (12, 7)
        self._penalties: np.ndarray | None = None  # (10,)

    def set_codes(self, codes: np.ndarray | None) -> None:
        self._codes = codes
        self.updateGeometry()
        self.update()

    def set_state(self, f6: np.ndarray | None, penalties: np.ndarray | None) -> None:
        """F6's 84 outputs and the ten penalties y_i of one prediction (None: no drawing)."""
        self._f6 = None if f6 is None or self._codes is None else f6.reshape(self._codes.shape[1:])
        self._penalties = penalties
        self.update()

    def has_codes(self) -> bool:
        return self._codes is not None

    def nearest(self) -> int | None:
        """The digit whose code F6 is closest to (the network's answer)."""
        return None if self._penalties is None else int(np.argmin(self._penalties))

    def sizeHint(self) -> QSize:
        if self._codes is None:
            return QSize(0, 0)
        rows, cols = self._codes.shape[1:]
        cell = _CODE_CELL
        return QSize(int(11 * (cols * cell + 14) + 40), int(rows * cell * 1.4 + 70))

    def _bitmap(self, values: np.ndarray) -> QImage:
        """±1 (or F6's ±1.7) as grey: +1 dark like ink, -1 light like paper."""
        grey = np.clip(127.5 - values * 127.5, 0, 255).astype(np.uint32)
        pixels = np.ascontiguousarray(0xFF000000 | (grey << 16) | (grey << 8) | grey, np.uint32)
        h, w = pixels.shape
        return QImage(pixels.data, w, h, pixels.strides[0], QImage.Format.Format_RGB32).copy()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._codes is None:
            return
        painter = QPainter(self)
        rows, cols = self._codes.shape[1:]
        cell = _CODE_CELL
        width, height = cols * cell, rows * cell
        text = self.palette().windowText().color()
        muted = self.palette().placeholderText().color()
        top = 20.0
        big = QRectF(0, top, width * 1.4, height * 1.4)
        painter.setFont(font(self, 11, bold=True))
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, big.width() + 30, 18), Qt.AlignmentFlag.AlignLeft, "F6")
        if self._f6 is not None:
            painter.drawImage(big, self._bitmap(self._f6))
        painter.setPen(QPen(muted, 1.0))
        painter.drawRect(big)
        nearest = self.nearest()
        left = big.right() + 28
        for digit, code in enumerate(self._codes):
            box = QRectF(left + digit * (width + 14), top, width, height)
            painter.drawImage(box, self._bitmap(code))
            chosen = digit == nearest
            painter.setPen(QPen(ACCENT if chosen else muted, 3.0 if chosen else 1.0))
            painter.drawRect(box.adjusted(-1, -1, 1, 1))
            painter.setFont(font(self, 12, bold=chosen))
            painter.setPen(ACCENT if chosen else text)
            painter.drawText(
                QRectF(box.left() - 6, 0, box.width() + 12, 18),
                Qt.AlignmentFlag.AlignCenter,
                str(digit),
            )
            if self._penalties is not None:
                painter.setFont(font(self, 10, bold=chosen))
                painter.drawText(
                    QRectF(box.left() - 8, box.bottom() + 4, box.width() + 16, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{self._penalties[digit]:.0f}",
                )


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


class LearnView(QDialog):
    """A non-modal window that explains the network in use, layer by layer."""

    layer_selected = Signal(str)  # a layer name of the table, or "" for none

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learn_view")
        self.setModal(False)
        self._session = session
        self._recognizer: Recognizer | None = None
        self._prediction: Prediction | None = None
        self._rows: list[tuple[LayerInfo, tuple[int, ...]]] = []
        self._header = QLabel()
        make_title(self._header, 16)
        self._summary = QLabel()
        make_muted(self._summary)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("layer_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # exactly as large as its contents: eight rows never need scrolling
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self._layer_title = QLabel()
        make_title(self._layer_title, 15)
        self.explanation = QLabel()
        self.explanation.setObjectName("layer_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid = ConnectionGrid()
        self.grid_title = QLabel()
        make_muted(self.grid_title)
        self.explorer = UnitExplorer()
        self.codes = CodeBitmaps()
        self.codes_note = QLabel()
        self.codes_note.setWordWrap(True)
        make_muted(self.codes_note)
        self.explorer.map_changed.connect(self._on_explorer_map)
        self.grid.column_clicked.connect(self.explorer.set_map)

        details = QVBoxLayout()
        details.setSpacing(8)
        details.addWidget(self.grid_title)
        details.addWidget(self.grid, 0, Qt.AlignmentFlag.AlignLeft)
        details.addWidget(self.explorer)
        details.addWidget(self.codes)
        details.addWidget(self.codes_note)
        details.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self._layer_title)
        text.addWidget(self.explanation, 1)
        body = QGridLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setHorizontalSpacing(24)
        body.addLayout(text, 0, 0)
        body.addLayout(details, 0, 1)
        body.setColumnStretch(0, 2)
        body.setColumnStretch(1, 3)
        body_widget = QWidget()
        body_widget.setLayout(body)
        scroll = QScrollArea()  # small screens: the layer's details scroll, the table stays
        scroll.setWidget(body_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(self._header)
        layout.addWidget(self._summary)
        layout.addWidget(self.table, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(scroll, 1)
        self._slide_title = QLabel()
        make_title(self._slide_title, 15)
        self.slide_note = QLabel()
        self.slide_note.setWordWrap(True)
        make_muted(self.slide_note)
        self.slide_view = SlideMapView()
        self._slide_stale = True  # the drawing changed while the window was hidden
        layout.addWidget(self._slide_title)
        layout.addWidget(self.slide_note)
        layout.addWidget(self.slide_view)
        fit_to_screen(self, 1080, 860)
        session.current_changed.connect(self._on_network)
        session.prediction_changed.connect(self._show_prediction)
        session.reading_changed.connect(self._on_reading)
        current = session.current()
        if current is not None:
            self._on_network(current)
        else:
            self.retranslate_ui()

    # --- public API ------------------------------------------------------------------------

    def selected_layer(self) -> str:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return ""
        return self._rows[rows[0].row()][0].name

    def select_layer(self, name: str) -> None:
        for row, (info, _) in enumerate(self._rows):
            if info.name == name:
                self.table.selectRow(row)
                return
        raise ValueError(f"no layer {name!r}")

    def _on_network(self, network: Network) -> None:
        """Show the network now in use (keeps the selected layer where it exists) and the
        session's prediction, if it has one of this network yet."""
        recognizer = network.recognizer
        if recognizer is None:  # never for the current network; for the type checker
            return
        self._recognizer = recognizer
        self._rows = layer_rows(recognizer.layers)
        self.grid.set_table(connection_table(recognizer.config))
        self.codes.set_codes(output_codes(recognizer.config))
        self.explorer.set_recognizer(recognizer)
        self.retranslate_ui()
        self._show_prediction(self._session.prediction())
        self._on_reading()

    def _on_reading(self, _reading: object = None) -> None:
        """The drawing changed: slide the network across it now if this window shows it
        (a few ms), else when it is next shown."""
        self._slide_stale = True
        if self.isVisible():
            self._update_slide()

    def _update_slide(self) -> None:
        drawing, reading = self._session.drawing(), self._session.reading()
        rec = self._recognizer
        slide = rec.slide(drawing) if rec is not None and drawing is not None else None
        text = reading.text if reading is not None else ""
        self.slide_view.set_map(slide, text)
        self._slide_stale = False
        self._retranslate_slide()

    def showEvent(self, event: QShowEvent) -> None:
        if self._slide_stale:
            self._update_slide()
        super().showEvent(event)

    def _retranslate_slide(self) -> None:
        self._slide_title.setText(self.tr("The whole network slid across your drawing"))
        reading = self._session.reading()
        self.slide_note.setText(
            self.tr(
                "C5 is a convolution too, so LeNet-5 run on a strip 32 pixels high answers"
                " for every 32-pixel window, 4 pixels apart, without cutting the drawing"
                " into digits (the paper's space-displacement network, Section VII). Under"
                " each window: its answer, faint when unsure. Cutting the drawing into"
                " digits reads: {text}"
            ).format(text=reading.text if reading is not None and reading.text else "–")
        )

    def _show_prediction(self, prediction: Prediction | None) -> None:
        """Follow the drawing: the unit sums and the output codes show this prediction."""
        self._prediction = prediction
        self.explorer.set_prediction(prediction)
        if prediction is None or prediction.digit is None:
            self.codes.set_state(None, None)
        else:
            self.codes.set_state(prediction.activations["F6"], -prediction.activations["output"])

    # --- building --------------------------------------------------------------------------

    def _fill_table(self) -> None:
        """(Re)write the table in the current language, keeping the selected layer."""
        selected = self.selected_layer() or "C1"
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self._rows) + 1)
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
                self.table.setItem(row, column, self._item(value, column))
        total = len(self._rows)
        params = sum(info.params for info, _ in self._rows)
        connections = sum(info.connections for info, _ in self._rows)
        for column, value in enumerate(
            (self.tr("Total"), "", "", "", f"{params:,}", f"{connections:,}")
        ):
            item = self._item(value, column)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: no layer
            bold = item.font()
            bold.setBold(True)
            item.setFont(bold)
            self.table.setItem(total, column, item)
        self.table.resizeRowsToContents()
        self.select_layer(selected)
        self.table.blockSignals(False)
        self._summary.setText(
            self.tr("{params} trainable parameters · {connections} connections").format(
                params=f"{params:,}", connections=f"{connections:,}"
            )
        )

    @staticmethod
    def _item(value: str, column: int) -> QTableWidgetItem:
        item = QTableWidgetItem(value)
        if column >= 4:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def cell_text(self, layer: str, column: int) -> str:
        """The table's text for `layer` in `column` (0 = name … 5 = connections)."""
        for row, (info, _) in enumerate(self._rows):
            if info.name == layer:
                item = self.table.item(row, column)
                return item.text() if item is not None else ""
        raise ValueError(f"no layer {layer!r}")

    # --- reactions -------------------------------------------------------------------------

    def _on_selection(self) -> None:
        name = self.selected_layer()
        self._show_layer(name)
        self.layer_selected.emit(name)

    def _on_explorer_map(self, index: int) -> None:
        if self.explorer.layer() == "C3":
            self.grid.set_column(index)

    def _show_layer(self, name: str) -> None:
        arch = self._recognizer.arch if self._recognizer is not None else "modern"
        texts = self._explanations(arch)
        self._layer_title.setText(name)
        self.explanation.setText(texts.get(name, ""))
        self.grid.setVisible(name == "C3")
        self.grid_title.setVisible(name == "C3")
        self.explorer.setVisible(name in EXPLAINED_UNITS)
        if name in EXPLAINED_UNITS:
            self.explorer.set_layer(name)
            self.grid.set_column(self.explorer.map_spin.value() if name == "C3" else None)
        rbf = self.codes.has_codes()
        self.codes.setVisible(name == "output" and rbf)
        self.codes_note.setVisible(name == "output")
        self.codes_note.setText(
            self.tr(
                "Framed: the code F6 is closest to, the network's answer. Under each code: "
                "its penalty y_i (smaller is closer). F6 is drawn as 7×12 the same way "
                "(dark = +1, light = −1)."
            )
            if rbf
            else self.tr(
                "The modern network's output layer is an ordinary trainable layer followed "
                "by a softmax. Switch to the 1998 network to see its fixed 7×12 digit codes."
            )
        )

    def _explanations(self, arch: str) -> dict[str, str]:
        """What each layer does, for the modern or the 1998 ("classic") network."""
        classic = arch == "classic"
        activation = (
            self.tr("Activation: the scaled tanh f(a) = 1.7159·tanh(2a/3), so f(±1) = ±1.")
            if classic
            else self.tr("Activation: ReLU, f(a) = max(0, a).")
        )
        pooling = (
            self.tr(
                "{layer} halves the resolution of {source}: each unit adds up a 2×2 block of "
                "one map, multiplies the sum by a trainable coefficient and adds a trainable "
                "bias (two parameters per map), then applies the activation function. "
                "Exact positions matter less afterwards; what remains is roughly where each "
                "feature is."
            )
            if classic
            else self.tr(
                "{layer} halves the resolution of {source}: each unit keeps the largest value "
                "of a 2×2 block of one map (max-pooling, no parameters). A drawing moved by "
                "a pixel then gives almost the same maps."
            )
        )
        c3 = (
            self.tr(
                "C3 computes 16 maps of 10×10 with 5×5 kernels, but each map reads only some "
                "of the S2 maps (the paper's Table I, drawn below): maps 0–5 read 3 adjacent "
                "maps, 6–11 read 4 adjacent ones, 12–14 read 4 non-adjacent ones and 15 reads "
                "all 6. That saves connections and, by breaking the symmetry, makes the maps "
                "learn different features. Hover a unit to see its sum; click a column of "
                "the grid to pick that map."
            )
            if classic
            else self.tr(
                "C3 computes 16 maps of 10×10 with 5×5 kernels. In the modern network every "
                "C3 map reads all 6 S2 maps (the grid below is full), so each unit adds up "
                "6 × 25 weighted values and a bias. Hover a unit to see its sum."
            )
        )
        output = (
            self.tr(
                "The output layer has 10 Euclidean RBF units. Unit i compares F6 with a fixed "
                "7×12 bitmap of digit i (+1 or −1 per pixel): its penalty is "
                "y_i = Σ (x_j − w_ij)². The smallest penalty wins; the chart shows a softmax "
                "over −y_i. Training minimises the paper's loss: the penalty of the correct "
                "digit plus log(e^−j + Σ e^−y_i), which keeps the classes competing."
            )
            if classic
            else self.tr(
                "The output layer has 10 units, each a weighted sum of the 84 F6 values plus "
                "a bias. A softmax turns these scores into the probabilities of the chart; "
                "training minimises the cross-entropy."
            )
        )
        f6 = self.tr(
            "F6 has 84 units, each connected to all 120 C5 values: a weighted sum plus a bias."
        )
        if classic:
            f6 += " " + self.tr(
                "84 = 7 × 12: the output layer compares F6 with 7×12 bitmaps of the digits, "
                "so F6 can be drawn as a small picture (select the output layer)."
            )
        return {
            "C1": self.tr(
                "C1 slides 6 learned 5×5 kernels over the 32×32 input. Each unit adds up the "
                "25 pixels under the kernel, each times its weight, plus a bias. All units of "
                "a map share these 26 parameters, so a map shows where in the image its "
                "feature (an edge, a stroke end …) occurs. Hover a unit to see its sum."
            )
            + " "
            + activation,
            "S2": pooling.format(layer="S2", source="C1"),
            "C3": c3 + " " + activation,
            "S4": pooling.format(layer="S4", source="C3"),
            "C5": self.tr(
                "C5 has 120 units, each a 5×5 convolution over all 16 S4 maps. The S4 maps "
                "are exactly 5×5, so each C5 map is 1×1: in effect a fully connected layer, "
                "but the paper calls it a convolution because a larger input would give "
                "larger maps."
            )
            + " "
            + activation,
            "F6": f6 + " " + activation,
            "output": output,
        }

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Learn: LeNet-5 layer by layer"))
        rec = self._recognizer
        self._header.setText(network_name(rec.arch if rec is not None else "modern"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Layer"),
                self.tr("Type"),
                self.tr("Input → output"),
                self.tr("Kernel"),
                self.tr("Parameters"),
                self.tr("Connections"),
            ]
        )
        self.grid_title.setText(
            self.tr("Which S2 maps (rows) feed each C3 map (columns); filled = connected")
        )
        if self._rows:
            self._fill_table()
        self._on_selection()
        self._retranslate_slide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
