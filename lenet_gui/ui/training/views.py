"""What a training run shows: live loss and accuracy curves and the confusion matrix (the
gallery of misread digits is the shared widgets/gallery.py).

Custom-painted with QPainter (no plotting dependency). Display only: these widgets are
handed numbers the worker thread computed and map them to pixels and colours.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.ui.style import ACCENT, CORRECT_COLOR, UNSURE, WRONG_COLOR, font

TRAIN_COLOR = ACCENT
VAL_COLOR = UNSURE
_MAX_POINTS = 2000  # train points kept per curve; older ones are thinned out beyond this


def tick_labels(low: float, high: float, step: float, *, percent: bool) -> list[tuple[float, str]]:
    """The y ticks from `low` to `high` every `step`, each with its label: as many decimals
    as the step needs and never an exponent (a loss of 250 reads "250", not "2.5e+02")."""
    decimals = 0 if percent else max(0, -math.floor(math.log10(step) + 1e-9))
    ticks = []
    tick = math.ceil(low / step - 1e-9) * step
    while tick <= high + 1e-9:
        label = f"{tick * 100:.0f} %" if percent else f"{tick:,.{decimals}f}"
        ticks.append((tick, label))
        tick += step
    return ticks


def _nice_step(span: float, ticks: int = 4) -> float:
    """A round tick spacing (1, 2 or 5 times a power of ten) giving about `ticks` ticks."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    step: float = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step


