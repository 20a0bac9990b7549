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

The pieces live beside this module: layer_table, connection_grid, unit_explorer,
code_bitmaps, slide_map (the SDNN panel) and texts (the teaching prose).

The view follows the session: its network and its latest prediction. Selecting a layer
emits `layer_selected`; the window highlights that layer's maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from lenet_gui.engine.architecture import connection_table, output_codes
from lenet_gui.engine.recognizer import ReadBy
from lenet_gui.ui.i18n import network_name
from lenet_gui.ui.learn.code_bitmaps import CodeBitmaps
from lenet_gui.ui.learn.connection_grid import ConnectionGrid
from lenet_gui.ui.learn.layer_table import LayerTable
from lenet_gui.ui.learn.slide_map import SlideMapView
from lenet_gui.ui.learn.texts import codes_note, layer_explanations, slide_note
from lenet_gui.ui.learn.unit_explorer import EXPLAINED_UNITS, UnitExplorer
from lenet_gui.ui.screen_fit import fit_to_screen
from lenet_gui.ui.session import Network, Session
from lenet_gui.ui.style import make_muted, make_title

SLIDE_REST_MS = 120  # the drawing unchanged this long: slide the network across it

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.recognizer import Prediction, Recognizer


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
        self._header = QLabel()
        make_title(self._header, 16)
        self._summary = QLabel()
        make_muted(self._summary)
        self.table = LayerTable()
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
        self._slide_stale = True  # the drawing changed since the map was computed
        # Sliding the network across the drawing costs a few ms: done once the drawing
        # rests, like the saliency map, so the pen's moves stay cheap.
        self._slide_timer = QTimer(self)
        self._slide_timer.setSingleShot(True)
        self._slide_timer.setInterval(SLIDE_REST_MS)
        self._slide_timer.timeout.connect(self._update_slide_if_stale)
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
        return self.table.selected_layer()

    def select_layer(self, name: str) -> None:
        self.table.select_layer(name)

    def cell_text(self, layer: str, column: int) -> str:
        """The table's text for `layer` in `column` (0 = name … 5 = connections)."""
        return self.table.cell_text(layer, column)

    def _on_network(self, network: Network) -> None:
        """Show the network now in use (keeps the selected layer where it exists) and the
        session's prediction, if it has one of this network yet."""
        recognizer = network.recognizer
        if recognizer is None:  # never for the current network; for the type checker
            return
        self._recognizer = recognizer
        self.table.set_layers(recognizer.layers)
        self.grid.set_table(connection_table(recognizer.config))
        self.codes.set_codes(output_codes(recognizer.config))
        self.explorer.set_recognizer(recognizer)
        self.retranslate_ui()
        self._show_prediction(self._session.prediction())
        self._on_reading()

    def _on_reading(self, _reading: object = None) -> None:
        """The drawing changed: slide the network across it once the drawing rests, if
        this window shows it, else when it is next shown."""
        self._slide_stale = True
        if self.isVisible():
            self._slide_timer.start()

    def _update_slide_if_stale(self) -> None:
        if self._slide_stale and self.isVisible():
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
        if reading is None:
            self.slide_note.setText(slide_note(""))
        else:
            self.slide_note.setText(slide_note(reading.text, reading.read_by is ReadBy.SDNN))

    def _show_prediction(self, prediction: Prediction | None) -> None:
        """Follow the drawing: the unit sums and the output codes show this prediction."""
        self._prediction = prediction
        self.explorer.set_prediction(prediction)
        if prediction is None or prediction.digit is None:
            self.codes.set_state(None, None)
        else:
            self.codes.set_state(prediction.activations["F6"], -prediction.activations["output"])

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
        texts = layer_explanations(arch)
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
        self.codes_note.setText(codes_note(rbf))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Learn: LeNet-5 layer by layer"))
        rec = self._recognizer
        self._header.setText(network_name(rec.arch if rec is not None else "modern"))
        self.table.retranslate_ui()
        self.grid_title.setText(
            self.tr("Which S2 maps (rows) feed each C3 map (columns); filled = connected")
        )
        if self.table.rowCount():  # filled: a network is shown
            params, connections = self.table.totals()
            self._summary.setText(
                self.tr("{params} trainable parameters · {connections} connections").format(
                    params=f"{params:,}", connections=f"{connections:,}"
                )
            )
        self._on_selection()
        self._retranslate_slide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
