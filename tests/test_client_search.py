"""Finding a client as the receptionist types (`app.clients.finding`, docs/clients.md, Search)
and the folded search text the database keeps for it (`db/search_text.py`, migration 0012),
on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text

import db.migrate as migrate
from app.clients.adding import create_client
from app.clients.editing import archive_client, update_client
from app.clients.finding import SEARCH_LIMIT, ClientMatch, find_clients
from app.clinic_file import import_clinic
from db.engine import Database
from db.models import Client, Service, Therapist, TherapySession
from db.search_text import FOLDED, SEPARATOR, fold
from tests.booking_support import booking_clinic

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)


def add_clients(database: Database, *clients: dict[str, Any]) -> dict[str, int]:
    """Clients written as a hand-made SQL import would (no application code): key → id."""
    rows = [{"phone": None, "email": None, "preferences": {}, **client} for client in clients]
    with database.write() as session:
        session.execute(insert(Client), rows)
        return dict(session.execute(select(Client.key, Client.id)).all())


def names(matches: list[ClientMatch]) -> list[str]:
    return [match.name for match in matches]


def keys(matches: list[ClientMatch]) -> list[str]:
    return [match.key for match in matches]


def stored_search_text(database: Database) -> dict[str, str]:
    with database.read() as session:
        return dict(session.execute(text("SELECT key, search_text FROM clients")).all())


def expected_search_text(database: Database) -> dict[str, str]:
    """What every client's search text must be, computed here from its columns."""
    with database.read() as session:
        rows = session.execute(text("SELECT key, name, email, phone, erased_at FROM clients")).all()
    return {
        key: ""  # an erased client's: nothing to find
        if erased is not None
        else fold(SEPARATOR.join((name, email or "", key, (phone or "").replace("+", ""))))
        for key, name, email, phone, erased in rows
    }


# What is matched ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("José Núñez", "jose nunez"),
        ("José Núñez", "JOSÉ"),
        ("jose nunez", "Núñez"),
        ("Zoë Ångström", "zoe angstrom"),
        ("Françoise Lefèvre", "francoise lefevre"),
        ("Jürgen Groß", "jurgen gross"),
        ("Łukasz Wiśniewski", "lukasz wisniewski"),
        ("Søren Ærø", "soren aero"),
        ("Nguyễn Thảo", "nguyen thao"),
        ("Siobhán O'Brien", "obrien"),  # apostrophes are dropped
        ("Siobhán O’Brien", "o'brien"),  # typographic ones too
        ("Mary-Jane Smith-Jones", "mary jane smith jones"),  # hyphens are spaces
        ("Mary Jane", "mary-jane"),
        ("Иван Петров", "иван петров"),  # Cyrillic and Greek capitals
        ("Ελένη Σταύρου", "ελενη σταυρου"),
        ("Ann   Lee", "ann lee"),  # runs of spaces
    ],
)
def test_case_and_accents_do_not_matter(database: Database, stored: str, typed: str) -> None:
    add_clients(database, {"key": "wanted", "name": stored},
                {"key": "other", "name": "Someone Else"})  # fmt: skip
    assert keys(find_clients(database, typed)) == ["wanted"]


def test_the_database_folds_every_character_as_the_search_does(database: Database) -> None:
    """Each character of the fold table (and a few outside it), stored through SQL, folds
    in the database's triggers exactly as `fold` folds what is typed."""
    pieces = [FOLDED[i : i + 150] for i in range(0, len(FOLDED), 150)]
    pieces += ["plain ASCII, Upper and lower 0123 !#$%&*+/=?^_{|}~", "日本語 ✓ \ue000 x"]
    add_clients(database, *({"key": f"k{n}", "name": piece} for n, piece in enumerate(pieces)))
    assert stored_search_text(database) == expected_search_text(database)
    assert all(fold(fold(piece)) == fold(piece) for piece in pieces)  # folding twice: same


