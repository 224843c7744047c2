"""A series in words for the desk: "Every Monday 09:00 with Dr. Emily Carter", its state and
its next booked occurrences (the session panel and the series editor show them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.booking.loader import load_clinic
from app.i18n import desk_formats, translate
from app.scheduling.recurrence import MonthlyMode
from db.engine import Database
from db.enums import Frequency, SessionStatus
from db.models import Client, RecurringSeries, Therapist, TherapySession

_A_MONDAY = date(2024, 1, 1)  # weekday names are asked of the locale for this week's days


@dataclass(frozen=True)
class SeriesView:
    key: str
    summary: str  # "Every Monday 09:00 with Dr. Emily Carter"
    state: str  # active | paused | ended
    next_starts: tuple[datetime, ...]  # the next booked occurrences, local time


def weekday_word(weekday: int) -> str:
    """ "Monday" for 0 … "Sunday" for 6, in the desk's locale ("lunes")."""
    return desk_formats().weekday(_A_MONDAY + timedelta(days=weekday))


def nth_weekday_words(n: int, weekday: int) -> str:
    """ "the first Monday", "the last Friday" (n = -1): one whole phrase per ordinal, since a
    translation agrees the ordinal with the day in its own way ("el primer lunes")."""
    phrases = {
        1: translate("Series", "the first {weekday}"),
        2: translate("Series", "the second {weekday}"),
        3: translate("Series", "the third {weekday}"),
        4: translate("Series", "the fourth {weekday}"),
        5: translate("Series", "the fifth {weekday}"),
        -1: translate("Series", "the last {weekday}"),
    }
    phrase = phrases.get(n) or translate("Series", "the {n}th {weekday}")
    return phrase.format(n=n, weekday=weekday_word(weekday))


def describe_series(series: RecurringSeries, therapist_name: str) -> str:
    """ "Every Monday 09:00 with Dr. Emily Carter, until 30 Jun 2027", in the desk's
    language (the session panel, the series editor, the client's profile)."""
    clock = f"{series.start_minute // 60:02d}:{series.start_minute % 60:02d}"
    day = weekday_word(series.weekday)
    frequency = series.frequency
    if frequency == Frequency.WEEKLY:
        head = translate("Series", "Every {weekday}").format(weekday=day)
    elif frequency == Frequency.BIWEEKLY:
        head = translate("Series", "Every other {weekday}").format(weekday=day)
    elif frequency == Frequency.EVERY_N_DAYS:
        head = translate("Series", "Every {count} days").format(count=series.interval_days)
    elif series.monthly_mode == MonthlyMode.WEEKDAY:
        ordinal = (series.start_date.day - 1) // 7  # the fifth occurrence is the last
        which = nth_weekday_words((1, 2, 3, 4, -1)[ordinal], series.weekday)
        head = translate("Series", "Monthly on {the_nth_weekday}").format(the_nth_weekday=which)
    else:
        head = translate("Series", "Monthly on day {day}").format(day=series.start_date.day)
    if series.end_date:
        return translate("Series", "{head} {clock} with {therapist}, until {end}").format(
            head=head,
            clock=clock,
            therapist=therapist_name,
            end=desk_formats().padded_date(series.end_date),
        )
    return translate("Series", "{head} {clock} with {therapist}").format(
        head=head, clock=clock, therapist=therapist_name
    )


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
