"""The Reports window's chart (docs/desk.md, Reports): a bar per row of the report's bar
column (`BAR_COLUMN`) above a line per week series (`WEEK_SERIES`) over the period's weeks.

Drawn with QPainter rather than Qt Charts: Qt Charts lives in PySide6-Addons, which the
desk does not depend on (a whole extra wheel for two plain figures). The same drawing goes
to the screen (`paintEvent`) and to an image of any size for the printed report
(`image`), so paper and window show one picture."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.reports import BAR_COLUMN, WEEK_SERIES, Report
from ui import locale_format
from ui.documents.report import HEADINGS, RATIO_COLUMNS, cell_text, is_money, report_word

BAR_COLOUR = QColor("#3b6ea8")
SERIES_COLOURS: dict[str, QColor] = {
    "utilisation": QColor("#3b6ea8"),
    "completed": QColor("#2e7d32"),
    "no_show": QColor("#e08a1e"),
    "cancelled": QColor("#c62828"),
    "billed_cents": QColor("#7a8fb3"),
    "collected_cents": QColor("#2e7d32"),
}
GRID_COLOUR = QColor("#dddddd")
AXIS_COLOUR = QColor("#666666")
TEXT_COLOUR = QColor("#222222")
PAD = 8.0
# The bars' heading per grouping, a whole phrase each (translated as written).
BAR_TITLES: dict[str, str] = {
    "therapist": str(QT_TRANSLATE_NOOP("ReportChart", "%s by therapist")),
    "room": str(QT_TRANSLATE_NOOP("ReportChart", "%s by room")),
    "service": str(QT_TRANSLATE_NOOP("ReportChart", "%s by service")),
    "method": str(QT_TRANSLATE_NOOP("ReportChart", "%s by payment method")),
}


def nice_step(top: float, intervals: int = 4, *, whole: bool = False) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) covering `top` in about
    `intervals` steps; at least 1 for whole numbers (counts, cents)."""
    if top <= 0:
        return 1.0
    raw = top / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = multiple * magnitude
        if step >= raw:
            return max(1.0, math.ceil(step)) if whole else step
    return 10 * magnitude  # pragma: no cover - 10 always covers raw


