"""The app's languages: English source strings, Simplified Chinese from a .qm file.

Installing a translator makes Qt send every widget a LanguageChange event; each widget
then re-reads its texts in retranslate_ui(), so switching needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from lenet_gui.engine.errors import UserError
from lenet_gui.ui.resources import translations_dir

ENGLISH = "en"
CHINESE = "zh_CN"
# Each language is named in itself, so anyone can find theirs whatever is showing.
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}


# The engine's message templates (engine/errors.UserError), listed here so that
# pyside6-lupdate finds them; tests/ui/test_i18n.py checks that none is missing.
ENGINE_MESSAGES = (
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: no such file"),
    QT_TRANSLATE_NOOP(
        "EngineMessage",
        "{name}: not a usable weights file: it holds Python objects, not only tensors "
        "(refused for safety)",
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessage",
        "{name}: not a usable weights file: damaged, truncated or not a PyTorch file",
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not a LeNet-5 Drawing Pad weights file"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: bad model settings: {detail}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: no weights in the file"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: does not match the {arch} LeNet-5 ({detail})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: {key} is not a tensor"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: {key} has shape {shape}, expected {expected}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: {key} has dtype {dtype}, expected floating point"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: {key} contains NaN or infinite values"),
    QT_TRANSLATE_NOOP(
        "EngineMessage",
        "{name}: {key} holds values far too large for trained weights (up to {value:.3g})",
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not a weights file but {kind}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not a usable weights file: {detail}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not a usable weights file: its metadata {detail}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: file not found"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not an image file (cannot identify image file)"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: cannot read the file ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: damaged image ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not an image file but {kind}"),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{name}: the picture is too large ({width}x{height} pixels)"
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: unsupported colour model {mode}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{folder}: cannot read the folder ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "MNIST download cancelled"),
    QT_TRANSLATE_NOOP("EngineMessage", "MNIST folder {folder} does not exist"),
    QT_TRANSLATE_NOOP("EngineMessage", "{folder}: missing {files} (gzipped or unpacked)"),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{images_file} has {images} images but {labels_file} has {labels} labels"
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: download failed; last error: {error}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: expected shape (N, 28, 28), found {shape}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: expected shape (N,), found {shape}"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: label {label} is outside 0..9"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not a valid gzip file ({reason})"),
    QT_TRANSLATE_NOOP(
        "EngineMessage",
        "{name}: the header declares {size} bytes of data, far more than MNIST's (at most {limit})",
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not an IDX file (magic 0x{magic})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{name}: not an IDX file (only {size} bytes)"),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{name}: trailing data: expected {expected} bytes of data, found {found}"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{name}: truncated: expected {expected} bytes of data, found {found}"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{name}: truncated: header needs {needed} bytes, found {found}"
    ),
    QT_TRANSLATE_NOOP(
        "EngineMessage", "{name}: unsupported IDX data type 0x{code} (only 0x08, unsigned bytes)"
    ),
    QT_TRANSLATE_NOOP("EngineMessage", "{path}: cannot create folder ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{path}: cannot read ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{path}: cannot write ({reason})"),
    QT_TRANSLATE_NOOP("EngineMessage", "{path}: no such file"),
)


# Qt's own texts in its file dialogs that the qtbase_zh_CN.qm shipped with Qt 6.11 lacks
# (Qt changed them; the Chinese file still has "Look in:" without the access key). Our
# translator is asked before Qt's, so listing them here fills the gaps.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Computer"),
    QT_TRANSLATE_NOOP("QFileDialog", "Save"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),  # Qt adds a disambiguation
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
)


def error_text(exc: BaseException) -> str:
    """An exception's one-line message in the current language (engine UserErrors are
    translated; anything else is shown as it is)."""
    if isinstance(exc, UserError):
        template = QCoreApplication.translate("EngineMessage", exc.template)
        return template.format(**exc.fields)
    return str(exc) or type(exc).__name__


def layer_kind_text(kind: str) -> str:
    """A layer kind from the engine's LayerInfo ("convolution", ...) in the current language.

    One table for every view that names layer kinds, so they always agree."""
    names = {
        "convolution": QCoreApplication.translate("LayerKind", "convolution"),
        "partial convolution": QCoreApplication.translate("LayerKind", "partial convolution"),
        "max-pooling": QCoreApplication.translate("LayerKind", "max-pooling"),
        "subsampling": QCoreApplication.translate("LayerKind", "subsampling"),
        "fully connected": QCoreApplication.translate("LayerKind", "fully connected"),
        "Euclidean RBF": QCoreApplication.translate("LayerKind", "Euclidean RBF"),
    }
    return names.get(kind, kind)


def layer_name_text(name: str) -> str:
    """A layer's name as shown: the paper's symbols (C1 … F6) stay, "output" is a word."""
    if name == "output":
        return QCoreApplication.translate("LayerName", "output")
    return name


def network_name(arch: str) -> str:
    """A network architecture's one display name in the current language (the switcher,
    the status bar, the Learn view and the Train dialog all say the same)."""
    names = {
        "modern": QCoreApplication.translate("NetworkName", "Modern LeNet-5"),
        "classic": QCoreApplication.translate("NetworkName", "LeNet-5 (1998)"),
    }
    return names.get(arch, f"LeNet-5 ({arch})")


def system_language() -> str:
    """The supported language closest to the desktop's: Chinese locales get Chinese."""
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


class Translations(QObject):
    """Owns the installed translators (ours and Qt's own dialogs'); one call switches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = ENGLISH
        self._installed: list[QTranslator] = []

    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> bool:
        """Switch to `language` (a LANGUAGES key); False, and English, if its file is missing."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.release()
        if language == ENGLISH:
            return True
        ours = QTranslator(self)
        if not ours.load(f"lenet_gui_{language}", str(translations_dir())):
            return False
        qt = QTranslator(self)  # Qt's own texts (file dialogs' buttons); optional
        if qt.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._installed.append(qt)
        self._installed.append(ours)
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.installTranslator(translator)
        self._language = language
        return True

    def release(self) -> None:
        """Uninstall our translators (back to the English source texts)."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.removeTranslator(translator)
            translator.deleteLater()
        self._installed = []
        self._language = ENGLISH
