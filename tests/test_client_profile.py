"""A client's profile (`app.clients.profile`): details, statistics counted in SQL, the
history with its names joined, series, keys and aliases, on both databases.

Measured while writing it (a shared 2-core machine, not a timed test: the benchmark measures
properly): `load_profile` of a client with 500 sessions (`add_history`), 30 warm loads,
took a median of 11 ms on SQLite and 21 ms on PostgreSQL, the slowest 48 and 37 ms
(target: under 100 ms)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select, text

from app.clients.adding import create_client
from app.clients.profile import (
    HistoryFilter,
    HistoryRow,
    UnknownClientError,
    client_id_for_key,
    client_stats,
    load_profile,
)
from db.base import UTCDateTime
from db.engine import Database
from db.models import Client, ClientAlias, RecurringSeries, Room, Service, Therapist, TherapySession
from tests.booking_support import ZONE, load_booking_clinic

STATUSES = ("scheduled", "confirmed", "in_progress", "completed", "cancelled", "no_show")


@dataclass(frozen=True)
class History:
    """What `add_history` wrote for the client, as the test expects to read it back."""

    client_id: int
    now: datetime  # the start of one of the client's sessions (not cancelled)
    rows: list[dict[str, Any]]  # newest first


def add_history(database: Database, client_key: str, count: int, seed: int) -> History:
    """`count` sessions of the client, one a day at a random hour around now, each with a
    random therapist, service, room and status; another client's sessions on the same days,
    and a weekly series holding every seventh of the client's. `now` is the start of the
    middle one, so "the next session" meets a start exactly at now."""
    rng = random.Random(seed)
    with database.write() as session:
        ids = {
            model: {key: id_ for id_, key in session.execute(select(model.id, model.key))}
            for model in (Client, Therapist, Service, Room)
        }
        names = {
            model: dict(session.execute(select(model.key, model.name)).all())
            for model in (Therapist, Service, Room)
        }
        client_id = ids[Client][client_key]
        other_id = next(i for k, i in ids[Client].items() if k != client_key)
        first_day = date(2025, 3, 3) - timedelta(days=count // 2)
        series_id = session.execute(
            insert(RecurringSeries).returning(RecurringSeries.id),
            {
                "key": f"{client_key}-weekly",
                "client_id": client_id,
                "therapist_id": ids[Therapist]["carter"],
                "service_id": ids[Service]["individual"],
                "frequency": "weekly",
                "weekday": first_day.weekday(),
                "start_minute": 600,
                "start_date": first_day,
                "price_cents": 15000,
            },
        ).scalar_one()
        rows: list[dict[str, Any]] = []
        expected: list[dict[str, Any]] = []
        middle = count // 2
        for index in range(count):
            day = first_day + timedelta(days=index)
            hour = rng.randrange(8, 16)
            therapist, other_therapist = rng.sample(["carter", "kim"], 2)
            service = rng.choice(["individual", "family"])
            room = "r1" if service == "family" else rng.choice(["r2", None])
            status = "scheduled" if index == middle else rng.choice(STATUSES)
            late = status == "cancelled" and rng.random() < 0.4
            start = datetime.combine(day, time(hour), ZONE).astimezone(UTC)
            in_series = index % 7 == 0
            row = {
                "reference": f"BK-2025-{2 * index + 1:06d}",
                "therapist_id": ids[Therapist][therapist],
                "client_id": client_id,
                "service_id": ids[Service][service],
                "room_id": ids[Room][room] if room else None,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=50),
                "busy_from": start,
                "busy_until": start + timedelta(minutes=60),
                "status": status,
                "cancelled_at": start - timedelta(days=1) if status == "cancelled" else None,
                "late_cancellation": late,
                "series_id": series_id if in_series else None,
                "occurrence_date": day if in_series else None,
            }
            rows.append(row)
            expected.append(
                {
                    "reference": row["reference"],
                    "starts_at": start.astimezone(ZONE),
                    "ends_at": (start + timedelta(minutes=50)).astimezone(ZONE),
                    "status": status,
                    "late_cancellation": late,
                    "therapist_key": therapist,
                    "therapist_name": names[Therapist][therapist],
                    "service_name": names[Service][service],
                    "room_name": names[Room][room] if room else None,
                    "series_key": f"{client_key}-weekly" if in_series else None,
                }
            )
            # Another client the same day, later: never counted as this client's.
            other_start = datetime.combine(day, time(17), ZONE).astimezone(UTC)
            rows.append(
                {
                    **row,
                    "reference": f"BK-2025-{2 * index + 2:06d}",
                    "therapist_id": ids[Therapist][other_therapist],
                    "client_id": other_id,
                    "room_id": ids[Room]["r2"],
                    "service_id": ids[Service]["individual"],
                    "starts_at": other_start,
                    "ends_at": other_start + timedelta(minutes=50),
                    "busy_from": other_start,
                    "busy_until": other_start + timedelta(minutes=60),
                    "status": "completed",
                    "cancelled_at": None,
                    "late_cancellation": False,
                    "series_id": None,
                    "occurrence_date": None,
                }
            )
        session.execute(insert(TherapySession), rows)
    now = rows[2 * middle]["starts_at"]
    return History(client_id, now, expected[::-1])


def stats_in_sql(database: Database, client_id: int, now: datetime) -> dict[str, Any]:
    """The contract's statistics counted straight in SQL, not through the app."""

    def one(query: str, **types: Any) -> Any:
        statement = text(query).bindparams(bindparam("client", client_id))
        if ":now" in query:
            statement = statement.bindparams(bindparam("now", now, type_=UTCDateTime()))
        if types:
            statement = statement.columns(**types)
        with database.engine.connect() as connection:
            return connection.execute(statement).scalar()

    where = "FROM sessions WHERE client_id = :client"
    return {
        "attended": one(f"SELECT count(*) {where} AND status = 'completed'"),
        "cancelled": one(f"SELECT count(*) {where} AND status = 'cancelled'"),
        "late_cancelled": one(
            f"SELECT count(*) {where} AND status = 'cancelled' AND late_cancellation = true"
        ),
        "no_show": one(f"SELECT count(*) {where} AND status = 'no_show'"),
        "last_session": one(
            f"SELECT max(starts_at) AS s {where} AND status <> 'cancelled' AND starts_at < :now",
            s=UTCDateTime(),
        ),
        "next_session": one(
            f"SELECT min(starts_at) AS s {where} AND status <> 'cancelled' AND starts_at >= :now",
            s=UTCDateTime(),
        ),
    }


