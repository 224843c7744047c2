"""A series in words for the desk: "Every Monday 09:00 with Dr. Emily Carter", its state and
its next booked occurrences (the session panel and the series editor show them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.booking.loader import load_clinic
from app.scheduling.recurrence import MonthlyMode
from db.engine import Database
from db.enums import Frequency, SessionStatus
from db.models import Client, RecurringSeries, Therapist, TherapySession

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class SeriesView:
    key: str
    summary: str  # "Every Monday 09:00 with Dr. Emily Carter"
    state: str  # active | paused | ended
    next_starts: tuple[datetime, ...]  # the next booked occurrences, local time


def describe_series(series: RecurringSeries, therapist_name: str) -> str:
    clock = f"{series.start_minute // 60:02d}:{series.start_minute % 60:02d}"
    day = DAY_NAMES[series.weekday]
    frequency = series.frequency
    if frequency == Frequency.WEEKLY:
        head = f"Every {day}"
    elif frequency == Frequency.BIWEEKLY:
        head = f"Every other {day}"
    elif frequency == Frequency.EVERY_N_DAYS:
        head = f"Every {series.interval_days} days"
    elif series.monthly_mode == MonthlyMode.WEEKDAY:
        ordinal = (series.start_date.day - 1) // 7
        which = ("first", "second", "third", "fourth", "last")[ordinal]
        head = f"Monthly on the {which} {day}"
    else:
        head = f"Monthly on day {series.start_date.day}"
    text = f"{head} {clock} with {therapist_name}"
    if series.end_date:
        text += f", until {series.end_date:%d %b %Y}"
    return text


def series_views(
    database: Database,
    now: datetime,
    *,
    client_key: str | None = None,
    session_reference: str | None = None,
    upcoming: int = 3,
) -> list[SeriesView]:
    """A client's series (or the one a session belongs to) in words, with the next
    booked occurrences — what the session panel and the series editor show."""
    with database.read() as session:
        zone = load_clinic(session).zone
        query = select(RecurringSeries, Therapist.name).join(
            Therapist, Therapist.id == RecurringSeries.therapist_id
        )
        if session_reference is not None:
            query = query.join(
                TherapySession, TherapySession.series_id == RecurringSeries.id
            ).where(TherapySession.reference == session_reference)
        if client_key is not None:
            query = query.join(Client, Client.id == RecurringSeries.client_id).where(
                Client.key == client_key
            )
        views = []
        for series, therapist_name in session.execute(query.order_by(RecurringSeries.id)):
            starts = session.scalars(
                select(TherapySession.starts_at)
                .where(
                    TherapySession.series_id == series.id,
                    TherapySession.starts_at > now,
                    TherapySession.status != SessionStatus.CANCELLED,
                )
                .order_by(TherapySession.starts_at)
                .limit(upcoming)
            )
            state = "ended" if not series.active else "paused" if series.paused_since else "active"
            views.append(
                SeriesView(
                    series.key,
                    describe_series(series, therapist_name),
                    state,
                    tuple(s.astimezone(zone) for s in starts),
                )
            )
        return views
