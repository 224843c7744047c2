"""A report on paper (docs/desk.md, Reports): its title, the clinic, the period and the
grouping, the table with its total, and the chart as an image. Also the words and number
formats the Reports window shows, so the window and the paper read the same. Saved or
printed by `ui.documents.pdf`. Its words are in the desk's language (the installed translator,
context "Report"), its dates and amounts through `ui.locale_format` (docs/translations.md)."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl
from PySide6.QtGui import QImage, QTextDocument

from app.reports import Cell, Report, ReportKind
from ui import locale_format

# The report's words as a person reads them, marked for the extractor and translated where
# shown (`report_word`), so the window, the chart and the paper say the same.
KIND_WORDS: dict[ReportKind, str] = {
    ReportKind.UTILISATION: str(QT_TRANSLATE_NOOP("Report", "Utilisation")),
    ReportKind.ATTENDANCE: str(QT_TRANSLATE_NOOP("Report", "Attendance")),
    ReportKind.REVENUE: str(QT_TRANSLATE_NOOP("Report", "Revenue")),
}
GROUPING_WORDS: dict[str, str] = {
    "therapist": str(QT_TRANSLATE_NOOP("Report", "By therapist")),
    "room": str(QT_TRANSLATE_NOOP("Report", "By room")),
    "service": str(QT_TRANSLATE_NOOP("Report", "By service")),
    "method": str(QT_TRANSLATE_NOOP("Report", "By payment method")),
}
# The row names' heading for each grouping.
NAME_HEADINGS: dict[str, str] = {
    "therapist": str(QT_TRANSLATE_NOOP("Report", "Therapist")),
    "room": str(QT_TRANSLATE_NOOP("Report", "Room")),
    "service": str(QT_TRANSLATE_NOOP("Report", "Service")),
    "method": str(QT_TRANSLATE_NOOP("Report", "Payment method")),
}
# A heading per contract column (app.reports.COLUMNS); `name` takes NAME_HEADINGS.
HEADINGS: dict[str, str] = {
    "available_minutes": str(QT_TRANSLATE_NOOP("Report", "Available")),
    "booked_minutes": str(QT_TRANSLATE_NOOP("Report", "Booked")),
    "utilisation": str(QT_TRANSLATE_NOOP("Report", "Utilisation")),
    "sessions": str(QT_TRANSLATE_NOOP("Report", "Sessions")),
    "completed": str(QT_TRANSLATE_NOOP("Report", "Completed")),
    "no_show": str(QT_TRANSLATE_NOOP("Report", "No-shows")),
    "cancelled": str(QT_TRANSLATE_NOOP("Report", "Cancelled")),
    "late_cancelled": str(QT_TRANSLATE_NOOP("Report", "Late cancelled")),
    "upcoming": str(QT_TRANSLATE_NOOP("Report", "Upcoming")),
    "no_show_rate": str(QT_TRANSLATE_NOOP("Report", "No-show rate")),
    "billed_cents": str(QT_TRANSLATE_NOOP("Report", "Billed")),
    "collected_cents": str(QT_TRANSLATE_NOOP("Report", "Collected")),
}
# The report's title, a whole phrase per kind.
TITLES: dict[ReportKind, str] = {
    ReportKind.UTILISATION: str(QT_TRANSLATE_NOOP("Report", "Utilisation report")),
    ReportKind.ATTENDANCE: str(QT_TRANSLATE_NOOP("Report", "Attendance report")),
    ReportKind.REVENUE: str(QT_TRANSLATE_NOOP("Report", "Revenue report")),
}
RATIO_COLUMNS = frozenset({"utilisation", "no_show_rate"})
EMPTY = "—"

_STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 16pt; margin: 0; }
.clinic { font-size: 11pt; color: #555; }
table.grid { border-collapse: collapse; }
table.grid th { background: #eeeeee; text-align: left; }
table.grid th, table.grid td { border: 1px solid #bbbbbb; padding: 3px 6px; }
tr.total td { font-weight: bold; }
"""
CHART_RESOURCE = "report-chart.png"