@pytest.fixture
def clinic(database: Database) -> Database:
    load_booking_clinic(database)
    return database


def test_a_profile_of_500_sessions_reads_history_stats_and_series(clinic: Database) -> None:
    history = add_history(clinic, "c1", 500, seed=17)
    profile = load_profile(clinic, history.client_id, history.now)

    assert profile.details.key == "c1" and profile.details.name == "Ana One"
    assert profile.details.phone == "+15551230001" and not profile.details.archived
    assert len(profile.history) == 500
    for row, wanted in zip(profile.history, history.rows, strict=True):
        assert isinstance(row, HistoryRow)
        assert {name: getattr(row, name) for name in wanted} == wanted
        assert row.starts_at.tzinfo == ZONE
    starts = [row.starts_at for row in profile.history]
    assert starts == sorted(starts, reverse=True)

    counted = stats_in_sql(clinic, history.client_id, history.now)
    stats = profile.stats
    assert {name: getattr(stats, name) for name in counted} == counted
    assert stats.next_session == history.now  # a start exactly at now is the next one
    assert stats.attended + stats.no_show > 0
    assert stats.attendance_rate == stats.attended / (stats.attended + stats.no_show)
    assert client_stats(clinic, history.client_id, history.now) == stats

    assert [(s.key, s.active) for s in profile.series] == [("c1-weekly", True)]
    assert profile.series[0].text.startswith("Every ") and "Dr. Carter" in profile.series[0].text
    assert profile.balance_cents == 0


def test_a_client_without_sessions_has_empty_statistics(clinic: Database) -> None:
    client_id = client_id_for_key(clinic, "c3")
    profile = load_profile(clinic, client_id, datetime(2025, 1, 1, tzinfo=UTC))
    stats = profile.stats
    assert (stats.attended, stats.cancelled, stats.late_cancelled, stats.no_show) == (0, 0, 0, 0)
    assert stats.attendance_rate is None
    assert stats.last_session is None and stats.next_session is None
    assert profile.history == [] and profile.series == []