@pytest.mark.parametrize(
    "typed",
    [
        "555 12",
        "555-123",
        "(555) 123-4567",
        "+1 555 123 4567",
        "1-555-123",
        "5551234567",
        "4567",
    ],
)
def test_phone_digits_anywhere_with_or_without_the_country_code(
    database: Database, typed: str
) -> None:
    add_clients(database, {"key": "us", "name": "Una Smith", "phone": "+15551234567"},
                {"key": "uk", "name": "Ulla Brown", "phone": "+447700900123"})  # fmt: skip
    assert keys(find_clients(database, typed)) == ["us"]


@pytest.mark.parametrize("typed", ["07700 900123", "0044 7700 900 123", "+44 7700", "900-123"])
def test_a_national_number_with_its_leading_zero_finds_the_international_one(
    database: Database, typed: str
) -> None:
    add_clients(database, {"key": "us", "name": "Una Smith", "phone": "+15551234567"},
                {"key": "uk", "name": "Ulla Brown", "phone": "+447700900123"})  # fmt: skip
    assert keys(find_clients(database, typed)) == ["uk"]


def test_a_phone_number_is_searched_from_its_third_digit(database: Database) -> None:
    add_clients(database, {"key": "us", "name": "Una Smith", "phone": "+15551234567"})
    assert find_clients(database, "55") == []
    assert find_clients(database, "+1") == []
    assert find_clients(database, "(") == []
    assert keys(find_clients(database, "555")) == ["us"]


def test_email_and_key(database: Database) -> None:
    add_clients(
        database,
        {"key": "mgarcia", "name": "María García", "email": "maria.garcia@example.com"},
        {"key": "mgarcia2", "name": "Mario Gil", "email": "m.gil@example.org"},
    )
    assert keys(find_clients(database, "maria.garcia@ex")) == ["mgarcia"]
    assert keys(find_clients(database, "GARCIA@EXAMPLE.COM")) == ["mgarcia"]
    assert keys(find_clients(database, "example.org")) == ["mgarcia2"]
    assert keys(find_clients(database, "mgarcia2")) == ["mgarcia2"]


def test_the_client_whose_key_it_is_comes_first(database: Database) -> None:
    add_clients(database, *({"key": f"c{n}", "name": f"Client {n}"} for n in range(1, 40)))
    # "c1" is inside c1, c10…c19, c31…; alphabetically "Client 1" is not first of them
    found = find_clients(database, "C1")
    assert found[0].key == "c1"
    assert len(found) == 1 + 10 + 0  # c1, c10–c19 (no "c1" elsewhere)


@pytest.mark.parametrize("limit", [1, 5, SEARCH_LIMIT])
def test_limit(database: Database, limit: int) -> None:
    add_clients(database, *({"key": f"p{n:02}", "name": f"Pat Person {n:02}"} for n in range(40)))
    found = find_clients(database, "pat", limit)
    assert keys(found) == [f"p{n:02}" for n in range(limit)]
    assert find_clients(database, "pat", 0) == []
    assert len(find_clients(database, "pat")) == SEARCH_LIMIT


def test_nothing_typed_finds_nothing(database: Database) -> None:
    add_clients(database, {"key": "a", "name": "Ann Lee"})
    for typed in ("", "   ", "'", "-", "''"):
        assert find_clients(database, typed) == []


# Ranking --------------------------------------------------------------------------------


def test_name_starts_then_later_words_then_inside_words(database: Database) -> None:
    add_clients(
        database,
        {"key": "joh", "name": "Zed Zulu"},  # the key typed: first whatever its name
        {"key": "msmith", "name": "Mary Johnson"},  # a later word starts with it
        {"key": "jsmith", "name": "John Smith"},  # the name starts with it
        {"key": "eli", "name": "Elijohn Carter"},  # inside a word
        {"key": "jberg", "name": "Johanna Berg"},  # the name starts with it
        {"key": "amy", "name": "Amy Adams", "email": "johanna.adams@example.com"},  # email
        {"key": "tom", "name": "Tom Ray", "email": "tom.ray@example.com"},  # not at all
    )
    assert names(find_clients(database, "Joh")) == [
        "Zed Zulu",
        "Johanna Berg",
        "John Smith",
        "Amy Adams",  # its email starts with it: a word start, alphabetically first
        "Mary Johnson",
        "Elijohn Carter",
    ]