class ReportChart(QWidget):
    """The chart of the report shown (`set_report`); empty until a report arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.bars_drawn = 0  # bars of a non-zero length in the last drawing (tests read it)
        self.setMinimumSize(360, 420)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so a screen reader names it
        self.setAccessibleName(self.tr("Report chart"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(460, 520)

    def set_report(self, report: Report | None) -> None:
        self.report = report
        self.setAccessibleDescription(self._description())
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            self.paint(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def image(self, width: int, height: int, scale: float = 3.0) -> QImage:
        """The chart laid out on `width` × `height` points, the screen's text size, drawn
        `scale` times finer (the printed report: sharp on paper, text as big as the table's)."""
        picture = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
        picture.setDevicePixelRatio(scale)
        picture.fill(QColor("white"))
        painter = QPainter(picture)
        try:
            painter.setFont(self.font())
            self.paint(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()
        return picture

    # -- drawing -------------------------------------------------------------------------

    def paint(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, QColor("white"))
        report = self.report
        if report is None:
            painter.setPen(AXIS_COLOUR)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No report yet."))
            self.bars_drawn = 0
            return
        # The bars need a line per row; the weeks' lines get the rest, at least 40 %.
        line_height = QFontMetricsF(painter.font()).height()
        wanted = 3 * line_height + len(report.rows) * max(line_height + 4, 18.0) + 2 * PAD
        bars_height = min(max(wanted, area.height() * 0.3), area.height() * 0.6)
        bars_area = QRectF(area.left(), area.top(), area.width(), bars_height)
        lines_area = QRectF(
            area.left(), area.top() + bars_height, area.width(), area.height() - bars_height
        )
        self._paint_bars(painter, report, bars_area)
        self._paint_lines(painter, report, lines_area)

    def _value_text(self, column: str, value: float, currency: str) -> str:
        if is_money(column):
            return locale_format.amount(round(value), currency)
        if column in RATIO_COLUMNS:
            return cell_text(column, value, currency)
        return f"{value:g}"

    def _title(self, painter: QPainter, area: QRectF, text: str) -> float:
        """A bold heading at the top of `area`; returns its height."""
        font = QFont(painter.font())
        font.setBold(True)
        painter.save()
        painter.setFont(font)
        painter.setPen(TEXT_COLOUR)
        height = QFontMetricsF(font).height()
        painter.drawText(
            QRectF(area.left() + PAD, area.top() + PAD, area.width() - 2 * PAD, height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        painter.restore()
        return height + PAD

    def _bar_title(self, report: Report) -> str:
        column = report_word(HEADINGS[BAR_COLUMN[report.kind]])
        return self.tr(BAR_TITLES[report.by]) % column

    def _paint_bars(self, painter: QPainter, report: Report, area: QRectF) -> None:
        column = BAR_COLUMN[report.kind]
        position = report.columns.index(column)
        names = [str(row[1]) for row in report.rows]
        values = [float(row[position] or 0) for row in report.rows]
        top = area.top() + self._title(painter, area, self._bar_title(report))
        metrics = QFontMetricsF(painter.font())
        axis_height = metrics.height() + 4
        plot_height = area.bottom() - top - axis_height - PAD
        self.bars_drawn = 0
        if not names or plot_height <= 0:
            painter.setPen(AXIS_COLOUR)
            painter.drawText(
                QRectF(area.left(), top, area.width(), max(plot_height, metrics.height())),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("Nothing to show for this period."),
            )
            return
        label_width = min(area.width() * 0.35, max(metrics.horizontalAdvance(n) for n in names) + 8)
        value_room = metrics.horizontalAdvance("0000000.00") + 6
        left = area.left() + PAD + label_width
        width = max(area.right() - PAD - value_room - left, 10.0)
        scale_top = max(max(values), 1.0 if column in RATIO_COLUMNS else 0.0) or 1.0
        row_height = plot_height / len(names)
        bar_height = max(min(row_height * 0.7, 22.0), 2.0)
        # grid lines at quarters of the scale, labelled on the axis below
        step = nice_step(scale_top, whole=column not in RATIO_COLUMNS)
        scale_top = step * math.ceil(scale_top / step)
        painter.setPen(QPen(GRID_COLOUR, 1))
        tick = 0.0
        while tick <= scale_top + 1e-9:
            x = left + width * tick / scale_top
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(x, top), QPointF(x, top + plot_height))
            painter.setPen(AXIS_COLOUR)
            text = self._value_text(column, tick, report.currency)
            painter.drawText(
                QRectF(x - 40, top + plot_height + 2, 80, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )
            tick += step
        for index, (name, value) in enumerate(zip(names, values, strict=True)):
            middle = top + row_height * (index + 0.5)
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                QRectF(area.left() + PAD, middle - row_height / 2, label_width - 6, row_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_width - 6),
            )
            length = width * max(value, 0.0) / scale_top
            if length > 0:
                self.bars_drawn += 1
                painter.fillRect(
                    QRectF(left, middle - bar_height / 2, length, bar_height), BAR_COLOUR
                )
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                QRectF(left + length + 4, middle - row_height / 2, value_room, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                cell_text(column, report.rows[index][position], report.currency),
            )
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, top + plot_height))

    def _paint_lines(self, painter: QPainter, report: Report, area: QRectF) -> None:
        series = WEEK_SERIES[report.kind]
        top = area.top() + self._title(painter, area, self.tr("Week by week"))
        metrics = QFontMetricsF(painter.font())
        # the legend: a swatch and a name per series
        x = area.left() + PAD
        for name in series:
            words = report_word(HEADINGS[name])
            painter.fillRect(
                QRectF(x, top + metrics.height() / 2 - 5, 18, 10), SERIES_COLOURS[name]
            )
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QPointF(x + 24, top + metrics.ascent()), words)
            x += 24 + metrics.horizontalAdvance(words) + 16
        top += metrics.height() + PAD
        weeks = report.weeks
        values = [v for _week, figures in weeks for v in figures.values() if v is not None]
        ratio = all(name in RATIO_COLUMNS for name in series)
        scale_top = max(values, default=0.0)
        if ratio:
            scale_top = max(scale_top, 1.0)
        money = all(is_money(name) for name in series)
        step = nice_step(scale_top or 1.0, whole=not ratio)
        scale_top = step * max(math.ceil((scale_top or 1.0) / step), 1)
        tick_texts = [
            self._value_text(series[0], step * i, report.currency)
            for i in range(round(scale_top / step) + 1)
        ]
        axis_width = max(metrics.horizontalAdvance(t) for t in tick_texts) + 8
        # the y axis's caption, turned to read upwards
        caption = (
            self.tr("Amount (%s)") % report.currency
            if money
            else report_word(HEADINGS[series[0]])
            if ratio
            else self.tr("Sessions")
        )
        painter.save()
        painter.setPen(AXIS_COLOUR)
        bottom = area.bottom() - PAD - 2 * metrics.height() - 4
        painter.translate(area.left() + PAD, (top + bottom) / 2)
        painter.rotate(-90)
        painter.drawText(
            QRectF(-(bottom - top) / 2, 0, bottom - top, metrics.height()),
            Qt.AlignmentFlag.AlignCenter,
            caption,
        )
        painter.restore()
        left = area.left() + PAD + metrics.height() + 4 + axis_width
        label_width = metrics.horizontalAdvance("00 Mmm") + 10
        right = area.right() - PAD - label_width / 2  # room for the last week's date
        if bottom - top < 20 or right - left < 20:
            return
        for i, text in enumerate(tick_texts):
            y = bottom - (bottom - top) * (step * i) / scale_top
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(
                QRectF(
                    left - axis_width - 4, y - metrics.height() / 2, axis_width, metrics.height()
                ),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))

        def x_of(index: int) -> float:
            if len(weeks) == 1:
                return (left + right) / 2
            return left + (right - left) * index / (len(weeks) - 1)

        # week labels: as many as fit, evenly spread
        room = max(int((right - left) / label_width), 1)
        every = max(math.ceil(len(weeks) / room), 1)
        painter.setPen(AXIS_COLOUR)
        for index, (week, _figures) in enumerate(weeks):
            if index % every:
                continue
            painter.drawText(
                QRectF(x_of(index) - label_width / 2, bottom + 2, label_width, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                locale_format.day_month(week.first),
            )
        painter.drawText(
            QRectF(left, bottom + 4 + metrics.height(), right - left, metrics.height()),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Week starting"),
        )
        for name in series:
            self._paint_series(
                painter,
                [figures.get(name) for _week, figures in weeks],
                x_of,
                lambda value: bottom - (bottom - top) * value / scale_top,
                SERIES_COLOURS[name],
            )

    @staticmethod
    def _paint_series(
        painter: QPainter,
        values: Sequence[float | None],
        x_of: Callable[[int], float],
        y_of: Callable[[float], float],
        colour: QColor,
    ) -> None:
        """One series as a line with a dot per week; a week without a value leaves a gap."""
        painter.setPen(QPen(colour, 2.2))
        previous: QPointF | None = None
        for index, value in enumerate(values):
            if value is None:
                previous = None
                continue
            point = QPointF(x_of(index), y_of(value))
            if previous is not None:
                painter.drawLine(previous, point)
            previous = point
        if len(values) <= 26:
            painter.setBrush(colour)
            for index, value in enumerate(values):
                if value is not None:
                    painter.drawEllipse(QPointF(x_of(index), y_of(value)), 3.0, 3.0)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _description(self) -> str:
        """What the chart shows, in words, for a screen reader."""
        report = self.report
        if report is None:
            return self.tr("No report yet.")
        column = BAR_COLUMN[report.kind]
        position = report.columns.index(column)
        parts = [
            f"{row[1]}: {cell_text(column, row[position], report.currency)}" for row in report.rows
        ]
        return self._bar_title(report) + ". " + "; ".join(parts)
