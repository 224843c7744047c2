"""The demo clinic's sessions: planned day by day inside what each therapist's calendar
leaves bookable, each in a free room that suits its service and never double-booking a
client, then given the status a real clinic's history would show around `now`."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from app.demo.calendars import DemoCalendars
from app.demo.plans import ROOMS, SERVICE_BY_KEY, SLOT_MINUTES, THERAPISTS
from app.timezones import local_to_utc


def demo_sessions(
    rng: random.Random,
    zone: Any,
    now: datetime,
    first_day: date,
    last_day: date,
    clients: list[dict[str, Any]],
    calendars: DemoCalendars,
) -> list[dict[str, Any]]:
    """Sessions from `first_day` to `last_day`: each therapist fills part of each day with
    clients of their own caseload, a client's first session being an intake; sessions that
    have ended by `now` are completed, missed or cancelled, later ones booked."""
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
            windows = calendars.windows(plan, day)
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
            rng.random()  # once a typed payment status: drawn still, so a seed's sessions stay
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