class _SummarisedView(QWidget):
    """A painted view that a screen reader knows by its summary() sentence, which follows
    the data (_refresh) and the language (retranslate_ui on LanguageChange)."""

    def summary(self) -> str:
        raise NotImplementedError

    def retranslate_ui(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.setAccessibleDescription(self.summary())
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class TrainingCurves(_SummarisedView):
    """Loss and accuracy against epochs: training (per batch) and validation (per epoch)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_curves")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._epochs = 1
        # (epoch position, loss, accuracy); also as one polyline per curve in data units,
        # (epoch, loss) and (epoch, accuracy), drawn through a transform: a repaint costs
        # the same however many points there are
        self._train: list[tuple[float, float, float]] = []
        self._val: list[tuple[float, float, float]] = []
        self._train_lines = (QPolygonF(), QPolygonF())
        self._val_lines = (QPolygonF(), QPolygonF())
        self.retranslate_ui()

    def clear(self, epochs: int) -> None:
        """Forget all points; the x axis will span `epochs` epochs."""
        self._epochs = max(1, epochs)
        self._train.clear()
        self._val.clear()
        for line in (*self._train_lines, *self._val_lines):
            line.clear()
        self._refresh()

    def add_train_point(self, epoch: float, loss: float, accuracy: float) -> None:
        """`epoch` is fractional: 1.5 is halfway through the second epoch."""
        self._train.append((epoch, loss, accuracy))
        if len(self._train) > _MAX_POINTS:  # thin out: every other point
            self._train = self._train[::2]
            for column, line in enumerate(self._train_lines, start=1):
                line.clear()
                for point in self._train:
                    line.append(QPointF(point[0], point[column]))
        else:
            self._train_lines[0].append(QPointF(epoch, loss))
            self._train_lines[1].append(QPointF(epoch, accuracy))
        self._refresh()

    def add_val_point(self, epoch: float, loss: float, accuracy: float) -> None:
        self._val.append((epoch, loss, accuracy))
        self._val_lines[0].append(QPointF(epoch, loss))
        self._val_lines[1].append(QPointF(epoch, accuracy))
        self._refresh()

    def train_points(self) -> list[tuple[float, float, float]]:
        return list(self._train)

    def val_points(self) -> list[tuple[float, float, float]]:
        return list(self._val)

    def summary(self) -> str:
        """The latest values in one sentence (accessible description, tests)."""
        if not self._train:
            return self.tr("No training yet")
        _, loss, accuracy = self._train[-1]
        text = self.tr("Training loss {loss}, accuracy {accuracy}").format(
            loss=f"{loss:.3f}", accuracy=f"{accuracy * 100:.1f} %"
        )
        if self._val:
            _, val_loss, val_accuracy = self._val[-1]
            text += "; " + self.tr("validation loss {loss}, accuracy {accuracy}").format(
                loss=f"{val_loss:.3f}", accuracy=f"{val_accuracy * 100:.1f} %"
            )
        return text

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Training curves"))
        self._refresh()

    def sizeHint(self) -> QSize:
        return QSize(640, 230)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 160)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        legend_h = font(self, 12).pixelSize() * 2.0
        plots = QRectF(area.left(), area.top(), area.width(), area.height() - legend_h)
        gap = 18.0
        half = (plots.width() - gap) / 2
        left = QRectF(plots.left(), plots.top(), half, plots.height())
        right = QRectF(plots.left() + half + gap, plots.top(), half, plots.height())
        losses = [p[1] for p in self._train + self._val]
        top_loss = max([*losses, 0.1]) * 1.05
        self._paint_plot(painter, left, self.tr("Loss"), 1, (0.0, top_loss), percent=False)
        accuracies = [p[2] for p in self._train + self._val]
        low = min([*accuracies, 0.9])
        low = max(0.0, math.floor(low * 10) / 10)  # 0.9 unless something was below
        self._paint_plot(painter, right, self.tr("Accuracy"), 2, (low, 1.0), percent=True)
        self._paint_legend(painter, QRectF(area.left(), plots.bottom(), area.width(), legend_h))
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def _paint_plot(
        self,
        painter: QPainter,
        rect: QRectF,
        title: str,
        column: int,
        y_range: tuple[float, float],
        *,
        percent: bool,
    ) -> None:
        """One panel: title, y ticks, epoch ticks, the training line and validation dots."""
        muted = self.palette().placeholderText().color()
        text = self.palette().windowText().color()
        small = font(self, 11)
        painter.setFont(font(self, 13, bold=True))
        painter.setPen(text)
        title_h = painter.fontMetrics().height() + 4
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), title_h),
            Qt.AlignmentFlag.AlignLeft,
            title,
        )
        painter.setFont(small)
        low, high = y_range
        step = _nice_step(high - low)
        ticks = tick_labels(low, high, step, percent=percent)
        metrics = painter.fontMetrics()
        label_w = max(metrics.horizontalAdvance(label) for _, label in ticks) + 6  # any loss
        label_h = metrics.height() + 2
        plot = QRectF(
            rect.left() + label_w,
            rect.top() + title_h + label_h / 2,
            rect.width() - label_w - 4,
            rect.height() - title_h - label_h * 1.5 - 2,
        )
        if plot.width() < 20 or plot.height() < 20:
            return
        to_pixels = QTransform()  # (epoch, value) -> widget pixels; last step applies first
        to_pixels.translate(plot.left(), plot.bottom())
        to_pixels.scale(plot.width() / self._epochs, -plot.height() / (high - low))
        to_pixels.translate(0.0, -low)

        grid = QColor(muted)
        grid.setAlpha(60)
        for tick, label in ticks:
            y = to_pixels.map(QPointF(0.0, tick)).y()
            painter.setPen(QPen(grid, 1.0))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(rect.left(), y - label_h / 2, label_w - 4, label_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        epoch_step = max(1, math.ceil(self._epochs / 10))
        for epoch in range(0, self._epochs + 1, epoch_step):
            x = to_pixels.map(QPointF(epoch, low)).x()
            painter.drawText(
                QRectF(x - 20, plot.bottom() + 2, 40, label_h),
                Qt.AlignmentFlag.AlignHCenter,
                str(epoch),
            )
        painter.setPen(QPen(muted, 1.0))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        painter.save()
        painter.setClipRect(plot.adjusted(-4, -4, 4, 4))
        val_points = to_pixels.map(self._val_lines[column - 1])
        painter.setTransform(to_pixels, combine=True)
        for line, color, width in (
            (self._train_lines[column - 1], TRAIN_COLOR, 1.6),
            (self._val_lines[column - 1], VAL_COLOR, 2.0),
        ):
            pen = QPen(color, width)
            pen.setCosmetic(True)  # the width in pixels, not in epochs and loss units
            painter.setPen(pen)
            painter.drawPolyline(line)
        painter.resetTransform()
        painter.setPen(QPen(VAL_COLOR, 2.0))
        painter.setBrush(VAL_COLOR)
        for point in val_points.toList():  # round dots: drawn in pixels
            painter.drawEllipse(point, 3.5, 3.5)
        painter.restore()

    def _paint_legend(self, painter: QPainter, rect: QRectF) -> None:
        painter.setFont(font(self, 12))
        metrics = painter.fontMetrics()
        x = rect.left() + 4
        y = rect.center().y()
        for color, label in (
            (TRAIN_COLOR, self.tr("training")),
            (VAL_COLOR, self.tr("validation")),
        ):
            painter.setPen(QPen(color, 2.5))
            painter.drawLine(QPointF(x, y), QPointF(x + 18, y))
            painter.setPen(self.palette().windowText().color())
            width = metrics.horizontalAdvance(label)
            painter.drawText(
                QRectF(x + 24, rect.top(), width + 4, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += 24 + width + 22
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.tr("epochs")
        )


class ConfusionMatrixView(_SummarisedView):
    """A 10x10 grid of counts: row = the true digit, column = what the network said."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusion_matrix")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMouseTracking(True)
        self._matrix: np.ndarray | None = None
        self.retranslate_ui()

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self._matrix = None if matrix is None else np.asarray(matrix, dtype=np.int64)
        self._refresh()

    def matrix(self) -> np.ndarray | None:
        return self._matrix

    def summary(self) -> str:
        m = self._matrix
        if m is None:
            return self.tr("No test results yet")
        off = m.copy()
        np.fill_diagonal(off, 0)
        true, said = np.unravel_index(int(off.argmax()), off.shape)
        text = self.tr("{correct} of {total} test digits read correctly").format(
            correct=f"{int(np.trace(m)):,}", total=f"{int(m.sum()):,}"
        )
        if off[true, said]:
            text += "; " + self.tr("most often confused: {true} read as {said} ({count}×)").format(
                true=true, said=said, count=int(off[true, said])
            )
        return text

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Confusion matrix"))
        self.setToolTip(self.tr("Rows: the true digit. Columns: what the network said."))
        self._refresh()

    def sizeHint(self) -> QSize:
        return QSize(330, 330)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 240)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def _grid(self) -> tuple[QRectF, float]:
        """The 10x10 cells' area and the side of one cell; left of and above it, 1.6 cells
        hold the axis title and the digits."""
        side = min(self.width(), self.height()) - 4
        cell = side / 11.6
        left = (self.width() - side) / 2 + 1.6 * cell
        return QRectF(left, 2 + 1.6 * cell, cell * 10, cell * 10), cell

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        grid, cell = self._grid()
        muted = self.palette().placeholderText().color()
        painter.setFont(font(self, min(12.0, cell * 0.42)))
        painter.setPen(muted)
        painter.drawText(
            QRectF(grid.left(), grid.top() - 1.6 * cell, grid.width(), 0.8 * cell),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("said"),
        )
        painter.save()  # the rows' title, written upwards
        painter.translate(grid.left() - 1.6 * cell, grid.bottom())
        painter.rotate(-90)
        painter.drawText(
            QRectF(0, 0, grid.height(), 0.8 * cell), Qt.AlignmentFlag.AlignCenter, self.tr("true")
        )
        painter.restore()
        painter.setFont(font(self, min(14.0, cell * 0.5), bold=True))
        painter.setPen(self.palette().windowText().color())
        for d in range(10):
            painter.drawText(
                QRectF(grid.left() + d * cell, grid.top() - 0.8 * cell, cell, 0.8 * cell),
                Qt.AlignmentFlag.AlignCenter,
                str(d),
            )
            painter.drawText(
                QRectF(grid.left() - 0.8 * cell, grid.top() + d * cell, 0.8 * cell, cell),
                Qt.AlignmentFlag.AlignCenter,
                str(d),
            )
        m = self._matrix
        counts_font = font(self, min(12.0, cell * 0.36))
        row_totals = m.sum(axis=1) if m is not None else None
        for t in range(10):
            for s in range(10):
                rect = QRectF(grid.left() + s * cell, grid.top() + t * cell, cell, cell)
                color = QColor(self.palette().base().color())
                if m is not None and row_totals is not None and m[t, s]:
                    share = m[t, s] / max(1, row_totals[t])
                    base = CORRECT_COLOR if t == s else WRONG_COLOR
                    # diagonal: how much of the row is right; elsewhere even one mistake shows
                    strength = share if t == s else min(1.0, 0.15 + 6 * share)
                    color = QColor(base)
                    color.setAlphaF(0.12 + 0.88 * strength)
                painter.fillRect(rect, color)
                if m is not None and m[t, s]:
                    painter.setFont(counts_font)
                    dark = color.alphaF() > 0.55
                    painter.setPen(QColor("white") if dark else self.palette().windowText().color())
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(m[t, s])))
        painter.setPen(QPen(muted, 0.5))
        for i in range(11):
            painter.drawLine(
                QPointF(grid.left() + i * cell, grid.top()),
                QPointF(grid.left() + i * cell, grid.bottom()),
            )
            painter.drawLine(
                QPointF(grid.left(), grid.top() + i * cell),
                QPointF(grid.right(), grid.top() + i * cell),
            )
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DotLine))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        grid, cell = self._grid()
        pos = event.position()
        if self._matrix is None or not grid.contains(pos):
            self.setToolTip(self.tr("Rows: the true digit. Columns: what the network said."))
            return
        t = min(9, int((pos.y() - grid.top()) / cell))
        s = min(9, int((pos.x() - grid.left()) / cell))
        self.setToolTip(
            self.tr("{count} test images of a {true} read as {said}").format(
                count=int(self._matrix[t, s]), true=t, said=s
            )
        )
