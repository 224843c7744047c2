"""The domain's desk sentences go through `app.i18n.translate` (docs/translations.md): with a
translator installed a real refusal comes back in that language, placeholders filled after
translating; without one (the command line) it is the English written in the code.
Dates and amounts inside those sentences go through the formats the window installs
(`app.i18n.install_formats`): a refusal's start and a money refusal's amounts come out
through them, and a Spanish desk's session card reads "150,00 pendiente".

The translator here is a dict (context, English) -> "fake Spanish": it proves the domain asks
for the translation with a context lupdate can extract. Qt's own translator is the window's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.booking import BookingRefusedError, BookingRequest, book
from app.clients.adding import ClientInputError, create_client
from app.desk_calendar import load_desk_calendar
from app.i18n import LocaleFormats, install, install_formats
from app.money.accounts import payment_marker
from app.money.fees import refund_credit
from app.money.ledger import SessionCharge
from app.money.payments import (
    Allocation,
    MoneyInputError,
    MoneyRefusedError,
    PaymentRequest,
    take_payment,
)
from app.session_details import session_details
from db.engine import Database
from db.enums import PaymentMethod, SessionStatus
from tests.booking_support import at, snapshot
from tests.money_support import BOOKED_AT, book_session, overridden_then_waived

FAKE_SPANISH = {
    ("BookingRefusal", "{therapist} is blocked at {start} ({detail})"): (
        "{therapist} está bloqueado el {start} ({detail})"
    ),
    ("Money", "the client has {credit} {currency} of credit, not {amount_cents} {currency}"): (
        "el cliente tiene {credit} {currency} de saldo a favor, no {amount_cents} {currency}"
    ),
    ("Money", "{what} needs a supervisor or an admin"): "{what} necesita un supervisor",
    ("Money", "a refund"): "un reembolso",
    ("Clients", "give a phone number or an email address to reach the client"): (
        "indique un teléfono o un correo para contactar al cliente"
    ),
}


def fake_spanish(context: str, english: str) -> str:
    """As Qt's translator does: the translation when there is one, else the English."""
    return FAKE_SPANISH.get((context, english), english)


@pytest.fixture
def spanish() -> Iterator[None]:
    install(fake_spanish)
    yield
    install(None)  # the rest of the process stays English


def blocked_booking(database: Database) -> BookingRefusedError:
    """Dr. Carter's team meeting (10:00–11:00 on 15 January) refuses a 10:00 booking."""
    before = snapshot(database)
    request = BookingRequest("carter", "c1", "individual", at("2025-01-15T10:00"))
    with pytest.raises(BookingRefusedError) as refused:
        book(database, request, actor="alex", now=at("2025-01-10T08:00"))
    assert snapshot(database) == before
    return refused.value


def test_a_booking_refusal_is_in_the_installed_language_then_english_again(
    booking_database: Database, spanish: None
) -> None:
    refusal = blocked_booking(booking_database)
    assert refusal.reason == "blocked"  # the reason code scripts read never changes
    assert refusal.message == "Dr. Carter está bloqueado el 2025-01-15 10:00 (meeting)"
    install(None)
    assert blocked_booking(booking_database).message == (
        "Dr. Carter is blocked at 2025-01-15 10:00 (meeting)"
    )


def test_a_refused_refund_and_its_permission_sentence_are_translated(
    booking_database: Database, spanish: None
) -> None:
    reference = book_session(booking_database, "c1", "2026-11-24T10:00")
    with pytest.raises(MoneyRefusedError) as not_a_supervisor:
        refund_credit(
            booking_database, reference, 5000, reason="asked", actor="alex", now=BOOKED_AT
        )
    assert str(not_a_supervisor.value) == "un reembolso necesita un supervisor"
    with pytest.raises(MoneyRefusedError) as too_much:
        refund_credit(
            booking_database, reference, 5000, reason="asked", actor="maria", now=BOOKED_AT
        )
    assert too_much.value.reason == "more_than_paid"
    assert str(too_much.value) == "el cliente tiene 0.00 USD de saldo a favor, no 50.00 USD"
    install(None)
    with pytest.raises(MoneyRefusedError) as in_english:
        refund_credit(
            booking_database, reference, 5000, reason="asked", actor="maria", now=BOOKED_AT
        )
    assert str(in_english.value) == "the client has 0.00 USD of credit, not 50.00 USD"


def test_a_client_input_error_is_translated(booking_database: Database, spanish: None) -> None:
    with pytest.raises(ClientInputError) as refused:
        create_client(booking_database, "New Person", None, None, actor="alex", now=BOOKED_AT)
    assert str(refused.value) == "indique un teléfono o un correo para contactar al cliente"


FAKE_FORMATS = LocaleFormats(
    moment=lambda value: f"<moment {value:%Y-%m-%d %H:%M}>",
    dated_moment=lambda value: f"<dated {value:%Y-%m-%d %H:%M}>",
    amount=lambda minor, currency: f"<{minor} in {currency}>",
)


@pytest.fixture
def fake_formats() -> Iterator[None]:
    """The fake formats installed, as the window installs its locale's."""
    install_formats(FAKE_FORMATS)
    try:
        yield
    finally:
        install_formats(None)


