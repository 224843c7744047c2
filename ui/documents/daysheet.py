"""The day sheet on paper (docs/desk.md, Day sheet; docs/interfaces.md, `frontdesk daysheet`):
one clinic date's sessions in time order, for the whole clinic, one therapist or one room,
with what each still has due, to keep at the desk or hand to a therapist. Built from
`app.reports.daysheet.DaySheet`, so the desk's Print…, its Save as PDF… and the command line
print the same page. Landscape A4: seven columns of names need the width. Its words are in
the desk's language (the installed translator, context "DaySheet"), its date, times and
amounts through `ui.locale_format`; the command line installs no translator, so its `--pdf`
stays English (docs/translations.md)."""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextDocument,
)

from app.reports.daysheet import DaySheet, DaySheetRow
from db.enums import SessionStatus
from ui import locale_format, words
from ui.documents.pdf import document_application, save_pdf

# The sheet's table needs the width of a landscape page (`save_pdf`, `print_document`).
LANDSCAPE = True
NO_ROOM = "—"
# (heading, width %, right-aligned); the headings marked for the extractor (QT_TRANSLATE_NOOP
# returns the English) and translated when drawn; the last one is drawn as "Due (%s)".
COLUMNS = (
    (str(QT_TRANSLATE_NOOP("DaySheet", "Time")), 13, False),
    (str(QT_TRANSLATE_NOOP("DaySheet", "Client")), 19, False),
    (str(QT_TRANSLATE_NOOP("DaySheet", "Service")), 15, False),
    (str(QT_TRANSLATE_NOOP("DaySheet", "Therapist")), 16, False),
    (str(QT_TRANSLATE_NOOP("DaySheet", "Room")), 11, False),
    (str(QT_TRANSLATE_NOOP("DaySheet", "Status")), 15, False),
    ("Due", 11, True),
)
# Columns whose text never wraps (a time span, an amount); the names wrap within their width.
NOWRAP = frozenset({0, len(COLUMNS) - 1})
# Lengths in CSS pixels (1/96 inch), as the rich-text sheet had them.
CELL_PADDING = (6, 4)  # horizontal, vertical
HEADING_GREY = QColor("#eeeeee")
RULE_GREY = QColor("#cccccc")
CLINIC_GREY = QColor("#555555")
CANCELLED_GREY = QColor("#777777")
INK = QColor("black")
POINT_SIZE = 10
TITLE_POINT_SIZE = 20
# QTextDocument.print_ frames every document (receipt, cash-up) with 2 cm inside the page
# margins and numbers its pages in the bottom one; the painted sheet keeps both, so it looks
# like the others.
FRAME_CM = 1.0
PAGE_NUMBER_GAP_PT = 5


def sheet_word(english: str) -> str:
    """A word of the tables above (marked with QT_TRANSLATE_NOOP) in the desk's language."""
    return QCoreApplication.translate("DaySheet", english)


def written_date(sheet: DaySheet) -> str:
    """`Tuesday 24 November 2026` / `martes, 24 de noviembre de 2026`: the words the day bar
    and the cash-up use."""
    return locale_format.day_heading(sheet.day)


def status_words(row: DaySheetRow) -> str:
    """The status as the desk says it; a cancellation inside the notice is a late one."""
    if row.status == SessionStatus.CANCELLED and row.late_cancellation:
        return QCoreApplication.translate("DaySheet", "Late cancellation")
    return words.status_label(row.status.value)


def count_line(rows: Sequence[DaySheetRow]) -> str:
    """`18 sessions`, with how many of them were cancelled when some were."""
    total = len(rows)
    cancelled = sum(row.status == SessionStatus.CANCELLED for row in rows)
    if total == 1:
        if cancelled:
            return QCoreApplication.translate("DaySheet", "1 session (1 cancelled)")
        return QCoreApplication.translate("DaySheet", "1 session")
    if cancelled:
        return QCoreApplication.translate("DaySheet", "%d sessions (%d cancelled)") % (
            total,
            cancelled,
        )
    return QCoreApplication.translate("DaySheet", "%d sessions") % total


def day_sheet_document(sheet: DaySheet, *, per_therapist: bool = False) -> DaySheetDocument:
    """The day sheet as a document for `save_pdf` / `print_document` (landscape). With
    `per_therapist`, one page per therapist who has sessions that day, each titled with
    them, so each therapist can be handed their own page."""
    return DaySheetDocument(sheet, per_therapist=per_therapist)


class DaySheetDocument(QTextDocument):
    """A QTextDocument only so that `save_pdf` and `print_document` take it like every other
    document: its `print_` paints the sheet with QPainter (`paint_day_sheet`), because a
    rich-text table of 500 sessions took 2–4 s to print and the painted sheet takes a tenth
    of a second (benchmarks/daysheet_pdf.py). It holds no text of its own, and `print_` is
    not virtual in Qt: only Python callers (those two) reach the override."""

    def __init__(self, sheet: DaySheet, *, per_therapist: bool = False) -> None:
        super().__init__()
        self.sheet = sheet
        self.per_therapist = per_therapist
        self.setMetaInformation(
            QTextDocument.MetaInformation.DocumentTitle,
            QCoreApplication.translate("DaySheet", "Day sheet %s") % sheet.day.isoformat(),
        )

    def print_(self, printer: QPagedPaintDevice) -> None:
        paint_day_sheet(self.sheet, printer, per_therapist=self.per_therapist)