def test_short_text_is_looked_for_at_word_starts_only(database: Database) -> None:
    add_clients(database, {"key": "a", "name": "Jo March"}, {"key": "b", "name": "Amy Jones"},
                {"key": "c", "name": "Bojo Lee"})  # fmt: skip
    assert names(find_clients(database, "jo")) == ["Jo March", "Amy Jones"]
    assert names(find_clients(database, "ojo")) == ["Bojo Lee"]


def test_many_matches_are_ranked_by_the_database(database: Database) -> None:
    """More matches than asked for: the database ranks them all, the first are read."""
    clients = [{"key": f"a{n:03}", "name": f"Ann Gray {n:03}"} for n in range(150)]
    clients += [{"key": f"b{n:03}", "name": f"Bea Grayson {n:03}"} for n in range(150)]
    clients += [{"key": f"c{n:03}", "name": f"Cy Mcgray {n:03}"} for n in range(150)]
    add_clients(database, *clients)
    assert names(find_clients(database, "gray", 300)) == (
        [f"Ann Gray {n:03}" for n in range(150)] + [f"Bea Grayson {n:03}" for n in range(150)]
    )
    found = names(find_clients(database, "gray", 400))
    assert found[300:] == [f"Cy Mcgray {n:03}" for n in range(100)]
    assert names(find_clients(database, "cy", 3)) == [f"Cy Mcgray {n:03}" for n in range(3)]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [("o%r", ["Mo%ra Lee"]), ("o_r", ["Mo_ra Lee"]), ("o\\r", ["Mo\\ra Lee"]),
     ("mo%", ["Mo%ra Lee"]), ("%", []), ("_", []), ("\\", []), ("%%%", [])],
)  # fmt: skip
def test_like_wildcards_typed_are_plain_characters(
    database: Database, typed: str, wanted: list[str]
) -> None:
    """Taken as wildcards, `o%r`, `o_r` and `o\\r` would find Moira and Moor too, and
    `%` alone everybody."""
    add_clients(database, {"key": "a", "name": "Mo%ra Lee"}, {"key": "b", "name": "Mo_ra Lee"},
                {"key": "c", "name": "Mo\\ra Lee"}, {"key": "d", "name": "Moira Lee"},
                {"key": "e", "name": "Moor Lee"}, {"key": "f", "name": "Mora Lee"})  # fmt: skip
    assert names(find_clients(database, typed)) == wanted


# Archived and erased --------------------------------------------------------------------


def test_archived_clients_only_when_asked(database: Database) -> None:
    ids = add_clients(database, {"key": "ann", "name": "Ann Lee", "phone": "+15551230001"},
                      {"key": "anna", "name": "Anna Lee", "phone": "+15551230002"})  # fmt: skip
    archive_client(database, ids["ann"], actor="test", now=NOW)
    assert keys(find_clients(database, "lee")) == ["anna"]
    assert find_clients(database, "ann") == [find_clients(database, "anna")[0]]
    assert find_clients(database, "555 123 0001") == []
    found = find_clients(database, "lee", include_archived=True)
    assert [(m.key, m.archived) for m in found] == [("ann", True), ("anna", False)]
    assert keys(find_clients(database, "555 123 0001", include_archived=True)) == ["ann"]


def test_an_erased_client_is_found_by_its_new_key_alone(database: Database) -> None:
    ids = add_clients(
        database,
        {"key": "jnunez", "name": "José Núñez", "phone": "+15551230001",
         "email": "jose@example.com"},
        {"key": "other", "name": "Erin Lee"},
    )  # fmt: skip
    erased_key = f"erased-{ids['jnunez']}"
    with database.write() as session:  # as an erasure leaves the row (by hand here)
        session.execute(
            text(
                "UPDATE clients SET key = :key, name = 'Erased client', phone = NULL,"
                " email = NULL, erased_at = :now, archived_at = :now WHERE id = :id"
            ),
            {"key": erased_key, "now": NOW.replace(tzinfo=None) if database.dialect == "sqlite"
             else NOW, "id": ids["jnunez"]},
        )  # fmt: skip
    for typed in ("erased client", "Erased", "client", "jose", "nunez", "jnunez", "555",
                  "example.com", f"#{ids['jnunez']}"):  # fmt: skip
        found = find_clients(database, typed, include_archived=True)
        assert erased_key not in keys(found), typed
    found = find_clients(database, erased_key, include_archived=True)
    assert [(m.key, m.name, m.archived) for m in found] == [(erased_key, "Erased client", True)]
    assert find_clients(database, erased_key) == []  # erased is archived too


