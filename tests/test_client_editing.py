"""Editing a client (`app.clients.editing`) by the clinic file's rules, duplicates offered,
archive, and the desk's new client refused as a duplicate, on both databases. A refusal
changes nothing: the clients and the audit log are compared before and after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text, update

from app.clients.adding import ClientInputError, create_client
from app.clients.editing import (
    EDITABLE_FIELDS,
    ClientFieldError,
    DuplicateClientError,
    archive_client,
    check_client_field,
    find_duplicate,
    phone_region,
    update_client,
)
from app.clients.profile import UnknownClientError, client_details, client_id_for_key
from app.clinic_file import ClinicFileError
from app.clinic_file.document import KnownKeys, parse_document
from db.engine import Database
from db.enums import ContactChannel
from db.models import AuditEntry, Client
from tests.booking_support import load_booking_clinic

NOW = datetime(2025, 1, 10, 13, 0, tzinfo=UTC)

BAD_VALUES: list[tuple[str, Any]] = [
    ("name", ""),
    ("name", "   "),
    ("name", None),
    ("name", 42),
    ("name", "x" * 201),
    ("phone", "not a phone"),
    ("phone", "12"),
    ("phone", "5" * 40),
    ("phone", 5551230001),
    ("email", "not-an-email"),
    ("email", "ana@"),
    ("email", "a" * 250 + "@example.org"),
    ("date_of_birth", "2999-01-01"),
    ("date_of_birth", "1850-01-01"),
    ("date_of_birth", "31/01/2000"),
    ("date_of_birth", 2000),
    ("emergency_contact", "x" * 301),
    ("preferred_channel", "fax"),
    ("language", "x" * 17),
    ("referral_source", "x" * 201),
    ("notes", "x" * 10_001),
    ("notes", "a NUL \x00 inside"),
    ("notes", "a lone \ud800 surrogate"),
    ("preferences", "mornings"),
    ("preferences", None),
    ("preferences", {"days": ["monday"], "note": "x" * 10_000}),
    ("preferences", {"days": "\ud800"}),
    ("preferences", {"level": float("nan")}),
]


def clinic_file_message(field: str, value: Any) -> str:
    """What an import of a client with this value says about the field."""
    client = {"key": "x", "name": "Someone", field: value}
    with pytest.raises(ClinicFileError) as refused:
        parse_document({"clients": [client]}, KnownKeys(timezone="UTC", phone_region="US"))
    place = f"clients[x].{field}"
    found = [p.message for p in refused.value.problems if p.where.startswith(place)]
    assert len(found) == 1, refused.value.problems
    return found[0]


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The clients and the audit log, straight from SQL."""
    with database.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(query))]
            for table, query in (
                ("clients", "SELECT * FROM clients ORDER BY id"),
                ("audit_log", "SELECT id, action, entity_id, before, after FROM audit_log"
                              " ORDER BY id"),
                ("client_aliases", "SELECT * FROM client_aliases ORDER BY id"),
            )
        }  # fmt: skip


def audit_entries(database: Database, action: str) -> list[AuditEntry]:
    with database.read() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        session.expunge_all()
        return entries


@pytest.fixture
def clinic(database: Database) -> Database:
    load_booking_clinic(database)
    return database


def key_id(database: Database, key: str) -> int:
    return client_id_for_key(database, key)


@pytest.mark.parametrize("field, value", BAD_VALUES)
def test_check_client_field_says_what_the_clinic_file_says(field: str, value: Any) -> None:
    with pytest.raises(ClientFieldError) as refused:
        check_client_field(field, value, region="US")
    assert refused.value.field == field
    assert refused.value.message == clinic_file_message(field, value)
    assert str(refused.value) == f"{field.replace('_', ' ')}: {refused.value.message}"
    assert isinstance(refused.value, ValueError)


