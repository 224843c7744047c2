"""The day's cash-up on paper (docs/money.md, The day's cash-up): the totals by method and by
desk user, refunds, the cash expected in the drawer, and every entry of the day, to count
the drawer against and file. Saved or printed by `ui.documents.pdf`."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QTextDocument

from app.money.cashup import CashUp, CashUpEntry
from db.enums import PaymentKind, PaymentMethod
from ui import locale_format

METHOD_WORDS = {
    PaymentMethod.CASH.value: str(QT_TRANSLATE_NOOP("CashUp", "Cash")),
    PaymentMethod.CARD.value: str(QT_TRANSLATE_NOOP("CashUp", "Card")),
    PaymentMethod.TRANSFER.value: str(QT_TRANSLATE_NOOP("CashUp", "Transfer")),
    PaymentMethod.OTHER.value: str(QT_TRANSLATE_NOOP("CashUp", "Other")),
}
KIND_WORDS = {
    PaymentKind.PAYMENT: str(QT_TRANSLATE_NOOP("CashUp", "Payment")),
    PaymentKind.REFUND: str(QT_TRANSLATE_NOOP("CashUp", "Refund")),
    PaymentKind.REVERSAL: str(QT_TRANSLATE_NOOP("CashUp", "Reversal")),
}


def cashup_word(english: str) -> str:
    """A payment method's or kind's word from the tables above, in the desk's language."""
    return QCoreApplication.translate("CashUp", english)


_STYLE = """
body { font-family: sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; }
.clinic { font-size: 11pt; color: #555; }
table.grid { border-collapse: collapse; }
table.grid th { background: #eeeeee; text-align: left; }
table.grid th, table.grid td { border: 1px solid #bbbbbb; padding: 3px 6px; }
tr.total td { font-weight: bold; }
.expected { font-size: 20pt; font-weight: bold; }
"""


def day_title(cashup: CashUp) -> str:
    """`Tuesday 24 November 2026`, the words the window and the paper use."""
    return locale_format.day_heading(cashup.day)


def entry_time(entry: CashUpEntry) -> str:
    return locale_format.time_of_day(entry.taken_at)


def cashup_document(cashup: CashUp) -> QTextDocument:
    """The cash-up as a document (A4 through `save_pdf` / `print_document`)."""
    document = QTextDocument()
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"Cash-up {cashup.day.isoformat()}"
    )
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(cashup_html(cashup))
    return document


def cashup_html(cashup: CashUp) -> str:
    def money(cents: int) -> str:
        return escape(locale_format.amount(cents, cashup.currency))

    methods = "".join(
        f"<tr><td>{escape(cashup_word(METHOD_WORDS[method]))}</td>"
        f"<td align='right'>{money(taken)}</td>"
        f"<td align='right'>{money(cashup.refunds_by_method[method])}</td></tr>"
        for method, taken in cashup.by_method.items()
    )
    methods += (
        f"<tr class='total'><td>Total</td><td align='right'>{money(cashup.taken_cents)}</td>"
        f"<td align='right'>{money(cashup.refunds_cents)}</td></tr>"
    )
    users = (
        "".join(
            f"<tr><td>{escape(user)}</td><td align='right'>{money(cents)}</td></tr>"
            for user, cents in cashup.by_user.items()
        )
        or "<tr><td colspan='2'>No payments taken.</td></tr>"
    )
    entries = (
        "".join(
            f"<tr><td>{entry_time(e)}</td><td>{escape(e.receipt)}</td>"
            f"<td>{escape(cashup_word(KIND_WORDS[e.kind]))}</td><td>{escape(e.client_name)}</td>"
            f"<td>{escape(cashup_word(METHOD_WORDS[e.method.value]))}</td>"
            f"<td align='right'>{money(e.signed_cents)}</td><td>{escape(e.taken_by)}</td></tr>"
            for e in cashup.entries
        )
        or "<tr><td colspan='7'>Nothing was paid or given back this day.</td></tr>"
    )
    return f"""
<html><body>
<p class='clinic'>{escape(cashup.clinic_name)}</p>
<h1>Cash-up — {escape(day_title(cashup))}</h1>
<p>Amounts in {escape(cashup.currency)}. Taken: payments net of reversals.</p>
<p>Expected cash in the drawer: <span class='expected'>{money(cashup.expected_cash_cents)}</span>
<br/>(cash taken {money(cashup.by_method[PaymentMethod.CASH.value])} − cash refunded
{money(cashup.refunds_by_method[PaymentMethod.CASH.value])})</p>
<h2>By method</h2>
<table class='grid' cellspacing='0' width='60%'>
<tr><th>Method</th><th align='right'>Taken</th><th align='right'>Refunded</th></tr>
{methods}
</table>
<h2>Taken by desk user</h2>
<table class='grid' cellspacing='0' width='40%'>
<tr><th>User</th><th align='right'>Taken</th></tr>
{users}
</table>
<h2>Entries ({len(cashup.entries)})</h2>
<table class='grid' cellspacing='0' width='100%'>
<tr><th width='8%'>Time</th><th width='17%'>Receipt</th><th width='11%'>Kind</th>
<th width='26%'>Client</th><th width='11%'>Method</th><th width='12%' align='right'>Amount</th>
<th width='15%'>Taken by</th></tr>
{entries}
</table>
<p>Counted by: ____________________ &nbsp;&nbsp; Cash counted: ____________</p>
</body></html>
"""
