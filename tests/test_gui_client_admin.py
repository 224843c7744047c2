"""The desk's side of duplicates, merging, archiving and erasure, driven through the real
widgets on a real database: the client who already has a phone or email typed is offered
instead of a refusal, and the admin's merge and erase dialogs write (or refuse) as the SQL
afterwards shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.auth.staff import StaffUser
from app.clients.adding import create_client
from app.clinic_file import import_clinic
from db.base import Base
from db.engine import Database
from db.enums import Role
from db.models import Client
from tests.booking_support import booking_clinic
from ui.booking_dialog import BookingDialog
from ui.client_picker import ClientPicker
from ui.new_client_form import EMAIL, PHONE

NOW = datetime(2025, 1, 14, 15, 0, tzinfo=UTC)
ADMIN_PASSWORD = "admin-pass"
FRONT_DESK = StaffUser("alex", "Alex", Role.FRONT_DESK)
SUPERVISOR = StaffUser("maria", "Maria", Role.SUPERVISOR)
ADMIN = StaffUser("admin", "Clinic Admin", Role.ADMIN)
WAIT = 10_000


def admin_clinic() -> dict[str, Any]:
    """Sarah Johnson and two more records of her: one whose session overlaps hers (a merge
    must refuse), one whose session does not (a merge moves it)."""
    clinic = booking_clinic()
    clinic["clients"] += [
        {"key": "sjohnson", "name": "Sarah Johnson", "phone": "+15551234567",
         "email": "sarah.johnson@example.com"},
        {"key": "sjohnson2", "name": "Sarah Johnson", "phone": "+15559870000"},
        {"key": "sjo", "name": "Sarah J.", "email": "sarah.j@example.org"},
    ]  # fmt: skip
    clinic["users"].append({"username": "admin", "role": "admin", "password": ADMIN_PASSWORD})
    session = {"service": "individual", "status": "scheduled"}
    clinic["sessions"] = [
        {**session, "reference": "BK-2025-000001", "therapist": "carter", "client": "sjohnson",
         "start": "2025-01-15T14:00", "room": "r2"},
        {**session, "reference": "BK-2025-000002", "therapist": "kim", "client": "sjohnson2",
         "start": "2025-01-15T14:30", "room": "r1"},
        {**session, "reference": "BK-2025-000003", "therapist": "kim", "client": "sjo",
         "start": "2025-01-16T09:00", "room": "r1"},
    ]  # fmt: skip
    return clinic


@pytest.fixture
def clinic(database: Database) -> Database:
    import_clinic(database, admin_clinic(), actor="test")
    return database


@pytest.fixture
def sqlite_clinic(sqlite_database: Database) -> Database:
    import_clinic(sqlite_database, admin_clinic(), actor="test")
    return sqlite_database


def client_id(database: Database, key: str) -> int:
    with database.read() as session:
        found = session.scalar(select(Client.id).where(Client.key == key))
        assert found is not None
        return found


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, straight from SQL."""
    with database.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(table.select())), key=repr)
            for table in Base.metadata.sorted_tables
        }


def open_picker(qtbot, database: Database) -> ClientPicker:
    picker = ClientPicker(database, FRONT_DESK, lambda: NOW)
    qtbot.addWidget(picker)
    picker.show()
    picker.new_client_button.click()
    return picker


def type_and_wait(qtbot, picker: ClientPicker, field: str, typed: str) -> None:
    """Type into the new client's phone or email and wait for the duplicate check."""
    form = picker.new_client_box
    with qtbot.waitSignal(form.checked, timeout=WAIT, check_params_cb=lambda f: f == field):
        form.edits[field].setText(typed)


# -- duplicates at the desk -----------------------------------------------------------------


def test_a_phone_typed_another_way_offers_the_client_who_has_it(qtbot, clinic: Database) -> None:
    picker = open_picker(qtbot, clinic)
    form = picker.new_client_box
    before = snapshot(clinic)
    picker.new_name.setText("Sarah Johnson")
    type_and_wait(qtbot, picker, PHONE, "(555) 123-4567")
    offer = form.offers[PHONE]
    assert offer.isVisible() and not form.offers[EMAIL].isVisible()
    assert offer.text.text() == "<b>Sarah Johnson</b> already has this phone number."
    assert offer.match is not None and offer.match.key == "sjohnson"
    assert not picker.save_client_button.isEnabled()
    picker.save_new_client()  # Add is off: nothing is written, nothing refused
    with qtbot.waitSignal(picker.chosen, timeout=WAIT) as chosen:
        offer.use_button.click()
    assert chosen.args[0].key == "sjohnson" and picker.client is not None
    assert picker.client.key == "sjohnson"
    assert not form.isVisible() and form.new_phone.text() == ""
    assert picker.client_search.text() == "Sarah Johnson"
    assert snapshot(clinic) == before  # no client added, nothing audited


