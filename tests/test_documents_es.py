"""The printed documents in the desk's language (docs/translations.md): with the desk in
Spanish a receipt, a day sheet, a cash-up and a report read back in Spanish, with Spanish
dates and amounts; with no translator installed (the command line) they stay the English
they always were."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument

from app.money.cashup import cash_up
from app.money.payments import PaymentRequest, refund_payment, take_payment
from app.money.receipts import load_receipt
from app.reports import ReportKind, run_report
from app.reports.daysheet import day_sheet
from db.engine import Database
from db.enums import PaymentMethod
from tests.booking_support import at
from tests.money_support import book_session, complete, money_clinic
from tests.test_daysheet import a_day_of_sessions
from ui.documents.cashup import cashup_document
from ui.documents.daysheet import LANDSCAPE, day_sheet_document
from ui.documents.pdf import pdf_bytes
from ui.documents.receipt import receipt_document
from ui.documents.report import report_document
from ui.translations import LanguageChoice, install_english, install_language, save_language

DAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def spanish(qapp: object) -> Iterator[None]:
    """This desk set to Spanish and installed, as the window does at start-up."""
    save_language(LanguageChoice.SPANISH)
    assert install_language() == "es"
    yield
    install_english()


def pdf_text(document: QTextDocument, *, landscape: bool = False) -> str:
    """The PDF's words as pypdf reads them back, single-spaced, ligatures undone."""
    pages = PdfReader(io.BytesIO(pdf_bytes(document, landscape=landscape))).pages
    return " ".join(
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages
    )


def a_paid_and_refunded_session(database: Database) -> tuple[str, str]:
    """A session paid 1,234.50 in cash on Tuesday 24 November at 18:05 (1,084.50 of it left
    as credit), then 20.00 of it refunded: the payment's and the refund's receipts."""
    money_clinic(database)
    done = book_session(database, "c1", "2026-11-24T09:00")
    complete(database, done, at("2026-11-24T09:10"))
    paid = take_payment(
        database,
        PaymentRequest("c1", 123450, PaymentMethod.CASH, sessions=(done,)),
        actor="alex",
        now=at("2026-11-24T18:05"),
    )
    refund = refund_payment(
        database, paid.receipt, reason="Moved", actor="maria", now=at("2026-11-24T18:20"),
        amount_cents=2000,
    )  # fmt: skip
    return paid.receipt, refund.receipt


def test_a_receipt_in_spanish(spanish: None, database: Database) -> None:
    paid, refund = a_paid_and_refunded_session(database)
    text = pdf_text(receipt_document(load_receipt(database, paid)))
    assert "Recibo RC-2026-000001" in text
    assert "Fecha 24 de noviembre de 2026, 18:05" in text
    assert "Pagado 1234,50 USD" in text and "Método Efectivo" in text
    assert "Saldo a favor restante 1064,50 USD" in text
    assert "Reembolso RC-2026-000002 −20,00 USD" in text
    assert "Sesiones" in text and "mar 24 nov 2026 09:00" in text
    assert "Registrado por alex" in text
    for english in ("Receipt", "Cash", "Paid", "Credit left", "Taken by", "November"):
        assert english not in text, english
    answer = pdf_text(receipt_document(load_receipt(database, refund)))
    assert "Reembolso RC-2026-000002" in answer and "Devolución del recibo RC-2026-000001" in answer
    assert "Devuelto 20,00 USD" in answer and "Motivo Moved" in answer


def test_a_receipt_stays_english_without_a_translator(
    qapp: object, sqlite_database: Database
) -> None:
    paid, _refund = a_paid_and_refunded_session(sqlite_database)
    text = pdf_text(receipt_document(load_receipt(sqlite_database, paid)))
    assert "Receipt RC-2026-000001" in text and "Date 24 November 2026, 18:05" in text
    assert "Paid 1234.50 USD" in text and "Method Cash" in text
    assert "Credit left 1064.50 USD" in text and "Refund RC-2026-000002 −20.00 USD" in text
    assert "Sessions" in text and "Tue 24 Nov 2026 09:00" in text and "Taken by alex" in text


