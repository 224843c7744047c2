"""Random small clinics for the report tests, and the reports' figures worked out a second,
independent way: available minutes by walking every real minute of every day (wall times
converted here with zoneinfo, recurring blocks expanded here with dateutil), counts and money
by a Python loop over rows read with plain SELECTs. Nothing here asks app.scheduling,
app.booking.loader or app.reports, so a wrong report cannot agree with itself."""

from __future__ import annotations

import random
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import select

from app.clinic_file import import_clinic
from app.money.fees import waive_fee
from app.money.payments import (
    MoneyRefusedError,
    PaymentRequest,
    apply_credit,
    refund_payment,
    reverse_payment,
    take_payment,
)
from db.engine import Database
from db.enums import PaymentKind, SessionStatus
from db.models import Client, Payment, PaymentAllocation, Room, Service, Therapist
from db.models import TherapySession as S

ZONE = ZoneInfo("America/New_York")
SPRING, AUTUMN = date(2026, 3, 8), date(2026, 11, 1)  # both Sundays
# Three weeks around each DST change; neither starts on a Monday.
PERIODS = ((date(2026, 3, 4), date(2026, 3, 17)), (date(2026, 10, 28), date(2026, 11, 10)))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
BOOKED = {"scheduled", "confirmed", "in_progress", "completed", "no_show"}
SUPERVISOR = "maria"


# --- local wall time, converted here ------------------------------------------------------


def instant(naive: datetime) -> datetime:
    """The UTC instant a wall-clock boundary stands for: an ambiguous time its first
    occurrence, a time a DST gap skips the first real minute whose wall time is not before
    it (the moment the clocks jump), as docs/scheduling.md (Time and DST) says."""
    first = naive.replace(tzinfo=ZONE, fold=0)
    if first.astimezone(UTC).astimezone(ZONE).replace(tzinfo=None) == naive:
        return first.astimezone(UTC)
    moment = naive.replace(tzinfo=ZONE, fold=1).astimezone(UTC)  # before the jump
    while moment.astimezone(ZONE).replace(tzinfo=None) < naive:
        moment += timedelta(minutes=1)
    return moment


