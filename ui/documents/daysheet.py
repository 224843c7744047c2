"""The day sheet on paper (docs/desk.md, Day sheet; docs/interfaces.md, `frontdesk daysheet`):
one clinic date's sessions in time order, for the whole clinic, one therapist or one room,
with what each still has due, to keep at the desk or hand to a therapist. Built from
`app.reports.daysheet.DaySheet`, so the desk's Print…, its Save as PDF… and the command line
print the same page. Landscape A4: seven columns of names need the width."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QTextDocument

from app.money import format_amount
from app.reports.daysheet import DaySheet, DaySheetRow
from db.enums import SessionStatus
from ui.agenda_model import STATUS_LABELS
from ui.documents.pdf import document_application, save_pdf

# The sheet's table needs the width of a landscape page (`save_pdf`, `print_document`).
LANDSCAPE = True
NO_ROOM = "—"
# Qt's rich text knows a subset of CSS: enough for a plain, readable page.
STYLE = """
h1 { font-size: 16pt; margin: 0; }
.clinic { font-size: 11pt; color: #555555; }
.scope { font-size: 12pt; font-weight: bold; margin-top: 4px; margin-bottom: 8px; }
table.sheet { border-collapse: collapse; }
table.sheet th { background-color: #eeeeee; padding: 4px 6px; }
table.sheet td { padding: 4px 6px; border-bottom: 1px solid #cccccc; }
td.nowrap { white-space: nowrap; }
tr.cancelled td { color: #777777; font-style: italic; }
.count { margin-top: 8px; font-weight: bold; }
"""
# (heading, width %, right-aligned)
COLUMNS = (
    ("Time", 13, False),
    ("Client", 19, False),
    ("Service", 15, False),
    ("Therapist", 16, False),
    ("Room", 11, False),
    ("Status", 15, False),
    ("Due", 11, True),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DaySheet", text)


def written_date(sheet: DaySheet) -> str:
    """`Tuesday 24 November 2026`: the words the day bar and the cash-up use."""
    return f"{sheet.day:%A} {sheet.day.day} {sheet.day:%B %Y}"


def status_words(row: DaySheetRow) -> str:
    """The status as the desk says it; a cancellation inside the notice is a late one."""
    if row.status == SessionStatus.CANCELLED and row.late_cancellation:
        return _tr("Late cancellation")
    return _tr(STATUS_LABELS[row.status.value])


def count_line(rows: Sequence[DaySheetRow]) -> str:
    """`18 sessions`, with how many of them were cancelled when some were."""
    total = len(rows)
    line = _tr("1 session") if total == 1 else _tr("%d sessions") % total
    cancelled = sum(row.status == SessionStatus.CANCELLED for row in rows)
    if cancelled:
        line += " " + _tr("(%d cancelled)") % cancelled
    return line


def day_sheet_document(sheet: DaySheet, *, per_therapist: bool = False) -> QTextDocument:
    """The day sheet as a document for `save_pdf` / `print_document` (landscape). With
    `per_therapist`, one page per therapist who has sessions that day, each titled with
    them, so each therapist can be handed their own page."""
    document = QTextDocument()
    document.setDefaultFont(QFont("Sans Serif", 10))
    document.setDefaultStyleSheet(STYLE)
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle,
        f"{_tr('Day sheet')} {sheet.day.isoformat()}",
    )
    document.setHtml(day_sheet_html(sheet, per_therapist=per_therapist))
    return document


def write_day_sheet_pdf(sheet: DaySheet, path: Path, *, per_therapist: bool = False) -> None:
    """`frontdesk daysheet … --pdf FILE` and the desk's Save as PDF…: written whole or not at
    all (`save_pdf`); works without a window. A path it cannot write raises OSError."""
    document_application()
    save_pdf(day_sheet_document(sheet, per_therapist=per_therapist), path, landscape=LANDSCAPE)


def day_sheet_html(sheet: DaySheet, *, per_therapist: bool = False) -> str:
    if per_therapist and sheet.rows:
        pages = [
            _page(sheet, _tr("Therapist: %s") % therapist, rows)
            for therapist, rows in sheet.by_therapist()
        ]
    else:
        pages = [_page(sheet, _scope_words(sheet), list(sheet.rows))]
    # Qt breaks pages before a block styled so: each therapist's page starts on a new sheet.
    return "\n".join(
        page if number == 0 else page.replace("<p class='clinic'>", _BREAK, 1)
        for number, page in enumerate(pages)
    )


_BREAK = "<p class='clinic' style='page-break-before: always'>"


def _scope_words(sheet: DaySheet) -> str:
    if sheet.scope_kind == "therapist":
        return _tr("Therapist: %s") % sheet.scope
    if sheet.scope_kind == "room":
        return _tr("Room: %s") % sheet.scope
    return _tr("Whole clinic")


def _page(sheet: DaySheet, scope: str, rows: Sequence[DaySheetRow]) -> str:
    heading = f"{escape(_tr('Day sheet'))} — {escape(written_date(sheet))}"
    parts = [
        f"<p class='clinic'>{escape(sheet.clinic_name)}</p>",
        f"<h1>{heading}</h1>",
        f"<p class='scope'>{escape(scope)}</p>",
    ]
    if not rows:
        parts.append(f"<p>{escape(_tr('No sessions on this day.'))}</p>")
        return "\n".join(parts)
    head = "".join(
        f"<th width='{width}%' align='{'right' if right else 'left'}'>{escape(_tr(name))}</th>"
        for name, width, right in COLUMNS[:-1]
    )
    due_heading = _tr("Due (%s)") % sheet.currency
    head += f"<th width='{COLUMNS[-1][1]}%' align='right'>{escape(due_heading)}</th>"
    body = "".join(_row_html(row, sheet.currency) for row in rows)
    # a <thead> row is repeated at the top of every printed page the table runs onto
    parts.append(
        f"<table class='sheet' width='100%' cellspacing='0'><thead><tr>{head}</tr></thead>"
        f"{body}</table>"
    )
    parts.append(f"<p class='count'>{escape(count_line(rows))}</p>")
    return "\n".join(parts)


def _row_html(row: DaySheetRow, currency: str) -> str:
    due = format_amount(row.due_cents, currency) if row.due_cents else ""
    cells = (
        f"{row.starts_at:%H:%M}–{row.ends_at:%H:%M}",
        row.client,
        row.service,
        row.therapist,
        row.room or NO_ROOM,
        status_words(row),
    )
    css = " class='cancelled'" if row.status == SessionStatus.CANCELLED else ""
    time, *names = cells
    return (
        f"<tr{css}><td class='nowrap'>{escape(time)}</td>"
        + "".join(f"<td>{escape(cell)}</td>" for cell in names)
        + f"<td class='nowrap' align='right'>{escape(due)}</td></tr>"
    )
