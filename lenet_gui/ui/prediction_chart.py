"""The answer: a large predicted digit with its confidence, and all ten probabilities.

Custom-painted (no charting dependency). It never pretends: an empty canvas shows "Draw a
digit" and no bars, and a weak best guess is shown as a question, not as an answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QRegion, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from lenet_gui.ui.style import ACCENT, BAR, UNSURE, font

if TYPE_CHECKING:  # for annotations only: the UI imports engine modules where it uses them
    from lenet_gui.engine.recognizer import Prediction

_LABEL_FROM = 0.01  # bars below 1 % get no percentage label (it would read "0%")
_GAP = 4.0  # between the lines of the answer's caption


@dataclass(frozen=True)
class _Layout:
    """Where everything goes at one widget size. The widget is cut into three parts that
    change apart: the answer, the bars with their percentages (and the axis), and the
    digits under the axis; a new prediction repaints only the parts it changes."""

    head: QRectF
    digit_box: QRectF
    caption: QRectF
    align: Qt.AlignmentFlag
    bars: QRectF
    plot: QRectF
    slot: float
    label_h: float
    digit_h: float
    label_px: int
    digit_px: int
    answer_part: QRect
    plot_part: QRect
    digits_part: QRect


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
        self._number = ("", -1)  # a number read on the canvas and the digit shown, if any
        self._layout_cache: _Layout | None = None
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self._heights: dict[tuple[object, ...], float] = {}  # text layout is slow
        self._answer_overflows = False  # the answer's text reached beyond its part
        self.retranslate_ui()

    def prediction(self) -> Prediction | None:
        return self._prediction

    def show_status(self, status: ChartStatus) -> None:
        self._status, self._prediction = status, None
        self._refresh()

    def set_prediction(self, prediction: Prediction) -> None:
        """Show `prediction`, repainting only the parts of the chart that it changes."""
        before = self._looks()
        self._status, self._prediction = None, prediction
        after = self._looks()
        self.setAccessibleDescription(self.summary())
        if self._answer_overflows:
            self.update()
            return
        layout = self._layout()
        for part, old, new in zip(
            (layout.answer_part, layout.plot_part, layout.digits_part), before, after, strict=True
        ):
            if old != new:
                self.update(part)

    def set_number(self, text: str, selected: int) -> None:
        """The canvas holds the number `text` (two digits or more; else "") and the bars
        show its digit `selected`: the answer shows the whole number, that digit marked."""
        number = (text, selected) if len(text) > 1 else ("", -1)
        if number != self._number:
            self._number = number
            self.setAccessibleDescription(self.summary())
            self.update(self._layout().answer_part)

    def number(self) -> str:
        return self._number[0]

    def _looks(self) -> tuple[object, object, object]:
        """What the answer, the bars and the digits under them show, part by part."""
        p = self._prediction
        if p is None or p.digit is None:
            return (self._status, None), None, None
        answer = (p.digit, p.unsure, p.unlike_any_digit, _percent(p.confidence))
        return answer, (p.digit, p.unsure, p.probabilities.tobytes()), p.digit

    def summary(self) -> str:
        """What the chart shows, in one sentence (accessible description, tests)."""
        p = self._prediction
        if self._status is ChartStatus.LOADING:
            return self.tr("Loading model…")
        if self._status is ChartStatus.NO_MODEL:
            return self.tr("No model loaded")
        if p is None or p.digit is None:
            return self.tr("Draw a digit")
        if p.unlike_any_digit:
            return self.tr(
                "That does not look like a digit. Best guess {digit} ({percent})"
            ).format(digit=p.digit, percent=_percent(p.confidence))
        if p.unsure:
            text = self.tr("Not sure — is this a digit? Best guess {digit} ({percent})").format(
                digit=p.digit, percent=_percent(p.confidence)
            )
        else:
            text = self.tr("Predicted digit {digit}, confidence {percent}").format(
                digit=p.digit, percent=_percent(p.confidence)
            )
        number, selected = self._number
        if not number:
            return text
        return self.tr("Number {number}; digit {n} of {count}: {digit}").format(
            number=number, n=selected + 1, count=len(number), digit=text
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
        elif event.type() == QEvent.Type.FontChange:
            self._forget_layout()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._forget_layout()
        super().resizeEvent(event)

    def _forget_layout(self) -> None:
        self._layout_cache = None
        self._fonts.clear()
        self._heights.clear()

    def sizeHint(self) -> QSize:
        return QSize(480, 215)

    def minimumSizeHint(self) -> QSize:
        return QSize(340, 190)

    # --- painting --------------------------------------------------------------------------

    def _font(self, pixels: float, *, bold: bool = False) -> QFont:
        key = (pixels, bold)
        if key not in self._fonts:
            self._fonts[key] = font(self, pixels, bold=bold)
        return self._fonts[key]

    def _layout(self) -> _Layout:
        if self._layout_cache is None:
            self._layout_cache = self._make_layout()
        return self._layout_cache

    def _make_layout(self) -> _Layout:
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
        label_px = self._font(min(15.0, bars.width() / 22)).pixelSize()
        digit_px = self._font(min(18.0, bars.width() / 17)).pixelSize()
        label_h, digit_h = label_px * 1.6, digit_px * 1.8
        plot = QRectF(
            bars.left(), bars.top() + label_h, bars.width(), bars.height() - label_h - digit_h
        )
        slot = bars.width() / 10
        # The parts: the percentages reach 0.3 slot beyond the bars; the axis line (and
        # the bars' antialiased feet on it) 2 pixels below the plot; the digits no higher.
        w, h = self.width(), self.height()
        cut = math.ceil(plot.bottom()) + 2
        if align == Qt.AlignmentFlag.AlignHCenter:
            left = math.floor(bars.left() - slot * 0.3)
            answer_part = QRect(0, 0, left, h)
            plot_part = QRect(left, 0, w - left, cut)
            digits_part = QRect(left, cut, w - left, h - cut)
        else:
            top = math.floor(bars.top())
            answer_part = QRect(0, 0, w, top)
            plot_part = QRect(0, top, w, cut - top)
            digits_part = QRect(0, cut, w, h - cut)
        return _Layout(
            head, digit_box, caption, align, bars, plot, slot, label_h, digit_h,
            label_px, digit_px, answer_part, plot_part, digits_part,
        )  # fmt: skip

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        layout = self._layout()
        region = event.region()
        if self._answer_overflows or region.intersects(layout.answer_part):
            ink = self._paint_answer(painter, layout)
            self._answer_overflows = not QRectF(layout.answer_part).contains(ink)
            if self._answer_overflows and region != QRegion(self.rect()):
                self.update()  # the parts beside it may now need its text
        self._paint_bars(painter, layout, region)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def _muted(self) -> QColor:
        return self.palette().placeholderText().color()

    def _paint_answer(self, painter: QPainter, layout: _Layout) -> QRectF:
        """The big answer: a digit, a question mark, or what to do, with its caption.
        Returns the rectangle its text was laid out in."""
        p = self._prediction
        head, digit_box, caption, align = (
            layout.head,
            layout.digit_box,
            layout.caption,
            layout.align,
        )
        size = min(head.height(), head.width())

        def scaled(fraction: float, low: float, high: float, *, bold: bool = False) -> QFont:
            return self._font(min(high, max(low, size * fraction)), bold=bold)

        if p is None or p.digit is None:
            lines = [(self.summary(), scaled(0.2, 14, 28, bold=True), self._muted())]
            if self._status is ChartStatus.NO_MODEL:
                lines.append((self.tr("File → Open weights…"), scaled(0.13, 12, 20), self._muted()))
            return self._paint_lines(painter, head, Qt.AlignmentFlag.AlignHCenter, lines)
        small = scaled(0.12, 13, 18)
        if self._number[0]:
            return self._paint_number(painter, layout, small)
        painter.setFont(self._font(min(digit_box.height(), digit_box.width()) * 0.95, bold=True))
        painter.setPen(UNSURE if p.unsure else ACCENT)
        painter.drawText(digit_box, Qt.AlignmentFlag.AlignCenter, "?" if p.unsure else str(p.digit))
        large = scaled(0.22, 16, min(36, caption.width() / 5.5), bold=True)  # fits one line
        if p.unsure:
            guess = self.tr("Best guess {digit} · {percent}").format(
                digit=p.digit, percent=_percent(p.confidence)
            )
            headline = (
                self.tr("That does not look like a digit")
                if p.unlike_any_digit
                else self.tr("Not sure — is this a digit?")
            )
            lines = [
                (
                    headline,
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
        return digit_box.united(self._paint_lines(painter, caption, align, lines))

    def _paint_number(self, painter: QPainter, layout: _Layout, small: QFont) -> QRectF:
        """A number instead of one digit: all its digits, the one the bars show in the
        answer's colour, with that digit's place and confidence as the caption."""
        p = self._prediction
        assert p is not None
        number, selected = self._number
        head = layout.head
        size = min(head.height() * 0.5, head.width() / (0.62 * len(number)))
        painter.setFont(self._font(max(12.0, size), bold=True))
        metrics = painter.fontMetrics()
        widths = [metrics.horizontalAdvance(c) for c in number]
        x = head.center().x() - sum(widths) / 2
        line = QRectF(head.left(), head.top(), head.width(), metrics.height() * 1.1)
        for i, (char, width) in enumerate(zip(number, widths, strict=True)):
            color = (UNSURE if p.unsure else ACCENT) if i == selected else self._muted()
            painter.setPen(color)
            painter.drawText(
                QRectF(x, line.top(), width, line.height()), Qt.AlignmentFlag.AlignCenter, char
            )
            x += width
        caption = QRectF(head.left(), line.bottom(), head.width(), head.bottom() - line.bottom())
        lines = [
            (
                self.tr("Digit {n} of {count}: {digit} · {percent}").format(
                    n=selected + 1, count=len(number), digit=p.digit, percent=_percent(p.confidence)
                ),
                small,
                UNSURE.darker(120) if p.unsure else self.palette().windowText().color(),
            )
        ]
        return line.united(
            self._paint_lines(painter, caption, Qt.AlignmentFlag.AlignHCenter, lines)
        )

    def _paint_lines(
        self,
        painter: QPainter,
        rect: QRectF,
        align: Qt.AlignmentFlag,
        lines: list[tuple[str, QFont, QColor]],
    ) -> QRectF:
        """Word-wrapped lines of text in different styles, centred vertically in `rect`;
        returns the rectangle they were laid out in."""
        flags = align | Qt.TextFlag.TextWordWrap
        heights = []
        for text, line_font, _color in lines:
            key = (text, line_font.pixelSize(), line_font.bold(), rect.getRect(), flags)
            if key not in self._heights:
                painter.setFont(line_font)
                self._heights[key] = painter.boundingRect(rect, flags, text).height()
            heights.append(self._heights[key])
        total = sum(heights) + _GAP * (len(lines) - 1)
        y = top = rect.top() + (rect.height() - total) / 2
        for (text, line_font, color), height in zip(lines, heights, strict=True):
            painter.setFont(line_font)
            painter.setPen(color)
            painter.drawText(QRectF(rect.left(), y, rect.width(), height), flags, text)
            y += height + _GAP
        return QRectF(rect.left(), top, rect.width(), total)

    def _paint_bars(self, painter: QPainter, layout: _Layout, region: QRegion) -> None:
        """Ten columns, digits 0-9 below, percentages above; only real probabilities.
        Skips what lies outside `region` (the parts being repainted)."""
        p = self._prediction
        has_bars = p is not None and p.digit is not None
        plot, slot, label_h, digit_h = layout.plot, layout.slot, layout.label_h, layout.digit_h
        rect = layout.bars
        axis = self._muted()
        painter.setPen(QPen(axis, 1.0))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        show_digits = region.intersects(layout.digits_part)
        show_bars = has_bars and region.intersects(layout.plot_part)
        for digit in range(10):
            column = QRectF(rect.left() + digit * slot, plot.top(), slot, plot.height())
            winner = p is not None and has_bars and digit == p.digit
            if show_digits:
                painter.setFont(self._font(layout.digit_px, bold=winner))
                painter.setPen(self.palette().windowText().color() if has_bars else axis)
                painter.drawText(
                    QRectF(column.left(), plot.bottom(), slot, digit_h),
                    Qt.AlignmentFlag.AlignCenter,
                    str(digit),
                )
            if not show_bars or p is None:
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
                painter.setFont(self._font(layout.label_px, bold=winner))
                painter.setPen(color.darker(130) if winner else axis)
                painter.drawText(
                    QRectF(column.left() - slot * 0.3, bar.top() - label_h, slot * 1.6, label_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    f"{value * 100:.0f}%",
                )
