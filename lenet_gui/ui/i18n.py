"""The app's languages: English source strings, Simplified Chinese from a .qm file.

Installing a translator makes Qt send every widget a LanguageChange event; each widget
then re-reads its texts in retranslate_ui(), so switching needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from lenet_gui.ui.resources import translations_dir

ENGLISH = "en"
CHINESE = "zh_CN"
# Each language is named in itself, so anyone can find theirs whatever is showing.
LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}


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
            app.installTranslator(translator)
        self._language = language
        return True

    def release(self) -> None:
        """Uninstall our translators (back to the English source texts)."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
            translator.deleteLater()
        self._installed = []
        self._language = ENGLISH
