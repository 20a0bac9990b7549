"""The answer: a large predicted digit with its confidence, and all ten probabilities.

Custom-painted (no charting dependency). It never pretends: an empty canvas shows "Draw a
digit" and no bars, and a weak best guess is shown as a question, not as an answer.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.ui.style import ACCENT, BAR, UNSURE, font

if TYPE_CHECKING:  # the engine imports torch; the UI must not at import time
    from lenet_gui.engine.recognizer import Prediction

_LABEL_FROM = 0.01  # bars below 1 % get no percentage label (it would read "0%")


class ChartStatus(Enum):
    """What the chart says when there is no prediction to show."""

    LOADING = "loading"
    NO_MODEL = "no-model"


def _percent(probability: float) -> str:
    """One decimal, but never "100.0 %": a network is not certain, it is very confident."""
    if probability >= 0.9995:
        return "> 99.9 %"
    return f"{probability * 100:.1f} %"


class PredictionChart(QWidget):
    """Shows one Prediction (or a status) and keeps an accessible text summary of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prediction_chart")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers can land on the answer
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._status: ChartStatus | None = ChartStatus.LOADING
        self._prediction: Prediction | None = None
        self.retranslate_ui()

    def prediction(self) -> Prediction | None:
        return self._prediction

    def show_status(self, status: ChartStatus) -> None:
        self._status, self._prediction = status, None
        self._refresh()

    def set_prediction(self, prediction: Prediction) -> None:
        self._status, self._prediction = None, prediction
        self._refresh()

    def summary(self) -> str:
        """What the chart shows, in one sentence (accessible description, tests)."""
        p = self._prediction
        if self._status is ChartStatus.LOADING:
            return self.tr("Loading model…")
        if self._status is ChartStatus.NO_MODEL:
            return self.tr("No model loaded")
        if p is None or p.digit is None:
            return self.tr("Draw a digit")
        if p.unsure:
            return self.tr("Not sure — is this a digit? Best guess {digit} ({percent})").format(
                digit=p.digit, percent=_percent(p.confidence)
            )
        return self.tr("Predicted digit {digit}, confidence {percent}").format(
            digit=p.digit, percent=_percent(p.confidence)
        )

    def _refresh(self) -> None:
        self.setAccessibleDescription(self.summary())
        self.update()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Prediction"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(480, 215)

    def minimumSizeHint(self) -> QSize:
        return QSize(340, 190)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        if area.width() >= max(area.height() * 1.8, 560):  # wide: the answer left of the bars
            head_width = min(area.width() * 0.36, area.height() * 1.05)
            head = QRectF(area.left(), area.top(), head_width, area.height())
            bars = QRectF(
                head.right() + 18, area.top(), area.right() - head.right() - 18, area.height()
            )
            digit_box = QRectF(head.left(), head.top(), head.width(), head.height() * 0.62)
            caption = QRectF(
                head.left(), digit_box.bottom(), head.width(), head.bottom() - digit_box.bottom()
            )
            align = Qt.AlignmentFlag.AlignHCenter
        else:  # compact: the answer above the bars
            head = QRectF(area.left(), area.top(), area.width(), area.height() * 0.42)
            bars = QRectF(
                area.left(), head.bottom() + 8, area.width(), area.bottom() - head.bottom() - 8
            )
            digit_box = QRectF(
                head.left(), head.top(), min(head.height(), head.width() * 0.4), head.height()
            )
            caption = QRectF(
                digit_box.right() + 12,
                head.top(),
                head.right() - digit_box.right() - 12,
                head.height(),
            )
            align = Qt.AlignmentFlag.AlignLeft
        self._paint_answer(painter, head, digit_box, caption, align)
        self._paint_bars(painter, bars)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def _muted(self) -> QColor:
        return self.palette().placeholderText().color()

    def _paint_answer(
        self,
        painter: QPainter,
        head: QRectF,
        digit_box: QRectF,
        caption: QRectF,
        align: Qt.AlignmentFlag,
    ) -> None:
        """The big answer: a digit, a question mark, or what to do, with its caption."""
        p = self._prediction
        size = min(head.height(), head.width())

        def scaled(fraction: float, low: float, high: float, *, bold: bool = False) -> QFont:
            return font(self, min(high, max(low, size * fraction)), bold=bold)

        if p is None or p.digit is None:
            lines = [(self.summary(), scaled(0.2, 14, 28, bold=True), self._muted())]
            if self._status is ChartStatus.NO_MODEL:
                lines.append((self.tr("File → Open weights…"), scaled(0.13, 12, 20), self._muted()))
            self._paint_lines(painter, head, Qt.AlignmentFlag.AlignHCenter, lines)
            return
        painter.setFont(font(self, min(digit_box.height(), digit_box.width()) * 0.95, bold=True))
        painter.setPen(UNSURE if p.unsure else ACCENT)
        painter.drawText(digit_box, Qt.AlignmentFlag.AlignCenter, "?" if p.unsure else str(p.digit))
        small = scaled(0.12, 13, 18)
        large = scaled(0.22, 16, min(36, caption.width() / 5.5), bold=True)  # fits one line
        if p.unsure:
            guess = self.tr("Best guess {digit} · {percent}").format(
                digit=p.digit, percent=_percent(p.confidence)
            )
            lines = [
                (
                    self.tr("Not sure — is this a digit?"),
                    scaled(0.15, 13, 24, bold=True),
                    UNSURE.darker(120),
                ),
                (guess, small, self._muted()),
            ]
        else:
            lines = [
                (self.tr("Confidence"), small, self._muted()),
                (_percent(p.confidence), large, self.palette().windowText().color()),
            ]
        self._paint_lines(painter, caption, align, lines)

    @staticmethod
    def _paint_lines(
        painter: QPainter,
        rect: QRectF,
        align: Qt.AlignmentFlag,
        lines: list[tuple[str, QFont, QColor]],
    ) -> None:
        """Word-wrapped lines of text in different styles, centred vertically in `rect`."""
        flags = align | Qt.TextFlag.TextWordWrap
        blocks = []
        for text, line_font, color in lines:
            painter.setFont(line_font)
            blocks.append(
                (text, line_font, color, painter.boundingRect(rect, flags, text).height())
            )
        gap = 4.0
        y = rect.top() + (rect.height() - sum(b[3] for b in blocks) - gap * (len(blocks) - 1)) / 2
        for text, line_font, color, height in blocks:
            painter.setFont(line_font)
            painter.setPen(color)
            painter.drawText(QRectF(rect.left(), y, rect.width(), height), flags, text)
            y += height + gap

    def _paint_bars(self, painter: QPainter, rect: QRectF) -> None:
        """Ten columns, digits 0-9 below, percentages above; only real probabilities."""
        p = self._prediction
        has_bars = p is not None and p.digit is not None
        label_font = font(self, min(15.0, rect.width() / 22))
        digit_font = font(self, min(18.0, rect.width() / 17))
        label_h = label_font.pixelSize() * 1.6
        digit_h = digit_font.pixelSize() * 1.8
        plot = QRectF(
            rect.left(), rect.top() + label_h, rect.width(), rect.height() - label_h - digit_h
        )
        slot = rect.width() / 10
        axis = self._muted()
        painter.setPen(QPen(axis, 1.0))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for digit in range(10):
            column = QRectF(rect.left() + digit * slot, plot.top(), slot, plot.height())
            winner = has_bars and digit == p.digit
            painter.setFont(font(self, digit_font.pixelSize(), bold=winner))
            painter.setPen(self.palette().windowText().color() if has_bars else axis)
            painter.drawText(
                QRectF(column.left(), plot.bottom(), slot, digit_h),
                Qt.AlignmentFlag.AlignCenter,
                str(digit),
            )
            if not has_bars:
                continue
            value = float(p.probabilities[digit])
            bar = QRectF(
                column.left() + slot * 0.18,
                plot.bottom() - value * plot.height(),
                slot * 0.64,
                value * plot.height(),
            )
            color = (UNSURE if p.unsure else ACCENT) if winner else BAR
            painter.fillRect(bar, color)
            if value >= _LABEL_FROM or winner:
                painter.setFont(font(self, label_font.pixelSize(), bold=winner))
                painter.setPen(color.darker(130) if winner else axis)
                painter.drawText(
                    QRectF(column.left() - slot * 0.3, bar.top() - label_h, slot * 1.6, label_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{value * 100:.0f}%",
                )