def test_a_refused_moves_start_is_written_by_the_installed_formats(
    booking_database: Database, fake_formats: None
) -> None:
    reference = book_session(booking_database, "c1", "2026-11-24T10:00")
    day = at("2026-11-24T10:00").date()
    calendar = load_desk_calendar(booking_database, day, day, BOOKED_AT)
    card = next(c for c in calendar.sessions if c.reference == reference)
    check = calendar.check_move(card, at("2026-11-24T03:00"))
    assert not check.allowed
    assert check.message == "Dr. Kim does not work at <moment 2026-11-24 03:00>"


def test_a_booking_refusals_start_is_written_by_the_installed_formats(
    booking_database: Database, fake_formats: None
) -> None:
    refusal = blocked_booking(booking_database)
    assert refusal.message == "Dr. Carter is blocked at <dated 2025-01-15 10:00> (meeting)"


def test_a_money_refusals_amounts_are_written_by_the_installed_formats(
    booking_database: Database, fake_formats: None
) -> None:
    reference = book_session(booking_database, "c1", "2026-11-24T10:00")
    asked = PaymentRequest(
        "c1", 20000, PaymentMethod.CASH, allocations=(Allocation(reference, 20000),)
    )
    with pytest.raises(MoneyInputError) as refused:
        take_payment(booking_database, asked, actor="alex", now=BOOKED_AT)
    assert str(refused.value) == (
        f"{reference} asks for <15000 in USD> USD at most, not <20000 in USD> USD"
    )


def test_without_formats_installed_the_words_are_as_the_code_writes_them(
    booking_database: Database,
) -> None:
    reference = book_session(booking_database, "c1", "2026-11-24T10:00")
    day = at("2026-11-24T10:00").date()
    calendar = load_desk_calendar(booking_database, day, day, BOOKED_AT)
    card = next(c for c in calendar.sessions if c.reference == reference)
    check = calendar.check_move(card, at("2026-11-24T03:00"))
    assert check.message == "Dr. Kim does not work at Tue 24 Nov 03:00"
    owed = SessionCharge(1, SessionStatus.COMPLETED, 15000, None, False, 5000, False)
    assert payment_marker(owed, "USD") == "100.00 due"


def test_a_spanish_desks_card_shows_the_amount_due_the_spanish_way(qapp: QApplication) -> None:
    from ui.translations import LanguageChoice, install_english, install_language

    owed = SessionCharge(1, SessionStatus.COMPLETED, 15000, None, False, 0, False)
    paid = SessionCharge(2, SessionStatus.COMPLETED, 15000, None, False, 15000, False)
    assert install_language(LanguageChoice.SPANISH) == "es"
    try:
        assert payment_marker(owed, "USD") == "150,00 pendiente"
        assert payment_marker(paid, "USD") == "Paid"  # the sentinel the card translates
    finally:
        install_english()
    assert payment_marker(owed, "USD") == "150.00 due"


def test_a_spanish_desk_describes_blocks_with_its_own_day_names_and_dates(
    qapp: QApplication,
) -> None:
    from app.clinic_setup import describe_block
    from ui.translations import LanguageChoice, install_english, install_language

    block = {
        "start": "2026-11-27T13:00",
        "end": "2026-11-27T17:00",
        "rrule": "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T000000",
    }
    english = "Monthly on the last Friday 13:00–17:00 until 30 Jun 2027 from 27 Nov 2026"
    assert describe_block(block) == english
    install_language(LanguageChoice.SPANISH)
    try:
        assert describe_block(block) == (
            "Cada mes, el último viernes 13:00–17:00 desde el 27 nov 2026 hasta el 30 jun 2027"
        )
    finally:
        install_english()
    assert describe_block(block) == english


def test_a_spanish_desk_writes_a_waitlist_wishs_days_and_dates_in_spanish(
    qapp: QApplication,
) -> None:
    from datetime import date

    from app.waitlist.rules import Wish, describe_wish
    from ui.translations import LanguageChoice, install_english, install_language

    wish = Wish(0b101, 540, 720, date(2026, 11, 28), date(2026, 12, 3))
    english = "Dr. Kim · Mon, Wed · 09:00–12:00 · 28 Nov – 3 Dec"
    assert describe_wish("Dr. Kim", wish) == english
    install_language(LanguageChoice.SPANISH)
    try:
        assert describe_wish("Dr. Kim", wish) == "Dr. Kim · lun, mié · 09:00–12:00 · 28 nov – 3 dic"
    finally:
        install_english()
    assert describe_wish("Dr. Kim", wish) == english


def test_a_sessions_history_names_rooms_therapists_and_rules_in_words(
    booking_database: Database,
) -> None:
    """The History's "What" and "Details" columns: words, the clinic's names for its rooms
    and therapists, the start in the clinic's time, amounts as the desk writes them."""
    reference = overridden_then_waived(booking_database)
    history = session_details(booking_database, reference, at("2025-01-15T09:00")).history
    assert [(line.action, line.detail) for line in history] == [
        (
            "booked",
            "2025-01-15 10:00 · status scheduled · room Room 2 · therapist Dr. Carter"
            " · override by maria: blocked time · “Crisis session”",
        ),
        ("cancelled", "status cancelled · late · fee 25.00 · “ill”"),
        ("fee waived", "fee waived by maria · “in hospital”"),
    ]