def write_day_sheet_pdf(sheet: DaySheet, path: Path, *, per_therapist: bool = False) -> None:
    """`frontdesk daysheet … --pdf FILE` and the desk's Save as PDF…: written whole or not at
    all (`save_pdf`); works without a window. A path it cannot write raises OSError."""
    document_application()
    save_pdf(day_sheet_document(sheet, per_therapist=per_therapist), path, landscape=LANDSCAPE)


def paint_day_sheet(sheet: DaySheet, device: QPagedPaintDevice, *, per_therapist: bool) -> None:
    """Every page of the sheet onto a PDF writer or a printer (both paged devices), inside
    the margins their page layout sets."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(errno.EIO, "The day sheet could not be drawn on the page.")
    try:
        across = device.logicalDpiX() * FRAME_CM / 2.54
        down = device.logicalDpiY() * FRAME_CM / 2.54
        painter.translate(across, down)
        page = QSizeF(device.width() - 2 * across, device.height() - 2 * down)
        draw_day_sheet(
            painter, page, device.newPage, sheet, per_therapist=per_therapist, numbered=True
        )
    finally:
        painter.end()


def draw_day_sheet(
    painter: QPainter,
    page: QSizeF,
    new_page: Callable[[], bool],
    sheet: DaySheet,
    *,
    per_therapist: bool = False,
    numbered: bool = False,
) -> None:
    """The sheet drawn page after page: each section (the whole sheet, or one therapist's
    rows) starts a page with the clinic, the date and whose sheet it is; the table's
    headings open every page it runs onto; a row never splits across pages. `new_page`
    turns the page and says whether to go on (a picture of page 1 returns False). With
    `numbered`, each page's number is drawn under its bottom right corner (in the frame)."""
    if per_therapist and sheet.rows:
        sections = [
            (QCoreApplication.translate("DaySheet", "Therapist: %s") % therapist, rows)
            for therapist, rows in sheet.by_therapist()
        ]
    else:
        sections = [(_scope_words(sheet), list(sheet.rows))]
    _SheetPainter(painter, page, new_page, sheet, numbered=numbered).draw(sections)


def _scope_words(sheet: DaySheet) -> str:
    if sheet.scope_kind == "therapist":
        return QCoreApplication.translate("DaySheet", "Therapist: %s") % sheet.scope
    if sheet.scope_kind == "room":
        return QCoreApplication.translate("DaySheet", "Room: %s") % sheet.scope
    return QCoreApplication.translate("DaySheet", "Whole clinic")


def row_cells(row: DaySheetRow, currency: str) -> tuple[str, ...]:
    """One line of the table, column by column (COLUMNS): nothing due prints as blank."""
    return (
        f"{locale_format.time_of_day(row.starts_at)}–{locale_format.time_of_day(row.ends_at)}",
        row.client,
        row.service,
        row.therapist,
        row.room or NO_ROOM,
        status_words(row),
        locale_format.amount(row.due_cents, currency) if row.due_cents else "",
    )


class _NoMorePagesError(Exception):
    """The device would take no more pages (a picture of the first page)."""


