"""Icons and translation files, found through paths.bundled_dir (never the working dir)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from lenet_gui.paths import bundled_dir

APP_ICON = "lenet-gui.svg"


def resource_path(*parts: str) -> Path:
    """A file in the bundled resources folder (checkout or installed wheel)."""
    return bundled_dir("resources").joinpath(*parts)


def translations_dir() -> Path:
    return resource_path("translations")


def icon(name: str, theme: QIcon.ThemeIcon | None = None) -> QIcon:
    """The desktop theme's icon where there is one, else our own SVG `name`.svg.

    Native icons look at home on desktops that have a theme; the bundled ones keep the
    toolbar readable where there is none (plain X11, Windows).
    """
    if theme is not None and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme)
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", APP_ICON)))
