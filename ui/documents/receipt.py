"""A receipt as a printable document (SPEC F11: clinic name, address, client, sessions,
amounts, method, who took it). Built from `app.money.receipts.ReceiptView`, so the PDF, the
printer and any preview print the same thing. Its words are in the desk's language (the
installed translator, context "Receipt"), its date and amounts through `ui.locale_format`; the
command line installs no translator, so its `--pdf` stays English (docs/translations.md)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QFont, QTextDocument

from app.money.receipts import ReceiptView
from db.enums import PaymentKind, PaymentMethod
from ui import locale_format
from ui.documents.pdf import document_application, save_pdf

# Marked for the extractor (QT_TRANSLATE_NOOP returns the English); translated where printed
# (`receipt_word`). A title is a whole phrase with the receipt's number in it.
TITLES = {
    PaymentKind.PAYMENT: str(QT_TRANSLATE_NOOP("Receipt", "Receipt %s")),
    PaymentKind.REFUND: str(QT_TRANSLATE_NOOP("Receipt", "Refund %s")),
    PaymentKind.REVERSAL: str(QT_TRANSLATE_NOOP("Receipt", "Reversal %s")),
}
METHODS = {
    PaymentMethod.CASH: str(QT_TRANSLATE_NOOP("Receipt", "Cash")),
    PaymentMethod.CARD: str(QT_TRANSLATE_NOOP("Receipt", "Card")),
    PaymentMethod.TRANSFER: str(QT_TRANSLATE_NOOP("Receipt", "Bank transfer")),
    PaymentMethod.OTHER: str(QT_TRANSLATE_NOOP("Receipt", "Other")),
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


def receipt_word(english: str) -> str:
    """A word or phrase of the receipt in the desk's language (English when none is set)."""
    return QCoreApplication.translate("Receipt", english)


def _title(kind: PaymentKind, receipt: str) -> str:
    """ "Receipt RC-2026-000001" / "Recibo RC-2026-000001"."""
    return receipt_word(TITLES[kind]) % receipt


def receipt_document(view: ReceiptView) -> QTextDocument:
    """The receipt as a QTextDocument, ready for `ui.documents.pdf.save_pdf` or printing."""
    document = QTextDocument()
    document.setDefaultFont(QFont("Sans Serif", 10))
    document.setDefaultStyleSheet(STYLE)
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, _title(view.kind, view.receipt)
    )
    document.setHtml(receipt_html(view))
    return document


def save_receipt_pdf(view: ReceiptView, path: Path) -> None:
    """The command line's `frontdesk receipt RC-… --pdf FILE`: works without a window."""
    document_application()
    save_pdf(receipt_document(view), path)


def receipt_html(view: ReceiptView) -> str:
    """The receipt's page as the rich text QTextDocument reads; what people typed is escaped."""

    def money(cents: int) -> str:
        return _money(cents, view.currency)

    title = escape(_title(view.kind, view.receipt))
    contact = " · ".join(escape(part) for part in (view.clinic_address, view.clinic_phone) if part)
    parts = [
        f"<h1>{escape(view.clinic_name)}</h1>",
        f'<p class="muted">{contact}</p>' if contact else "",
        f"<h2>{title}</h2>",
        '<table cellspacing="0" cellpadding="2">',
        _row(
            QCoreApplication.translate("Receipt", "Date"),
            escape(locale_format.document_moment(view.taken_at)),
        ),
        _row(
            QCoreApplication.translate("Receipt", "Client"),
            f"{escape(view.client_name)} ({escape(view.client_key)})",
        ),
    ]
    if view.answers:
        parts.append(
            _row(QCoreApplication.translate("Receipt", "Gives back on"), escape(view.answers))
        )
    if view.reason:
        parts.append(_row(QCoreApplication.translate("Receipt", "Reason"), escape(view.reason)))
    parts.append("</table>")
    parts.append(_lines_table(view))
    paid = (
        QCoreApplication.translate("Receipt", "Paid")
        if view.kind == PaymentKind.PAYMENT
        else QCoreApplication.translate("Receipt", "Given back")
    )
    parts += [
        '<table cellspacing="0" cellpadding="2">',
        _row(paid, f"<b>{money(view.amount_cents)}</b>"),
        _row(
            QCoreApplication.translate("Receipt", "Method"),
            escape(receipt_word(METHODS[view.method])),
        ),
    ]
    if view.reference:
        parts.append(
            _row(QCoreApplication.translate("Receipt", "Reference"), escape(view.reference))
        )
    if view.kind == PaymentKind.PAYMENT:
        parts.append(
            _row(
                QCoreApplication.translate("Receipt", "Credit left"),
                money(view.credit_left_cents),
            )
        )
        for answer in view.given_back:
            parts.append(
                _row(
                    escape(_title(answer.kind, answer.receipt)),
                    f"−{money(answer.amount_cents)}",
                )
            )
    parts.append("</table>")
    taken_by = QCoreApplication.translate("Receipt", "Taken by %s") % view.taken_by
    parts.append(f'<p class="muted">{escape(taken_by)}</p>')
    return "\n".join(part for part in parts if part)


def _row(label: str, value: str) -> str:
    """A label and its value; `value` is rich text already escaped."""
    return f'<tr><td class="muted" width="170">{escape(label)}</td><td>{value}</td></tr>'


def _money(cents: int, currency: str) -> str:
    return f"{escape(locale_format.amount(cents, currency))} {escape(currency)}"


def _lines_table(view: ReceiptView) -> str:
    if not view.lines:
        if view.kind == PaymentKind.PAYMENT and view.credit_left_cents == 0 and view.given_back:
            gone = QCoreApplication.translate("Receipt", "All of it was given back (below).")
            return f'<p class="muted">{escape(gone)}</p>'
        if view.kind == PaymentKind.PAYMENT:
            held = QCoreApplication.translate("Receipt", "Held as credit on the client's account.")
            return f'<p class="muted">{escape(held)}</p>'
        back = QCoreApplication.translate(
            "Receipt", "Given back from the client's credit; no session changes."
        )
        return f'<p class="muted">{escape(back)}</p>'
    heading = (
        QCoreApplication.translate("Receipt", "Sessions")
        if view.kind == PaymentKind.PAYMENT
        else QCoreApplication.translate("Receipt", "Taken back from sessions")
    )
    rows = "".join(
        "<tr>"
        f'<td class="nowrap">{escape(line.reference)}</td>'
        f"<td>{escape(locale_format.moment_with_year(line.starts_at))}</td>"
        f"<td>{escape(line.service)}</td>"
        f"<td>{escape(line.therapist)}</td>"
        f'<td class="nowrap" align="right">{_money(line.amount_cents, view.currency)}</td>'
        "</tr>"
        for line in view.lines
    )
    total_words = QCoreApplication.translate("Receipt", "Total")
    total = (
        f'<tr><td colspan="4" class="total" align="right">{escape(total_words)}</td>'
        f'<td class="total" align="right">{_money(view.allocated_cents, view.currency)}</td></tr>'
    )
    headings = "".join(
        f'<th align="left">{escape(words)}</th>'
        for words in (
            QCoreApplication.translate("Receipt", "Reference"),
            QCoreApplication.translate("Receipt", "Session"),
            QCoreApplication.translate("Receipt", "Service"),
            QCoreApplication.translate("Receipt", "Therapist"),
        )
    )
    amount = escape(QCoreApplication.translate("Receipt", "Amount"))
    return (
        f"<h2>{escape(heading)}</h2>"
        '<table class="lines" width="100%" cellspacing="0">'
        f'<tr>{headings}<th align="right">{amount}</th></tr>{rows}{total}</table>'
    )