def test_a_phone_no_one_has_leaves_add_on_and_adds(qtbot, sqlite_clinic: Database) -> None:
    picker = open_picker(qtbot, sqlite_clinic)
    picker.new_name.setText("Nora Quinn")
    type_and_wait(qtbot, picker, PHONE, "(555) 123-4567")
    assert not picker.save_client_button.isEnabled()
    type_and_wait(qtbot, picker, PHONE, "(555) 010-7788")  # corrected: nobody's
    assert not picker.new_client_box.offers[PHONE].isVisible()
    assert picker.save_client_button.isEnabled()
    with qtbot.waitSignal(picker.added, timeout=WAIT):
        picker.save_client_button.click()
    assert picker.client is not None and picker.client.phone == "+15550107788"


def test_an_email_in_other_case_offers_her_and_open_asks_for_her_profile(
    qtbot, clinic: Database
) -> None:
    dialog = BookingDialog(clinic, FRONT_DESK, lambda: NOW, day=date(2025, 1, 15))
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.client_picker
    picker.new_client_button.click()
    picker.new_name.setText("Sarah Johnson")
    type_and_wait(qtbot, picker, EMAIL, "  Sarah.JOHNSON@Example.COM ")
    offers = picker.new_client_box.offers
    assert offers[EMAIL].isVisible() and not offers[PHONE].isVisible()
    assert offers[EMAIL].text.text() == "<b>Sarah Johnson</b> already has this email address."
    # Her phone too: one offer says both.
    type_and_wait(qtbot, picker, PHONE, "555.123.4567")
    assert offers[PHONE].isVisible() and not offers[EMAIL].isVisible()
    assert "this phone number and this email address" in offers[PHONE].text.text()
    with qtbot.waitSignal(dialog.open_profile_requested, timeout=WAIT) as asked:
        offers[PHONE].open_button.click()
    assert asked.args == [client_id(clinic, "sjohnson")]
    assert picker.client is None  # opening her profile chooses nobody


def test_a_duplicate_added_meanwhile_at_another_desk_is_offered_on_add(
    qtbot, clinic: Database
) -> None:
    picker = open_picker(qtbot, clinic)
    picker.new_name.setText("Nora Quinn")
    type_and_wait(qtbot, picker, PHONE, "555 444 0101")
    assert picker.save_client_button.isEnabled()
    # Another desk adds her between the check and Add.
    other = create_client(clinic, "Nora Q.", "+15554440101", None, actor="maria", now=NOW)
    failures: list[Exception] = []
    picker.failed.connect(failures.append)
    picker.save_client_button.click()
    offer = picker.new_client_box.offers[PHONE]
    qtbot.waitUntil(lambda: offer.isVisible(), timeout=WAIT)
    assert offer.match == other and "Nora Q." in offer.text.text()
    assert not picker.save_client_button.isEnabled() and failures == []
    with clinic.read() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Client).where(Client.phone == "+15554440101")
            )
            == 1
        )


def test_the_duplicate_offer_renders_readably(
    qtbot, sqlite_clinic: Database, tmp_path: Path
) -> None:
    dialog = BookingDialog(sqlite_clinic, FRONT_DESK, lambda: NOW, day=date(2025, 1, 15))
    qtbot.addWidget(dialog)
    dialog.resize(1100, 640)
    dialog.show()
    picker = dialog.client_picker
    picker.client_search.setText("Sarah Johnson")
    picker.new_client_button.click()
    type_and_wait(qtbot, picker, PHONE, "(555) 123-4567")
    type_and_wait(qtbot, picker, EMAIL, "sarah.j@EXAMPLE.org")
    offers = picker.new_client_box.offers
    assert offers[PHONE].isVisible() and offers[EMAIL].isVisible()
    for offer in offers.values():  # the whole sentence (wrapped) and both buttons fit
        assert offer.text.height() >= offer.text.heightForWidth(offer.text.width())
        assert offer.use_button.width() >= offer.use_button.sizeHint().width()
    image = dialog.grab()
    path = tmp_path / "duplicate-offer.png"
    assert image.save(str(path)) and path.stat().st_size > 0
