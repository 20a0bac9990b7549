"""The main window: canvas on the left; prediction, input and feature maps on the right.

It wires the widgets together and to a Recognizer: every canvas change (also mid-stroke)
starts a short single-shot timer if none is running, and when it fires the *latest*
drawing is read once, so prediction keeps up with the pointer without queueing stale
work. The Recognizer itself is loaded in the background (ModelLoader); until it arrives,
drawing works and the status bar says the model is loading.

The window shows the app's state; the state itself (the networks, the one in use, the
latest prediction, the language, the settings) lives in its Session (session.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSlider,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from lenet_gui import __version__
from lenet_gui.engine.preprocess import ImageError
from lenet_gui.engine.sdnn import bundled_reader
from lenet_gui.ui.canvas import DEFAULT_BRUSH, MAX_BRUSH, MIN_BRUSH, DrawingCanvas
from lenet_gui.ui.digit_boxes import DigitBoxes
from lenet_gui.ui.explore_actions import ExploreActions
from lenet_gui.ui.feature_maps import POOLING_LAYERS, FeatureMapsView
from lenet_gui.ui.file_dialogs import open_file_name, save_file_name
from lenet_gui.ui.i18n import LANGUAGES, error_text, network_name
from lenet_gui.ui.input_preview import InputPreview
from lenet_gui.ui.latest_only import LatestOnly
from lenet_gui.ui.message_bar import Level, MessageBar
from lenet_gui.ui.prediction_chart import ChartStatus, PredictionChart
from lenet_gui.ui.resources import app_icon, icon
from lenet_gui.ui.screen_fit import fit_to_screen
from lenet_gui.ui.session import (
    BRUSH_WIDTH_KEY,
    GEOMETRY_KEY,
    LAST_DIR_KEY,
    SHOW_POOLING_KEY,
    SPLITTER_KEY,
    Network,
    Session,
    Settings,
)
from lenet_gui.ui.style import make_muted, make_title
from lenet_gui.ui.training_actions import TrainingActions

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    import numpy as np

    from lenet_gui.engine.recognizer import Prediction, Reading, Recognizer

# 0: predict as soon as the queued input events are handled; moves that arrive meanwhile
# are coalesced into that one prediction, so there is never a backlog of stale work.
PREDICT_INTERVAL_MS = 0
BRUSH_STEP = 4
DEFAULT_SIZE = (1280, 800)
# Explicit, so the layout never changes the window's minimum size after it is shown (that
# would also warn on platforms that cannot pass size hints on, such as offscreen).
MINIMUM_SIZE = (800, 540)  # a 1024x640 screen, less the task bar and title bar
_IMAGE_SUFFIXES = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"


class _Panel(QFrame):
    """A titled card around one part of the window."""

    def __init__(self, content: QWidget, footer: QWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("panel")
        self.setStyleSheet(
            "#panel { background: palette(base); border: 1px solid palette(midlight);"
            " border-radius: 8px; }"
        )
        self.title = QLabel()
        make_title(self.title, 16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(content, 1)
        if footer is not None:
            layout.addWidget(footer)


class MainWindow(QMainWindow):
    """The LeNet-5 Drawing Pad window."""

    def __init__(self, settings: QSettings | None = None, *, persist: bool = True) -> None:
        """`persist=False` neither restores nor saves the window layout (screenshots)."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(*MINIMUM_SIZE)
        self.session = Session(Settings(settings, persist=persist), preload=True, parent=self)
        self._settings = self.session.settings
        session = self.session
        session.current_changed.connect(self._on_network)
        session.load_started.connect(self._on_load_started)
        session.loaded.connect(self._on_model_loaded)
        session.load_failed.connect(self._on_model_failed)
        session.torch_failed.connect(self._on_torch_failed)
        session.status_message.connect(self._show_status)
        session.error_message.connect(self._show_error)
        session.language_changed.connect(self._on_language_changed)
        self._predict_timer = QTimer(self)
        self._predict_timer.setSingleShot(True)
        self._predict_timer.setInterval(PREDICT_INTERVAL_MS)
        self._predict_timer.timeout.connect(self._update_prediction)
        self._reader = LatestOnly("reader", self)
        self._reader.ready.connect(self._on_read)
        self._reader.failed.connect(self._on_read_failed)

        self.canvas = DrawingCanvas()
        self.chart = PredictionChart()
        self.preview = InputPreview()
        self.feature_maps = FeatureMapsView()
        self.message_bar = MessageBar()
        self._build_actions()
        self.training = TrainingActions(session, self.canvas, self)  # Train dialog, my samples
        self.explore = ExploreActions(session, self.canvas, self)  # switcher, Learn, saliency
        self.explore.highlight_requested.connect(self._highlight)
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self.model_label = QLabel()
        self.statusBar().addPermanentWidget(self.model_label)
        self._connect_canvas()
        self.digit_boxes = DigitBoxes(self.canvas)
        self.digit_boxes.digit_clicked.connect(session.select)
        session.prediction_changed.connect(self._show_prediction)
        session.reading_changed.connect(self._show_reading)
        session.selection_changed.connect(self._show_reading)
        self._restore_settings()
        self.retranslate_ui()
        self.canvas.setFocus()

    # --- public API ------------------------------------------------------------------------

    def open_image(self, path: str | Path) -> bool:
        """Put an image file on the canvas; a bad file is reported in the message bar."""
        try:
            self.canvas.open_image(path)
        except ImageError as exc:
            self._on_open_failed(error_text(exc))
            return False
        self._remember_dir(path)
        return True

    def save_drawing(self, path: str | Path) -> bool:
        try:
            self.canvas.save_png(path)
        except OSError as exc:
            self._show_error(self.tr("Could not save the drawing. {reason}").format(reason=exc))
            return False
        self._remember_dir(path)
        self.statusBar().showMessage(self.tr("Saved {name}").format(name=Path(path).name), 5000)
        return True

    # --- building --------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        slot: Callable[..., object],
        shortcuts: list[QKeySequence] | None = None,
        *,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if name in _ICONS:
            action.setIcon(icon(*_ICONS[name]))
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        key, std = QKeySequence, QKeySequence.StandardKey
        self.open_image_action = self._action("open_image", self._choose_image, [key(std.Open)])
        self.save_action = self._action("save_drawing", self._choose_save_path, [key(std.Save)])
        self.open_weights_action = self._action(
            "open_weights", self._choose_weights, [key("Ctrl+Shift+O")]
        )
        self.quit_action = self._action("quit", self.close, [key(std.Quit)])
        self.undo_action = self._action("undo", self.canvas.undo, [key(std.Undo)])
        self.redo_action = self._action(
            "redo", self.canvas.redo, [key("Ctrl+Shift+Z"), key("Ctrl+Y")]
        )
        self.clear_action = self._action("clear", self.canvas.clear, [key(Qt.Key.Key_Escape)])
        self.eraser_action = self._action(
            "eraser", self.canvas.set_eraser, [key(Qt.Key.Key_E)], checkable=True
        )
        self.thinner_action = self._action(
            "thinner", lambda: self._step_brush(-BRUSH_STEP), [key(Qt.Key.Key_BracketLeft)]
        )
        self.thicker_action = self._action(
            "thicker", lambda: self._step_brush(BRUSH_STEP), [key(Qt.Key.Key_BracketRight)]
        )
        self.pooling_action = self._action(
            "show_pooling", self._set_pooling_visible, checkable=True
        )
        self.about_action = self._action("about", self._show_about)
        self._language_group = QActionGroup(self)
        self._language_group.setExclusive(True)
        for code, name in LANGUAGES.items():
            action = QAction(name, self._language_group)
            action.setObjectName(f"language_{code}")
            action.setData(code)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=code: self.session.set_language(c))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.open_image_action, self.save_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.open_weights_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.undo_action, self.redo_action, self.clear_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.eraser_action)
        self.brush_menu = self.edit_menu.addMenu("")
        self.brush_menu.addActions([self.thinner_action, self.thicker_action])
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.pooling_action)
        self.view_menu.addActions(self.explore.actions())
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(self._language_group.actions())
        self.training_menu = bar.addMenu("")
        self.training_menu.addActions(self.training.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.open_image_action, self.save_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.undo_action, self.redo_action, self.clear_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.eraser_action)
        self._brush_label = QLabel()
        self._brush_label.setContentsMargins(10, 0, 6, 0)
        self.brush_slider = QSlider(Qt.Orientation.Horizontal)
        self.brush_slider.setObjectName("brush_width")
        self.brush_slider.setRange(MIN_BRUSH, MAX_BRUSH)
        self.brush_slider.setPageStep(BRUSH_STEP)
        self.brush_slider.setFixedWidth(130)
        self.brush_slider.setValue(round(self.canvas.brush_width()))
        self.brush_slider.valueChanged.connect(self._on_brush_width)
        self._brush_label.setBuddy(self.brush_slider)
        self.brush_value = QLabel(str(self.brush_slider.value()))
        self.brush_value.setObjectName("brush_width_value")
        self.brush_value.setContentsMargins(6, 0, 0, 0)
        # wide enough for the widest value, so the toolbar does not shift while sliding
        self.brush_value.setMinimumWidth(self.brush_value.fontMetrics().horizontalAdvance("88") + 8)
        self.toolbar.addWidget(self._brush_label)
        self.toolbar.addWidget(self.brush_slider)
        self.toolbar.addWidget(self.brush_value)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.pooling_action)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.training.train_action, self.training.add_sample_action])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.explore.model_combo)
        self.addToolBar(self.toolbar)

    def _build_central(self) -> None:
        self._canvas_hint = QLabel()
        self._canvas_hint.setWordWrap(True)
        make_muted(self._canvas_hint)
        self._drawing_panel = _Panel(self.canvas, self._canvas_hint)
        self._prediction_panel = _Panel(self.chart)
        self._input_panel = _Panel(self.preview)
        self._maps_scroll = scroll = QScrollArea()
        scroll.setObjectName("feature_scroll")
        scroll.setWidget(self.feature_maps)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)  # the card shows through
        self.feature_maps.setAutoFillBackground(False)
        self._maps_panel = _Panel(scroll)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._prediction_panel, 3)
        top.addWidget(self._input_panel, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(12)
        right_layout.addLayout(top, 2)
        right_layout.addWidget(self._maps_panel, 3)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(12)
        self.splitter.addWidget(self._drawing_panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        half = DEFAULT_SIZE[0] // 2
        self.splitter.setSizes([half, half])  # about right for a square canvas

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        QWidget.setTabOrder(self.brush_slider, self.canvas)
        QWidget.setTabOrder(self.canvas, self.chart)

    def _connect_canvas(self) -> None:
        self.canvas.changed.connect(self._schedule_prediction)
        self.canvas.history_changed.connect(self._update_edit_actions)
        self.canvas.image_opened.connect(self._on_image_opened)
        self.canvas.open_failed.connect(self._on_open_failed)
        self._update_edit_actions()

    # --- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self._settings
        self.session.restore_language()
        self.brush_slider.setValue(s.value(BRUSH_WIDTH_KEY, DEFAULT_BRUSH))
        self.pooling_action.setChecked(s.value(SHOW_POOLING_KEY, False))
        if not self.restoreGeometry(s.layout(GEOMETRY_KEY)):
            fit_to_screen(self, *DEFAULT_SIZE)
        self.splitter.restoreState(s.layout(SPLITTER_KEY))

    def _save_layout(self) -> None:
        self._settings.set_value(GEOMETRY_KEY, self.saveGeometry())
        self._settings.set_value(SPLITTER_KEY, self.splitter.saveState())
        self._settings.sync()

    def _remember_dir(self, path: str | Path) -> None:
        self._settings.set_value(LAST_DIR_KEY, str(Path(path).resolve().parent))

    def _last_dir(self) -> str:
        return self._settings.value(LAST_DIR_KEY, str(Path.home()))

    # --- reactions -------------------------------------------------------------------------

    def _schedule_prediction(self) -> None:
        if not self._predict_timer.isActive():
            self._predict_timer.start()

    def _update_prediction(self) -> None:
        """Read the latest drawing once, as a number (one digit reads as before), and hand
        the reading to the session: the views follow its selected digit.

        One pen stroke is one digit, read here at once (about a millisecond, as predict()).
        Anything else is read in the reader's thread: a long number takes 10-25 ms, which
        on this thread would hold up the pen (Qt merges the moves it could not handle)."""
        recognizer = self.session.recognizer()
        if recognizer is None:
            return
        image, strokes = self.canvas.image_array(), self.canvas.strokes()
        if strokes is not None and len(strokes) <= 1:
            self._reader.cancel()  # a reading still under way is of an older drawing
            self.session.set_reading(recognizer.read(image, strokes), image)
        else:  # without strokes (an opened image) the SDNN also checks touching digits
            self._reader.request(lambda: (bundled_reader().read(recognizer, image, strokes), image))

    def _on_read(self, result: tuple[Reading, np.ndarray]) -> None:
        self.session.set_reading(*result)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.session.show_error(
            self.tr("Could not read the drawing. {reason}").format(reason=error_text(exc))
        )

    def _show_prediction(self, prediction: Prediction) -> None:
        """The window's views show the digit the session follows."""
        self.chart.set_prediction(prediction)
        self.preview.set_input(prediction.input32)
        self.feature_maps.set_prediction(prediction)

    def _show_reading(self, _reading: object = None) -> None:
        reading = self.session.reading()
        self.chart.set_number(reading.text if reading else "", self.session.selected())
        self.digit_boxes.set_reading(reading, self.session.selected())

    def _on_network(self, network: Network) -> None:
        """A network is in use now (however it came): show it and read the drawing."""
        if network.recognizer is not None:
            self.feature_maps.set_model(network.recognizer)
        self._update_model_label()
        self._predict_timer.stop()
        self._update_prediction()

    def _on_load_started(self, _path: Path) -> None:
        if self.session.recognizer() is None:
            self.chart.show_status(ChartStatus.LOADING)
        self._update_model_label()

    def _on_model_loaded(self, _recognizer: Recognizer, path: Path, replaced: bool) -> None:
        if self.message_bar.level is Level.ERROR:
            self.message_bar.hide()
        if replaced:
            self._show_status(self.tr("Loaded {name}").format(name=path.name), 5000)

    def _on_model_failed(self, reason: str, _path: Path) -> None:
        if self.session.recognizer() is None:
            self.chart.show_status(ChartStatus.NO_MODEL)
            text = self.tr("Could not load the model. {reason}")
        else:
            text = self.tr("Could not load these weights; the current model stays in use. {reason}")
        self._show_error(text.format(reason=reason))
        self._update_model_label()

    def _on_torch_failed(self, reason: str) -> None:
        self.statusBar().clearMessage()
        self._show_error(
            self.tr("PyTorch, needed for this, could not be loaded. {reason}").format(reason=reason)
        )

    def _on_image_opened(self, name: str) -> None:
        self.statusBar().showMessage(self.tr("Opened {name}").format(name=name), 5000)

    def _on_open_failed(self, reason: str) -> None:
        self._show_error(self.tr("Could not open the image. {reason}").format(reason=reason))

    def _show_error(self, text: str) -> None:
        self.message_bar.show_message(text, Level.ERROR)

    def _show_status(self, text: str, timeout_ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout_ms)
        else:
            self.statusBar().clearMessage()

    def _on_language_changed(self, language: str) -> None:
        for action in self._language_group.actions():
            action.setChecked(action.data() == language)

    def _highlight(self, layer: str) -> None:
        """Mark `layer`'s panel in the feature-map viewer and scroll it into view; S2 and
        S4 are shown first if they are hidden."""
        if layer in POOLING_LAYERS and not self.pooling_action.isChecked():
            self.pooling_action.setChecked(True)
        panel = self.feature_maps.highlight(layer or None)
        if panel is not None:
            self._maps_scroll.ensureWidgetVisible(panel)

    def _update_edit_actions(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())
        self.clear_action.setEnabled(not self.canvas.is_empty())

    def _on_brush_width(self, width: int) -> None:
        self.canvas.set_brush_width(width)
        self.brush_value.setText(str(width))
        self._settings.set_value(BRUSH_WIDTH_KEY, width)

    def _step_brush(self, step: int) -> None:
        self.brush_slider.setValue(self.brush_slider.value() + step)

    def _set_pooling_visible(self, visible: bool) -> None:
        self.feature_maps.set_pooling_visible(visible)
        self._settings.set_value(SHOW_POOLING_KEY, visible)

    def _choose_image(self) -> None:
        path = open_file_name(
            self,
            self.tr("Open image"),
            self._last_dir(),
            self.tr("Images ({patterns});;All files (*)").format(patterns=_IMAGE_SUFFIXES),
        )
        if path:
            self.open_image(path)

    def _choose_save_path(self) -> None:
        path = save_file_name(
            self,
            self.tr("Save drawing as PNG"),
            str(Path(self._last_dir()) / "digit.png"),
            self.tr("PNG images (*.png)"),
        )
        if path:
            self.save_drawing(path if path.lower().endswith(".png") else path + ".png")

    def _choose_weights(self) -> None:
        path = open_file_name(
            self,
            self.tr("Open weights file"),
            self._last_dir(),
            self.tr("LeNet-5 weights (*.pt);;All files (*)"),
        )
        if path:
            self._remember_dir(path)
            self.session.load_weights(path)

    def _show_about(self) -> None:
        """A window-modal box opened without a nested event loop (open(), not exec())."""
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("about_box")
        box.setWindowTitle(self.tr("About LeNet-5 Drawing Pad"))
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        name = self.tr("LeNet-5 Drawing Pad")
        blurb = self.tr("Draw a digit and watch LeNet-5 read it, layer by layer.")
        box.setText(f"<h3>{name} {__version__}</h3><p>{blurb}</p><p>{self._model_text()}</p>")
        box.open()

    # --- texts -----------------------------------------------------------------------------

    def _model_text(self) -> str:
        rec = self.session.recognizer()
        if rec is None:
            return (
                self.tr("Loading model…")
                if self.session.is_loading()
                else self.tr("No model loaded")
            )
        text = self.tr("{network} · {params} parameters").format(
            network=network_name(rec.arch), params=f"{rec.parameter_count:,}"
        )
        accuracy = rec.test_accuracy
        if accuracy is not None:
            percent = accuracy * 100 if accuracy <= 1 else accuracy  # a fraction or a percentage
            text += " · " + self.tr("{percent} % on MNIST test").format(percent=f"{percent:.1f}")
        return text

    def _update_model_label(self) -> None:
        self.model_label.setText(self._model_text())
        rec = self.session.recognizer()
        path = rec.metadata.get("path") if rec is not None else None
        self.model_label.setToolTip(str(path) if path else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("LeNet-5 Drawing Pad"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.brush_menu.setTitle(self.tr("&Brush width"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.training_menu.setTitle(self.tr("&Training"))
        self.training.retranslate_ui()
        self.explore.retranslate_ui()
        # (menu text with mnemonic, short toolbar label, tooltip)
        texts = {
            self.open_image_action: (
                self.tr("&Open image…"),
                self.tr("Open"),
                self.tr("Open an image file onto the canvas"),
            ),
            self.save_action: (
                self.tr("&Save drawing as PNG…"),
                self.tr("Save"),
                self.tr("Save the drawing as a PNG file"),
            ),
            self.open_weights_action: (
                self.tr("Open &weights…"),
                self.tr("Weights"),
                self.tr("Load another trained network"),
            ),
            self.quit_action: (self.tr("&Quit"), self.tr("Quit"), self.tr("Quit")),
            self.undo_action: (self.tr("&Undo"), self.tr("Undo"), self.tr("Undo the last stroke")),
            self.redo_action: (
                self.tr("&Redo"),
                self.tr("Redo"),
                self.tr("Redo the stroke undone last"),
            ),
            self.clear_action: (
                self.tr("&Clear"),
                self.tr("Clear"),
                self.tr("Clear the canvas (Esc)"),
            ),
            self.eraser_action: (
                self.tr("&Eraser"),
                self.tr("Eraser"),
                self.tr("Erase instead of drawing (E)"),
            ),
            self.thinner_action: (
                self.tr("&Thinner brush"),
                self.tr("Thinner"),
                self.tr("Thinner brush ([)"),
            ),
            self.thicker_action: (
                self.tr("T&hicker brush"),
                self.tr("Thicker"),
                self.tr("Thicker brush (])"),
            ),
            self.pooling_action: (
                self.tr("Show &S2 and S4"),
                self.tr("S2/S4"),
                self.tr("Show the sub-sampling layers S2 and S4 too"),
            ),
            self.about_action: (self.tr("&About"), self.tr("About"), self.tr("About this app")),
        }
        for action, (text, short, tip) in texts.items():
            action.setText(text)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.toolbar.setWindowTitle(self.tr("Tools"))
        self._brush_label.setText(self.tr("Brush width"))
        self.brush_slider.setAccessibleName(self.tr("Brush width"))
        self.brush_slider.setToolTip(self.tr("Brush width ([ and ])"))
        self._drawing_panel.title.setText(self.tr("Your drawing"))
        self._canvas_hint.setText(
            self.tr(
                "Draw with the mouse or a pen, or drop an image file here. "
                "Ctrl+Z undoes a stroke, Esc clears."
            )
        )
        self._prediction_panel.title.setText(self.tr("Prediction"))
        self._input_panel.title.setText(self.tr("What the network sees"))
        self._maps_panel.title.setText(self.tr("Inside the network: feature maps"))
        self._update_model_label()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.training.confirm_close():  # asks while a training runs
            event.ignore()
            return
        self._save_layout()
        self.feature_maps.close_details()
        self._reader.shutdown()
        self.explore.shutdown()
        self.session.shutdown()  # joins the loaders; uninstalls the app-wide translations
        super().closeEvent(event)


# Toolbar icons: the desktop theme's where it has one, else our SVG of that name.
_ICONS: dict[str, tuple[str, QIcon.ThemeIcon | None]] = {
    "open_image": ("open", QIcon.ThemeIcon.DocumentOpen),
    "save_drawing": ("save", QIcon.ThemeIcon.DocumentSaveAs),
    "undo": ("undo", QIcon.ThemeIcon.EditUndo),
    "redo": ("redo", QIcon.ThemeIcon.EditRedo),
    "clear": ("clear", QIcon.ThemeIcon.EditClear),
    "eraser": ("eraser", None),
    "show_pooling": ("layers", None),
}
