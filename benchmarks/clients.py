"""Clients at scale (issue 17): search as you type, a profile, waitlist matching.

Builds a clinic of 50,000 clients (names from many countries, accents included; 5% archived,
a few erased) and 150,000 sessions (40 therapists, 20 rooms, three years of weekdays), fast:
plain rows inserted many at a time into a migrated database, not through the booking use
case. Then, on SQLite and on PostgreSQL (a database of its own, dropped after), it prints:

- search as you type: every prefix of 200 queries as a receptionist types them (surnames and
  first names with or without their accents, full names, phone fragments with spaces or
  dashes, with or without the country code, emails, keys, booking references), p50/p95/max
  per keystroke, for the search as it was before issue 17 (its query, kept here) and for
  `find_clients`, one after the other on the same data;
- a profile: `load_profile` of a client with 500 sessions, p50/p95 of 50 loads;
- waitlist matching: 2,000 open entries (random clients, services, a therapist or any,
  weekdays, times and dates over the next 8 weeks), then 20 sessions cancelled one by one,
  each followed by `match_freed` for its day: p50/p95.

`--quick` builds a small clinic (1,000 clients, 4,000 sessions) for a test.

    .venv/bin/python benchmarks/clients.py [--quick] [--sqlite-only | --postgres-only]
        [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import postgres_database, sqlite_database
from desk_checks import percentile
from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    Table,
    cast,
    func,
    insert,
    or_,
    select,
    text,
)

from app.clients.finding import ClientMatch, find_clients
from app.clients.profile import load_profile
from app.startup import freeze_startup_objects
from app.waitlist import match_freed
from db.base import UTCDateTime
from db.engine import Database
from db.migrate import upgrade
from db.models import (
    Client,
    ClinicSettings,
    ReferenceCounter,
    Room,
    Service,
    Therapist,
    TherapySession,
    WaitlistEntry,
    WorkingHours,
)

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=ZONE).astimezone(UTC)
THERAPISTS, ROOMS, SLOTS_PER_DAY = 40, 20, 10  # hourly starts 08:00–17:00, 50 minutes


@dataclass(frozen=True)
class Size:
    clients: int
    weekdays: int  # of sessions, half before NOW: SLOTS_PER_DAY × ROOMS sessions each
    profile_sessions: int
    queries: int
    profile_loads: int
    waitlist_entries: int
    cancellations: int


FULL = Size(50_000, 750, 500, 200, 50, 2_000, 20)
QUICK = Size(1_000, 20, 60, 20, 3, 50, 3)

FIRST_NAMES = (
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
    "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
    "José María Jesús Lucía Ángel Sofía Martín Valentina Raúl Inés Andrés Mónica Álvaro "
    "Begoña Íñigo Ramón Dolores Pilar Joaquín Noemí François Hélène Zoë Chloé Renée Léa "
    "Jérôme Anaïs Björn Åsa Søren Jürgen Günther Käthe Łukasz Wojciech Zoltán Dvořák "
    "Seán Siobhán Aoife Niamh Mohammed Fatima Aisha Omar Wei Mei Hiroshi Yuki Priya Arjun "
    "Olúwaseun Chidi Nguyễn Thảo Mary-Jane Jean-Luc Anne-Marie"
).split()
SURNAMES = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
    "Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips "
    "Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell "
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
    "Rivera Gómez Díaz Muñoz Núñez Jiménez Álvarez Romero Gutiérrez Ortiz Ibáñez Peña "
    "Castillo Vázquez Ruiz Márquez Domínguez Suárez Méndez Fernández Gil Cortés Beltrán "
    "Müller Schröder Schäfer Weiß Köhler Groß Hoffmann Becker O'Brien O'Connor McCarthy "
    "Ó Súilleabháin Nováková Dvořák Kowalski Wiśniewski Łopez Søndergaard Ångström "
    "Lefèvre Girard Bérubé Côté Gagné Lévesque Nguyen Tran Pham Kim Lee Park Chen Wang "
    "Patel Shah Singh Okafor Adeyemi Smith-Jones Ramírez-Ortega"
).split()
DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "mail.example.org")


# Letters of their own, written without their marks as people do (not by their Unicode
# decomposition, which has none)
_UNMARKED = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "æ": "ae"})


def _plain(text: str) -> str:
    """`text` typed without accents."""
    unmarked = unicodedata.normalize("NFKD", text.translate(_UNMARKED))
    return unmarked.encode("ascii", "ignore").decode()


def _ascii(text: str) -> str:
    """`text` as it goes into a key or an email address."""
    return re.sub(r"[^a-z0-9]+", "", _plain(text).lower())


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    key: str
    phone: str | None
    email: str | None


def people(count: int, rng: random.Random) -> list[Person]:
    """`count` clients with unique keys, phones and emails, as a clinic's would be."""
    keys: set[str] = set()
    phones: set[str] = set()
    emails: set[str] = set()
    made = []
    while len(made) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        base = _ascii(first)[:1] + _ascii(last)
        key, n = base, 1
        while key in keys:
            n += 1
            key = f"{base}{n}"
        keys.add(key)
        country = rng.random()
        if country < 0.8:
            phone = (
                f"+1{rng.randrange(201, 990)}{rng.randrange(200, 1000)}{rng.randrange(10_000):04d}"
            )
        elif country < 0.9:
            phone = f"+447{rng.randrange(100, 1000)}{rng.randrange(1_000_000):06d}"
        else:
            phone = f"+346{rng.randrange(10, 100)}{rng.randrange(1_000_000):06d}"
        if phone in phones or rng.random() < 0.05:
            phone = None  # (a few give only an email)
        else:
            phones.add(phone)
        email = None
        if rng.random() < 0.85 or phone is None:
            email = f"{_ascii(first)}.{_ascii(last)}@{rng.choice(DOMAINS)}"
            n = 1
            while email in emails:
                n += 1
                email = f"{_ascii(first)}.{_ascii(last)}{n}@{rng.choice(DOMAINS)}"
            emails.add(email)
        made.append(Person(first, last, key, phone, email))
    return made