def test_every_bad_value_is_refused_and_changes_nothing(clinic: Database) -> None:
    client_id = key_id(clinic, "c1")
    before = snapshot(clinic)
    for field, value in BAD_VALUES:
        with pytest.raises(ClientFieldError) as refused:
            update_client(clinic, client_id, {field: value}, actor="alex", now=NOW)
        assert refused.value.message == clinic_file_message(field, value)
        # All or nothing: a good change beside a bad one is not saved either.
        with pytest.raises(ClientFieldError):
            update_client(
                clinic, client_id, {"language": "es", field: value}, actor="alex", now=NOW
            )
    with pytest.raises(ClientFieldError, match="is not a client detail that can be edited"):
        update_client(clinic, client_id, {"key": "ana"}, actor="alex", now=NOW)
    assert snapshot(clinic) == before


def test_values_are_stored_as_the_clinic_file_stores_them() -> None:
    assert check_client_field("phone", " (555) 123-9999 ", region="US") == "+15551239999"
    assert check_client_field("phone", "612 34 56 78", region="es") == "+34612345678"
    assert check_client_field("email", " Ana.One@Example.ORG ", region="US") == (
        "ana.one@example.org"
    )
    assert check_client_field("date_of_birth", "1990-04-01", region="US") == date(1990, 4, 1)
    assert check_client_field("date_of_birth", date(1990, 4, 1), region="US") == date(1990, 4, 1)
    assert check_client_field("preferred_channel", "sms", region="US") is ContactChannel.SMS
    assert check_client_field("name", "  Ana   One ", region="US") == "Ana   One"
    for field in EDITABLE_FIELDS:
        if field not in ("name", "preferences"):
            assert check_client_field(field, "  ", region="US") is None
            assert check_client_field(field, None, region="US") is None
    preferences = {"days": ["monday"], "times": "mornings"}
    assert check_client_field("preferences", preferences, region="US") == preferences


def test_an_update_stores_every_field_and_audits_what_changed(clinic: Database) -> None:
    client_id = key_id(clinic, "c1")
    details = update_client(
        clinic,
        client_id,
        {
            "name": "Ana María One",
            "phone": "(555) 123-0099",
            "email": "ANA@example.org",
            "date_of_birth": date(1990, 4, 1),
            "emergency_contact": "Luis One, +1 555 123 0098",
            "preferred_channel": "sms",
            "language": "es",
            "referral_source": "Dr. Ortiz",
            "notes": "Prefers the ground floor.",
            "preferences": {"days": ["monday", "wednesday"], "times": "mornings"},
        },
        actor="alex",
        now=NOW,
    )
    assert (details.name, details.phone, details.email) == (
        "Ana María One",
        "+15551230099",
        "ana@example.org",
    )
    assert details.date_of_birth == date(1990, 4, 1) and details.preferred_channel == "sms"
    assert details.preferences == {"days": ["monday", "wednesday"], "times": "mornings"}
    assert client_details(clinic, client_id) == details
    with clinic.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT phone, email, preferred_channel, language FROM clients WHERE id = :i"),
            {"i": client_id},
        ).one()
    assert tuple(stored) == ("+15551230099", "ana@example.org", "sms", "es")

    (entry,) = audit_entries(clinic, "client.update")
    assert (entry.actor, entry.entity_type, entry.entity_id) == ("alex", "client", client_id)
    assert entry.before == {
        "name": "Ana One", "phone": "+15551230001", "email": None, "date_of_birth": None,
        "emergency_contact": None, "preferred_channel": None, "language": None,
        "referral_source": None, "notes": None, "preferences": {},
    }  # fmt: skip
    assert entry.after["phone"] == "+15551230099" and entry.after["date_of_birth"] == "1990-04-01"
    assert entry.after["preferred_channel"] == "sms"

    # Only what changed is written and audited; the same values again write nothing.
    before = snapshot(clinic)
    update_client(clinic, client_id, {"phone": "+1 555 123 0099", "language": "es"},
                  actor="alex", now=NOW)  # fmt: skip
    assert snapshot(clinic) == before
    update_client(clinic, client_id, {"language": "", "notes": "Ground floor."},
                  actor="maria", now=NOW)  # fmt: skip
    last = audit_entries(clinic, "client.update")[-1]
    assert (last.actor, last.before, last.after) == (
        "maria",
        {"language": "es", "notes": "Prefers the ground floor."},
        {"language": None, "notes": "Ground floor."},
    )
    assert client_details(clinic, client_id).language is None


