"""Window sizes that fit the screen the window is on.

The windows' preferred sizes suit a large monitor; on a 1366x768 laptop they were taller
than the screen. A window is opened at its preferred size or, where the screen's free
area (without task bars) is smaller, at that area less room for the title bar and frame;
below its minimum size it scrolls rather than squeezes (each window decides how).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room the window manager's title bar and frame take around the client area.
FRAME = QSize(16, 40)


def fitted_size(preferred: QSize, free: QSize, minimum: QSize) -> QSize:
    """`preferred`, shrunk to `free` less the frame, never below `minimum`."""
    room = free - FRAME
    return preferred.boundedTo(room).expandedTo(minimum)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width x height, or to what its screen has room for."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size() if screen is not None else QSize(width, height)
    widget.resize(fitted_size(QSize(width, height), free, widget.minimumSize()))