def wall(day: date, clock: str) -> datetime:
    """`day` at "HH:MM" ("24:00" is the next midnight), naive."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time()) + timedelta(hours=hours, minutes=minutes)


def day_bounds(day: date) -> tuple[int, int]:
    return (
        int(instant(wall(day, "00:00")).timestamp()),
        int(instant(wall(day + timedelta(days=1), "00:00")).timestamp()),
    )


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- a random clinic ------------------------------------------------------------------------


def _hours(rng: random.Random) -> list[dict[str, str]]:
    choices = [
        [("09:00", "12:00"), ("13:00", "17:00")],
        [("08:00", "16:00")],
        [("10:00", "14:00"), ("15:00", "19:30")],
        [("00:00", "05:00"), ("21:00", "24:00")],
        [],
    ]
    hours = []
    for weekday in WEEKDAYS:
        for start, end in rng.choice(choices):
            hours.append({"weekday": weekday, "start": start, "end": end})
    return hours


def _exceptions(rng: random.Random, dst_night: bool) -> list[dict[str, Any]]:
    exceptions: list[dict[str, Any]] = []
    if dst_night:  # a window through each change: 2 real hours in March, 4 in November
        for day in (SPRING, AUTUMN):
            hours = [{"start": "01:00", "end": "04:00"}]
            if rng.random() < 0.5:  # an end inside the gap (the moment the clocks jump)
                hours.append({"start": "05:00", "end": "06:00"})
            exceptions.append({"date": day.isoformat(), "hours": hours})
    taken = {e["date"] for e in exceptions}
    for first, last in PERIODS:
        for _ in range(2):
            when = rng.choice(days(first, last)).isoformat()
            if when in taken:
                continue
            taken.add(when)
            if rng.random() < 0.5:
                exceptions.append({"date": when, "available": False})
            else:
                exceptions.append({"date": when, "hours": [{"start": "11:00", "end": "15:30"}]})
    return exceptions


def _blocks(rng: random.Random, *, nights: bool) -> list[dict[str, Any]]:
    """Blocks of every kind; `nights`: those on the change nights too (without them a
    therapist's DST-night window is counted whole: real minutes no block hides)."""
    lunch_start = rng.choice(["2026-01-05", "2026-03-02", "2026-10-01"])
    night: list[dict[str, Any]] = [
        # across each change
        {"start": "2026-03-08T01:30", "end": "2026-03-08T03:30", "type": "meeting"},
        {"start": "2026-11-01T00:30", "end": "2026-11-01T03:00", "type": "meeting"},
        # a daily night block whose 8 March occurrence ends in the gap, counted out
        {"start": "2026-03-05T01:30", "end": "2026-03-05T02:30", "type": "training",
         "rrule": f"FREQ=DAILY;COUNT={rng.randint(3, 9)}"},
        # every other Sunday, early morning, until a date
        {"start": "2026-10-18T00:00", "end": "2026-10-18T02:30", "type": "other",
         "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;UNTIL=20261115T000000"},
    ]  # fmt: skip
    blocks: list[dict[str, Any]] = [
        # a weekly lunch, begun long before the periods
        {"start": f"{lunch_start}T12:00", "end": f"{lunch_start}T13:00", "type": "personal",
         "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
        # ignored: inactive
        {"start": "2026-03-10T09:00", "end": "2026-03-10T17:00", "type": "sick_leave",
         "active": False},
    ]  # fmt: skip
    for first, last in PERIODS:
        day = rng.choice(days(first, last))
        start = rng.choice(["08:30", "10:00", "14:15", "22:00"])
        length = timedelta(minutes=rng.choice([45, 90, 180, 600]))
        end = wall(day, start) + length
        blocks.append({"start": f"{day}T{start}", "end": end.strftime("%Y-%m-%dT%H:%M"),
                       "type": "meeting"})  # fmt: skip
        off = rng.choice(days(first, last))
        blocks.append({"start": off.isoformat(), "end": (off + timedelta(days=1)).isoformat(),
                       "all_day": True, "type": "vacation"})  # fmt: skip
    return (night if nights else []) + rng.sample(blocks, k=len(blocks) - rng.randint(0, 2))


def _session_days() -> list[date]:
    """The periods and a day either side (sessions outside must not count)."""
    return [
        d
        for first, last in PERIODS
        for d in days(first - timedelta(days=1), last + timedelta(days=1))
    ]


def random_clinic(seed: int) -> dict[str, Any]:
    """A clinic file: 3 active therapists and an inactive one, 2 active rooms and an inactive
    one, an inactive service, hours, exceptions, blocks and ~60 sessions of every status."""
    rng = random.Random(seed)
    therapist_keys = ["ames", "baker", "cole", "gone"]
    therapists = []
    for index, key in enumerate(therapist_keys):
        therapists.append({
            "key": key, "name": f"Dr. {key.title()}", "buffer_before_minutes": 0,
            "buffer_after_minutes": 0, "working_hours": _hours(rng),
            "exceptions": _exceptions(rng, dst_night=index != 1),
            "blocks": _blocks(rng, nights=key != "cole"), "active": key != "gone",
        })  # fmt: skip
    services = [
        {"key": "individual", "name": "Individual", "duration_minutes": 50, "price": "150.00",
         "required_features": []},
        {"key": "family", "name": "Family", "duration_minutes": 60, "price": "200.00",
         "required_features": []},
        {"key": "old", "name": "Old Service", "duration_minutes": 45, "price": "90.00",
         "required_features": [], "active": False},
    ]  # fmt: skip
    clients = [{"key": f"c{n}", "name": f"Client {n}"} for n in range(1, 6)]
    sessions: list[dict[str, Any]] = []
    used: set[tuple[date, int]] = set()
    candidates = _session_days()

    def add(start: datetime, **fields: Any) -> None:
        status = fields.pop("status", None) or rng.choice(
            ["scheduled", "confirmed", "in_progress", "completed", "completed", "cancelled",
             "cancelled", "no_show"]
        )  # fmt: skip
        service = fields.pop("service", None) or rng.choice(["individual", "family", "old"])
        session: dict[str, Any] = {
            "reference": f"BK-2026-{len(sessions) + 1:06d}",
            "therapist": fields.pop("therapist", None) or rng.choice(therapist_keys),
            "client": fields.pop("client", None) or rng.choice(clients)["key"], "service": service,
            "start": start.strftime("%Y-%m-%dT%H:%M"), "status": status,
            "price": f"{rng.choice([90, 120, 150, 200])}.{rng.choice(['00', '50'])}",
            "room": fields.pop("room", rng.choice(["r1", "r2", "r3", None])),
        }  # fmt: skip
        if status == "cancelled":
            session["cancelled_at"] = (start - timedelta(hours=rng.choice([2, 48]))).strftime(
                "%Y-%m-%dT%H:%M"
            )
            session["late_cancellation"] = rng.random() < 0.5
        if (status == "no_show" or session.get("late_cancellation")) and rng.random() < 0.8:
            session["fee"] = rng.choice(["25.00", "40.00"])
            if rng.random() < 0.3:
                session["fee_waived_by"], session["fee_waiver_reason"] = SUPERVISOR, "first time"
        sessions.append(session)

    for _first, last in PERIODS:  # --to is inclusive: 23:30 on the last day counts, 00:00 after not
        used.update({(last, 23), (last + timedelta(days=1), 0)})
        add(wall(last, "23:30"), status="completed", therapist="ames", room="r1", client="c1")
        add(wall(last + timedelta(days=1), "00:00"), status="completed", therapist="baker",
            room="r2", client="c2")  # fmt: skip
    for _ in range(60):
        day = rng.choice(candidates)
        hour = rng.randrange(24)
        if (day, hour) in used or (day == SPRING and hour == 2):
            continue
        used.add((day, hour))
        add(wall(day, f"{hour:02d}:00"))
    return {
        "clinic": {"name": "Report Clinic", "timezone": ZONE.key, "slot_interval_minutes": 15,
                   "hold_minutes": 10, "cancellation_notice_hours": 24},
        "rooms": [
            {"key": "r1", "name": "Blue Room", "capacity": 4, "features": []},
            {"key": "r2", "name": "Green Room", "capacity": 1, "features": []},
            {"key": "r3", "name": "Old Room", "capacity": 1, "features": [], "active": False},
        ],
        "services": services, "therapists": therapists, "clients": clients,
        "users": [{"username": SUPERVISOR, "role": "supervisor", "password": "supervisor-pass"},
                  {"username": "alex", "role": "front_desk", "password": "frontdesk-pass"}],
        "sessions": sessions,
    }  # fmt: skip


# --- money through the real use cases --------------------------------------------------------


def boundary_moments() -> set[datetime]:
    """Payments are taken at the local midnights that begin each period and the day after
    it (the latter must not count), and a minute before the latter."""
    moments = {instant(wall(first, "00:00")) for first, _last in PERIODS}
    moments |= {instant(wall(last + timedelta(days=1), "00:00")) for _first, last in PERIODS}
    return moments | {instant(wall(last, "23:59")) for _first, last in PERIODS}


def money_moments(rng: random.Random) -> list[datetime]:
    """When money changes hands: the boundaries and random instants in and around the
    periods."""
    moments = list(boundary_moments())
    for _ in range(14):
        day = rng.choice(_session_days())
        moments.append(instant(wall(day, f"{rng.randrange(24):02d}:{rng.randrange(60):02d}")))
    return sorted(moments)


def money_flows(database: Database, seed: int) -> None:
    """Payments (on named sessions, on what is owed, and more than owed: credit), refunds,
    reversals, credit used later and fees waived, through app.money, at `money_moments`."""
    rng = random.Random(seed * 7919 + 1)
    with database.read() as session:
        owned = session.execute(
            select(Client.key, S.reference, S.status, S.fee_cents, S.fee_waived_by)
            .join(S, S.client_id == Client.id)
            .order_by(S.reference)
        ).all()
    clients = sorted({row[0] for row in owned})
    receipts: list[str] = []
    boundaries = boundary_moments()
    for moment in money_moments(rng):
        action = rng.random()
        if action < 0.55 or not receipts or moment in boundaries:
            client = rng.choice(clients)
            theirs = [ref for key, ref, *_rest in owned if key == client]
            named = tuple(rng.sample(theirs, k=min(len(theirs), rng.randint(0, 2))))
            method = rng.choice(["cash", "card", "transfer", "other"])
            amount = rng.choice([2500, 9000, 15000, 20000, 33300])
            request = PaymentRequest(client, amount, method, sessions=named)
            receipts.append(take_payment(database, request, actor="alex", now=moment).receipt)
        elif action < 0.75:
            with suppress(MoneyRefusedError):  # more than that payment has left: nothing happens
                refund_payment(database, rng.choice(receipts), reason="overpaid",
                               actor=SUPERVISOR, now=moment,
                               amount_cents=rng.choice([1000, 2500, 7000]))  # fmt: skip
        elif action < 0.85:
            with suppress(MoneyRefusedError):  # given back in full already
                reverse_payment(
                    database, rng.choice(receipts), reason="mistake", actor=SUPERVISOR, now=moment
                )
        else:
            apply_credit(database, rng.choice(clients), actor="alex", now=moment)
    for _key, reference, _status, fee, waived in owned:
        if fee is not None and waived is None and rng.random() < 0.3:
            waive_fee(database, reference, reason="goodwill", actor=SUPERVISOR, now=moment)


def build_clinic(database: Database, seed: int) -> dict[str, Any]:
    """The random clinic of `seed` imported, its money moved; the file (the plan the
    brute force reads the calendars from)."""
    document = random_clinic(seed)
    import_clinic(database, random_clinic(seed), actor="test")
    money_flows(database, seed)
    return document


# --- the figures, independently ------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One therapist's calendar as the clinic file gave it."""

    hours: dict[str, list[tuple[str, str]]]
    exceptions: dict[str, list[tuple[str, str]]]  # date → hours ([] for a day off)
    blocks: list[dict[str, Any]]


def plan_of(therapist: dict[str, Any]) -> Plan:
    hours: dict[str, list[tuple[str, str]]] = {}
    for window in therapist["working_hours"]:
        hours.setdefault(window["weekday"], []).append((window["start"], window["end"]))
    exceptions = {
        e["date"]: [(h["start"], h["end"]) for h in e.get("hours", [])]
        for e in therapist["exceptions"]
    }
    active = [b for b in therapist["blocks"] if b.get("active", True)]
    return Plan(hours, exceptions, active)


def windows_of(plan: Plan, day: date) -> list[tuple[int, int]]:
    """The day's working windows as epoch-second intervals."""
    spans = plan.exceptions.get(day.isoformat())
    if spans is None:
        spans = plan.hours.get(WEEKDAYS[day.weekday()], [])
    return [
        (int(instant(wall(day, start)).timestamp()), int(instant(wall(day, end)).timestamp()))
        for start, end in spans
    ]


def block_spans(plan: Plan, first: date, last: date) -> list[tuple[int, int]]:
    """Every block occurrence near first..last: one-off, all-day (local midnight to local
    midnight after the last date) and RRULE occurrences expanded on wall time, each keeping
    the first one's local times."""
    spans = []
    for block in plan.blocks:
        if block.get("all_day"):
            start = wall(date.fromisoformat(block["start"]), "00:00")
            end = wall(date.fromisoformat(block["end"]) + timedelta(days=1), "00:00")
        else:
            start = datetime.fromisoformat(block["start"])
            end = datetime.fromisoformat(block["end"])
        if "rrule" not in block:
            spans.append((start, end))
            continue
        rule = rrulestr(block["rrule"], dtstart=start)
        near = (datetime.combine(first, time()) - timedelta(days=2),
                datetime.combine(last, time()) + timedelta(days=3))  # fmt: skip
        spans += [
            (occurrence, occurrence + (end - start)) for occurrence in rule.between(*near, inc=True)
        ]
    return [(int(instant(s).timestamp()), int(instant(e).timestamp())) for s, e in spans]


def inside(moment: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= moment < end for start, end in spans)


def minutes_walked(day: date, counted: list[tuple[int, int]], minus: list[tuple[int, int]]) -> int:
    """Real minutes of the local `day` inside `counted` and outside `minus`, one by one."""
    begin, end = day_bounds(day)
    counted = [(s, e) for s, e in counted if s < end and e > begin]
    minus = [(s, e) for s, e in minus if s < end and e > begin]
    if not counted:
        return 0
    return sum(
        1
        for moment in range(begin, end, 60)
        if inside(moment, counted) and not inside(moment, minus)
    )


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return instant(wall(first, "00:00")), instant(wall(last + timedelta(days=1), "00:00"))


def aware(moment: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite gives naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def session_rows(database: Database) -> list[dict[str, Any]]:
    """Every session with its keys, read with one plain SELECT."""
    with database.read() as session:
        rows = session.execute(
            select(
                S.reference, Therapist.key, Service.key, Room.key, S.starts_at, S.ends_at,
                S.status, S.late_cancellation, S.price_cents, S.fee_cents, S.fee_waived_by,
            )
            .join(Therapist, Therapist.id == S.therapist_id)
            .join(Service, Service.id == S.service_id)
            .outerjoin(Room, Room.id == S.room_id)
        ).all()  # fmt: skip
    names = ("reference", "therapist", "service", "room", "starts_at", "ends_at", "status",
             "late", "price", "fee", "waived_by")  # fmt: skip
    out = []
    for row in rows:
        record = dict(zip(names, row, strict=True))
        record["starts_at"], record["ends_at"] = aware(row[4]), aware(row[5])
        record["status"] = SessionStatus(row[6]).value
        out.append(record)
    return out


def payment_rows(database: Database) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Payments (kind, method, amount, taken_at) and allocations (payment id, session's
    therapist and service keys, cents), each one plain SELECT."""
    with database.read() as session:
        payments = [
            {"id": i, "kind": PaymentKind(k).value, "method": m.value if hasattr(m, "value") else m,
             "cents": c, "taken_at": aware(t)}
            for i, k, m, c, t in session.execute(
                select(Payment.id, Payment.kind, Payment.method, Payment.amount_cents,
                       Payment.taken_at)
            )
        ]  # fmt: skip
        allocations = [
            {"payment": p, "therapist": t, "service": s, "cents": c}
            for p, t, s, c in session.execute(
                select(PaymentAllocation.payment_id, Therapist.key, Service.key,
                       PaymentAllocation.amount_cents)
                .join(S, S.id == PaymentAllocation.session_id)
                .join(Therapist, Therapist.id == S.therapist_id)
                .join(Service, Service.id == S.service_id)
            )
        ]  # fmt: skip
    return payments, allocations
