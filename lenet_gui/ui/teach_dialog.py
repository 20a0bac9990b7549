"""Training → Teach it my handwriting…: a guided round of drawings, then a short adaptation.

The dialog asks for every digit a few times, in turn, on a canvas of its own (which digit
next, how far along; "Redo" takes the last drawing back). Each drawing is stored in the
user's samples as the app prepares it. Then engine/adapt.py runs in a worker thread
(progress, Cancel): first on part of the drawings, to read the rest before and after, then
on all of them. "Use it" hands the adapted network to the window as "My LeNet-5".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lenet_gui.engine.preprocess import preprocess
from lenet_gui.engine.samples import SampleStore
from lenet_gui.ui.canvas import DrawingCanvas
from lenet_gui.ui.i18n import error_text
from lenet_gui.ui.training.worker import BackgroundWorker

if TYPE_CHECKING:
    from lenet_gui.engine.adapt import AdaptConfig, AdaptProgress, HeldOut
    from lenet_gui.engine.recognizer import Recognizer

PER_DIGIT = 3  # drawings asked of each digit


@dataclass(eq=False)
class Taught:
    """What an adaptation produced: the network (None when cancelled) and the estimate."""

    recognizer: Recognizer | None
    held_out: HeldOut | None


class AdaptWorker(BackgroundWorker):
    """Runs the held-out estimate and the adaptation in its own thread."""

    progress = Signal(int, int)  # steps done, steps in all (both runs together)
    finished = Signal(object)  # Taught
    failed = Signal(str)  # one line for the user

    def __init__(
        self,
        source: Recognizer,
        images: np.ndarray,
        labels: np.ndarray,
        config: AdaptConfig | None,
    ) -> None:
        super().__init__()
        from lenet_gui.engine.training import RunControl

        self._source = source
        self._images = images
        self._labels = labels
        self._config = config
        self.control = RunControl()

    def work(self) -> None:
        from lenet_gui.engine.adapt import AdaptConfig, AdaptError, adapt, adapted_metadata
        from lenet_gui.engine.adapt import estimate as held_out_estimate
        from lenet_gui.engine.recognizer import Recognizer

        config = self._config or AdaptConfig()
        try:
            model = self._source.model
            done = 0

            def report(step: AdaptProgress) -> None:
                self.progress.emit(done + step.step, 2 * config.steps)

            held_out = held_out_estimate(
                model, self._images, self._labels, config, control=self.control, on_step=report
            )
            done = config.steps
            result = adapt(
                model, self._images, self._labels, config, control=self.control, on_step=report
            )
        except AdaptError as exc:
            self.failed.emit(error_text(exc))
            return
        if result.status != "finished" or self.control.stop_requested:
            self.finished.emit(Taught(None, None))
            return
        source_name = str(self._source.metadata.get("path", self._source.arch))
        metadata = adapted_metadata(self._source.metadata, result, source_name=source_name)
        self.finished.emit(Taught(Recognizer.from_model(result.model, metadata), held_out))


class TeachDialog(QDialog):
    """The guided drawings, the adaptation and its result, one page after the other."""

    network_accepted = Signal(object)  # a Recognizer: "Use it"

    def __init__(
        self,
        source: Recognizer,
        store: SampleStore,
        parent: QWidget | None = None,
        config: AdaptConfig | None = None,
    ) -> None:
        """`source`: the network to adapt (the one in use); `store`: where the drawings go."""
        super().__init__(parent)
        self.setObjectName("teach_dialog")
        self._source = source
        self._store = store
        self._config = config
        self._drawn: list[tuple[str, np.ndarray, int]] = []  # sample id, digit28, label
        self._worker: AdaptWorker | None = None
        self._thread: QThread | None = None
        self.taught: Taught | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._drawing_page())
        self.pages.addWidget(self._adapting_page())
        self.pages.addWidget(self._result_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.retranslate_ui()

    # --- pages -----------------------------------------------------------------------------

    def _drawing_page(self) -> QWidget:
        page = QWidget()
        self.prompt = QLabel()
        self.prompt.setObjectName("teach_prompt")
        font = self.prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.prompt.setFont(font)
        self.canvas = DrawingCanvas()
        self.canvas.setMinimumSize(220, 220)
        self.progress_drawn = QProgressBar()
        self.progress_drawn.setRange(0, 10 * PER_DIGIT)
        self.progress_drawn.setFormat("%v / %m")
        self.note = QLabel()
        self.next_button = QPushButton()
        self.next_button.setObjectName("teach_next")
        self.next_button.clicked.connect(self.take_drawing)
        self.next_button.setDefault(True)
        self.redo_button = QPushButton()
        self.redo_button.setObjectName("teach_redo")
        self.redo_button.clicked.connect(self.redo_last)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.canvas.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.redo_button)
        buttons.addStretch()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.prompt)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.progress_drawn)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        return page

    def _adapting_page(self) -> QWidget:
        page = QWidget()
        self.adapting_label = QLabel()
        self.progress_steps = QProgressBar()
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("teach_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(page)
        layout.addWidget(self.adapting_label)
        layout.addWidget(self.progress_steps)
        layout.addWidget(self.cancel_button)
        layout.addStretch()
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.result_label = QLabel()
        self.result_label.setObjectName("teach_result")
        self.result_label.setWordWrap(True)
        self.result_buttons = QDialogButtonBox()
        self.use_button = self.result_buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setObjectName("teach_use")
        self.use_button.clicked.connect(self.use_it)
        self.discard_button = self.result_buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.discard_button.clicked.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_label)
        layout.addStretch()
        layout.addWidget(self.result_buttons)
        return page

    # --- drawing ---------------------------------------------------------------------------

    def next_digit(self) -> int | None:
        """The digit to draw next: 0-9 in turn, PER_DIGIT rounds; None when all are drawn."""
        count = len(self._drawn)
        return count % 10 if count < 10 * PER_DIGIT else None

    def take_drawing(self) -> bool:
        """Keep the canvas as the digit asked for (stored in the samples); False, with a
        note, when the canvas is empty or the sample cannot be stored."""
        digit = self.next_digit()
        if digit is None:
            return False
        prepared = preprocess(self.canvas.image_array())
        if prepared is None:
            self.note.setText(self.tr("Draw the digit first."))
            return False
        try:
            sample_id = self._store.add(prepared.digit28, digit)
        except OSError as exc:
            self.note.setText(
                self.tr("Could not store the sample in {folder}: {reason}").format(
                    folder=self._store.folder, reason=exc.strerror or exc
                )
            )
            return False
        self._drawn.append((sample_id, prepared.digit28, digit))
        self.canvas.clear()
        self.note.clear()
        self._show_next_digit()
        if self.next_digit() is None:
            self.start_adapting()
        return True

    def redo_last(self) -> None:
        """Take the last drawing back (and out of the samples) to draw it again."""
        if not self._drawn:
            return
        sample_id, _, _ = self._drawn.pop()
        self._store.delete(sample_id)
        self.canvas.clear()
        self._show_next_digit()

    def _show_next_digit(self) -> None:
        digit = self.next_digit()
        self.progress_drawn.setValue(len(self._drawn))
        self.redo_button.setEnabled(bool(self._drawn))
        if digit is not None:
            self.prompt.setText(
                self.tr("Write a {digit} ({done} of {total} drawings)").format(
                    digit=digit, done=len(self._drawn) + 1, total=10 * PER_DIGIT
                )
            )

    # --- adapting --------------------------------------------------------------------------

    def start_adapting(self) -> None:
        """Adapt the network to the drawings in a worker thread (progress, Cancel)."""
        images = np.stack([np.rint(d * 255).astype(np.uint8) for _, d, _ in self._drawn])
        labels = np.asarray([label for _, _, label in self._drawn], dtype=np.uint8)
        worker = AdaptWorker(self._source, images, labels, self._config)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.done.connect(self._join)
        self._worker = worker
        self.progress_steps.setRange(0, 0)  # busy until the first step (torch may load)
        self.pages.setCurrentIndex(1)
        self._thread = worker.start(self, "adapt")

    def is_adapting(self) -> bool:
        return self._thread is not None

    def cancel(self) -> None:
        """Stop the adaptation; nothing changes in the window."""
        if self._worker is not None:
            self._worker.control.stop()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_steps.setRange(0, total)
        self.progress_steps.setValue(done)

    @Slot(object)
    def _on_finished(self, taught: Taught) -> None:
        self.taught = taught
        if taught.recognizer is None:
            self.reject()
            return
        held = taught.held_out
        if held is None:
            text = self.tr("Your network is ready.")
        else:
            text = self.tr(
                "On {count} of your drawings it did not learn from, it reads {before} % "
                "before and {after} % after."
            ).format(
                count=held.n, before=f"{held.before * 100:.0f}", after=f"{held.after * 100:.0f}"
            )
        self.result_label.setText(text)
        self.pages.setCurrentIndex(2)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.result_label.setText(message)
        self.use_button.setEnabled(False)
        self.pages.setCurrentIndex(2)

    @Slot()
    def _join(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
        self._worker = None

    def use_it(self) -> None:
        if self.taught is not None and self.taught.recognizer is not None:
            self.network_accepted.emit(self.taught.recognizer)
        self.accept()

    def stop_and_wait(self) -> None:
        """Cancel and join the worker (closing the window or the dialog)."""
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None

    def done(self, result: int) -> None:
        """Every way the dialog closes (accept, reject, Esc, the window's close) joins the
        worker first."""
        self.stop_and_wait()
        super().done(result)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Teach it my handwriting"))
        self.next_button.setText(self.tr("&Next"))
        self.redo_button.setText(self.tr("&Redo the last one"))
        self.clear_button.setText(self.tr("C&lear"))
        self.adapting_label.setText(self.tr("Learning your handwriting…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.use_button.setText(self.tr("&Use it"))
        self.discard_button.setText(self.tr("&Discard"))
        self._show_next_digit()
