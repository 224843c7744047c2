"""A receipt as a printable document (SPEC F11: clinic name, address, client, sessions,
amounts, method, who took it). Built from `app.money.receipts.ReceiptView`, so the PDF, the
printer and any preview print the same thing."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QFont, QTextDocument

from app.money.receipts import ReceiptView
from db.enums import PaymentKind, PaymentMethod
from ui import locale_format
from ui.documents.pdf import document_application, save_pdf

TITLES = {
    PaymentKind.PAYMENT: "Receipt",
    PaymentKind.REFUND: "Refund",
    PaymentKind.REVERSAL: "Reversal",
}
METHODS = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.CARD: "Card",
    PaymentMethod.TRANSFER: "Bank transfer",
    PaymentMethod.OTHER: "Other",
}
# Qt's rich text knows a subset of CSS: enough for a plain, readable page.
STYLE = """
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 13pt; margin-top: 14px; margin-bottom: 4px; }
.muted { color: #555555; }
table.lines { border-collapse: collapse; }
table.lines th { background-color: #eeeeee; padding: 4px 8px; }
table.lines td { padding: 4px 8px; border-bottom: 1px solid #dddddd; }
td.nowrap { white-space: nowrap; }
td.total { font-weight: bold; padding: 6px 8px; }
"""


def receipt_document(view: ReceiptView) -> QTextDocument:
    """The receipt as a QTextDocument, ready for `ui.documents.pdf.save_pdf` or printing."""
    document = QTextDocument()
    document.setDefaultFont(QFont("Sans Serif", 10))
    document.setDefaultStyleSheet(STYLE)
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"{TITLES[view.kind]} {view.receipt}"
    )
    document.setHtml(receipt_html(view))
    return document


def save_receipt_pdf(view: ReceiptView, path: Path) -> None:
    """The command line's `frontdesk receipt RC-… --pdf FILE`: works without a window."""
    document_application()
    save_pdf(receipt_document(view), path)


def receipt_html(view: ReceiptView) -> str:
    def money(cents: int) -> str:
        return _money(cents, view.currency)

    title = f"{TITLES[view.kind]} {escape(view.receipt)}"
    contact = " · ".join(escape(part) for part in (view.clinic_address, view.clinic_phone) if part)
    parts = [
        f"<h1>{escape(view.clinic_name)}</h1>",
        f'<p class="muted">{contact}</p>' if contact else "",
        f"<h2>{title}</h2>",
        '<table cellspacing="0" cellpadding="2">',
        _row("Date", locale_format.document_moment(view.taken_at)),
        _row("Client", f"{escape(view.client_name)} ({escape(view.client_key)})"),
    ]
    if view.answers:
        parts.append(_row("Gives back on", escape(view.answers)))
    if view.reason:
        parts.append(_row("Reason", escape(view.reason)))
    parts.append("</table>")
    parts.append(_lines_table(view))
    paid = "Paid" if view.kind == PaymentKind.PAYMENT else "Given back"
    parts += [
        '<table cellspacing="0" cellpadding="2">',
        _row(paid, f"<b>{money(view.amount_cents)}</b>"),
        _row("Method", escape(METHODS[view.method])),
    ]
    if view.reference:
        parts.append(_row("Reference", escape(view.reference)))
    if view.kind == PaymentKind.PAYMENT:
        parts.append(_row("Credit left", money(view.credit_left_cents)))
        for answer in view.given_back:
            parts.append(
                _row(
                    f"{TITLES[answer.kind]} {escape(answer.receipt)}",
                    f"−{money(answer.amount_cents)}",
                )
            )
    parts.append("</table>")
    parts.append(f'<p class="muted">Taken by {escape(view.taken_by)}</p>')
    return "\n".join(part for part in parts if part)


def _row(label: str, value: str) -> str:
    return f'<tr><td class="muted" width="170">{label}</td><td>{value}</td></tr>'


def _money(cents: int, currency: str) -> str:
    return f"{escape(locale_format.amount(cents, currency))} {escape(currency)}"


def _lines_table(view: ReceiptView) -> str:
    if not view.lines:
        if view.kind == PaymentKind.PAYMENT:
            return '<p class="muted">Held as credit on the client\'s account.</p>'
        return '<p class="muted">Given back from the client\'s credit; no session changes.</p>'
    heading = "Sessions" if view.kind == PaymentKind.PAYMENT else "Taken back from sessions"
    rows = "".join(
        "<tr>"
        f'<td class="nowrap">{escape(line.reference)}</td>'
        f'<td class="nowrap">{locale_format.moment_with_year(line.starts_at)}</td>'
        f"<td>{escape(line.service)}</td>"
        f"<td>{escape(line.therapist)}</td>"
        f'<td class="nowrap" align="right">{_money(line.amount_cents, view.currency)}</td>'
        "</tr>"
        for line in view.lines
    )
    total = (
        f'<tr><td colspan="4" class="total" align="right">Total</td>'
        f'<td class="total" align="right">{_money(view.allocated_cents, view.currency)}</td></tr>'
    )
    return (
        f"<h2>{heading}</h2>"
        '<table class="lines" width="100%" cellspacing="0">'
        '<tr><th align="left">Reference</th><th align="left">Session</th>'
        '<th align="left">Service</th><th align="left">Therapist</th>'
        f'<th align="right">Amount</th></tr>{rows}{total}</table>'
    )
