"""Saliency maps computed in a background thread, always for the latest drawing.

A saliency map differentiates the torch network (tens of milliseconds); computed on the
GUI thread for every prediction it starved the pointer: Qt merges the mouse moves that
arrive while the thread is busy, so a curved stroke came out as a few straight lines. Here
the GUI thread only hands a prediction over (ExploreActions does so once the drawing
rests). One map is computed at a time; predictions that arrive meanwhile replace each
other, and only the newest is computed next, so the thread never works through a backlog
of drawings that are gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from lenet_gui.engine.saliency import input_rect_in_source, readable_map, saliency

if TYPE_CHECKING:
    from torch import nn

    from lenet_gui.engine.recognizer import Prediction


@dataclass(frozen=True)
class SaliencyMap:
    """What the overlay shows for one prediction: values (32, 32) in [-1, 1] laid over
    `rect` (left, top, width, height in the drawing's pixels) as the evidence for `digit`."""

    prediction: Prediction
    values: np.ndarray
    rect: tuple[float, float, float, float]
    digit: int


class _Worker(QObject):
    """Lives in the saliency thread."""

    done = Signal(object, object)  # SaliencyMap or None, the exception or None

    @Slot(object, object)
    def compute(self, model: nn.Module, prediction: Prediction) -> None:
        try:
            input32, bbox = prediction.input32, prediction.bbox
            if input32 is None or bbox is None:
                raise ValueError("an empty drawing has no saliency map")
            result = saliency(model, input32, threads=1)
            shown = SaliencyMap(
                prediction,
                readable_map(result.values, input32),
                input_rect_in_source(input32, bbox),
                result.target,
            )
        except Exception as exc:  # anything at all must reach the user, not kill the thread
            self.done.emit(None, exc)
        else:
            self.done.emit(shown, None)


class SaliencyService(QObject):
    """request(model, prediction) → `ready(SaliencyMap)` on the GUI thread, coalesced.

    The thread runs only while a map is being computed, so an idle service never holds up
    the application's exit.
    """

    ready = Signal(object)  # SaliencyMap
    failed = Signal(object)  # the exception

    _compute = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("saliency")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._compute.connect(self._worker.compute)
        self._worker.done.connect(self._on_done)
        self._busy = False
        self._closed = False
        self._pending: tuple[nn.Module, Prediction] | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def request(self, model: nn.Module, prediction: Prediction) -> None:
        """Compute the map of `prediction` (which must have ink) as soon as the thread is
        free; a request still waiting is dropped for this newer one. Ignored after
        shutdown(): a thread started then would outlive its window."""
        if self._closed:
            return
        if self._busy:
            self._pending = (model, prediction)
            return
        self._busy = True
        if not self._thread.isRunning():
            self._thread.start()
        self._compute.emit(model, prediction)

    def cancel(self) -> None:
        """Forget the waiting request (the drawing was cleared); one being computed still
        reports, and the caller tells by its prediction that it is out of date."""
        self._pending = None

    def is_busy(self) -> bool:
        """A map is being computed."""
        return self._busy

    def shutdown(self) -> None:
        """Stop the thread for good (the window closes), after the map in progress (if
        any) is done."""
        self._closed = True
        self._pending = None
        self._stop_thread()

    def _stop_thread(self) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    @Slot(object, object)
    def _on_done(self, shown: SaliencyMap | None, exc: BaseException | None) -> None:
        self._busy = False
        if self._pending is not None:
            model, prediction = self._pending
            self._pending = None
            self.request(model, prediction)
        else:
            self._stop_thread()  # idle: the worker has returned
        if shown is not None:
            self.ready.emit(shown)
        else:
            self.failed.emit(exc)
