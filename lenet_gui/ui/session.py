"""The app's state in one place: the networks, the one in use, the latest prediction, the
language and the settings.

Widgets and helper objects take a Session, not the main window: they read the state here
and follow it through its signals, so no part of the UI reaches into another to find out
which network is in use (napari hands its Qt viewer a ViewerModel the same way). The
session has no widgets; the window shows what it reports (loads, failures, messages).

Networks are named entries with one of them current. Today they are the bundled modern
and 1998 networks, one entry per architecture: a network of that architecture that the
user loads or trains takes its entry's place, so switching back finds it again. Other
entries (the user's own network, trained ones) are added with `add_network`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QSettings, Signal

from lenet_gui.engine.architecture import ARCH_NAMES
from lenet_gui.engine.recognizer import EMPTY
from lenet_gui.paths import bundled_weights
from lenet_gui.ui.i18n import LANGUAGES, Translations, system_language
from lenet_gui.ui.model_loader import ModelLoader

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    import numpy as np

    from lenet_gui.engine.recognizer import Prediction, Reading, Recognizer

_Value = TypeVar("_Value", str, int, float, bool)


class Settings:
    """The app's QSettings, read with a type and written only when `persist` is on.

    `persist=False` (screenshots, some tests) reads the user's choices but neither
    restores nor saves the window layout and never writes anything.
    """

    def __init__(self, store: QSettings | None = None, *, persist: bool = True) -> None:
        self._store = store if store is not None else QSettings()
        self.persist = persist

    def value(self, key: str, default: _Value) -> _Value:
        """`key` as the type of `default`; `default` when it is missing or unreadable."""
        # Not QSettings' own `type=` conversion: it turns "abc" (a hand-edited file) into 0.
        raw = self._store.value(key)
        kind = type(default)
        if isinstance(raw, kind):
            return raw
        if not isinstance(raw, str):  # missing, or another type altogether
            return default
        if kind is bool:  # INI files store booleans as text
            flags = {"true": True, "false": False}
            return kind(flags[raw]) if raw in flags else default
        try:
            return kind(raw)
        except ValueError:
            return default

    def layout(self, key: str) -> QByteArray:
        """A saved window layout (geometry, splitter); empty when not persisting."""
        raw = self._store.value(key, QByteArray()) if self.persist else None
        return raw if isinstance(raw, QByteArray) else QByteArray()

    def set_value(self, key: str, value: str | int | float | bool | QByteArray) -> None:
        if self.persist:
            self._store.setValue(key, value)

    def sync(self) -> None:
        if self.persist:
            self._store.sync()


# The keys the app stores, in one place.
LANGUAGE_KEY = "ui/language"
BRUSH_WIDTH_KEY = "canvas/brush_width"
SHOW_POOLING_KEY = "view/show_pooling"
GEOMETRY_KEY = "window/geometry"
SPLITTER_KEY = "window/splitter"
LAST_DIR_KEY = "files/last_dir"


class NetworkKind(enum.Enum):
    BUNDLED = "bundled"  # comes with the app (weights/); its file is bundled_weights(arch)
    FILE = "file"  # read from a weights file the user chose
    TRAINED = "trained"  # trained in this session (the Train dialog)
    MINE = "mine"  # the user's own, adapted to their handwriting (paths.my_network_file)


@dataclass
class Network:
    """One entry of the network choice. `recognizer` is None until it has been loaded."""

    key: str
    arch: str
    kind: NetworkKind = NetworkKind.BUNDLED
    recognizer: Recognizer | None = None
    title: str = ""  # shown as is; empty: the architecture's translated name
    path: Path | None = None  # where to load it from; bundled ones: bundled_weights(arch)

    def source(self) -> Path | None:
        if self.kind is NetworkKind.BUNDLED:
            return bundled_weights(self.arch)
        return self.path


class Session(QObject):
    """The networks, the current one, the latest prediction, the language and settings."""

    networks_changed = Signal()  # an entry was added, removed or (pre)loaded
    current_changed = Signal(object)  # the Network now in use (its recognizer is set)
    prediction_changed = Signal(object)  # the Prediction every main-window view shows
    reading_changed = Signal(object)  # the Reading of the drawing: the number, its digits
    selection_changed = Signal(int)  # another digit of the same reading is followed now
    language_changed = Signal(str)  # a LANGUAGES key
    # a Recognizer load_weights() read (now in use), its Path, and whether it replaced one
    loaded = Signal(object, object, bool)
    load_started = Signal(object)  # the Path of a weights file now being read
    load_failed = Signal(str, object)  # why a weights file was not used, and its Path
    torch_ready = Signal(object)  # a Recognizer whose torch network is now built
    torch_failed = Signal(str)  # why torch could not be loaded
    status_message = Signal(str, int)  # a passing note for the status bar, its ms (0: stays)
    error_message = Signal(str)  # a problem the user should read

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        preload: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """`preload`: once a network is in use, load the other bundled ones in the
        background, one at a time, so that switching to them is instant."""
        super().__init__(parent)
        self.settings = settings if settings is not None else Settings()
        self._networks = [Network(key=arch, arch=arch) for arch in ARCH_NAMES]
        self._current: Network | None = None
        self._prediction: Prediction | None = None
        self._reading: Reading | None = None
        self._selected = -1
        self._drawing: np.ndarray | None = None
        self._translations = Translations(self)
        self._preload = preload
        self._preload_tried: set[str] = set()
        self._preloading: str | None = None
        self._loader = ModelLoader(self)
        self._loader.loaded.connect(self._on_loaded)
        self._loader.failed.connect(self.load_failed)
        self._loader.model_ready.connect(self.torch_ready)
        self._loader.model_failed.connect(self.torch_failed)
        self._preloader = ModelLoader(self)
        self._preloader.loaded.connect(self._on_preloaded)
        self._preloader.failed.connect(lambda _reason, _path: self._preload_next())
        app = QCoreApplication.instance()
        if app is not None:  # no new background load once the app is quitting
            app.aboutToQuit.connect(self._stop_preloading)

    # --- networks --------------------------------------------------------------------------

    def networks(self) -> list[Network]:
        return list(self._networks)

    def network(self, key: str) -> Network | None:
        return next((n for n in self._networks if n.key == key), None)

    def add_network(self, network: Network) -> None:
        """Add an entry (or replace the one with the same key)."""
        old = self.network(network.key)
        if old is not None:
            self._networks[self._networks.index(old)] = network
        else:
            self._networks.append(network)
        self.networks_changed.emit()

    def remove_network(self, key: str) -> None:
        """Remove an entry that is not in use."""
        network = self.network(key)
        if network is None or network is self._current:
            return
        self._networks.remove(network)
        self.networks_changed.emit()

    def current(self) -> Network | None:
        return self._current

    def recognizer(self) -> Recognizer | None:
        """The network in use (None until the first one is loaded)."""
        return self._current.recognizer if self._current is not None else None

    def set_recognizer(self, recognizer: Recognizer, key: str | None = None) -> None:
        """Use `recognizer` from now on, as entry `key` (default: its architecture's)."""
        key = key if key is not None else recognizer.arch
        network = self.network(key)
        if network is None:
            network = Network(key=key, arch=recognizer.arch, kind=NetworkKind.FILE)
            self._networks.append(network)
        network.recognizer = recognizer
        self._current = network
        self._prediction = self._reading = None  # made by the previous network
        self._selected = -1
        if self._preload:  # before anyone reacts: a reaction may be the app quitting
            self._preload_tried.add(key)
            self._preload_next()
        self.networks_changed.emit()
        self.current_changed.emit(network)

    def switch_to(self, key: str) -> None:
        """Use entry `key`: at once if it is loaded, else as soon as its file is read."""
        network = self.network(key)
        if network is None:
            raise ValueError(f"no network {key!r}")
        if network.recognizer is not None:
            self.set_recognizer(network.recognizer, key)
            return
        source = network.source()
        if source is not None:
            self.load_weights(source)

    def load_weights(self, path: str | Path) -> None:
        """Read a weights file in the background; `loaded` (and the switch to it) or
        `load_failed` follows. The network in use stays until then."""
        self._loader.load(Path(path))
        self.load_started.emit(Path(path))

    def is_loading(self) -> bool:
        return self._loader.is_busy()

    def build_torch(self, recognizer: Recognizer) -> None:
        """Build `recognizer`'s torch network in the background; `torch_ready` follows."""
        self._loader.build_model(recognizer)

    def loader_running(self) -> bool:
        """A background thread is still up (tests check that closing joins them)."""
        return self._loader.is_running() or self._preloader.is_running()

    # --- prediction, language, messages ----------------------------------------------------

    def prediction(self) -> Prediction | None:
        """The prediction every main-window view shows (None before the first)."""
        return self._prediction

    def set_prediction(self, prediction: Prediction) -> None:
        self._prediction = prediction
        self.prediction_changed.emit(prediction)

    def reading(self) -> Reading | None:
        """The drawing read as a number (None before the first)."""
        return self._reading

    def drawing(self) -> np.ndarray | None:
        """The image the reading was made from (the Learn view slides the network on it)."""
        return self._drawing

    def selected(self) -> int:
        """Index of the digit of the reading that the views follow; -1 when there is none."""
        return self._selected

    def set_reading(self, reading: Reading, drawing: np.ndarray | None = None) -> None:
        """A new reading of the drawing. The views follow its least certain digit (the one
        to check first) until the user selects another: the prediction becomes that
        digit's."""
        self._reading, self._drawing = reading, drawing
        self._selected = reading.weakest if reading.weakest is not None else -1
        self.reading_changed.emit(reading)
        self.set_prediction(reading.digits[self._selected].prediction if reading.digits else EMPTY)

    def select(self, index: int) -> None:
        """Let the views follow digit `index` of the reading."""
        reading = self._reading
        if reading is None or not 0 <= index < len(reading.digits) or index == self._selected:
            return
        self._selected = index
        self.selection_changed.emit(index)
        self.set_prediction(reading.digits[index].prediction)

    def language(self) -> str:
        return self._translations.language()

    def set_language(self, language: str) -> bool:
        """Switch the whole interface to `language` (a LANGUAGES key); False (and English)
        if its translation file is missing."""
        found = self._translations.set_language(language)
        if not found:
            self.show_error(f"Translation file for {LANGUAGES[language]} is missing.")
        self.settings.set_value(LANGUAGE_KEY, self.language())
        self.language_changed.emit(self.language())
        return found

    def restore_language(self) -> bool:
        """The language chosen last time, else the desktop's."""
        language = self.settings.value(LANGUAGE_KEY, "")
        return self.set_language(language if language in LANGUAGES else system_language())

    def show_status(self, text: str, timeout_ms: int = 5000) -> None:
        self.status_message.emit(text, timeout_ms)

    def show_error(self, text: str) -> None:
        self.error_message.emit(text)

    def shutdown(self) -> None:
        """Join the background loaders and uninstall the translations (they are app-wide)."""
        self._stop_preloading()
        self._loader.shutdown()
        self._preloader.shutdown()
        self._translations.release()

    # --- background loading ----------------------------------------------------------------

    def _on_loaded(self, recognizer: Recognizer, path: Path) -> None:
        replaced = self._current is not None
        self.set_recognizer(recognizer)
        self.loaded.emit(recognizer, path, replaced)

    def _stop_preloading(self) -> None:
        self._preload = False

    def _preload_next(self) -> None:
        """Load the next bundled network not loaded or tried yet, one at a time."""
        if not self._preload or self._preloader.is_busy():
            return
        for network in self._networks:
            if network.kind is NetworkKind.BUNDLED and network.key not in self._preload_tried:
                self._preload_tried.add(network.key)
                self._preloading = network.key
                self._preloader.load(bundled_weights(network.arch))
                return

    def _on_preloaded(self, recognizer: Recognizer, _path: Path) -> None:
        # A network the user chose meanwhile (File → Open weights) wins over the bundled one.
        network = self.network(self._preloading or "")
        if network is not None and network.recognizer is None:
            network.recognizer = recognizer
            self.networks_changed.emit()
        self._preloading = None
        self._preload_next()