# References -----------------------------------------------------------------------------


def add_sessions(database: Database, by_reference: dict[str, int]) -> None:
    """A session per reference, for the client given, each on its own day."""
    with database.write() as session:
        therapist = Therapist(key="t", name="T")
        service = Service(key="s", name="S", duration_minutes=50, price_cents=0)
        session.add_all([therapist, service])
        session.flush()
        start = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
        for day, (reference, client_id) in enumerate(by_reference.items()):
            begins = start + timedelta(days=day)
            session.add(
                TherapySession(
                    reference=reference, therapist_id=therapist.id, client_id=client_id,
                    service_id=service.id, starts_at=begins,
                    ends_at=begins + timedelta(minutes=50), busy_from=begins,
                    busy_until=begins + timedelta(minutes=50),
                )
            )  # fmt: skip


def test_a_reference_or_its_start_finds_the_clients_of_those_bookings(
    database: Database,
) -> None:
    ids = add_clients(database, *({"key": f"c{n}", "name": f"Client {n}"} for n in range(1, 5)),
                      {"key": "bkim", "name": "Bo Kim"})  # fmt: skip
    add_sessions(database, {
        "BK-2026-000104": ids["c1"], "BK-2026-000101": ids["c2"], "BK-2026-000102": ids["c2"],
        "BK-2026-000210": ids["c3"], "BK-2025-000101": ids["c4"],
    })  # fmt: skip
    assert keys(find_clients(database, "BK-2026-000104")) == ["c1"]
    assert keys(find_clients(database, " bk-2026-000102 ")) == ["c2"]
    assert keys(find_clients(database, "BK-2026-0001")) == ["c2", "c1"]  # reference order
    assert keys(find_clients(database, "BK-2026-")) == ["c2", "c1", "c3"]
    assert keys(find_clients(database, "BK-2026")) == ["c2", "c1", "c3"]
    assert keys(find_clients(database, "BK-20")) == ["c4", "c2", "c1", "c3"]
    assert keys(find_clients(database, "BK-2026-000999")) == []
    assert keys(find_clients(database, "BK-2026-00010", 1)) == ["c2"]
    assert keys(find_clients(database, "bk")) == ["bkim"]  # not yet a reference: a name


def test_a_reference_leads_to_an_archived_client_only_when_asked_never_an_erased_one(
    database: Database,
) -> None:
    ids = add_clients(database, {"key": "gone", "name": "Gone Away"},
                      {"key": "erased-9", "name": "Erased client"})  # fmt: skip
    add_sessions(database, {"BK-2026-000001": ids["gone"], "BK-2026-000002": ids["erased-9"]})
    moment = NOW.replace(tzinfo=None) if database.dialect == "sqlite" else NOW
    with database.write() as session:
        session.execute(text("UPDATE clients SET archived_at = :now"), {"now": moment})
        session.execute(text("UPDATE clients SET erased_at = :now WHERE key = 'erased-9'"),
                        {"now": moment})  # fmt: skip
    assert find_clients(database, "BK-2026-00000") == []
    assert keys(find_clients(database, "BK-2026-00000", include_archived=True)) == ["gone"]


# Every writer keeps the search text right -----------------------------------------------