def test_a_day_sheet_in_spanish(spanish: None, database: Database) -> None:
    a_day_of_sessions(database)
    document = day_sheet_document(day_sheet(database, DAY))
    text = pdf_text(document, landscape=LANDSCAPE)
    assert "Hoja del día — martes, 24 de noviembre de 2026" in text
    assert "Toda la clínica" in text
    assert "Hora Cliente Servicio Terapeuta Sala Estado Pendiente (USD)" in text
    assert "07:05–07:55 Ana One Individual Dr. Kim Room 2 Completada 100,00" in text
    assert "13:00–13:50 Ana One Individual Dr. Kim — Cancelación tardía" in text
    assert "11:00–11:50 Eva Five Individual Dr. Lee Room 2 No se presentó" in text
    assert "7 sesiones (2 canceladas)" in text
    for english in ("Day sheet", "Whole clinic", "Due", "Completed", "sessions", "Tuesday"):
        assert english not in text, english


def test_a_day_sheet_stays_english_without_a_translator(
    qapp: object, sqlite_database: Database
) -> None:
    a_day_of_sessions(sqlite_database)
    document = day_sheet_document(day_sheet(sqlite_database, DAY, therapist_key="kim"))
    assert document.metaInformation(QTextDocument.MetaInformation.DocumentTitle) == (
        "Day sheet 2026-11-24"
    )
    text = pdf_text(document, landscape=LANDSCAPE)
    assert "Day sheet — Tuesday 24 November 2026" in text and "Therapist: Dr. Kim" in text
    assert "Time Client Service Therapist Room Status Due (USD)" in text
    assert "07:05–07:55 Ana One Individual Dr. Kim Room 2 Completed 100.00" in text
    assert "3 sessions (1 cancelled)" in text


def test_a_cash_up_and_a_report_in_spanish(spanish: None, sqlite_database: Database) -> None:
    a_paid_and_refunded_session(sqlite_database)
    cashup = pdf_text(cashup_document(cash_up(sqlite_database, DAY)))
    assert "Cierre de caja — martes, 24 de noviembre de 2026" in cashup
    assert "Efectivo esperado en caja: 1214,50" in cashup
    assert "Por método" in cashup and "Efectivo 1234,50 20,00" in cashup

    assert "Movimientos (2)" in cashup
    assert "18:20 RC-2026-000002 Reembolso Ana One Efectivo -20,00 maria" in cashup
    assert "Contado por:" in cashup
    for english in ("Cash-up", "Expected", "By method", "Payment", "Counted by", "Tuesday"):
        assert english not in cashup, english

    revenue = run_report(sqlite_database, ReportKind.REVENUE, "method", DAY, DAY)
    report = pdf_text(report_document(revenue, "Test Clinic", None))
    assert "Informe de ingresos" in report and "mar 24 nov 2026" in report
    assert "Por método de pago. Importes en USD." in report
    assert "Método de pago" in report and "Cobrado" in report and "1214,50" in report
    for english in ("Revenue report", "By payment method", "Amounts in", "Collected", "Tue"):
        assert english not in report, english


def test_a_cash_up_and_a_report_stay_english_without_a_translator(
    qapp: object, sqlite_database: Database
) -> None:
    a_paid_and_refunded_session(sqlite_database)
    cashup = pdf_text(cashup_document(cash_up(sqlite_database, DAY)))
    assert "Cash-up — Tuesday 24 November 2026" in cashup
    assert "Expected cash in the drawer: 1214.50" in cashup
    assert "(cash taken 1234.50 − cash refunded 20.00)" in cashup
    assert "Entries (2)" in cashup
    # an entry's time, number, kind, method and amount are never broken inside
    assert "18:05 RC-2026-000001 Payment Ana One Cash 1234.50 alex" in cashup
    revenue = run_report(sqlite_database, ReportKind.REVENUE, "method", DAY, DAY)
    report = pdf_text(report_document(revenue, "Test Clinic", None))
    assert "Revenue report" in report and "Tue 24 Nov 2026 · By payment method." in report
    assert "Amounts in USD." in report and "1214.50" in report


def test_a_day_sheet_heading_that_wraps_in_spanish_stays_above_the_first_row(
    spanish: None, sqlite_database: Database
) -> None:
    """ "Pendiente (USD)" needs two lines in its column: the heading band grows to hold
    them instead of the second line being drawn over the first session."""
    a_day_of_sessions(sqlite_database)
    document = day_sheet_document(day_sheet(sqlite_database, DAY))
    page = PdfReader(io.BytesIO(pdf_bytes(document, landscape=LANDSCAPE))).pages[0]
    downward: dict[str, list[float]] = {}  # each text's distance from the page's top

    def seen(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        downward.setdefault(text, []).append(tm[5])

    page.extract_text(visitor_text=seen)
    heading_end = downward["(USD)"][0]
    first_row, second_row = downward["07:05–07:55"][0], downward["09:00–09:50"][0]
    assert first_row - heading_end > 0.9 * (second_row - first_row)
