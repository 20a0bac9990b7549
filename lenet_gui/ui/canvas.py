"""The drawing canvas: smooth pen and mouse strokes on a square white sheet.

The drawing is kept as vector data (strokes, clears, placed pictures) in document
coordinates of a fixed DOC_SIZE square, so it survives resizing, stays sharp on high-DPI
screens, undoes stroke by stroke and always gives the recognizer the same image size,
whatever the window size. Finished stroke segments are painted once into two cached
images, one for the screen and one of DOC_SIZE for image_array(); only the provisional end
of the stroke being drawn is painted on top, and a pointer move repaints only the few
pixels it changed. The vector data stays the truth: undo, redo, clear, open and resizing
render the caches afresh from it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.engine.preprocess import ImageError, ink_map, load_image
from lenet_gui.ui.i18n import error_text
from lenet_gui.ui.imaging import grey_image, grey_of_rgb32

DOC_SIZE = 280  # the paper's logical resolution: image_array() is always this square
# Brush widths in document units (the sheet is DOC_SIZE across). The default is thin
# enough that a small digit keeps its loops open (18 filled them); the preprocessing
# makes any width MNIST-like, so the network reads every width alike.
MIN_BRUSH, MAX_BRUSH, DEFAULT_BRUSH = 4, 48, 10
SHEET = QColor("#ffffff")
INK = QColor("#141414")
_MIN_STEP = 0.35  # document units; closer pointer events add nothing but jitter
_LIGHTEST_PRESSURE = 0.3  # a feather-light pen touch still draws this fraction of the width
_MAX_PICTURE = 1024  # opened images are kept at most this large (memory, repaint speed)
_MARGIN = 10  # widget pixels around the sheet


def _mid(a: QPointF, b: QPointF) -> QPointF:
    return (a + b) / 2.0


@dataclass(eq=False)
class _Stroke:
    """One pen-down to pen-up gesture, drawn as quadratic curves through the midpoints
    of successive pointer positions (smooth, and each piece final once the next point
    is known, so it can be painted incrementally)."""

    width: float
    eraser: bool
    points: list[QPointF] = field(default_factory=list)
    pressures: list[float] = field(default_factory=list)
    resets: ClassVar[bool] = False

    def add(self, point: QPointF, pressure: float) -> bool:
        """Append a pointer position; False if it is too close to the last one to matter."""
        if self.points:
            last = self.points[-1]
            if math.hypot(point.x() - last.x(), point.y() - last.y()) < _MIN_STEP:
                return False
        self.points.append(QPointF(point))
        self.pressures.append(min(1.0, max(0.0, pressure)))
        return True

    def _pen(self, index: int) -> QPen:
        factor = _LIGHTEST_PRESSURE + (1.0 - _LIGHTEST_PRESSURE) * self.pressures[index]
        color = SHEET if self.eraser else INK
        width = self.width * factor
        round_cap, round_join = Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        return QPen(color, width, Qt.PenStyle.SolidLine, round_cap, round_join)

    def segment_count(self) -> int:
        """Pieces that no later point can change."""
        return max(0, len(self.points) - 1)

    def paint_segment(self, painter: QPainter, k: int) -> None:
        """Piece k: from p0 to the first midpoint, then midpoint to midpoint around p_k."""
        p = self.points
        path = QPainterPath(p[0] if k == 0 else _mid(p[k - 1], p[k]))
        if k == 0:
            path.lineTo(_mid(p[0], p[1]))
        else:
            path.quadTo(p[k], _mid(p[k], p[k + 1]))
        painter.strokePath(path, self._pen(k))

    def paint_tail(self, painter: QPainter) -> None:
        """The provisional end: a dot for a single point, else last midpoint to last point."""
        p, last = self.points, len(self.points) - 1
        if last == 0:
            pen = self._pen(0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            radius = pen.widthF() / 2.0
            painter.drawEllipse(p[0], radius, radius)
            return
        path = QPainterPath(_mid(p[last - 1], p[last]))
        path.lineTo(p[last])
        painter.strokePath(path, self._pen(last))

    def paint(self, painter: QPainter, *, with_tail: bool = True) -> None:
        for k in range(self.segment_count()):
            self.paint_segment(painter, k)
        if with_tail:
            self.paint_tail(painter)


class _Clear:
    """Clearing is an operation too, so that it can be undone."""

    resets: ClassVar[bool] = True

    def paint(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, DOC_SIZE, DOC_SIZE), SHEET)


@dataclass(frozen=True, eq=False)
class _Picture:
    """An opened image, fitted into the sheet; it replaces whatever was drawn before."""

    image: QImage
    target: QRectF
    resets: ClassVar[bool] = True

    def paint(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, DOC_SIZE, DOC_SIZE), SHEET)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.target, self.image)
        painter.restore()


_Op = _Stroke | _Clear | _Picture


def _begin_document_painting(painter: QPainter, pixels: float) -> None:
    """Set `painter` up to paint document coordinates onto a `pixels`-wide square."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(pixels / DOC_SIZE, pixels / DOC_SIZE)
    painter.setClipRect(QRectF(0, 0, DOC_SIZE, DOC_SIZE))


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return Path(urls[0].toLocalFile()) if urls and urls[0].isLocalFile() else None