def test_a_phone_or_email_of_another_client_names_that_client(clinic: Database) -> None:
    ana, ben, cy = (key_id(clinic, key) for key in ("c1", "c2", "c3"))
    update_client(clinic, cy, {"email": "cy@example.org"}, actor="alex", now=NOW)
    before = snapshot(clinic)
    with pytest.raises(DuplicateClientError) as refused:
        update_client(clinic, ana, {"phone": "(555) 123-0002"}, actor="alex", now=NOW)
    assert (refused.value.existing.key, refused.value.field) == ("c2", "phone")
    assert str(refused.value) == "that phone number already belongs to Ben Two"
    with pytest.raises(DuplicateClientError) as refused:
        update_client(clinic, ana, {"language": "es", "email": "CY@Example.org"},
                      actor="alex", now=NOW)  # fmt: skip
    assert (refused.value.existing.key, refused.value.field) == ("c3", "email")
    assert str(refused.value) == "that email address already belongs to Cy Three"
    assert isinstance(refused.value, ClientInputError)
    assert snapshot(clinic) == before

    # Typed any way, normalised first; the phone is looked at before the email.
    match = find_duplicate(clinic, phone="(555) 123-0002", email="cy@example.org")
    assert match is not None and (match[0].key, match[1]) == ("c2", "phone")
    match = find_duplicate(clinic, phone="555 123 0777", email="  CY@EXAMPLE.ORG")
    assert match is not None and (match[0].id, match[1]) == (cy, "email")
    assert find_duplicate(clinic, phone="+15551230002", excluding=ben) is None
    assert find_duplicate(clinic, phone="not a phone", email="nor@an") is None
    assert find_duplicate(clinic, phone="", email=None) is None
    assert find_duplicate(clinic, phone="5" * 5000) is None
    # A client keeps their own phone when other fields change.
    update_client(clinic, ben, {"phone": "+1 (555) 123-0002", "language": "en"},
                  actor="alex", now=NOW)  # fmt: skip
    assert phone_region(clinic) == "US"


def test_archived_clients_are_offered_too(clinic: Database) -> None:
    ben = key_id(clinic, "c2")
    archive_client(clinic, ben, actor="maria", now=NOW)
    match = find_duplicate(clinic, phone="555-123-0002")
    assert match is not None and match[0].key == "c2"
    with pytest.raises(DuplicateClientError, match=r"belongs to Ben Two \(archived\)"):
        update_client(clinic, key_id(clinic, "c1"), {"phone": "5551230002"}, actor="a", now=NOW)


def test_a_new_client_with_a_known_phone_or_email_is_offered_that_client(
    clinic: Database,
) -> None:
    update_client(clinic, key_id(clinic, "c3"), {"email": "cy@example.org"}, actor="a", now=NOW)
    before = snapshot(clinic)
    with pytest.raises(DuplicateClientError) as refused:
        create_client(clinic, "Ana Again", "(555) 123-0001", None, actor="alex", now=NOW)
    assert (refused.value.existing.key, refused.value.field) == ("c1", "phone")
    assert refused.value.existing.name == "Ana One"
    with pytest.raises(ClientInputError, match="that email address already belongs to Cy Three"):
        create_client(clinic, "Cy Again", "555 123 4567", "Cy@Example.org", actor="a", now=NOW)
    assert snapshot(clinic) == before
    created = create_client(clinic, "Dee Four", "555 123 0004", None, actor="alex", now=NOW)
    assert created.phone == "+15551230004"


