"""Inside the network: the feature maps of C1 and C3 (S2 and S4 on request), live.

Each layer is a panel of small, crisp (nearest-neighbour) maps on one shared colour scale
with its colour bar, so maps of a layer can be compared. C1's learned 5x5 kernels sit above
the maps they produce. Every fact in a tooltip (shape, kernel, parameters, connections)
comes from the engine's LayerInfo, never from this file. Clicking a map (or Enter on it)
opens a larger, live, non-blocking view of it. The maps change on every pointer move, so
a layer colours them in one numpy pass and a tile only copies pixels when it paints.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lenet_gui.ui.i18n import layer_kind_text
from lenet_gui.ui.imaging import ColorMap, Overlay, Scale
from lenet_gui.ui.style import font, make_muted, make_title
from lenet_gui.ui.widgets.map_tile import MapTile, draw_outline

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.architecture import LayerInfo
    from lenet_gui.engine.recognizer import Prediction, Recognizer

# Display choices only (how big a tile is drawn), not facts about the network.
TILE_PIXELS = {"C1": 66, "S2": 46, "C3": 48, "S4": 36}
KERNEL_PIXELS = 48
LAYERS = ("C1", "S2", "C3", "S4")
POOLING_LAYERS = ("S2", "S4")
_MAX_COLUMNS = 8
_NATURAL_WIDTH = 540  # about the width the panels need at zoom 1
_MAX_ZOOM = 1.8
_SPACING = 6
_BAR_PEN = QPen(QColor(0, 0, 0, 60))  # a colour bar's outline


def shape_text(shape: tuple[int, ...]) -> str:
    """LeCun's notation: 6@28×28 for 6 maps of 28 by 28."""
    if len(shape) == 3:
        return f"{shape[0]}@{shape[1]}×{shape[2]}"
    return "×".join(str(s) for s in shape)


@cache
def _gradient(cmap: ColorMap, top: float, bottom: float) -> QLinearGradient:
    """A colour bar's fill, made once per map and height (bars repaint on many moves)."""
    gradient = QLinearGradient(0.0, bottom, 0.0, top)
    for stop in np.linspace(0.0, 1.0, 9):
        gradient.setColorAt(float(stop), cmap.color(float(stop)))
    return gradient


def _tick(value: float) -> str:
    """A colour bar's label."""
    return f"{value:.2g}"


def _look(scale: Scale | None) -> tuple[object, ...] | None:
    """All that a colour bar shows of `scale`: its colours and its labels."""
    return None if scale is None else (scale.cmap, _tick(scale.low), _tick(scale.high))


class ColorBar(QWidget):
    """The legend of one colour scale: a vertical gradient with its value range."""

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(58, height)
        self._scale: Scale | None = None
        self._outline = Overlay()

    def scale(self) -> Scale | None:
        return self._scale

    def set_scale(self, scale: Scale | None) -> None:
        if _look(scale) != _look(self._scale):  # a new maximum alone changes no pixel
            self.update()
        self._scale = scale
        self.setToolTip(
            ""
            if scale is None
            else self.tr("Colour scale: {low} to {high}").format(
                low=f"{scale.low:.3g}", high=f"{scale.high:.3g}"
            )
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(font(self, 11))
        bar = QRectF(2, 6, 12, self.height() - 12)
        scale = self._scale
        if scale is None:
            painter.fillRect(bar, self.palette().alternateBase())
        else:
            painter.fillRect(bar, _gradient(scale.cmap, bar.top(), bar.bottom()))
        # Copied from an overlay, like a tile's border: many moves repaint a bar.
        outline = bar.adjusted(-0.5, -0.5, 0.5, 0.5)
        self._outline.paint(painter, (outline,), lambda p: draw_outline(p, outline, _BAR_PEN))
        painter.setPen(self.palette().windowText().color())
        labels = [] if scale is None else [(1.0, scale.high), (0.0, scale.low)]
        if scale is not None and scale.cmap.diverging and bar.height() >= 60:
            labels.append((0.5, 0.0))
        for fraction, value in labels:
            y = bar.bottom() - fraction * bar.height()
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y))
            painter.drawText(
                QRectF(bar.right() + 5, y - 8, 40, 16),
                Qt.AlignmentFlag.AlignVCenter,
                _tick(value),
            )


