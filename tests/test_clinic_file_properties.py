"""Property: for any valid clinic, import → export → import → export changes nothing.

Random clinics stress what hand-written cases miss: time zones with 30-minute DST, local times
in DST overlaps (which need an explicit offset to stay exact), all-day blocks across DST,
unicode names, optional fields present or absent, currencies of no, two and three decimals,
payments with refunds taking money back from sessions, an old file's typed payment status.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clinic_file import export_clinic, import_clinic
from app.money.amounts import format_amount
from app.timezones import clinic_zone, format_local, parse_datetime
from db.engine import Database
from db.enums import WEEKDAYS

ZONES = ["America/New_York", "Europe/Madrid", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
FEATURES = ["family", "accessible", "sandtray", "group"]
STATUSES = ["scheduled", "confirmed", "in_progress", "completed", "cancelled", "no_show"]
CURRENCIES = ["USD", "EUR", "JPY", "KWD"]  # two decimals, none, three
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.strip())
# Instants around DST changes (2025) in all the zones above, to the minute.
instants = st.sampled_from(
    [datetime(2025, 3, 9, 6, tzinfo=UTC), datetime(2025, 3, 30, 0, tzinfo=UTC),
     datetime(2025, 4, 5, 14, tzinfo=UTC), datetime(2025, 10, 4, 15, tzinfo=UTC),
     datetime(2025, 10, 26, 0, tzinfo=UTC), datetime(2025, 11, 2, 5, tzinfo=UTC)]
).flatmap(
    lambda base: st.integers(-180, 180).map(lambda m: base + timedelta(minutes=m))
)  # fmt: skip


@st.composite
def working_hours(draw: st.DrawFn) -> list[dict[str, str]]:
    hours = []
    for weekday in draw(st.sets(st.integers(0, 6), max_size=4)):
        cuts = sorted(draw(st.sets(st.integers(0, 96), min_size=2, max_size=6)))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            hours.append(
                {"weekday": WEEKDAYS[weekday], "start": _clock(start * 15), "end": _clock(end * 15)}
            )
    return hours


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def clinics(draw: st.DrawFn) -> dict[str, Any]:
    zone_name = draw(st.sampled_from(ZONES))
    zone = clinic_zone(zone_name)
    currency = draw(st.sampled_from(CURRENCIES))

    def money(low: int = 0, high: int = 50000) -> str:
        return format_amount(draw(st.integers(low, high)), currency)

    def fee() -> dict[str, Any]:
        kind = draw(st.sampled_from(["none", "fixed", "percent"]))
        value = {"none": None, "fixed": money(), "percent": draw(st.integers(0, 100))}[kind]
        return {"kind": kind} if value is None else {"kind": kind, "value": value}

    rooms = [
        {"key": f"r{i}", "name": draw(names), "capacity": draw(st.integers(1, 8)),
         "features": draw(st.lists(st.sampled_from(FEATURES), unique=True, max_size=3)),
         "active": draw(st.booleans())}
        for i in range(draw(st.integers(1, 3)))
    ]  # fmt: skip
    services = [
        {"key": f"s{i}", "name": draw(names), "duration_minutes": draw(st.integers(6, 48)) * 5,
         "price": money()}
        for i in range(draw(st.integers(1, 3)))
    ]  # fmt: skip
    therapists = []
    for i in range(draw(st.integers(1, 3))):
        blocks = []
        for _ in range(draw(st.integers(0, 3))):
            start = draw(instants)
            if draw(st.booleans()):
                first = start.astimezone(zone).date()
                blocks.append({"start": first.isoformat(),
                               "end": (first + timedelta(days=draw(st.integers(0, 3)))).isoformat(),
                               "all_day": True, "type": "vacation"})  # fmt: skip
            else:
                end = start + timedelta(minutes=draw(st.integers(1, 240)))
                kind = draw(st.sampled_from(["meeting", "training", "other"]))
                block = {"start": format_local(start, zone), "end": format_local(end, zone),
                         "type": kind}  # fmt: skip
                if draw(st.booleans()):
                    block["rrule"] = draw(
                        st.sampled_from(["FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;COUNT=5",
                                         "FREQ=MONTHLY;BYMONTHDAY=1,15"])
                    )  # fmt: skip
                blocks.append(block)
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
        exceptions = [{"date": day.isoformat(), "available": False}]
        if draw(st.booleans()):
            exceptions.append({"date": (day + timedelta(days=1)).isoformat(),
                               "hours": [{"start": "10:00", "end": "14:00"}],
                               "reason": draw(names)})  # fmt: skip
        therapists.append({
            "key": f"t{i}", "name": draw(names),
            "email": draw(st.sampled_from([None, f"t{i}@example.org"])),
            "max_clients_per_day": draw(st.integers(1, 50)),
            "buffer_before_minutes": draw(st.integers(0, 30)),
            "status": draw(st.sampled_from(["available", "on_leave", "limited"])),
            "preferred_room": draw(st.sampled_from([None, *[r["key"] for r in rooms]])),
            "working_hours": draw(working_hours()), "exceptions": exceptions, "blocks": blocks,
        })  # fmt: skip
    clients = [
        {"key": f"c{i}", "name": draw(names),
         "phone": draw(st.sampled_from([None, f"+1555{1000000 + i * 7919}"])),
         "email": draw(st.sampled_from([None, f"Client.{i}@Example.com"])),
         "preferences": draw(st.sampled_from([{}, {"days": ["monday"], "times": "mornings"}]))}
        for i in range(draw(st.integers(1, 4)))
    ]  # fmt: skip
    sessions = []
    used: list[datetime] = []
    for i in range(draw(st.integers(0, 5))):
        # Far apart: the database refuses overlapping sessions (therapist, room, client).
        start = draw(instants.filter(lambda s: all(abs(s - u) > timedelta(hours=10) for u in used)))
        used.append(start)
        status = draw(st.sampled_from(STATUSES))
        session = {
            "reference": f"BK-2025-{i + 1:06d}",
            "therapist": draw(st.sampled_from([t["key"] for t in therapists])),
            "client": draw(st.sampled_from([c["key"] for c in clients])),
            "service": draw(st.sampled_from([s["key"] for s in services])),
            "start": format_local(start, zone) if draw(st.booleans()) else start.isoformat(),
            "room": draw(st.sampled_from([None, *[r["key"] for r in rooms]])),
            "status": status,
            "notes": draw(st.sampled_from([None, "Invoice to employer"])),
        }
        if status == "cancelled":
            session["cancelled_at"] = format_local(start - timedelta(hours=3), zone)
            session["cancellation_reason"] = draw(names)
        if i and draw(st.booleans()):
            session["rescheduled_from"] = sessions[0]["reference"]
        if draw(st.booleans()):
            session["price"] = money()
        if status in ("cancelled", "no_show") and draw(st.booleans()):
            session["fee"] = money()
            if draw(st.booleans()):
                session.update(fee_waived_by="maria", fee_waiver_reason=draw(names))
        sessions.append(session)
    payments: list[dict[str, Any]] = []
    for session in sessions:
        paid = draw(st.sampled_from([None, "file", "paid", "refunded", "pending"]))
        if paid in ("paid", "refunded", "pending"):  # an old file's typed status
            session["payment_status"] = paid
        if paid != "file":
            continue
        amount = draw(st.integers(1, 50000))
        allocated = draw(st.integers(1, amount))
        payment = {
            "receipt": f"RC-2025-{len(payments) + 1:06d}",
            "kind": "payment",
            "client": session["client"],
            "amount": format_amount(amount, currency),
            "method": draw(st.sampled_from(["cash", "card", "transfer", "other"])),
            "taken_by": "maria",
            "taken_at": session["start"],
            "allocations": [
                {"session": session["reference"], "amount": format_amount(allocated, currency)}
            ],
        }
        if draw(st.booleans()):
            payment["reference"] = draw(names)
        payments.append(payment)
        if draw(st.booleans()):  # some of it given back, taken from the session
            back = draw(st.integers(1, allocated))
            payments.append(
                {
                    **payment,
                    "receipt": f"RC-2025-{len(payments) + 1:06d}",
                    "kind": draw(st.sampled_from(["refund", "reversal"])),
                    "amount": format_amount(back, currency),
                    "reverses": payment["receipt"],
                    "reason": draw(names),
                    "allocations": [
                        {"session": session["reference"], "amount": format_amount(-back, currency)}
                    ],
                }
            )
    return {
        "clinic": {"name": draw(names), "timezone": zone_name,
                   "slot_interval_minutes": draw(st.sampled_from([5, 10, 15, 30])),
                   "currency": currency, "late_cancel_fee": fee(), "no_show_fee": fee()},
        "rooms": rooms, "services": services, "therapists": therapists, "clients": clients,
        "users": [{"username": "maria", "role": "supervisor"}],
        "sessions": sessions, "payments": payments,
    }  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(clinic=clinics())
def test_export_is_a_fixed_point_of_import(
    clinic: dict[str, Any], migrated_template: Path, tmp_path: Path
) -> None:
    exports = []
    for attempt in range(2):
        path = tmp_path / f"db-{attempt}.sqlite3"
        path.unlink(missing_ok=True)
        shutil.copyfile(migrated_template, path)
        database = Database(f"sqlite:///{path}")
        try:
            import_clinic(database, exports[-1] if exports else clinic)
            exports.append(export_clinic(database))
        finally:
            database.dispose()
    assert exports[0] == exports[1]
    # And what the file said is what was kept, to the minute.
    first = exports[0]
    zone = clinic_zone(clinic["clinic"]["timezone"])
    given = {s["reference"]: parse_datetime(s["start"], zone) for s in clinic["sessions"]}
    kept = {s["reference"]: parse_datetime(s["start"], zone) for s in first["sessions"]}
    assert kept == given
    assert {c["key"] for c in first["clients"]} == {c["key"] for c in clinic["clients"]}
    # Every payment of the file kept as it said, and an old status became payments.
    kept_payments = {p["receipt"]: p for p in first["payments"]}
    for payment in clinic["payments"]:
        assert kept_payments[payment["receipt"]]["amount"] == payment["amount"]
        assert kept_payments[payment["receipt"]]["allocations"] == payment["allocations"]
    # A session another was rescheduled from gets nothing: its chain's last one is paid.
    moved = {s.get("rescheduled_from") for s in clinic["sessions"]}
    typed = [
        s
        for s in clinic["sessions"]
        if s.get("payment_status") in ("paid", "refunded") and s["reference"] not in moved
    ]
    priced = {s["reference"]: s["price"] for s in first["sessions"]}
    expected = len(clinic["payments"]) + sum(
        (1 if s["payment_status"] == "paid" else 2)
        for s in typed
        if int(priced[s["reference"]].replace(".", "")) > 0
    )
    assert len(first["payments"]) == expected
    for therapist, exported in zip(clinic["therapists"], first["therapists"], strict=True):
        assert len(exported["working_hours"]) == len(therapist["working_hours"])
        timed = sorted(parse_datetime(b["start"], zone) for b in therapist["blocks"]
                       if not b.get("all_day"))  # fmt: skip
        back = sorted(parse_datetime(b["start"], zone) for b in exported["blocks"]
                      if not b.get("all_day"))  # fmt: skip
        assert back == timed
        assert len(exported["blocks"]) == len(therapist["blocks"])