class _SheetPainter:
    """Lays the columns out once for the page width and draws line after line, measuring
    each row's height (names wrap within their column) to know where a page must turn."""

    def __init__(
        self,
        painter: QPainter,
        page: QSizeF,
        new_page: Callable[[], bool],
        sheet: DaySheet,
        *,
        numbered: bool = False,
    ) -> None:
        self.painter = painter
        self.numbered = numbered
        self.page_number = 1
        self.page = page
        self.new_page = new_page
        self.sheet = sheet
        self.device = painter.device()
        self.px = self.device.logicalDpiY() / 96  # one CSS pixel in device units
        self.pad_x, self.pad_y = (length * self.px for length in CELL_PADDING)
        self.y = 0.0
        self.regular = self._font(POINT_SIZE)
        self.bold = self._font(POINT_SIZE, bold=True)
        self.italic = self._font(POINT_SIZE, italic=True)
        self.measured: dict[str, QFontMetricsF] = {}
        left = 0.0
        self.columns: list[tuple[float, float]] = []
        for _name, percent, _right in COLUMNS:
            width = page.width() * percent / 100
            self.columns.append((left, width))
            left += width
        self.headings = [sheet_word(name) for name, _width, _right in COLUMNS[:-1]]
        self.headings.append(QCoreApplication.translate("DaySheet", "Due (%s)") % sheet.currency)

    @staticmethod
    def _font(points: int, *, bold: bool = False, italic: bool = False) -> QFont:
        font = QFont("Sans Serif", points)
        font.setBold(bold)
        font.setItalic(italic)
        return font

    def draw(self, sections: Sequence[tuple[str, Sequence[DaySheetRow]]]) -> None:
        try:
            for number, (scope, rows) in enumerate(sections):
                if number:
                    self._turn_page()
                self._section(scope, rows)
        except _NoMorePagesError:
            return
        self._number_page()

    def _turn_page(self) -> None:
        self._number_page()
        if not self.new_page():
            raise _NoMorePagesError
        self.page_number += 1
        self.y = 0.0

    def _number_page(self) -> None:
        if not self.numbered:
            return
        self.painter.setFont(self.regular)
        self.painter.setPen(INK)
        number = str(self.page_number)
        metrics = self._metrics(self.regular)
        baseline = (
            self.page.height()
            + metrics.ascent()
            + PAGE_NUMBER_GAP_PT * self.device.logicalDpiY() / 72
        )
        left = self.page.width() - metrics.horizontalAdvance(number)
        self.painter.drawText(QPointF(left, baseline), number)

    def _section(self, scope: str, rows: Sequence[DaySheetRow]) -> None:
        self._line(self.sheet.clinic_name, self._font(11), CLINIC_GREY)
        self.y += 12 * self.px
        heading = QCoreApplication.translate("DaySheet", "Day sheet — %s") % written_date(
            self.sheet
        )
        self._line(heading, self._font(TITLE_POINT_SIZE, bold=True), INK)
        self.y += 4 * self.px
        self._line(scope, self._font(12, bold=True), INK)
        if not rows:
            self.y += 8 * self.px
            nothing = QCoreApplication.translate("DaySheet", "No sessions on this day.")
            self._line(nothing, self.regular, INK)
            return
        self._table_headings()
        for row in rows:
            cancelled = row.status == SessionStatus.CANCELLED
            font = self.italic if cancelled else self.regular
            cells = row_cells(row, self.sheet.currency)
            height = self._row_height(cells, font)
            # as the rich-text table did, only the text must fit: a row's bottom padding
            # and rule may run into the frame below it
            if self.y + height - self.pad_y - self.px > self.page.height():
                self._turn_page()
                self._table_headings()
            self._row(cells, height, font, CANCELLED_GREY if cancelled else INK)
        count = count_line(rows)
        height = 8 * self.px + self._metrics(self.bold).height()
        if self.y + height > self.page.height():
            self._turn_page()
        self.y += 8 * self.px
        self._line(count, self.bold, INK)

    def _metrics(self, font: QFont) -> QFontMetricsF:
        key = font.key()
        if key not in self.measured:
            self.measured[key] = QFontMetricsF(font, self.device)
        return self.measured[key]

    def _line(self, text: str, font: QFont, colour: QColor) -> None:
        height = self._metrics(font).height()
        self.painter.setFont(font)
        self.painter.setPen(colour)
        area = QRectF(0, self.y, self.page.width(), height)
        self.painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
        self.y += height

    def _table_headings(self) -> None:
        height = self._headings_height()
        self.painter.fillRect(QRectF(0, self.y, self.page.width(), height), HEADING_GREY)
        self._cells(self.headings, height, self.bold, INK)
        self.y += height

    def _headings_height(self) -> float:
        """The heading band's height: one line, or more where a heading wraps in its column
        (a translation may be longer than the English, "Pendiente (USD)")."""
        metrics = self._metrics(self.bold)
        tallest = metrics.height()
        for (_left, width), text in zip(self.columns, self.headings, strict=True):
            room = width - 2 * self.pad_x
            if metrics.horizontalAdvance(text) > room:
                box = QRectF(0, 0, room, self.page.height())
                wrapped = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
                tallest = max(tallest, wrapped)
        return tallest + 2 * self.pad_y

    def _row_height(self, cells: Sequence[str], font: QFont) -> float:
        metrics = self._metrics(font)
        tallest = metrics.height()
        for column, text in enumerate(cells):
            if column in NOWRAP:
                continue
            room = self.columns[column][1] - 2 * self.pad_x
            if metrics.horizontalAdvance(text) > room:
                box = QRectF(0, 0, room, self.page.height())
                wrapped = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
                tallest = max(tallest, wrapped)
        return tallest + 2 * self.pad_y + self.px  # and the rule under it

    def _row(self, cells: Sequence[str], height: float, font: QFont, colour: QColor) -> None:
        self._cells(cells, height, font, colour)
        self.y += height
        rule = self.y - self.px / 2
        self.painter.setPen(QPen(RULE_GREY, self.px))
        self.painter.drawLine(QPointF(0, rule), QPointF(self.page.width(), rule))

    def _cells(self, cells: Sequence[str], height: float, font: QFont, colour: QColor) -> None:
        self.painter.setFont(font)
        self.painter.setPen(colour)
        for (left, width), (_name, _percent, right), text in zip(
            self.columns, COLUMNS, cells, strict=True
        ):
            area = QRectF(left + self.pad_x, self.y + self.pad_y, width - 2 * self.pad_x, height)
            across = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            flags = across | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            self.painter.drawText(area, int(flags), text)
