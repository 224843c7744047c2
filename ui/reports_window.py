"""Clinic ▸ Reports (docs/desk.md, Reports; issue 19): utilisation, attendance and revenue
over a period, grouped as `GROUPINGS` allows, as a sortable table with its total and a
chart; exported as the same CSV as `frontdesk report`, printed or saved as a PDF.

The figures are `app.reports.run_report`'s, read off the UI thread; only the presentation
is the window's, so the desk and the command line give the same numbers."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.agenda import clinic_info
from app.files import write_whole
from app.reports import GROUPINGS, Cell, Report, ReportKind, run_report
from app.reports.model import LONGEST_YEARS, period_too_long
from db.engine import Database
from ui.documents.pdf import print_document, save_pdf
from ui.documents.report import (
    GROUPING_WORDS,
    HEADINGS,
    KIND_WORDS,
    NAME_HEADINGS,
    cell_text,
    period_words,
    report_document,
    report_word,
)
from ui.feedback import describe_error, say
from ui.operations import (
    CLINIC,
    PAYMENTS,
    SESSIONS,
    SETUP,
    follow_changes_while_open,
    run_in_background,
)
from ui.qt_values import python_date, within_years
from ui.report_chart import ReportChart

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# Sessions, money and the clinic's hours, rooms, services (and a whole clinic imported)
# change the figures; reading again waits this long so a burst of changes reads once.
SHOWN_KINDS = frozenset({SESSIONS, PAYMENTS, SETUP, CLINIC})
REFRESH_DELAY_MS = 400
CHART_IMAGE_SIZE = (640, 460)  # the printed chart's layout, in the document's pixels


class Period(enum.StrEnum):
    THIS_WEEK = "This week"
    LAST_WEEK = "Last week"
    THIS_MONTH = "This month"
    LAST_MONTH = "Last month"
    THIS_YEAR = "This year"
    LAST_YEAR = "Last year"
    CUSTOM = "Custom range"


# The periods' names, marked for the extractor (the enum's values are the same English).
PERIOD_WORDS: dict[Period, str] = {
    period: str(words)
    for period, words in (
        (Period.THIS_WEEK, QT_TRANSLATE_NOOP("ReportsWindow", "This week")),
        (Period.LAST_WEEK, QT_TRANSLATE_NOOP("ReportsWindow", "Last week")),
        (Period.THIS_MONTH, QT_TRANSLATE_NOOP("ReportsWindow", "This month")),
        (Period.LAST_MONTH, QT_TRANSLATE_NOOP("ReportsWindow", "Last month")),
        (Period.THIS_YEAR, QT_TRANSLATE_NOOP("ReportsWindow", "This year")),
        (Period.LAST_YEAR, QT_TRANSLATE_NOOP("ReportsWindow", "Last year")),
        (Period.CUSTOM, QT_TRANSLATE_NOOP("ReportsWindow", "Custom range")),
    )
}


def period_dates(period: Period, today: date) -> tuple[date, date]:
    """The first and last local date of a named period around the clinic's `today`: weeks
    Monday to Sunday, whole months and years (the custom range is the date fields')."""
    if period in (Period.THIS_WEEK, Period.LAST_WEEK):
        monday = today - timedelta(days=today.weekday())
        if period == Period.LAST_WEEK:
            monday -= timedelta(days=7)
        return monday, monday + timedelta(days=6)
    if period in (Period.THIS_MONTH, Period.LAST_MONTH):
        first = today.replace(day=1)
        if period == Period.LAST_MONTH:
            first = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    year = today.year - (1 if period == Period.LAST_YEAR else 0)
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class Request:
    """What the window asked for; an answer is shown only if it is still the last asked."""

    number: int
    kind: ReportKind
    by: str
    first: date
    last: date
    period: Period = Period.CUSTOM


@dataclass(frozen=True)
class Answer:
    report: Report
    clinic_name: str


def read_report(database: Database, request: Request) -> Answer:
    """The report and the clinic's name (for the paper), off the UI thread."""
    report = run_report(database, request.kind, request.by, request.first, request.last)
    info = clinic_info(database)
    return Answer(report, info.name if info is not None else "")


SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2


class ReportModel(QAbstractTableModel):
    """A report's rows (without the key, which is for scripts) and its total row last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.headings: list[str] = []

    def set_report(self, report: Report | None, headings: list[str]) -> None:
        self.beginResetModel()
        self.report = report
        self.headings = headings
        self.endResetModel()

    def _rows(self) -> list[tuple[Cell, ...]]:
        if self.report is None:
            return []
        return [*self.report.rows, self.report.total]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self.report is None:
            return 0
        return len(self.report.columns) - 1

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headings[section] if section < len(self.headings) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        report = self.report
        if report is None or not index.isValid():
            return None
        rows = self._rows()
        values = rows[index.row()]
        column = report.columns[index.column() + 1]
        value = values[index.column() + 1]
        total = index.row() == len(rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if total and column == "name":
                return self.tr("Total")
            return cell_text(column, value, report.currency)
        if role == SORT_ROLE:
            if column == "name":
                return str(value).casefold()
            return float(value) if isinstance(value, int | float) else float("-inf")
        if role == TOTAL_ROLE:
            return total
        if role == Qt.ItemDataRole.TextAlignmentRole and column != "name":
            return int(RIGHT)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        return None


class TotalLastProxy(QSortFilterProxyModel):
    """Sorts by the cells' raw values (minutes, cents, ratios; names without case) and keeps
    the total row last whichever way the column is sorted."""

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 (Qt override)
        left_total = bool(left.data(TOTAL_ROLE))
        right_total = bool(right.data(TOTAL_ROLE))
        if left_total or right_total:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            # the total is "largest" going up and "smallest" going down: last either way
            return right_total if ascending else left_total
        left_value, right_value = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if left_value == right_value:  # a stable tie-break: the rows' own (name) order
            return left.row() < right.row()
        return bool(left_value < right_value)


class ReportsWindow(QDialog):
    """One per main window (Clinic ▸ Reports…, `Ctrl+R`), for supervisors and admins."""

    loaded = Signal()  # a report (the last asked for) is shown
    failed = Signal()  # the last asked for could not be read; the message says why

    def __init__(
        self, database: Database, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        """`today` gives the clinic's today when asked: a window left open past midnight
        reads "This week" as the new week."""
        super().__init__(parent)
        self.database = database
        self._today = today
        self.report: Report | None = None
        self.clinic_name = ""
        self._asked = 0  # the number of the last request; older answers are dropped
        self._loading = False  # a request is on its way: the report shown is an older one
        self._shown: Request | None = None  # what the report shown answers
        self.setWindowTitle(self.tr("Reports"))
        self.resize(1340, 760)
        layout = QVBoxLayout(self)

        choices = QHBoxLayout()
        kind_label = QLabel(self.tr("&Report:"), self)
        self.kind_box = QComboBox(self)
        self.kind_box.setAccessibleName(self.tr("Report"))
        for kind, words in KIND_WORDS.items():
            self.kind_box.addItem(report_word(words), kind)
        kind_label.setBuddy(self.kind_box)
        by_label = QLabel(self.tr("&Grouping:"), self)
        self.by_box = QComboBox(self)
        self.by_box.setAccessibleName(self.tr("Grouping"))
        by_label.setBuddy(self.by_box)
        period_label = QLabel(self.tr("&Period:"), self)
        self.period_box = QComboBox(self)
        self.period_box.setAccessibleName(self.tr("Period"))
        for period in Period:
            self.period_box.addItem(self.tr(PERIOD_WORDS[period]), period)
        period_label.setBuddy(self.period_box)
        from_label = QLabel(self.tr("&From:"), self)
        self.first_edit = self._date_edit(self.tr("First day"))
        from_label.setBuddy(self.first_edit)
        to_label = QLabel(self.tr("&To:"), self)
        self.last_edit = self._date_edit(self.tr("Last day"))
        to_label.setBuddy(self.last_edit)
        for widget in (kind_label, self.kind_box, by_label, self.by_box, period_label,
                       self.period_box, from_label, self.first_edit, to_label,
                       self.last_edit):  # fmt: skip
            choices.addWidget(widget)
        choices.addStretch(1)
        layout.addLayout(choices)

        heading = QHBoxLayout()
        self.title = QLabel(self)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no end known: a moving bar while the report is read
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Reading the report"))
        self.working = QLabel(self.tr("Working…"), self)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.working)
        heading.addWidget(self.busy)
        layout.addLayout(heading)

        self.model = ReportModel(self)
        self.proxy = TotalLastProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Report table"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the report's own order
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.chart = ReportChart(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 500])  # room for attendance's eight columns beside the chart
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.csv_button = QPushButton(self.tr("Export &CSV…"), self)
        self.csv_button.clicked.connect(self.choose_csv_file)
        self.print_button = QPushButton(self.tr("Pr&int…"), self)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"), self)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        for button in (self.csv_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        order = [self.kind_box, self.by_box, self.period_box, self.first_edit, self.last_edit,
                 self.table, self.chart, self.csv_button, self.print_button, self.pdf_button,
                 close.button(QDialogButtonBox.StandardButton.Close)]  # fmt: skip
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.load)
        self._fill_groupings()
        self._show_period_dates()
        self._set_busy(False)
        self._set_document_buttons()
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.by_box.currentIndexChanged.connect(lambda _i: self.load())
        self.period_box.currentIndexChanged.connect(self._period_changed)
        self.first_edit.dateChanged.connect(self._dates_edited)
        self.last_edit.dateChanged.connect(self._dates_edited)
        follow_changes_while_open(self, self._data_changed)
        self.load()

    # -- building ------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QDateEdit:
        edit = within_years(QDateEdit(self))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    def _fill_groupings(self) -> None:
        """The groupings the chosen report allows, the one chosen kept when allowed."""
        chosen = self.by_box.currentData()
        self.by_box.blockSignals(True)
        self.by_box.clear()
        for by in GROUPINGS[self.kind]:
            self.by_box.addItem(report_word(GROUPING_WORDS[by]), by)
        index = self.by_box.findData(chosen)
        self.by_box.setCurrentIndex(max(index, 0))
        self.by_box.blockSignals(False)

    # -- what is asked -------------------------------------------------------------------

    @property
    def kind(self) -> ReportKind:
        return ReportKind(self.kind_box.currentData())

    @property
    def by(self) -> str:
        return str(self.by_box.currentData())

    @property
    def period(self) -> Period:
        return Period(self.period_box.currentData())

    @property
    def today(self) -> date:
        """The clinic's today now (asked again at every read)."""
        return self._today()

    @property
    def dates(self) -> tuple[date, date]:
        if self.period == Period.CUSTOM:
            return python_date(self.first_edit.date()), python_date(self.last_edit.date())
        return period_dates(self.period, self.today)

    def choose(
        self,
        kind: ReportKind | None = None,
        by: str | None = None,
        period: Period | None = None,
        first: date | None = None,
        last: date | None = None,
    ) -> None:
        """Pick a report, grouping, period or custom dates as a person would in the fields."""
        if kind is not None:
            self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        if by is not None:
            self.by_box.setCurrentIndex(self.by_box.findData(by))
        if period is not None:
            self.period_box.setCurrentIndex(self.period_box.findData(period))
        if first is not None:
            self.first_edit.setDate(QDate(first.year, first.month, first.day))
        if last is not None:
            self.last_edit.setDate(QDate(last.year, last.month, last.day))

    def _kind_changed(self, _index: int) -> None:
        self._fill_groupings()
        self.load()

    def _period_changed(self, _index: int) -> None:
        self.load()  # which shows the period's dates

    def _show_period_dates(self) -> None:
        """A named period shows its dates in the (locked) fields; Custom range unlocks them,
        starting from the dates last shown."""
        custom = self.period == Period.CUSTOM
        if not custom:
            first, last = period_dates(self.period, self.today)
            for edit, day in ((self.first_edit, first), (self.last_edit, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.first_edit.setEnabled(custom)
        self.last_edit.setEnabled(custom)

    def _dates_edited(self, _day: QDate) -> None:
        """Typing a date changes the field at every digit: read once the typing stops."""
        if self.period == Period.CUSTOM:
            self._refresh_timer.start()  # restarted by each edit
            # the report shown is not for these dates any more: "Working…", no files of it
            self._set_busy(True)

    # -- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the report asked for now; an answer to an earlier request is dropped."""
        self._refresh_timer.stop()
        self._show_period_dates()  # a named period's dates around today, read again now
        first, last = self.dates
        self._asked += 1
        request = Request(self._asked, self.kind, self.by, first, last, self.period)
        if period_too_long(first, last):
            self._refuse(self.tr("A report covers at most %d years.") % LONGEST_YEARS)
            return
        self._set_busy(True)
        run_in_background(
            lambda: read_report(self.database, request),
            lambda answer: self._read(request, answer),
            lambda error: self._failed(request, error),
            self,
        )

    def _data_changed(self, kinds: frozenset[str], _days: frozenset[date]) -> None:
        """Sessions, money or the clinic's setup changed (here or at another desk)."""
        if kinds & SHOWN_KINDS:
            self._refresh_timer.start()

    def _read(self, request: Request, answer: Answer) -> None:
        if request.number != self._asked:
            return  # a newer request is on its way; its answer will be shown
        self._shown = request
        self._set_busy(False)
        self._show(answer)

    def _failed(self, request: Request, error: Exception) -> None:
        if request.number != self._asked:
            return
        self._refuse(describe_error(error))

    def _refuse(self, message: str) -> None:
        """No report for what is asked: nothing shown but the reason."""
        self._set_busy(False)
        self._shown = None
        self.report = None
        self.model.set_report(None, [])
        self.chart.set_report(None)
        self.title.clear()
        self._set_document_buttons()
        say(self.message, message, error=True)
        self.failed.emit()

    def _set_busy(self, busy: bool) -> None:
        self._loading = busy
        self.busy.setVisible(busy)
        self.working.setVisible(busy)
        self._set_document_buttons()

    # -- showing -------------------------------------------------------------------------

    def headings(self, report: Report) -> list[str]:
        return [
            report_word(NAME_HEADINGS[report.by] if column == "name" else HEADINGS[column])
            for column in report.columns[1:]
        ]

    def _show(self, answer: Answer) -> None:
        report = answer.report
        self.report = report
        self.clinic_name = answer.clinic_name
        self.message.clear()
        sorted_by = self.table.horizontalHeader().sortIndicatorSection()
        order = self.table.horizontalHeader().sortIndicatorOrder()
        self.model.set_report(report, self.headings(report))
        # the names take the room the figures leave (set again: a reset model forgets it)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if 0 <= sorted_by < self.model.columnCount():
            self.proxy.sort(sorted_by, order)  # the same column stays sorted across reads
        self.chart.set_report(report)
        self.title.setText(
            self.tr("%s — %s — %s")
            % (
                report_word(KIND_WORDS[report.kind]),
                report_word(GROUPING_WORDS[report.by]),
                period_words(report.first, report.last),
            )
        )
        self._set_document_buttons()
        self.loaded.emit()

    def shown_rows(self) -> list[list[str]]:
        """The table's text as shown, top to bottom (tests and the screen reader's order)."""
        return [
            [
                str(self.proxy.index(row, column).data())
                for column in range(self.proxy.columnCount())
            ]
            for row in range(self.proxy.rowCount())
        ]

    def shows_choice(self) -> bool:
        """Whether the report shown is the one the fields ask for now (no newer one on its
        way, no date typed since): only then are files and paper made of it."""
        shown = self._shown
        if self.report is None or shown is None or self._loading:
            return False
        if (shown.kind, shown.by, shown.period) != (self.kind, self.by, self.period):
            return False
        return self.period != Period.CUSTOM or (shown.first, shown.last) == self.dates

    def _set_document_buttons(self) -> None:
        ready = self.shows_choice()
        for button in (self.csv_button, self.print_button, self.pdf_button):
            button.setEnabled(ready)

    # -- files and paper -----------------------------------------------------------------

    def _file_stem(self, report: Report) -> str:
        return (
            f"{report.kind.value}-{report.by}-{report.first.isoformat()}-{report.last.isoformat()}"
        )

    def choose_csv_file(self) -> None:
        if self.report is None:
            return
        suggested = str(Path.home() / f"{self._file_stem(self.report)}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the report as CSV"), suggested, self.tr("CSV files (*.csv)")
        )
        if path:
            self.save_csv_to(Path(path))

    def save_csv_to(self, path: Path) -> bool:
        """The shown report's CSV (exactly `frontdesk report … --csv`) at `path`, written
        whole or not at all; says where it went, or why it could not."""
        if self.report is None:
            return False
        try:
            if not path.parent.is_dir():
                raise FileNotFoundError(2, f"The folder {path.parent} does not exist.")
            write_whole(path, self.report.csv_text().encode("utf-8"))
        except OSError as error:
            say(self.message, describe_error(error), error=True)
            return False
        say(self.message, self.tr("Saved %s") % path)
        return True

    def _document(self, report: Report) -> QTextDocument:
        """The report on paper, with the chart as drawn here."""
        return report_document(report, self.clinic_name, self.chart.image(*CHART_IMAGE_SIZE))

    def print_report(self) -> bool:
        if self.report is None:
            return False
        return print_document(self, self._document(self.report))

    def choose_pdf_file(self) -> None:
        if self.report is None:
            return
        suggested = str(Path.home() / f"{self._file_stem(self.report)}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> bool:
        """The shown report and its chart as a PDF at `path`; says where it went, or why
        it could not."""
        if self.report is None:
            return False
        try:
            save_pdf(self._document(self.report), path)
        except OSError as error:
            say(self.message, describe_error(error), error=True)
            return False
        say(self.message, self.tr("Saved %s") % path)
        return True