def report_word(english: str) -> str:
    """One of the tables' words in the desk's language."""
    return QCoreApplication.translate("Report", english)


def is_minutes(column: str) -> bool:
    return column.endswith("_minutes")


def is_money(column: str) -> bool:
    return column.endswith("_cents")


def hours(minutes: int) -> str:
    """Minutes as hours and minutes, `h:mm` (`125` → `2:05`), how a rota reads time."""
    sign = "-" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole}:{rest:02d}"


def percent(ratio: float) -> str:
    """`0.574` → `57.4 %` (`57,4 %` in Spanish)."""
    return locale_format.percent(ratio)


def cell_text(column: str, value: Cell, currency: str) -> str:
    """One cell as the window and the paper show it: minutes as `h:mm`, ratios as
    percentages, money in the clinic's currency, nothing as a dash."""
    if value is None or value == "":
        return EMPTY if column != "key" else ""
    if isinstance(value, str):
        return value
    if column in RATIO_COLUMNS:
        return percent(float(value))
    if is_minutes(column):
        return hours(int(value))
    if is_money(column):
        return locale_format.amount(int(value), currency)
    return str(value)


def period_words(first: date, last: date) -> str:
    """`Mon 2 Nov 2026 – Sun 8 Nov 2026` (one date when the period is one day)."""
    day = locale_format.day_with_year
    return day(first) if first == last else f"{day(first)} – {day(last)}"


def report_title(report: Report) -> str:
    return report_word(TITLES[report.kind])


def report_document(report: Report, clinic_name: str, chart: QImage | None) -> QTextDocument:
    """The report as a document (A4 through `save_pdf` / `print_document`); `chart` is
    embedded as an image resource of the document."""
    document = QTextDocument()
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        f"{report_title(report)} {report.first.isoformat()} {report.last.isoformat()}",
    )
    document.setDefaultStyleSheet(_STYLE)
    if chart is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_RESOURCE), chart)
    document.setHtml(report_html(report, clinic_name, chart))
    return document


def report_html(report: Report, clinic_name: str, chart: QImage | None) -> str:
    columns = report.columns[1:]  # the key is for scripts; people read the name

    def heading(column: str) -> str:
        words = report_word(NAME_HEADINGS[report.by] if column == "name" else HEADINGS[column])
        align = "" if column == "name" else " align='right'"
        return f"<th{align}>{escape(words)}</th>"

    def row(values: tuple[Cell, ...], css: str = "") -> str:
        cells = "".join(
            f"<td{'' if column == 'name' else ' align=right'}>"
            f"{escape(cell_text(column, value, report.currency))}</td>"
            for column, value in zip(columns, values[1:], strict=True)
        )
        return f"<tr{css}>{cells}</tr>"

    nothing = QCoreApplication.translate("Report", "Nothing to show for this period.")
    body = "".join(row(values) for values in report.rows) or (
        f"<tr><td colspan='{len(columns)}'>{escape(nothing)}</td></tr>"
    )
    total = row(report.total, " class='total'")
    picture = ""
    if chart is not None:
        # the image's size in the document's pixels (it is drawn finer than that)
        ratio = chart.devicePixelRatio()
        width, height = round(chart.width() / ratio), round(chart.height() / ratio)
        picture = f"<p><img src='{CHART_RESOURCE}' width='{width}' height='{height}'/></p>"
    money_note = (
        " " + escape(QCoreApplication.translate("Report", "Amounts in %s.") % report.currency)
        if report.kind == ReportKind.REVENUE
        else ""
    )
    period = period_words(report.first, report.last)
    return f"""
<html><body>
<p class='clinic'>{escape(clinic_name)}</p>
<h1>{escape(report_title(report))}</h1>
<p>{escape(period)} · {escape(report_word(GROUPING_WORDS[report.by]))}.{money_note}</p>
<table class='grid' cellspacing='0' width='100%'>
<tr>{"".join(heading(column) for column in columns)}</tr>
{body}
{total}
</table>
{picture}
</body></html>
"""
