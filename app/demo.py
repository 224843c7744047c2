"""A realistic demo clinic, as a clinic file, so it goes through the same import (and the same
validation) as a real clinic's data. Deterministic for a given seed and `now`."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.timezones import clinic_zone, format_clock, local_to_utc
from db.enums import WEEKDAYS

DEMO_TIMEZONE = "America/New_York"
DAYS_BACK = 45
DAYS_AHEAD = 45
SLOT_MINUTES = 15

FIRST_NAMES = (
    "Sarah James Maria Daniel Aisha Lucas Emma Noah Olivia Liam Sofia Ethan Chloe Mateo Grace "
    "Omar Hannah Leo Zoe Samuel Mia Isaac Ava Julian Layla Adrian Nora Caleb Elena Miles Priya "
    "Diego Ruth Felix Amara Owen Iris Victor Leah Hugo Naomi Tariq Clara Ivan Yara Paul Mei"
).split()
LAST_NAMES = (
    "Johnson Smith Garcia Brown Lee Martinez Davis Wilson Anderson Thomas Moore Jackson White "
    "Harris Clark Lewis Walker Young Allen King Wright Lopez Hill Scott Green Adams Baker Nelson "
    "Carter Mitchell Perez Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart"
).split()
REFERRALS = ("physician", "website", "friend", "insurance directory", "school counsellor")

ROOMS: list[dict[str, Any]] = [
    {"key": "r101", "name": "Room 101", "capacity": 2, "features": []},
    {"key": "r102", "name": "Room 102", "capacity": 2, "features": ["accessible"]},
    {"key": "r103", "name": "Room 103", "capacity": 4, "features": ["family"]},
    {"key": "r201", "name": "Group Room", "capacity": 8, "features": ["family", "group"]},
    {"key": "r202", "name": "Play Room", "capacity": 3, "features": ["sandtray"]},
    {"key": "r203", "name": "Room 203", "capacity": 3, "features": ["accessible", "family"]},
]
SERVICES: list[dict[str, Any]] = [
    {
        "key": "individual",
        "name": "Individual Therapy",
        "duration_minutes": 50,
        "price": "150.00",
        "required_features": [],
    },
    {
        "key": "intake",
        "name": "Initial Assessment",
        "duration_minutes": 80,
        "price": "200.00",
        "required_features": [],
    },
    {
        "key": "couples",
        "name": "Couples Therapy",
        "duration_minutes": 80,
        "price": "180.00",
        "required_features": ["family"],
    },
    {
        "key": "family",
        "name": "Family Therapy",
        "duration_minutes": 90,
        "price": "220.00",
        "required_features": ["family"],
    },
    {
        "key": "play",
        "name": "Child Play Therapy",
        "duration_minutes": 45,
        "price": "130.00",
        "required_features": ["sandtray"],
    },
]
SERVICE_BY_KEY = {s["key"]: s for s in SERVICES}


@dataclass
class _TherapistPlan:
    key: str
    name: str
    colour: str
    days: str  # weekday letters Mo Tu We Th Fr Sa Su
    hours: list[tuple[str, str]]
    room: str
    services: dict[str, int]  # service key -> weight
    cap: int = 8
    status: str = "available"
    extra: dict[str, Any] = field(default_factory=dict)


THERAPISTS = [
    _TherapistPlan(
        "carter",
        "Dr. Emily Carter",
        "#4e79a7",
        "MoTuWeTh",
        [("09:00", "12:00"), ("13:00", "17:00")],
        "r101",
        {"individual": 6, "intake": 1, "couples": 1},
    ),
    _TherapistPlan(
        "nguyen",
        "Dr. Minh Nguyen",
        "#f28e2b",
        "MoWeFr",
        [("08:00", "12:00"), ("12:30", "16:30")],
        "r102",
        {"individual": 5, "intake": 1},
        cap=7,
    ),
    _TherapistPlan(
        "okafor",
        "Chidi Okafor, LMFT",
        "#e15759",
        "TuWeThFrSa",
        [("10:00", "14:00"), ("15:00", "19:00")],
        "r103",
        {"family": 3, "couples": 3, "individual": 2},
        cap=6,
    ),
    _TherapistPlan(
        "garcia",
        "Lucía García, LCSW",
        "#76b7b2",
        "MoTuWeThFr",
        [("13:00", "20:00")],
        "r203",
        {"individual": 5, "intake": 1, "family": 1},
        cap=6,
    ),
    _TherapistPlan(
        "schmidt",
        "Dr. Anna Schmidt",
        "#59a14f",
        "MoTuWeThFr",
        [("09:00", "13:00")],
        "r101",
        {"individual": 4, "intake": 1},
        cap=4,
    ),
    _TherapistPlan(
        "patel",
        "Dr. Ravi Patel",
        "#edc948",
        "TuThSa",
        [("09:00", "12:00"), ("13:00", "18:00")],
        "r102",
        {"individual": 4, "couples": 2, "intake": 1},
        cap=8,
    ),
    _TherapistPlan(
        "rossi",
        "Giulia Rossi, PsyD",
        "#b07aa1",
        "MoTuWeTh",
        [("11:00", "15:00"), ("16:00", "20:00")],
        "r203",
        {"individual": 5, "family": 1},
        cap=7,
        status="limited",
    ),
    _TherapistPlan(
        "kim",
        "Dr. Soo-ah Kim",
        "#ff9da7",
        "WeThFr",
        [("08:00", "12:00"), ("13:00", "16:00")],
        "r202",
        {"play": 5, "family": 1, "intake": 1},
        cap=6,
    ),
]
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
TEAM_MEETING = ("12:00", "13:00")  # every Monday, for everyone working Mondays


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _weekdays(plan: _TherapistPlan) -> list[int]:
    return [i for i, code in enumerate(DAY_CODES) if code in plan.days]


def build_demo_clinic(seed: int, now: datetime) -> dict[str, Any]:
    """The demo clinic around `now` (an aware datetime) as a clinic-file document."""
    rng = random.Random(seed)
    zone = clinic_zone(DEMO_TIMEZONE)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=DAYS_BACK)
    last_day = today + timedelta(days=DAYS_AHEAD)
    # Find the Monday on or after the first day for the recurring meeting's first occurrence.
    first_monday = first_day + timedelta(days=(7 - first_day.weekday()) % 7)

    clients = _clients(rng)
    day_off: dict[str, set[date]] = {p.key: set() for p in THERAPISTS}
    custom_hours: dict[str, dict[date, list[tuple[str, str]]]] = {p.key: {} for p in THERAPISTS}
    blocked: dict[str, list[tuple[date, date, int, int]]] = {p.key: [] for p in THERAPISTS}
    therapists = []
    for plan in THERAPISTS:
        blocks: list[dict[str, Any]] = []
        exceptions: list[dict[str, Any]] = []
        if 0 in _weekdays(plan):
            blocks.append(
                {
                    "start": f"{first_monday.isoformat()}T{TEAM_MEETING[0]}",
                    "end": f"{first_monday.isoformat()}T{TEAM_MEETING[1]}",
                    "type": "meeting",
                    "reason": "Team meeting",
                    "rrule": "FREQ=WEEKLY;BYDAY=MO",
                    "active": True,
                }
            )
        therapists.append((plan, blocks, exceptions))

    # A vacation, a training afternoon, a sick day, a day off and some custom hours.
    vacation_start = today + timedelta(days=10)
    vacation_end = vacation_start + timedelta(days=6)
    therapists[1][1].append(
        {
            "start": vacation_start.isoformat(),
            "end": vacation_end.isoformat(),
            "all_day": True,
            "type": "vacation",
            "reason": "Family trip",
            "active": True,
        }
    )
    blocked["nguyen"].append((vacation_start, vacation_end, 0, 1440))
    training_day = _next_weekday(today + timedelta(days=3), _weekdays(THERAPISTS[2]))
    therapists[2][1].append(
        {
            "start": f"{training_day.isoformat()}T15:00",
            "end": f"{training_day.isoformat()}T19:00",
            "type": "training",
            "reason": "Trauma-informed care workshop",
            "active": True,
        }
    )
    blocked["okafor"].append((training_day, training_day, _minutes("15:00"), _minutes("19:00")))
    sick_day = _next_weekday(today - timedelta(days=12), _weekdays(THERAPISTS[5]))
    therapists[5][1].append(
        {
            "start": sick_day.isoformat(),
            "end": sick_day.isoformat(),
            "all_day": True,
            "type": "sick_leave",
            "active": True,
        }
    )
    blocked["patel"].append((sick_day, sick_day, 0, 1440))
    carter_off = _next_weekday(today + timedelta(days=5), _weekdays(THERAPISTS[0]))
    therapists[0][2].append(
        {"date": carter_off.isoformat(), "available": False, "reason": "Conference"}
    )
    day_off["carter"].add(carter_off)
    rossi_custom = _next_weekday(today + timedelta(days=2), _weekdays(THERAPISTS[6]))
    therapists[6][2].append(
        {
            "date": rossi_custom.isoformat(),
            "hours": [{"start": "09:00", "end": "13:00"}],
            "reason": "School event in the evening",
        }
    )
    custom_hours["rossi"][rossi_custom] = [("09:00", "13:00")]

    sessions = _sessions(
        rng, zone, now, first_day, last_day, first_monday, clients, day_off, custom_hours, blocked
    )
    series = _series(rng, clients, today)
    return {
        "clinic": {
            "name": "Riverside Therapy Center",
            "timezone": DEMO_TIMEZONE,
            "address": "120 Riverside Drive, Suite 4, New York, NY 10024",
            "phone": "+12125550142",
            "email": "frontdesk@riverside-therapy.example",
            "phone_region": "US",
            "slot_interval_minutes": SLOT_MINUTES,
            "hold_minutes": 10,
            "cancellation_notice_hours": 24,
            "reminder_offsets_minutes": [1440, 120],
        },
        "rooms": [{**room, "active": True} for room in ROOMS],
        "services": [{**service, "active": True} for service in SERVICES],
        "therapists": [
            {
                "key": plan.key,
                "name": plan.name,
                "email": f"{plan.key}@riverside-therapy.example",
                "colour": plan.colour,
                "default_session_minutes": 50,
                "max_clients_per_day": plan.cap,
                "buffer_before_minutes": 0,
                "buffer_after_minutes": 10,
                "min_notice_minutes": 120,
                "max_advance_days": 60,
                "status": plan.status,
                "preferred_room": plan.room,
                "active": True,
                "working_hours": [
                    {"weekday": WEEKDAYS[day], "start": start, "end": end}
                    for day in _weekdays(plan)
                    for start, end in plan.hours
                ],
                "exceptions": exceptions,
                "blocks": blocks,
            }
            for plan, blocks, exceptions in therapists
        ],
        "clients": clients,
        "users": [
            {
                "username": "admin",
                "display_name": "Clinic Admin",
                "role": "admin",
                "password": "admin-demo",
            },
            {
                "username": "maria",
                "display_name": "Maria Lopez",
                "role": "supervisor",
                "password": "supervisor-demo",
            },
            {
                "username": "alex",
                "display_name": "Alex Chen",
                "role": "front_desk",
                "password": "frontdesk-demo",
            },
        ],
        "series": series,
        "sessions": sessions,
    }


def _next_weekday(day: date, weekdays: list[int]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def _clients(rng: random.Random, count: int = 300) -> list[dict[str, Any]]:
    clients = []
    used_phones: set[str] = set()
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        phone = f"+1555{rng.randrange(1000000, 9999999)}"
        while phone in used_phones:
            phone = f"+1555{rng.randrange(1000000, 9999999)}"
        used_phones.add(phone)
        client: dict[str, Any] = {
            "key": f"c{number:04d}",
            "name": f"{first} {last}",
            "phone": phone,
            "email": f"{first}.{last}.{number}@example.com".lower(),
            "preferred_channel": rng.choice(["email", "email", "sms", "phone"]),
            "language": rng.choice(["en"] * 8 + ["es"] * 2),
            "referral_source": rng.choice(REFERRALS),
        }
        if rng.random() < 0.7:
            year = rng.randrange(1950, 2016)
            client["date_of_birth"] = date(
                year, rng.randrange(1, 13), rng.randrange(1, 29)
            ).isoformat()
        if rng.random() < 0.1:
            client["notes"] = rng.choice(
                [
                    "Prefers afternoon appointments",
                    "Needs step-free access",
                    "Invoice to employer assistance programme",
                    "Call before 6 pm only",
                ]
            )
        clients.append(client)
    return clients


def _windows(
    plan: _TherapistPlan,
    day: date,
    first_monday: date,
    day_off: dict[str, set[date]],
    custom_hours: dict[str, dict[date, list[tuple[str, str]]]],
    blocked: dict[str, list[tuple[date, date, int, int]]],
) -> list[tuple[int, int]]:
    """Bookable minute ranges of a local day, after exceptions and blocks."""
    if day in day_off[plan.key]:
        return []
    if day in custom_hours[plan.key]:
        hours = custom_hours[plan.key][day]
    elif day.weekday() in _weekdays(plan):
        hours = plan.hours
    else:
        return []
    windows = [(_minutes(start), _minutes(end)) for start, end in hours]
    cuts = [
        (b_start, b_end)
        for first, last, b_start, b_end in blocked[plan.key]
        if first <= day <= last
    ]
    if day.weekday() == 0 and day >= first_monday:
        cuts.append((_minutes(TEAM_MEETING[0]), _minutes(TEAM_MEETING[1])))
    for cut_start, cut_end in cuts:
        pieces = []
        for start, end in windows:
            if cut_end <= start or end <= cut_start:
                pieces.append((start, end))
                continue
            if start < cut_start:
                pieces.append((start, cut_start))
            if cut_end < end:
                pieces.append((cut_end, end))
        windows = pieces
    return windows


def _sessions(
    rng: random.Random,
    zone: Any,
    now: datetime,
    first_day: date,
    last_day: date,
    first_monday: date,
    clients: list[dict[str, Any]],
    day_off: dict[str, set[date]],
    custom_hours: dict[str, dict[date, list[tuple[str, str]]]],
    blocked: dict[str, list[tuple[date, date, int, int]]],
) -> list[dict[str, Any]]:
    room_features = {room["key"]: set(room["features"]) for room in ROOMS}
    # Each therapist has a caseload; clients come back to the same therapist.
    caseloads: dict[str, list[str]] = {plan.key: [] for plan in THERAPISTS}
    for index, record in enumerate(clients):
        caseloads[THERAPISTS[index % len(THERAPISTS)].key].append(record["key"])
    seen_clients: set[str] = set()
    planned: list[dict[str, Any]] = []
    busy_rooms: dict[tuple[str, date], list[tuple[int, int]]] = {}
    busy_clients: dict[tuple[str, date], list[tuple[int, int]]] = {}
    day = first_day
    while day <= last_day:
        for plan in THERAPISTS:
            windows = _windows(plan, day, first_monday, day_off, custom_hours, blocked)
            target = rng.randint(max(1, plan.cap // 2), plan.cap)
            placed = 0
            last_end = -(10**6)
            for start_window, end_window in windows:
                minute = start_window
                while minute < end_window and placed < target:
                    if minute < last_end + 10 or rng.random() < 0.3:
                        minute += SLOT_MINUTES
                        continue
                    client = rng.choice(caseloads[plan.key])
                    first = client not in seen_clients
                    service_key = (
                        "intake"
                        if first
                        else rng.choices(list(plan.services), weights=list(plan.services.values()))[
                            0
                        ]
                    )
                    end = minute + SERVICE_BY_KEY[service_key]["duration_minutes"]
                    required = set(SERVICE_BY_KEY[service_key]["required_features"])
                    room = _free_room(
                        plan.room, required, room_features, busy_rooms, day, minute, end
                    )
                    if (
                        end > end_window
                        or room is None
                        or not _is_free(busy_clients.get((client, day), []), minute, end)
                    ):
                        minute += SLOT_MINUTES
                        continue
                    busy_rooms.setdefault((room, day), []).append((minute, end))
                    busy_clients.setdefault((client, day), []).append((minute, end))
                    start_local = datetime.combine(day, datetime.min.time()) + timedelta(
                        minutes=minute
                    )
                    planned.append(
                        {
                            "therapist": plan.key,
                            "client": client,
                            "service": service_key,
                            "start_local": start_local,
                            "duration": end - minute,
                            "room": room,
                            "first": first,
                        }
                    )
                    seen_clients.add(client)
                    placed += 1
                    last_end = end
                    minute = end + 10
                    minute += (-minute) % SLOT_MINUTES
        day += timedelta(days=1)

    sessions = []
    counters: dict[int, int] = {}
    for item in sorted(planned, key=lambda p: (p["start_local"], p["therapist"])):
        wall_start: datetime = item["start_local"]
        start = local_to_utc(wall_start, zone)
        end = start + timedelta(minutes=item["duration"])
        year = (wall_start - timedelta(days=14)).year
        counters[year] = counters.get(year, 0) + 1
        session: dict[str, Any] = {
            "reference": f"BK-{year}-{counters[year]:06d}",
            "therapist": item["therapist"],
            "client": item["client"],
            "service": item["service"],
            "start": wall_start.isoformat(timespec="minutes"),
            "room": item["room"],
            "type": "initial" if item["first"] else "follow_up",
        }
        _set_status(rng, session, start, end, now, zone)
        sessions.append(session)
    return sessions


def _free_room(
    preferred: str,
    required: set[str],
    room_features: dict[str, set[str]],
    busy: dict[tuple[str, date], list[tuple[int, int]]],
    day: date,
    start: int,
    end: int,
) -> str | None:
    candidates = [
        preferred,
        *sorted((r for r in room_features if r != preferred), key=lambda r: len(room_features[r])),
    ]
    for room in candidates:
        if not required <= room_features[room]:
            continue
        if _is_free(busy.get((room, day), []), start, end):
            return room
    return None


def _is_free(busy: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= b_start or b_end <= start for b_start, b_end in busy)


def _set_status(
    rng: random.Random,
    session: dict[str, Any],
    start: datetime,
    end: datetime,
    now: datetime,
    zone: Any,
) -> None:
    roll = rng.random()
    if end <= now:
        if roll < 0.85:
            session["status"] = "completed"
            session["payment_status"] = "paid" if rng.random() < 0.9 else "pending"
        elif roll < 0.91:
            session["status"] = "no_show"
        else:
            _cancel(rng, session, start, zone)
    elif start <= now:
        session["status"] = "in_progress"
    elif roll < 0.05:
        _cancel(rng, session, start, zone, latest=now)
    else:
        session["status"] = "confirmed" if roll < 0.45 else "scheduled"


def _cancel(
    rng: random.Random,
    session: dict[str, Any],
    start: datetime,
    zone: Any,
    latest: datetime | None = None,
) -> None:
    hours_before = rng.choice([2, 5, 20, 30, 48, 72, 120])
    cancelled_at = start - timedelta(hours=hours_before)
    if latest is not None and cancelled_at > latest:
        cancelled_at = latest - timedelta(hours=1)
    session["status"] = "cancelled"
    session["cancelled_at"] = (
        cancelled_at.astimezone(zone).replace(tzinfo=None).isoformat(timespec="minutes")
    )
    session["cancellation_reason"] = rng.choice(
        ["Client unwell", "Work conflict", "Transport problem", "Family emergency"]
    )
    session["late_cancellation"] = hours_before < 24


def _series(rng: random.Random, clients: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """A few weekly clients (the generation job books their sessions)."""
    series = []
    for number, plan in enumerate(THERAPISTS[:6], start=1):
        weekday = _weekdays(plan)[0]
        start_date = _next_weekday(today + timedelta(days=50), [weekday])
        first_window = plan.hours[-1]
        minute = _minutes(first_window[0])
        meeting = _minutes(TEAM_MEETING[0]), _minutes(TEAM_MEETING[1])
        if weekday == 0 and meeting[0] <= minute < meeting[1]:
            minute = meeting[1]  # not inside the Monday team meeting: it would never book
        series.append(
            {
                "key": f"weekly-{plan.key}",
                "therapist": plan.key,
                "client": clients[(number * 37) % len(clients)]["key"],
                "service": "individual" if "individual" in plan.services else "play",
                "frequency": "weekly" if number % 3 else "biweekly",
                "weekday": WEEKDAYS[weekday],
                "time": format_clock(minute),
                "start_date": start_date.isoformat(),
                "end_date": None,
                "price": SERVICE_BY_KEY["individual"]["price"],
                "active": True,
            }
        )
    rng.shuffle(series)
    return sorted(series, key=lambda s: s["key"])
