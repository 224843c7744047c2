"""The demo clinic as one clinic file, so it goes through the same import (and the same
validation) as a real clinic's data. Deterministic for a given seed and `now`."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from app.demo.calendars import demo_calendars
from app.demo.money import LATE_CANCEL_FEE, NO_SHOW_FEE, demo_money
from app.demo.plans import (
    DAYS_AHEAD,
    DAYS_BACK,
    DEMO_TIMEZONE,
    DEMO_USERS,
    FIRST_NAMES,
    LAST_NAMES,
    REFERRALS,
    ROOMS,
    SERVICE_BY_KEY,
    SERVICES,
    SLOT_MINUTES,
    TEAM_MEETING,
    THERAPISTS,
    minutes_of,
    next_weekday,
    weekdays_of,
)
from app.demo.sessions import demo_sessions
from app.timezones import clinic_zone, format_clock
from db.enums import WEEKDAYS


def build_demo_clinic(seed: int, now: datetime) -> dict[str, Any]:
    """The demo clinic around `now` (an aware datetime) as a clinic-file document."""
    rng = random.Random(seed)
    zone = clinic_zone(DEMO_TIMEZONE)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(days=DAYS_BACK)
    last_day = today + timedelta(days=DAYS_AHEAD)
    clients = _clients(rng)  # the random draws come in this order: clients, sessions, series
    calendars = demo_calendars(today, first_day)
    sessions = demo_sessions(rng, zone, now, first_day, last_day, clients, calendars)
    series = _series(rng, clients, today)
    payments = demo_money(seed, zone, now, sessions)  # its own random stream
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
            "currency": "USD",
            "late_cancel_fee": LATE_CANCEL_FEE,
            "no_show_fee": NO_SHOW_FEE,
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
                    for day in weekdays_of(plan)
                    for start, end in plan.hours
                ],
                "exceptions": calendars.exceptions[plan.key],
                "blocks": calendars.blocks[plan.key],
            }
            for plan in THERAPISTS
        ],
        "clients": clients,
        "users": [
            {
                "username": user.username,
                "display_name": user.display_name,
                "role": user.role.value,
                "password": user.password,
            }
            for user in DEMO_USERS
        ],
        "series": series,
        "sessions": sessions,
        "payments": payments,
    }


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
        if number % 50 == 17:  # moved away, stopped coming: out of search, history kept
            client["archived"] = True
        clients.append(client)
    return clients


def _series(rng: random.Random, clients: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """A few weekly clients (the generation job books their sessions)."""
    series = []
    for number, plan in enumerate(THERAPISTS[:6], start=1):
        weekday = weekdays_of(plan)[0]
        start_date = next_weekday(today + timedelta(days=50), [weekday])
        first_window = plan.hours[-1]
        minute = minutes_of(first_window[0])
        meeting = minutes_of(TEAM_MEETING[0]), minutes_of(TEAM_MEETING[1])
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
