"""What the demo clinic is made of: its rooms, services and eight therapists with their own
days, hours, rooms and mix of services, and the names its clients are drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from db.enums import Role

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


@dataclass(frozen=True)
class DemoUser:
    """A staff user of the demo; the password is public (README, the demo's sign-in dialog)."""

    username: str
    display_name: str
    role: Role
    password: str


# In the demo file's order (its users' ids follow it); the sign-in dialog offers the least
# powerful first.
DEMO_USERS = (
    DemoUser("admin", "Clinic Admin", Role.ADMIN, "admin-demo"),
    DemoUser("maria", "Maria Lopez", Role.SUPERVISOR, "supervisor-demo"),
    DemoUser("alex", "Alex Chen", Role.FRONT_DESK, "frontdesk-demo"),
)


@dataclass
class TherapistPlan:
    key: str
    name: str
    colour: str
    days: str  # weekday letters Mo Tu We Th Fr Sa Su
    hours: list[tuple[str, str]]
    room: str
    services: dict[str, int]  # service key -> weight
    cap: int = 8
    status: str = "available"


THERAPISTS = [
    TherapistPlan(
        "carter",
        "Dr. Emily Carter",
        "#4e79a7",
        "MoTuWeTh",
        [("09:00", "12:00"), ("13:00", "17:00")],
        "r101",
        {"individual": 6, "intake": 1, "couples": 1},
    ),
    TherapistPlan(
        "nguyen",
        "Dr. Minh Nguyen",
        "#f28e2b",
        "MoWeFr",
        [("08:00", "12:00"), ("12:30", "16:30")],
        "r102",
        {"individual": 5, "intake": 1},
        cap=7,
    ),
    TherapistPlan(
        "okafor",
        "Chidi Okafor, LMFT",
        "#e15759",
        "TuWeThFrSa",
        [("10:00", "14:00"), ("15:00", "19:00")],
        "r103",
        {"family": 3, "couples": 3, "individual": 2},
        cap=6,
    ),
    TherapistPlan(
        "garcia",
        "Lucía García, LCSW",
        "#76b7b2",
        "MoTuWeThFr",
        [("13:00", "20:00")],
        "r203",
        {"individual": 5, "intake": 1, "family": 1},
        cap=6,
    ),
    TherapistPlan(
        "schmidt",
        "Dr. Anna Schmidt",
        "#59a14f",
        "MoTuWeThFr",
        [("09:00", "13:00")],
        "r101",
        {"individual": 4, "intake": 1},
        cap=4,
    ),
    TherapistPlan(
        "patel",
        "Dr. Ravi Patel",
        "#edc948",
        "TuThSa",
        [("09:00", "12:00"), ("13:00", "18:00")],
        "r102",
        {"individual": 4, "couples": 2, "intake": 1},
        cap=8,
    ),
    TherapistPlan(
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
    TherapistPlan(
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
PLAN_BY_KEY = {plan.key: plan for plan in THERAPISTS}
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
TEAM_MEETING = ("12:00", "13:00")  # every Monday, for everyone working Mondays


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def weekdays_of(plan: TherapistPlan) -> list[int]:
    return [i for i, code in enumerate(DAY_CODES) if code in plan.days]


def next_weekday(day: date, weekdays: list[int]) -> date:
    """The first of `weekdays` on or after `day`."""
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day