def test_statistics_follow_now(clinic: Database) -> None:
    history = add_history(clinic, "c2", 40, seed=3)
    for moment in (
        history.now - timedelta(days=100),
        history.now - timedelta(seconds=1),
        history.now + timedelta(seconds=1),
        history.now + timedelta(days=100),
    ):
        stats = client_stats(clinic, history.client_id, moment)
        counted = stats_in_sql(clinic, history.client_id, moment)
        assert {name: getattr(stats, name) for name in counted} == counted


def test_keys_and_aliases_name_the_client(clinic: Database) -> None:
    with clinic.write() as session:
        kept = session.scalar(select(Client.id).where(Client.key == "c2"))
        session.add(ClientAlias(key="ben-old", client_id=kept))
    assert client_id_for_key(clinic, "c2") == kept
    assert client_id_for_key(clinic, "ben-old") == kept
    with pytest.raises(UnknownClientError, match='no client has the key "nobody"') as raised:
        client_id_for_key(clinic, "nobody")
    assert isinstance(raised.value, LookupError)
    with pytest.raises(UnknownClientError, match="no client has the id 999"):
        load_profile(clinic, 999, datetime(2025, 1, 1, tzinfo=UTC))


def test_history_filter_keeps_status_therapist_and_clinic_dates() -> None:
    def row(local: str, status: str, therapist: str) -> HistoryRow:
        start = datetime.fromisoformat(local).replace(tzinfo=ZONE)
        end = start + timedelta(minutes=50)
        return HistoryRow(1, "BK-2025-000001", start, end, status, False, therapist,
                          therapist.title(), "Individual", None, None)  # fmt: skip

    late_evening = row("2025-03-03T22:30", "completed", "carter")  # 03:30 UTC the next day
    morning = row("2025-03-04T09:00", "cancelled", "kim")
    rows = [late_evening, morning]
    assert [r for r in rows if HistoryFilter().keeps(r)] == rows
    only_done = HistoryFilter(statuses=frozenset({"completed", "no_show"}))
    assert [r for r in rows if only_done.keeps(r)] == [late_evening]
    assert [r for r in rows if HistoryFilter(therapist_key="kim").keeps(r)] == [morning]
    the_3rd = HistoryFilter(from_date=date(2025, 3, 3), to_date=date(2025, 3, 3))
    assert [r for r in rows if the_3rd.keeps(r)] == [late_evening]
    from_4th = HistoryFilter(from_date=date(2025, 3, 4))
    assert [r for r in rows if from_4th.keeps(r)] == [morning]
    nothing = HistoryFilter(statuses=frozenset({"cancelled"}), therapist_key="carter")
    assert [r for r in rows if nothing.keeps(r)] == []


def test_paused_and_ended_series_are_told_apart(clinic: Database) -> None:
    history = add_history(clinic, "c1", 14, seed=5)
    with clinic.write() as session:
        series = session.scalar(select(RecurringSeries))
        assert series is not None
        session.add(
            RecurringSeries(
                key="c1-ended", client_id=series.client_id, therapist_id=series.therapist_id,
                service_id=series.service_id, frequency="biweekly", weekday=0,
                start_minute=540, start_date=date(2024, 1, 1), end_date=date(2024, 6, 24),
                price_cents=0, active=False,
            )
        )  # fmt: skip
        series.paused_since = date(2025, 3, 1)
    lines = load_profile(clinic, history.client_id, history.now).series
    assert [(line.key, line.active) for line in lines] == [
        ("c1-weekly", True),
        ("c1-ended", False),
    ]
    assert lines[0].text.endswith("(paused since 01 Mar 2025)")
    assert lines[1].text.startswith("Every other Monday 09:00 with Dr. Carter, until")


def test_a_new_client_never_takes_a_key_that_names_a_merged_client(clinic: Database) -> None:
    with clinic.write() as session:
        kept = session.scalar(select(Client.id).where(Client.key == "c2"))
        session.add(ClientAlias(key="sjohnson", client_id=kept))  # Sarah Johnson, merged away
    now = datetime(2025, 1, 1, tzinfo=UTC)
    added = create_client(clinic, "Sarah Johnson", "+15559870001", None, actor="t", now=now)
    assert added.key == "sjohnson2"
    assert client_id_for_key(clinic, "sjohnson") == kept
    assert client_id_for_key(clinic, "sjohnson2") == added.id