class LayerPanel(QWidget):
    """One layer: title, facts, a grid of map tiles on a shared scale, and its colour bar."""

    tile_activated = Signal(MapTile)

    def __init__(self, layer: str, *, with_kernels: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.layer = layer
        self.setObjectName(f"layer_{layer}")
        self._with_kernels = with_kernels
        self._zoom = 1.0
        self._rows = 1
        self._info: LayerInfo | None = None
        self._highlighted = False
        self.tiles: list[MapTile] = []
        self.kernel_tiles: list[MapTile] = []
        self._title = QLabel()
        make_title(self._title)
        self._facts = QLabel()
        self._facts.setWordWrap(True)
        make_muted(self._facts)
        self._grid = QGridLayout()
        self._grid.setSpacing(_SPACING)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.map_bar = ColorBar(TILE_PIXELS[layer])
        self.kernel_bar = ColorBar(KERNEL_PIXELS) if with_kernels else None
        bars = QVBoxLayout()
        bars.setSpacing(_SPACING)
        if self.kernel_bar is not None:
            bars.addWidget(self.kernel_bar)
        bars.addWidget(self.map_bar)
        bars.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(self._grid)
        body.addLayout(bars)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addWidget(self._facts)
        layout.addLayout(body)
        self.retranslate_ui()

    def info(self) -> LayerInfo | None:
        return self._info

    def is_highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, on: bool) -> None:
        """Mark this layer (the one selected in the Learn view) with a tinted frame."""
        self._highlighted = on
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._highlighted:
            painter = QPainter(self)
            color = self.palette().highlight().color()
            painter.setPen(QPen(color, 2.0))
            color.setAlpha(28)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def set_info(self, info: LayerInfo, kernels: np.ndarray | None = None) -> None:
        """Show a (new) model's layer; rebuild the tiles if the number of maps changed."""
        self._info = info
        count = info.output_shape[0]
        if len(self.tiles) != count:
            self._build_tiles(count)
        if kernels is not None:
            kernel_scale = Scale.for_values(kernels)
            for tile, kernel in zip(self.kernel_tiles, kernels, strict=True):
                tile.set_values(kernel[0], kernel_scale)
            if self.kernel_bar is not None:
                self.kernel_bar.set_scale(kernel_scale)
        self.retranslate_ui()

    def set_maps(self, maps: np.ndarray | None) -> None:
        """This layer's activations (maps, h, w) on one shared scale, or none (empty).
        A shown layer colours them all in one go; a hidden one leaves it to its tiles."""
        if maps is None:
            for tile in self.tiles:
                tile.set_values(None, None)
            self.map_bar.set_scale(None)
            return
        scale = Scale.for_values(maps)
        images = scale.to_images(maps) if self.isVisible() else [None] * len(maps)
        for tile, values, image in zip(self.tiles, maps, images, strict=True):
            tile.set_values(values, scale, image)
        self.map_bar.set_scale(scale)

    def _build_tiles(self, count: int) -> None:
        for tile in self.tiles + self.kernel_tiles:
            tile.deleteLater()
        columns = count if count <= _MAX_COLUMNS else -(-count // 2)
        self._rows = -(-count // columns)
        rows_per_map = 2 if self._with_kernels else 1
        self.tiles, self.kernel_tiles = [], []
        for i in range(count):
            row, col = divmod(i, columns)
            if self._with_kernels:
                kernel = MapTile(KERNEL_PIXELS, self)
                kernel.activated.connect(lambda t=kernel: self.tile_activated.emit(t))
                self._grid.addWidget(kernel, row * rows_per_map, col, Qt.AlignmentFlag.AlignCenter)
                self.kernel_tiles.append(kernel)
            tile = MapTile(TILE_PIXELS[self.layer], self)
            tile.activated.connect(lambda t=tile: self.tile_activated.emit(t))
            self._grid.addWidget(tile, row * rows_per_map + rows_per_map - 1, col)
            self.tiles.append(tile)
        self._apply_zoom()

    def tiles_height(self, zoom: float) -> int:
        """Height of the tile grid at `zoom` (the part of this panel that zooms)."""
        pixels = round(TILE_PIXELS[self.layer] * zoom)
        height = self._rows * pixels + (self._rows - 1) * _SPACING
        if self._with_kernels:
            height += self._rows * (round(KERNEL_PIXELS * zoom) + _SPACING)
        return height

    def set_zoom(self, zoom: float) -> None:
        """Draw the tiles `zoom` times their natural size (more room, bigger maps)."""
        self._zoom = zoom
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        pixels = round(TILE_PIXELS[self.layer] * self._zoom)
        for tile in self.tiles:
            tile.setFixedSize(pixels, pixels)
        self.map_bar.setFixedHeight(self._rows * pixels + (self._rows - 1) * _SPACING)
        if self.kernel_bar is not None:
            kernel_pixels = round(KERNEL_PIXELS * self._zoom)
            for tile in self.kernel_tiles:
                tile.setFixedSize(kernel_pixels, kernel_pixels)
            self.kernel_bar.setFixedHeight(kernel_pixels)

    def retranslate_ui(self) -> None:
        info = self._info
        if info is None:
            self._title.setText(self.layer)
            self._facts.setText(self.tr("Waiting for the model…"))
            return
        kind = layer_kind_text(info.kind)
        self._title.setText(f"{info.name} · {kind}")
        facts = " · ".join(f"{label} {value}" for label, value in self._facts_rows(info))
        if self._with_kernels:
            facts += "\n" + self.tr(
                "Top row: the learned {kernel} kernels (weights). Below: the map each produces."
            ).format(kernel=info.kernel)
        self._facts.setText(facts)
        count = len(self.tiles)
        for i, tile in enumerate(self.tiles, start=1):
            tile.title = self.tr("{layer} · feature map {index} of {count}").format(
                layer=info.name, index=i, count=count
            )
            tile.setAccessibleName(tile.title)
            tile.setToolTip(self._tooltip(tile.title, kind, info))
        for i, tile in enumerate(self.kernel_tiles, start=1):
            tile.title = self.tr("{layer} · kernel {index} of {count}").format(
                layer=info.name, index=i, count=count
            )
            tile.setAccessibleName(tile.title)
            tile.setToolTip(
                f"<b>{tile.title}</b><br>"
                + self.tr("{kernel} weights: blue negative, white zero, red positive").format(
                    kernel=info.kernel
                )
            )

    def _facts_rows(self, info: LayerInfo) -> list[tuple[str, str]]:
        """The layer's facts as (label, value), all from the engine's LayerInfo."""
        pooling = info.kind.endswith(("pooling", "subsampling"))
        return [
            (self.tr("Output"), shape_text(info.output_shape)),
            (self.tr("Window") if pooling else self.tr("Kernel"), info.kernel),
            (self.tr("Parameters"), f"{info.params:,}"),
            (self.tr("Connections"), f"{info.connections:,}"),
        ]

    def _tooltip(self, title: str, kind: str, info: LayerInfo) -> str:
        rows = [(self.tr("Layer type"), kind), *self._facts_rows(info)]
        cells = "".join(f"<tr><td>{k}</td><td align='right'>&nbsp;{v}</td></tr>" for k, v in rows)
        return f"<b>{title}</b><table>{cells}</table>"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class MapDetail(QDialog):
    """A larger, live copy of one tile, in its own non-modal window."""

    def __init__(self, source: MapTile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map_detail")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source = source
        self.view = MapTile(336, self)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setCursor(Qt.CursorShape.ArrowCursor)
        self.bar = ColorBar(336, self)
        self.facts = QLabel(self)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.view)
        layout.addWidget(self.bar)
        layout.addWidget(self.facts, 0, Qt.AlignmentFlag.AlignTop)
        source.image_changed.connect(self._follow)
        source.destroyed.connect(self.close)
        self._follow()

    def _follow(self) -> None:
        self.setWindowTitle(self.source.title)
        self.facts.setText(self.source.toolTip())
        self.view.set_values(self.source.values(), self.source.scale())
        self.bar.set_scale(self.source.scale())


class FeatureMapsView(QWidget):
    """All layer panels; set_model() once per network, set_prediction() on every change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feature_maps")
        self._placeholder = QLabel()
        self._placeholder.setWordWrap(True)
        self.panels = {name: LayerPanel(name, with_kernels=name == "C1") for name in LAYERS}
        self._details: dict[MapTile, MapDetail] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self._placeholder)
        for panel in self.panels.values():
            panel.hide()
            panel.tile_activated.connect(self.enlarge)
            layout.addWidget(panel)
        layout.addStretch(1)
        self._pooling_visible = False
        self._zoom = 1.0
        self.retranslate_ui()

    def set_model(self, recognizer: Recognizer) -> None:
        """Show `recognizer`'s layers (facts and C1 kernels); maps stay empty until a
        prediction arrives."""
        infos = {info.name: info for info in recognizer.layers}
        for name, panel in self.panels.items():
            kernels = recognizer.kernels(name) if name == "C1" else None
            panel.set_info(infos[name], kernels)
            panel.set_maps(None)
        self._placeholder.hide()
        self._update_visibility()

    def set_prediction(self, prediction: Prediction) -> None:
        for name, panel in self.panels.items():
            if panel.info() is not None:
                panel.set_maps(prediction.activations.get(name))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_zoom()

    def _update_zoom(self) -> None:
        """Bigger maps when there is room (a projector, a maximised window), but never so
        big that they need scrolling when they would fit at their natural size."""
        shown = [panel for panel in self.panels.values() if panel.isVisibleTo(self)]
        if not shown:
            return
        # The space this view is shown in: the scroll area's viewport, if it is in one.
        parent, layout = self.parentWidget(), self.layout()
        room = parent.size() if parent is not None else self.size()
        if layout is None:
            return
        fixed = layout.minimumSize().height() - sum(p.tiles_height(self._zoom) for p in shown)
        by_height = (room.height() - fixed) / sum(p.tiles_height(1.0) for p in shown)
        zoom = min(_MAX_ZOOM, room.width() / _NATURAL_WIDTH, by_height)
        zoom = max(1.0, zoom)
        if abs(zoom - self._zoom) > 0.02:
            self._zoom = zoom
            for panel in self.panels.values():
                panel.set_zoom(zoom)

    def pooling_visible(self) -> bool:
        return self._pooling_visible

    def set_pooling_visible(self, visible: bool) -> None:
        """Show or hide the S2 and S4 (sub-sampling) layers."""
        self._pooling_visible = bool(visible)
        self._update_visibility()

    def _update_visibility(self) -> None:
        for name, panel in self.panels.items():
            loaded = panel.info() is not None
            panel.setVisible(loaded and (self._pooling_visible or name not in POOLING_LAYERS))
        self._update_zoom()

    def enlarge(self, tile: MapTile) -> MapDetail:
        """Open (or raise) the large live view of `tile`; it does not block the window."""
        detail = self._details.get(tile)
        if detail is None:
            detail = MapDetail(tile, self.window())
            detail.destroyed.connect(lambda: self._details.pop(tile, None))
            self._details[tile] = detail
        detail.show()
        detail.raise_()
        return detail

    def highlight(self, layer: str | None) -> LayerPanel | None:
        """Mark `layer`'s panel (None: none); returns it, if the viewer has one."""
        for name, panel in self.panels.items():
            panel.set_highlighted(name == layer)
        return self.panels.get(layer) if layer is not None else None

    def close_details(self) -> None:
        for detail in list(self._details.values()):
            detail.close()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Feature maps"))
        self._placeholder.setText(self.tr("The feature maps appear when the model has loaded."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(560, 520)