@dataclass
class Clinic:
    size: Size
    people: list[Person]
    archived: set[int]
    erased: set[int]
    sessions: int
    references: list[str]
    profile_client: int


def _weekdays(count: int) -> list[date]:
    """`count` weekdays, half of them before NOW's."""
    today = NOW.astimezone(ZONE).date()
    before = [today - timedelta(days=n) for n in range(1, 7 * count)]
    after = [today + timedelta(days=n) for n in range(7 * count)]
    earlier = [day for day in before if day.weekday() < 5][: count // 2]
    later = [day for day in after if day.weekday() < 5][: count - len(earlier)]
    return sorted(earlier) + later


def build(database: Database, size: Size) -> Clinic:
    """A migrated, empty database filled: setup, clients, sessions, no waitlist yet."""
    rng = random.Random(17)
    with database.write() as session:
        session.add(ClinicSettings(id=1, name="Bench Clinic", timezone=ZONE.key))
        session.execute(
            insert(Room), [{"id": r, "key": f"r{r}", "name": f"Room {r}"} for r in range(1, 21)]
        )
        session.execute(
            insert(Service),
            [
                {"id": 1, "key": "individual", "name": "Individual", "duration_minutes": 50,
                 "price_cents": 15000},
                {"id": 2, "key": "couples", "name": "Couples", "duration_minutes": 50,
                 "price_cents": 18000},
            ],
        )  # fmt: skip
        session.execute(
            insert(Therapist),
            [
                {"id": t, "key": f"t{t}", "name": f"Therapist {t}", "max_clients_per_day": 10,
                 "buffer_before_minutes": 0, "buffer_after_minutes": 10,
                 "min_notice_minutes": 60, "max_advance_days": 730}
                for t in range(1, THERAPISTS + 1)
            ],
        )  # fmt: skip
        session.execute(
            insert(WorkingHours),
            [
                {"therapist_id": t, "weekday": d, "start_minute": 8 * 60, "end_minute": 18 * 60}
                for t in range(1, THERAPISTS + 1)
                for d in range(5)
            ],
        )
    made = people(size.clients, rng)
    archived = {i for i in range(2, size.clients + 1) if rng.random() < 0.05}
    erased = set(rng.sample(sorted(archived), max(1, len(archived) // 25)))
    rows = []
    for number, person in enumerate(made, start=1):
        row = {
            "id": number,
            "key": person.key,
            "name": f"{person.first} {person.last}",
            "phone": person.phone,
            "email": person.email,
            "created_at": NOW - timedelta(days=1000 - number * 1000 // size.clients),
            "archived_at": NOW - timedelta(days=30) if number in archived else None,
            "erased_at": None,
        }
        if number in erased:  # as an erasure leaves it (docs/clients.md)
            row |= {"key": f"erased-{number}", "name": "Erased client", "phone": None,
                    "email": None, "erased_at": NOW - timedelta(days=30)}  # fmt: skip
        rows.append(row)
    _insert_many(database, Client, rows)
    sessions, references = _build_sessions(database, size, rng)
    _analyse(database)
    return Clinic(size, made, archived, erased, sessions, references, profile_client=1)


# Sessions are made by the database from a table of slots (a start on a weekday) and the
# rooms: in each slot every room holds a session, each with another therapist and client.
_SLOTS = Table(
    "bench_slots",
    MetaData(),
    Column("n", Integer, primary_key=True),
    Column("year", Integer),
    Column("starts_at", UTCDateTime),
    Column("ends_at", UTCDateTime),
    Column("busy_until", UTCDateTime),
    Column("cancelled_at", UTCDateTime),
    Column("past", Boolean),
    Column("profile", Boolean),  # room 1 of this slot holds the profile client's session
    prefixes=["TEMPORARY"],
)
_SESSIONS_FROM_SLOTS = """
INSERT INTO sessions (reference, therapist_id, client_id, service_id, room_id, starts_at,
    ends_at, busy_from, busy_until, status, session_type, price_cents,
    cancelled_at, late_cancellation, overridden, revision, calendar_uid)
SELECT 'BK-' || year || '-' || {number}, therapist, client, service, room, starts_at, ends_at,
    starts_at, busy_until, status, 'follow_up', 15000,
    CASE WHEN status = 'cancelled' THEN cancelled_at END, false, false, 1, {uid}
FROM (
    SELECT s.n, s.year, s.starts_at, s.ends_at, s.busy_until, s.cancelled_at, r.id AS room,
        row_number() OVER (PARTITION BY s.year ORDER BY s.n, r.id) AS number_in_year,
        (s.n * 7 + r.id) % {therapists} + 1 AS therapist,
        CASE WHEN s.profile AND r.id = 1 THEN 1
             ELSE (CAST(s.n * {rooms} + r.id AS BIGINT) * 7919) % ({clients} - 1) + 2
        END AS client,
        CASE WHEN r.id % 5 = 0 THEN 2 ELSE 1 END AS service,
        CASE WHEN (s.n * 31 + r.id * 17) % 100 < 6 THEN 'cancelled'
             WHEN NOT s.past THEN 'scheduled'
             WHEN (s.n * 31 + r.id * 17) % 100 < 9 THEN 'no_show'
             ELSE 'completed' END AS status
    FROM bench_slots AS s CROSS JOIN rooms AS r
) AS planned
"""
_DIALECT_SQL = {
    "sqlite": {
        "number": "substr('00000' || number_in_year, -6, 6)",
        "uid": "lower(hex(randomblob(16)))",
    },
    "postgresql": {
        "number": "lpad(number_in_year::text, 6, '0')",
        "uid": "md5(random()::text || n || '-' || room)",
    },
}


def _build_sessions(database: Database, size: Size, rng: random.Random) -> tuple[int, list[str]]:
    """SLOTS_PER_DAY × ROOMS sessions a weekday, written by one INSERT … SELECT; the
    profile client (1) is in `profile_sessions` of them, the others spread evenly (a client
    is never in two sessions of one slot: the distinct numbers of a slot stay distinct
    multiplied by a prime modulo the number of clients)."""
    starts = [
        datetime(day.year, day.month, day.day, 8 + hour, tzinfo=ZONE).astimezone(UTC)
        for day in _weekdays(size.weekdays)
        for hour in range(SLOTS_PER_DAY)
    ]
    profile = set(rng.sample(range(len(starts)), size.profile_sessions))
    slots = [
        {"n": n, "year": start.year, "starts_at": start,
         "ends_at": start + timedelta(minutes=50), "busy_until": start + timedelta(hours=1),
         "cancelled_at": start - timedelta(days=2), "past": start < NOW, "profile": n in profile}
        for n, start in enumerate(starts)
    ]  # fmt: skip
    statement = _SESSIONS_FROM_SLOTS.format(
        therapists=THERAPISTS, rooms=ROOMS, clients=size.clients, **_DIALECT_SQL[database.dialect]
    )
    year = func.substr(TherapySession.reference, 4, 4)
    with database.write() as session:
        connection = session.connection()
        _SLOTS.create(connection)
        session.execute(_SLOTS.insert(), slots)
        session.execute(text(statement))
        _SLOTS.drop(connection)
        session.execute(
            insert(ReferenceCounter).from_select(
                ["year", "last_number"],
                select(cast(year, Integer), func.count()).group_by(year),
            )
        )
        references = list(session.scalars(select(TherapySession.reference)))
    return len(references), references


def _insert_many(database: Database, model: type, rows: list[dict[str, object]]) -> None:
    for chunk in range(0, len(rows), 10_000):
        with database.write() as session:
            session.execute(model.__table__.insert(), rows[chunk : chunk + 10_000])


def _analyse(database: Database) -> None:
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("ANALYZE")


# Search ---------------------------------------------------------------------------------


def find_clients_before(database: Database, text: str, limit: int = 25) -> list[ClientMatch]:
    """The search as it was before issue 17 (app/clients/finding.py at e413907), kept to
    compare: LIKE '%...%' over lower(name), lower(email), lower(key) and the phone, names
    that start with the text first, and an exact booking reference."""
    needle = text.strip()
    if not needle:
        return []
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    digits = re.sub(r"\D", "", needle)
    with database.read() as session:
        conditions = [
            func.lower(Client.name).like(pattern, escape="\\"),
            func.lower(Client.email).like(pattern, escape="\\"),
            func.lower(Client.key).like(pattern, escape="\\"),
        ]
        if len(digits) >= 3:
            conditions.append(Client.phone.like(f"%{digits}%"))
        starts_first = func.lower(Client.name).like(f"{escaped}%", escape="\\")
        found = list(
            session.scalars(
                select(Client)
                .where(or_(*conditions))
                .order_by(starts_first.desc(), Client.name)
                .limit(limit)
            )
        )
        if needle.upper().startswith("BK-"):
            booked = session.scalar(
                select(Client)
                .join(TherapySession, TherapySession.client_id == Client.id)
                .where(TherapySession.reference == needle.upper())
            )
            if booked is not None and booked not in found:
                found.insert(0, booked)
        return [ClientMatch(c.id, c.key, c.name, c.phone, c.email) for c in found]


def queries(clinic: Clinic, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text) as receptionists type them, drawn from the clinic's own clients."""
    active = [
        person
        for number, person in enumerate(clinic.people, start=1)
        if number not in clinic.archived
    ]
    kinds = (
        ["surname"] * 40 + ["first name"] * 25 + ["full name"] * 35 + ["phone"] * 40
        + ["email"] * 25 + ["key"] * 10 + ["reference"] * 25
    )  # fmt: skip
    made = []
    for index in range(count):
        kind = kinds[index * len(kinds) // count]
        person = rng.choice(active)
        plain = rng.random() < 0.5  # typed without accents
        first = _plain(person.first) if plain else person.first
        last = _plain(person.last) if plain else person.last
        if kind == "surname":
            typed = last
        elif kind == "first name":
            typed = first
        elif kind == "full name":
            typed = f"{first} {last}"
        elif kind == "phone":
            typed = _phone_fragment(person.phone or "+15550000000", rng)
        elif kind == "email":
            typed = (person.email or person.key)[: rng.randrange(6, 16)]
        elif kind == "key":
            typed = person.key
        else:
            typed = rng.choice(clinic.references)[: rng.randrange(10, 15)]
        made.append((kind, typed.lower() if rng.random() < 0.7 else typed))
    return made


def _phone_fragment(phone: str, rng: random.Random) -> str:
    digits = phone[1:]
    style = rng.randrange(4)
    if style == 0 and phone.startswith("+1"):  # (212) 555-1234
        return f"({digits[1:4]}) {digits[4:7]}-{digits[7:]}"
    if style == 1:  # the last digits, in groups
        tail = digits[-7:]
        return f"{tail[:3]} {tail[3:]}"
    if style == 2:  # with the country code
        return f"+{digits[:-7]} {digits[-7:-4]} {digits[-4:]}"
    start = rng.randrange(0, len(digits) - 5)  # a fragment from the middle, with a dash
    return f"{digits[start : start + 3]}-{digits[start + 3 : start + 6]}"


@dataclass(frozen=True)
class Timings:
    p50: float
    p95: float
    worst: float
    count: int

    def __str__(self) -> str:
        return (
            f"p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, max {self.worst:.1f} ms"
            f" ({self.count:,} calls)"
        )


def timings(values: list[float]) -> Timings:
    return Timings(percentile(values, 0.50), percentile(values, 0.95), max(values), len(values))


def type_queries(
    search: Callable[[str], list[ClientMatch]], typed: list[tuple[str, str]]
) -> dict[str, list[float]]:
    """Every prefix of every query searched, as each keystroke does: ms by kind of query."""
    spent: dict[str, list[float]] = {}
    for kind, query in typed:
        for end in range(1, len(query) + 1):
            began = time.perf_counter()
            search(query[:end])
            spent.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
    return spent


def measure_search(database: Database, clinic: Clinic) -> dict[str, dict[str, list[float]]]:
    typed = queries(clinic, clinic.size.queries, random.Random(5))
    searches: dict[str, Callable[[str], list[ClientMatch]]] = {
        "before": lambda t: find_clients_before(database, t),
        "now": lambda t: find_clients(database, t),
    }
    for search in searches.values():  # warm: statements compiled, pages cached
        type_queries(search, typed[:: max(1, len(typed) // 10)])
    return {name: type_queries(search, typed) for name, search in searches.items()}


def check_found(database: Database, clinic: Clinic) -> tuple[int, int]:
    """How many of a sample of active clients the new search finds by their full name typed
    without accents, and by their phone's last 7 digits: (found, asked)."""
    rng = random.Random(9)
    numbers = [n for n in range(1, clinic.size.clients + 1) if n not in clinic.archived]
    found = asked = 0
    for number in rng.sample(numbers, 20):
        person = clinic.people[number - 1]
        asked += 1
        matches = find_clients(database, _plain(f"{person.first} {person.last}"), limit=200)
        found += any(match.id == number for match in matches)
        if person.phone:
            asked += 1
            found += any(m.id == number for m in find_clients(database, person.phone[-7:]))
    return found, asked


# Profile and waitlist -------------------------------------------------------------------


def measure_profile(database: Database, clinic: Clinic) -> tuple[Timings, int]:
    """`load_profile` of the client with the most sessions, loaded again and again as the
    desk opens it: its timings and how many sessions its history shows."""
    load_profile(database, clinic.profile_client, NOW)  # warm
    spent = []
    for _ in range(clinic.size.profile_loads):
        began = time.perf_counter()
        profile = load_profile(database, clinic.profile_client, NOW)
        spent.append((time.perf_counter() - began) * 1000)
    return timings(spent), len(profile.history)


WINDOWS = ((9 * 60, 12 * 60), (12 * 60, 17 * 60), (8 * 60, 11 * 60), (14 * 60, 18 * 60))


def add_waitlist(database: Database, clinic: Clinic, rng: random.Random) -> None:
    """Open entries as a busy clinic's waitlist holds them: random active clients,
    services, a therapist or any, weekdays, times of day and dates over the next 8 weeks."""
    today = NOW.astimezone(ZONE).date()
    active = [n for n in range(2, clinic.size.clients + 1) if n not in clinic.archived]
    rows = []
    for number in range(clinic.size.waitlist_entries):
        window = rng.choice(WINDOWS) if rng.random() < 0.6 else (None, None)
        start = today + timedelta(days=rng.randrange(0, 28))
        rows.append(
            {
                "client_id": rng.choice(active),
                "service_id": rng.choice((1, 1, 2)),
                "therapist_id": rng.randrange(1, THERAPISTS + 1) if rng.random() < 0.6 else None,
                "weekdays": 127 if rng.random() < 0.3 else rng.randrange(1, 32),
                "earliest_minute": window[0],
                "latest_minute": window[1],
                "from_date": start,
                "to_date": min(start + timedelta(days=rng.randrange(7, 57)),
                               today + timedelta(weeks=8)),
                "created_at": NOW - timedelta(hours=clinic.size.waitlist_entries - number),
                "created_by": "bench",
            }
        )  # fmt: skip
    _insert_many(database, WaitlistEntry, rows)


def measure_waitlist(database: Database, clinic: Clinic) -> tuple[float, Timings, int]:
    """The jobs leader's first sweep (s), then sessions of the next 8 weeks cancelled one
    by one (in SQL: nothing else matches meanwhile), each followed by `match_freed` for its
    day: its timings, and how many new matches they filed in all."""
    rng = random.Random(11)
    add_waitlist(database, clinic, rng)
    began = time.perf_counter()
    match_freed(database, NOW)
    sweep = time.perf_counter() - began
    sessions = TherapySession.__table__.c
    with database.read() as session:
        upcoming = session.execute(
            select(sessions.id, sessions.starts_at).where(
                sessions.status == "scheduled",
                sessions.starts_at > NOW + timedelta(days=1),
                sessions.starts_at < NOW + timedelta(weeks=8),
            )
        ).all()
    spent, filed = [], 0
    for session_id, starts_at in rng.sample(upcoming, clinic.size.cancellations):
        with database.write() as session:
            session.execute(
                TherapySession.__table__.update()
                .where(sessions.id == session_id)
                .values(status="cancelled", cancelled_at=NOW, revision=sessions.revision + 1)
            )
        day = starts_at.astimezone(ZONE).date()
        began = time.perf_counter()
        filed += match_freed(database, NOW, days={day})
        spent.append((time.perf_counter() - began) * 1000)
    return sweep, timings(spent), filed


# Report ---------------------------------------------------------------------------------


def run(label: str, url: str, size: Size) -> None:
    database = Database(url)
    upgrade(database)
    began = time.perf_counter()
    clinic = build(database, size)
    print(
        f"\n{label}: built {size.clients:,} clients ({len(clinic.archived):,} archived,"
        f" {len(clinic.erased):,} of them erased) and {clinic.sessions:,} sessions"
        f" in {time.perf_counter() - began:.1f} s"
    )
    gc.collect()
    freeze_startup_objects()
    found, asked = check_found(database, clinic)
    print(f"  the new search found {found} of {asked} clients asked for by name or phone")
    spent = measure_search(database, clinic)
    keystrokes = sum(len(v) for v in spent["now"].values())
    print(f"  search as you type, {size.queries} queries, {keystrokes:,} keystrokes each:")
    for name, label_ in (("before", "before issue 17"), ("now", "find_clients now")):
        every = [ms for values in spent[name].values() for ms in values]
        print(f"    {label_:<17} {timings(every)}")
    print("    by kind of query (before → now, p95):")
    for kind in spent["now"]:
        before, now = timings(spent["before"][kind]), timings(spent["now"][kind])
        print(
            f"      {kind:<11} {before.p95:6.1f} ms → {now.p95:6.1f} ms ({now.count:,} keystrokes)"
        )
    print("    target: p95 < 30 ms per keystroke")
    profile, history = measure_profile(database, clinic)
    print(f"  profile of a client with {history} sessions: {profile} (target < 100 ms)")
    sweep, matching, filed = measure_waitlist(database, clinic)
    print(
        f"  waitlist, {size.waitlist_entries:,} open entries: the first sweep over every day"
        f" {sweep:.1f} s; after each of {size.cancellations} cancellations, match_freed for"
        f" its day: {matching} (target < 200 ms), {filed} new matches in all"
    )
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small clinic, for a test")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if not args.postgres_only:
        with sqlite_database() as url:
            run("SQLite", url, size)
    if not args.sqlite_only:
        with postgres_database(args.pg_host) as url:
            run("PostgreSQL", url, size)


if __name__ == "__main__":
    main()