class DrawingCanvas(QWidget):
    """Square sheet to draw a digit on, with undo/redo, eraser, open and save."""

    changed = Signal()  # the drawing changed (also while a stroke is being drawn)
    history_changed = Signal()  # what can be undone or redone may have changed
    image_opened = Signal(str)  # an image file (its name) was placed on the sheet
    open_failed = Signal(str)  # a dropped file could not be opened: one line for the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setTabletTracking(True)
        self.setAcceptDrops(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(200, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._ops: list[_Op] = []
        self._undone: list[_Op] = []
        self._stroke: _Stroke | None = None
        self._brush_width = float(DEFAULT_BRUSH)
        self._eraser = False
        self._cache = QImage()  # the sheet on screen, in device pixels
        self._raster = QImage()  # the sheet at DOC_SIZE, what image_array() reads
        self._hover: QPointF | None = None
        self.retranslate_ui()

    # --- state -------------------------------------------------------------------------

    def brush_width(self) -> float:
        return self._brush_width

    def set_brush_width(self, width: float) -> None:
        """Width of the next strokes in document units (1/DOC_SIZE of the sheet's side)."""
        self._brush_width = float(min(MAX_BRUSH, max(MIN_BRUSH, width)))
        self.update()

    def eraser(self) -> bool:
        return self._eraser

    def set_eraser(self, on: bool) -> None:
        self._eraser = bool(on)
        self.update()

    def is_empty(self) -> bool:
        """Nothing on the sheet since the start or the last clear."""
        return not self._ops or isinstance(self._ops[-1], _Clear)

    def can_undo(self) -> bool:
        return bool(self._ops) and self._stroke is None

    def can_redo(self) -> bool:
        return bool(self._undone) and self._stroke is None

    # --- editing -------------------------------------------------------------------------

    def undo(self) -> None:
        if self.can_undo():
            self._undone.append(self._ops.pop())
            self._document_changed()

    def redo(self) -> None:
        if self.can_redo():
            self._ops.append(self._undone.pop())
            self._document_changed()

    def clear(self) -> None:
        if not self.is_empty():
            self._finish_stroke()
            self._push(_Clear())

    def open_image(self, path: str | os.PathLike[str]) -> None:
        """Place an image file on the sheet, fitted and centred (undoable).

        The engine turns it into ink on a white background first, so light-on-dark pictures and
        transparent PNGs look like (and are read like) drawings. Raises ImageError.
        """
        ink, _ = ink_map(load_image(path))
        grey = np.round((1.0 - ink) * 255.0).astype(np.uint8)
        image = grey_image(grey)
        if max(image.width(), image.height()) > _MAX_PICTURE:
            image = image.scaled(
                QSize(_MAX_PICTURE, _MAX_PICTURE),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        scale = DOC_SIZE / max(image.width(), image.height())
        w, h = image.width() * scale, image.height() * scale
        self._finish_stroke()
        self._push(_Picture(image, QRectF((DOC_SIZE - w) / 2, (DOC_SIZE - h) / 2, w, h)))
        self.image_opened.emit(Path(path).name)

    def show_digit(self, ink: np.ndarray) -> None:
        """Put a small digit given as ink (2-D; uint8 with 255 = ink as in MNIST, or floats
        with 1.0 = ink) on the whole sheet, smoothly enlarged (undoable, like an image)."""
        ink = np.asarray(ink)
        coverage = ink / 255.0 if np.issubdtype(ink.dtype, np.integer) else ink
        grey = np.round((1.0 - np.clip(coverage, 0.0, 1.0)) * 255.0).astype(np.uint8)
        self._finish_stroke()
        self._push(_Picture(grey_image(grey), QRectF(0, 0, DOC_SIZE, DOC_SIZE)))

    def save_png(self, path: str | os.PathLike[str]) -> None:
        """Save the drawing as a DOC_SIZE square grey PNG (raises OSError on failure)."""
        image = grey_image(self.image_array())
        # (PySide6's stubs want bytes for the format; at run time only str works)
        if not image.save(os.fspath(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"{Path(path).name}: could not be written")

    def strokes(self) -> list[np.ndarray] | None:
        """The pen strokes that made the drawing, each an (N, 2) array of (x, y) points in
        image_array() pixels, in drawing order; None when strokes alone do not describe the
        ink (something was erased, or an image was opened)."""
        start = max((i + 1 for i, op in enumerate(self._ops) if op.resets), default=0)
        if start and isinstance(self._ops[start - 1], _Picture):
            return None  # the picture's ink came with no strokes
        out = []
        for op in self._ops[start:]:
            if not isinstance(op, _Stroke) or op.eraser:
                return None
            out.append(np.array([(p.x(), p.y()) for p in op.points], np.float64))
        return out

    def image_array(self) -> np.ndarray:
        """The drawing as uint8 grey (DOC_SIZE, DOC_SIZE): white sheet, dark ink.

        Read from the incrementally painted raster, the same pixels as a full re-render
        (same operations, same order) at a fraction of its cost mid-stroke."""
        self._raster = self._rendered(self._raster, DOC_SIZE)
        image = self._raster
        if self._stroke is not None:
            image = image.copy()
            painter = QPainter(image)
            _begin_document_painting(painter, DOC_SIZE)
            self._stroke.paint_tail(painter)
            painter.end()
        return grey_of_rgb32(image)

    # --- strokes ---------------------------------------------------------------------------

    def _push(self, op: _Op) -> None:
        self._ops.append(op)
        self._undone.clear()
        self._document_changed()

    def _document_changed(self) -> None:
        self._cache, self._raster = QImage(), QImage()  # rendered afresh when next needed
        self.update()
        self.changed.emit()
        self.history_changed.emit()

    def _begin_stroke(self, pos: QPointF, pressure: float, eraser: bool) -> None:
        self._finish_stroke()  # a release that never came (focus lost mid-stroke)
        stroke = _Stroke(self._brush_width, eraser)
        stroke.add(self._to_document(pos), pressure)
        self._stroke = stroke
        self._ops.append(stroke)
        self._undone.clear()
        self.update()
        self.changed.emit()
        self.history_changed.emit()

    def _extend_stroke(self, pos: QPointF, pressure: float) -> None:
        stroke = self._stroke
        if stroke is None or not stroke.add(self._to_document(pos), pressure):
            return
        k = stroke.segment_count() - 1
        self._paint_on_caches(lambda painter: stroke.paint_segment(painter, k))
        # The old tail, the new piece and the new tail lie within the last three points.
        self.update(self._widget_rect(stroke.points[-3:], stroke.width / 2.0))
        self.changed.emit()

    def _finish_stroke(self) -> None:
        stroke, self._stroke = self._stroke, None
        if stroke is None:
            return
        self._paint_on_caches(stroke.paint_tail)
        self.update()
        self.history_changed.emit()

    def _paint_document(self, painter: QPainter, *, with_tail: bool) -> None:
        """Replay the operations since the last one that repaints the whole sheet."""
        start = next((i for i in range(len(self._ops) - 1, -1, -1) if self._ops[i].resets), 0)
        painter.fillRect(QRectF(0, 0, DOC_SIZE, DOC_SIZE), SHEET)
        for op in self._ops[start:]:
            if isinstance(op, _Stroke):
                op.paint(painter, with_tail=with_tail or op is not self._stroke)
            else:
                op.paint(painter)

    # --- geometry and the on-screen cache ------------------------------------------------

    def sheet_rect(self) -> QRectF:
        """Where the square sheet is, in widget coordinates (centred, with a margin)."""
        side = max(1, min(self.width(), self.height()) - 2 * _MARGIN)
        return QRectF((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def _to_document(self, pos: QPointF) -> QPointF:
        sheet = self.sheet_rect()
        return (pos - sheet.topLeft()) * (DOC_SIZE / sheet.width())

    def _widget_rect(self, points: list[QPointF], reach: float) -> QRect:
        """The widget pixels within `reach` document units of the box around `points`."""
        sheet = self.sheet_rect()
        factor = sheet.width() / DOC_SIZE
        xs = [sheet.left() + p.x() * factor for p in points]
        ys = [sheet.top() + p.y() * factor for p in points]
        margin = reach * factor + 2.0  # and a little for anti-aliasing and rounding
        top_left = QPointF(min(xs) - margin, min(ys) - margin)
        return QRectF(top_left, QPointF(max(xs) + margin, max(ys) + margin)).toAlignedRect()

    def _cache_pixels(self) -> int:
        return round(self.sheet_rect().width() * self.devicePixelRatioF())

    def _paint_on_caches(self, paint: Callable[[QPainter], None]) -> None:
        """Paint in document coordinates onto the caches that are current (the others are
        rendered afresh from the vector data when next needed)."""
        for image, pixels in ((self._raster, DOC_SIZE), (self._cache, self._cache_pixels())):
            if image.width() == pixels:  # else null (0 wide) or of an old size
                painter = QPainter(image)
                _begin_document_painting(painter, image.width())
                paint(painter)
                painter.end()

    def _rendered(self, image: QImage, pixels: int) -> QImage:
        """`image` if it is a current cache `pixels` wide, else the document (without the
        live tail) rendered afresh at that size."""
        if image.width() == pixels:  # a null image is 0 wide
            return image
        image = QImage(pixels, pixels, QImage.Format.Format_RGB32)
        image.fill(SHEET)  # at most sizes the scaled sheet's edge pixels are partly covered
        painter = QPainter(image)
        _begin_document_painting(painter, pixels)
        self._paint_document(painter, with_tail=False)
        painter.end()
        return image

    # --- Qt events -------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, 480)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._cache = self._rendered(self._cache, self._cache_pixels())
        sheet = self.sheet_rect()
        painter = QPainter(self)
        painter.fillRect(sheet.translated(0, 2), QColor(0, 0, 0, 28))  # a hint of shadow
        painter.drawImage(sheet, self._cache)
        frame = self.palette().highlight().color() if self.hasFocus() else QColor(0, 0, 0, 60)
        painter.setPen(QPen(frame, 1.0))
        painter.drawRect(sheet.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.setClipRect(sheet)
        if self._stroke is not None:
            painter.save()
            painter.translate(sheet.topLeft())
            _begin_document_painting(painter, sheet.width())
            self._stroke.paint_tail(painter)
            painter.restore()
        elif self.is_empty():
            self._paint_placeholder(painter, sheet)
        self._paint_brush_outline(painter, sheet)

    def _paint_placeholder(self, painter: QPainter, sheet: QRectF) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(12, round(sheet.width() / 16)))
        painter.setFont(font)
        painter.setPen(QColor(0, 0, 0, 70))
        painter.drawText(sheet, Qt.AlignmentFlag.AlignCenter, self.tr("Draw a digit here"))

    def _paint_brush_outline(self, painter: QPainter, sheet: QRectF) -> None:
        """A ring the size of the brush under the pointer, so the width is visible."""
        if self._hover is None or self._stroke is not None or not sheet.contains(self._hover):
            return
        radius = self._brush_width * sheet.width() / DOC_SIZE / 2.0
        pen = QPen(QColor(0, 0, 0, 110), 1.0)
        if self._eraser:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(self._hover, radius, radius)

    def _repaint_ring(self, *centres: QPointF | None) -> None:
        """Repaint just around the brush ring at each centre (where it was, where it goes)."""
        if self._stroke is not None:
            return  # no ring while drawing
        for centre in centres:
            if centre is not None:
                reach = self._brush_width / 2.0
                self.update(self._widget_rect([self._to_document(centre)], reach))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin_stroke(event.position(), 1.0, self._eraser)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        old, self._hover = self._hover, event.position()
        if self._stroke is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend_stroke(event.position(), 1.0)
        else:
            self._repaint_ring(old, self._hover)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish_stroke()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Pen input with pressure; the pen's eraser end erases. Accepted, so Qt does not
        also send the same movement as mouse events."""
        kind, pos = event.type(), event.position()
        old, self._hover = self._hover, pos
        if kind == QEvent.Type.TabletPress:
            flipped = event.pointerType() == QPointingDevice.PointerType.Eraser
            self._begin_stroke(pos, event.pressure(), self._eraser or flipped)
        elif kind == QEvent.Type.TabletMove and self._stroke is not None:
            self._extend_stroke(pos, event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._finish_stroke()
        else:
            self._repaint_ring(old, pos)
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        old, self._hover = self._hover, None
        self._repaint_ring(old)
        super().leaveEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is None:
            return
        event.acceptProposedAction()
        try:
            self.open_image(path)
        except ImageError as exc:
            self.open_failed.emit(error_text(exc))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Drawing canvas"))
        self.setAccessibleDescription(
            self.tr("Draw one digit with the mouse or a pen. Ctrl+Z undoes a stroke, Esc clears.")
        )
        self.update()