def test_the_desk_creating_and_editing_a_client_keeps_the_search_text(database: Database) -> None:
    made = create_client(database, "Zoë  Ångström", "(202) 456-1111", "Zoe@Example.com",
                         actor="test", now=NOW)  # fmt: skip
    assert keys(find_clients(database, "zoe angstrom")) == [made.key]
    update_client(database, made.id, {"name": "Renée Côté", "phone": "+44 7700 900123"},
                  actor="test", now=NOW)  # fmt: skip
    assert find_clients(database, "zoe angstrom") == []
    assert keys(find_clients(database, "renee cote")) == [made.key]
    assert keys(find_clients(database, "07700 900123")) == [made.key]
    assert find_clients(database, "456 1111") == []
    assert stored_search_text(database) == expected_search_text(database)


def test_sql_written_by_hand_keeps_the_search_text(database: Database) -> None:
    add_clients(database, {"key": "a", "name": "Ann Lee", "phone": "+15551230001"},
                {"key": "b", "name": "Bo Kim", "email": "bo@example.com"})  # fmt: skip
    statements = [
        "UPDATE clients SET name = 'Ánn Lée-Ward' WHERE key = 'a'",
        "UPDATE clients SET phone = '+447700900123', email = 'ANN@X.ORG' WHERE key = 'a'",
        "UPDATE clients SET key = 'bkim' WHERE key = 'b'",
        "UPDATE clients SET email = NULL WHERE key = 'bkim'",
        "UPDATE clients SET search_text = 'tampered' WHERE key = 'bkim'",
        "UPDATE clients SET notes = 'pinned' WHERE key = 'bkim'",
        "INSERT INTO clients (key, name, preferences) VALUES ('c', 'Çelik Öz', '{}')",
    ]
    for statement in statements:
        with database.write() as session:
            session.execute(text(statement))
    # a hand-set search text stays until the row's next change on SQLite, which then
    # corrects it; PostgreSQL corrects it at once
    with database.write() as session:
        session.execute(text("UPDATE clients SET name = name WHERE key = 'bkim'"))
    assert stored_search_text(database) == expected_search_text(database)
    assert keys(find_clients(database, "ann lee ward")) == ["a"]
    assert keys(find_clients(database, "07700")) == ["a"]
    assert keys(find_clients(database, "ann@x.org")) == ["a"]
    assert keys(find_clients(database, "celik oz")) == ["c"]
    assert find_clients(database, "bo@example") == []


def test_a_clinic_file_import_keeps_the_search_text(database: Database) -> None:
    clinic = booking_clinic()
    clinic["clients"] = [
        {"key": "jnunez", "name": "José Núñez", "phone": "+15551230001",
         "email": "jose@example.com"},
        {"key": "sobrien", "name": "Siobhán O'Brien", "phone": "+353861234567"},
    ]  # fmt: skip
    import_clinic(database, clinic, actor="test")
    assert stored_search_text(database) == expected_search_text(database)
    assert keys(find_clients(database, "jose nunez")) == ["jnunez"]
    assert keys(find_clients(database, "obrien")) == ["sobrien"]
    clinic["clients"][0]["name"] = "Josefina Núñez"  # imported again: an update
    import_clinic(database, clinic, actor="test")
    assert stored_search_text(database) == expected_search_text(database)
    assert names(find_clients(database, "josefina")) == ["Josefina Núñez"]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_at_0011(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A new database migrated to revision 0011, the one before the search text."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        url = request.getfixturevalue("empty_postgres_url")
    database = Database(url)
    migrate.upgrade(database, target="0011")
    yield database
    database.dispose()


def test_the_upgrade_fills_the_search_text_of_existing_clients(
    database_at_0011: Database,
) -> None:
    database = database_at_0011
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO clients (key, name, phone, email, preferences) VALUES"
                " ('jnunez', 'José Núñez', '+15551230001', 'jose@example.com', '{}'),"
                " ('ann', 'Ann Lee', NULL, NULL, '{}')"
            )
        )
    migrate.upgrade(database)
    assert stored_search_text(database) == {
        "jnunez": "jose nunez | jose@example.com | jnunez | 15551230001",
        "ann": "ann lee | | ann |",
    }
    assert keys(find_clients(database, "NUÑEZ")) == ["jnunez"]