def test_an_erased_client_cannot_be_edited_nor_brought_back(clinic: Database) -> None:
    cy = key_id(clinic, "c3")
    with clinic.write() as session:
        session.execute(
            update(Client).where(Client.id == cy).values(erased_at=NOW, archived_at=NOW)
        )
    before = snapshot(clinic)
    with pytest.raises(ClientInputError, match="an erased client's details cannot be edited"):
        update_client(clinic, cy, {"language": "es"}, actor="alex", now=NOW)
    with pytest.raises(ClientInputError, match="an erased client stays archived"):
        archive_client(clinic, cy, actor="maria", now=NOW, undo=True)
    archive_client(clinic, cy, actor="maria", now=NOW)  # archived already: nothing to do
    with pytest.raises(UnknownClientError, match="no client has the id 999"):
        update_client(clinic, 999, {"language": "es"}, actor="alex", now=NOW)
    with pytest.raises(UnknownClientError):
        archive_client(clinic, 999, actor="alex", now=NOW)
    assert snapshot(clinic) == before


def test_archive_and_bring_back_are_audited_once(clinic: Database) -> None:
    ana = key_id(clinic, "c1")
    archive_client(clinic, ana, actor="maria", now=NOW)
    assert client_details(clinic, ana).archived_at == NOW
    before = snapshot(clinic)
    archive_client(clinic, ana, actor="maria", now=NOW)
    assert snapshot(clinic) == before
    archive_client(clinic, ana, actor="root", now=NOW, undo=True)
    assert not client_details(clinic, ana).archived
    archive_client(clinic, ana, actor="root", now=NOW, undo=True)
    (archived,) = audit_entries(clinic, "client.archive")
    (back,) = audit_entries(clinic, "client.unarchive")
    assert (archived.actor, archived.entity_id, archived.before, archived.after) == (
        "maria",
        ana,
        {"archived_at": None},
        {"archived_at": "2025-01-10T13:00:00+00:00"},
    )
    assert (back.actor, back.before, back.after) == (
        "root",
        {"archived_at": "2025-01-10T13:00:00+00:00"},
        {"archived_at": None},
    )


def test_a_phone_taken_by_another_desk_meanwhile_names_that_client(postgres_url: str) -> None:
    """PostgreSQL: another desk gives the phone (the email) to Ben after this edit (this new
    client) checked it, and commits while this one waits on the unique index: still the
    offer, not a crash."""
    import threading

    import psycopg

    database = Database(postgres_url)
    try:
        load_booking_clinic(database)
        ana = key_id(database, "c1")
        dsn = postgres_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as other_desk:
            other_desk.execute("UPDATE clients SET phone = '+15559990000' WHERE key = 'c2'")
            threading.Timer(0.5, other_desk.commit).start()
            with pytest.raises(DuplicateClientError) as refused:
                update_client(database, ana, {"phone": "555 999 0000"}, actor="alex", now=NOW)
        assert (refused.value.existing.key, refused.value.field) == ("c2", "phone")
        assert refused.value.__context__ is None  # the index's text repeats the phone
        assert client_details(database, ana).phone == "+15551230001"
        assert audit_entries(database, "client.update") == []

        created = len(audit_entries(database, "client.create"))  # by the import
        with psycopg.connect(dsn) as other_desk:
            other_desk.execute("UPDATE clients SET email = 'ben@example.org' WHERE key = 'c2'")
            threading.Timer(0.5, other_desk.commit).start()
            with pytest.raises(DuplicateClientError) as refused:
                create_client(database, "Ben Twin", None, "BEN@example.org", actor="a", now=NOW)
        assert (refused.value.existing.key, refused.value.field) == ("c2", "email")
        assert refused.value.__context__ is None
        assert len(audit_entries(database, "client.create")) == created
    finally:
        database.dispose()
