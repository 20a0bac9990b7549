"""The main window's tools for looking inside the network: the network switcher, the
Learn view and the "Why this digit?" saliency overlay.

One object owns them and follows the session (its network, its predictions); the window
adds the combo box to its toolbar and two View-menu entries, and shows the feature-map
layer that `highlight_requested` names.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.i18n import error_text
from lenet_gui.ui.latest_only import LatestOnly
from lenet_gui.ui.learn.view import LearnView
from lenet_gui.ui.model_switcher import ModelSwitcher
from lenet_gui.ui.saliency_overlay import SaliencyOverlay
from lenet_gui.ui.saliency_worker import SaliencyMap, saliency_map
from lenet_gui.ui.session import Session

if TYPE_CHECKING:
    from lenet_gui.engine.recognizer import Prediction, Recognizer


SALIENCY_REST_MS = 120  # the drawing unchanged this long: compute its saliency map


class ExploreActions(QObject):
    """Network switcher, Learn view (Ctrl+L) and saliency toggle (Ctrl+G) for one window."""

    highlight_requested = Signal(str)  # a layer to mark in the feature-map viewer; "" none

    def __init__(self, session: Session, canvas: DrawingCanvas, window: QWidget) -> None:
        """`canvas`: what the saliency overlay covers; `window`: the Learn view's parent
        and where the shortcuts live."""
        super().__init__(window)
        self._session = session
        self._window = window
        self.switcher = ModelSwitcher(session, self)
        self.model_combo = self.switcher.combo
        self.overlay = SaliencyOverlay(canvas)
        self.overlay.hide()
        self.saliency_service = LatestOnly("saliency", self)
        # Maps are asked for once the drawing rests: a map computed in the background
        # while the pen moves still takes the GUI thread's turns at Python's lock (GIL)
        # and the machine's cores, and strokes lost their shape on a busy 2-core machine.
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(SALIENCY_REST_MS)
        self._rest_timer.timeout.connect(self._on_rest)
        self.saliency_service.ready.connect(self._on_saliency_ready)
        self.saliency_service.failed.connect(self._on_saliency_failed)
        self._learn: LearnView | None = None
        self.learn_action = QAction(window)
        self.learn_action.setObjectName("learn")
        self.learn_action.setShortcut(QKeySequence("Ctrl+L"))
        self.learn_action.triggered.connect(self.open_learn_view)
        self.saliency_action = QAction(window)
        self.saliency_action.setObjectName("show_saliency")
        self.saliency_action.setShortcut(QKeySequence("Ctrl+G"))
        self.saliency_action.setCheckable(True)
        self.saliency_action.toggled.connect(self._on_saliency_toggled)
        for action in (self.learn_action, self.saliency_action):
            window.addAction(action)  # shortcuts work even while the menu bar is hidden
        session.prediction_changed.connect(self._on_prediction)
        session.torch_ready.connect(self._on_torch_ready)
        self.retranslate_ui()

    def actions(self) -> list[QAction]:
        return [self.saliency_action, self.learn_action]

    def learn_view(self) -> LearnView:
        """The window's one Learn view (made on first use)."""
        if self._learn is None:
            self._learn = LearnView(self._session, self._window)
            self._learn.layer_selected.connect(self.highlight_requested)
            self._learn.finished.connect(lambda _: self.highlight_requested.emit(""))
        return self._learn

    def open_learn_view(self) -> LearnView:
        view = self.learn_view()
        view.show()
        view.raise_()
        self.highlight_requested.emit(view.selected_layer())
        return view

    def shutdown(self) -> None:
        self._rest_timer.stop()
        self.saliency_service.shutdown()
        if self._learn is not None:
            self._learn.close()

    # --- reactions -------------------------------------------------------------------------

    def _on_prediction(self, prediction: Prediction) -> None:
        if not self.saliency_action.isChecked():
            return
        if prediction.digit is None:
            self._show_saliency(prediction)  # nothing to explain: clear at once
        else:
            self._rest_timer.start()  # (again): the map follows when the drawing rests

    def _on_rest(self) -> None:
        prediction = self._session.prediction()
        if prediction is not None and self.saliency_action.isChecked():
            self._show_saliency(prediction)

    def _on_torch_ready(self, recognizer: Recognizer) -> None:
        """Saliency needs the torch network, which arrives a little after the model."""
        prediction = self._session.prediction()
        self._session.show_status("", 0)
        if recognizer is not self._session.recognizer():
            return
        if prediction is not None and self.saliency_action.isChecked():
            self._show_saliency(prediction)

    def _on_saliency_toggled(self, on: bool) -> None:
        self.overlay.setVisible(on)
        prediction = self._session.prediction()
        if on and prediction is not None:
            self._show_saliency(prediction)

    def _show_saliency(self, prediction: Prediction) -> None:
        """Ask for the map of `prediction` in the background; the overlay keeps the last
        map until the new one arrives (or clears at once when there is nothing to explain)."""
        recognizer = self._session.recognizer()
        if (
            recognizer is None
            or prediction.digit is None
            or prediction.bbox is None
            or prediction.input32 is None
        ):
            self.saliency_service.cancel()
            self.overlay.set_saliency(None)
            return
        if not recognizer.has_model:  # saliency differentiates: it needs the torch network
            self.overlay.set_saliency(None)
            self._session.build_torch(recognizer)  # shown on torch_ready
            self._session.show_status(self.tr("Loading PyTorch for the saliency map…"), 0)
            return
        self.saliency_service.request(functools.partial(saliency_map, recognizer.model, prediction))

    def _on_saliency_ready(self, shown: SaliencyMap) -> None:
        """Show a map unless the drawing it explains was cleared (or the overlay turned off)
        meanwhile."""
        current = self._session.prediction()
        if not self.saliency_action.isChecked() or current is None or current.digit is None:
            return
        self.overlay.set_saliency(shown.values, shown.rect, shown.digit)

    def _on_saliency_failed(self, exc: BaseException) -> None:
        self.overlay.set_saliency(None)
        self._session.show_error(
            self.tr("Could not compute the saliency map. {reason}").format(reason=error_text(exc))
        )

    def retranslate_ui(self) -> None:
        self.switcher.retranslate_ui()
        texts = {
            self.learn_action: (
                self.tr("&Learn: the network layer by layer…"),
                self.tr("Learn"),
                self.tr("Explain every layer of the network in use (Ctrl+L)"),
            ),
            self.saliency_action: (
                self.tr("&Why this digit? (saliency)"),
                self.tr("Why?"),
                self.tr("Colour the drawing by how much each spot mattered to the answer (Ctrl+G)"),
            ),
        }
        for action, (text, short, tip) in texts.items():
            action.setText(text)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setStatusTip(tip)
