"""The day's cash-up on paper (docs/money.md, The day's cash-up): the totals by method and by
desk user, refunds, the cash expected in the drawer, and every entry of the day, to count
the drawer against and file. Saved or printed by `ui.documents.pdf`. Its words are in the
desk's language (the installed translator, context "CashUp"), its day, times and amounts
through `ui.locale_format` (docs/translations.md)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QTextDocument

from app.money.cashup import CashUp, CashUpEntry
from db.enums import PaymentKind, PaymentMethod
from ui import locale_format
from ui.words import method_word

# Marked for the extractor (QT_TRANSLATE_NOOP returns the English); translated where shown
# (`cashup_word`).
KIND_WORDS = {
    PaymentKind.PAYMENT: str(QT_TRANSLATE_NOOP("CashUp", "Payment")),
    PaymentKind.REFUND: str(QT_TRANSLATE_NOOP("CashUp", "Refund")),
    PaymentKind.REVERSAL: str(QT_TRANSLATE_NOOP("CashUp", "Reversal")),
}


def cashup_word(english: str) -> str:
    """A payment kind's word from the table above, in the desk's language."""
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
.nowrap { white-space: nowrap; }
table.entries { font-size: 9pt; }
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
        QTextDocument.MetaInformation.DocumentTitle,
        QCoreApplication.translate("CashUp", "Cash-up %s") % cashup.day.isoformat(),
    )
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(cashup_html(cashup))
    return document


def cashup_html(cashup: CashUp) -> str:
    """The cash-up's page as the rich text QTextDocument reads; names people typed are
    escaped."""

    def money(cents: int) -> str:
        return escape(locale_format.amount(cents, cashup.currency))

    methods = "".join(
        f"<tr><td>{escape(method_word(method))}</td>"
        f"<td align='right'>{money(taken)}</td>"
        f"<td align='right'>{money(cashup.refunds_by_method[method])}</td></tr>"
        for method, taken in cashup.by_method.items()
    )
    total = escape(QCoreApplication.translate("CashUp", "Total"))
    methods += (
        f"<tr class='total'><td>{total}</td><td align='right'>{money(cashup.taken_cents)}</td>"
        f"<td align='right'>{money(cashup.refunds_cents)}</td></tr>"
    )
    no_payments = escape(QCoreApplication.translate("CashUp", "No payments taken."))
    users = (
        "".join(
            f"<tr><td>{escape(user)}</td><td align='right'>{money(cents)}</td></tr>"
            for user, cents in cashup.by_user.items()
        )
        or f"<tr><td colspan='2'>{no_payments}</td></tr>"
    )
    nothing = escape(
        QCoreApplication.translate("CashUp", "Nothing was paid or given back this day.")
    )
    entries = (
        "".join(
            f"<tr><td class='nowrap'>{escape(entry_time(e))}</td>"
            f"<td class='nowrap'>{escape(e.receipt)}</td>"
            f"<td class='nowrap'>{escape(cashup_word(KIND_WORDS[e.kind]))}</td>"
            f"<td>{escape(e.client_name)}</td>"
            f"<td class='nowrap'>{escape(method_word(e.method.value))}</td>"
            f"<td class='nowrap' align='right'>{money(e.signed_cents)}</td>"
            f"<td>{escape(e.taken_by)}</td></tr>"
            for e in cashup.entries
        )
        or f"<tr><td colspan='7'>{nothing}</td></tr>"
    )
    title = QCoreApplication.translate("CashUp", "Cash-up — %s") % day_title(cashup)
    amounts_in = QCoreApplication.translate(
        "CashUp", "Amounts in %s. Taken: payments net of reversals."
    )
    expected = escape(QCoreApplication.translate("CashUp", "Expected cash in the drawer:"))
    # the amounts are escaped already; the sentence around them is escaped before they go in
    cash_sum = escape(
        QCoreApplication.translate("CashUp", "(cash taken %s − cash refunded %s)")
    ) % (
        money(cashup.by_method[PaymentMethod.CASH.value]),
        money(cashup.refunds_by_method[PaymentMethod.CASH.value]),
    )
    entries_heading = QCoreApplication.translate("CashUp", "Entries (%d)") % len(cashup.entries)
    counted = escape(QCoreApplication.translate("CashUp", "Counted by: ____________________"))
    cash_counted = escape(QCoreApplication.translate("CashUp", "Cash counted: ____________"))
    heading = {
        "by_method": QCoreApplication.translate("CashUp", "By method"),
        "by_user": QCoreApplication.translate("CashUp", "Taken by desk user"),
        "method": QCoreApplication.translate("CashUp", "Method"),
        "taken": QCoreApplication.translate("CashUp", "Taken"),
        "refunded": QCoreApplication.translate("CashUp", "Refunded"),
        "user": QCoreApplication.translate("CashUp", "User"),
        "time": QCoreApplication.translate("CashUp", "Time"),
        "receipt": QCoreApplication.translate("CashUp", "Receipt"),
        "kind": QCoreApplication.translate("CashUp", "Kind"),
        "client": QCoreApplication.translate("CashUp", "Client"),
        "amount": QCoreApplication.translate("CashUp", "Amount"),
        "taken_by": QCoreApplication.translate("CashUp", "Taken by"),
    }
    h = {key: escape(words) for key, words in heading.items()}
    return f"""
<html><body>
<p class='clinic'>{escape(cashup.clinic_name)}</p>
<h1>{escape(title)}</h1>
<p>{escape(amounts_in % cashup.currency)}</p>
<p>{expected} <span class='expected'>{money(cashup.expected_cash_cents)}</span>
<br/>{cash_sum}</p>
<h2>{h["by_method"]}</h2>
<table class='grid' cellspacing='0' width='60%'>
<tr><th>{h["method"]}</th><th align='right'>{h["taken"]}</th>\
<th align='right'>{h["refunded"]}</th></tr>
{methods}
</table>
<h2>{h["by_user"]}</h2>
<table class='grid' cellspacing='0' width='40%'>
<tr><th>{h["user"]}</th><th align='right'>{h["taken"]}</th></tr>
{users}
</table>
<h2>{escape(entries_heading)}</h2>
<table class='grid entries' cellspacing='0' width='100%'>
<tr><th>{h["time"]}</th><th>{h["receipt"]}</th><th>{h["kind"]}</th><th>{h["client"]}</th>\
<th>{h["method"]}</th><th align='right'>{h["amount"]}</th><th>{h["taken_by"]}</th></tr>
{entries}
</table>
<p>{counted} &nbsp;&nbsp; {cash_counted}</p>
</body></html>
"""
