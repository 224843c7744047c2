"""One VCALENDAR per therapist, room or clinic, read from the database at request time.

Times are written in UTC (`…Z`), which every reader interprets alike; the clinic's zone is
still given (VTIMEZONE and X-WR-TIMEZONE) as the calendar's display zone. Event identity is
the session's `calendar_uid` (random, no personal data), SEQUENCE its revision, so a moved
session is one event whose SEQUENCE rises. A cancelled session stays listed as
`STATUS:CANCELLED` for `feed_cancelled_days` after its cancellation (30 unless the admin
says otherwise), so a subscriber that holds the event sees it cancelled rather than
guessing from its absence; then it leaves.
DTSTAMP is the row's last change, not the request time: unchanged data gives a byte-identical
feed, which makes the ETag meaningful.

`icalendar` writes the calendar's head and its VTIMEZONE; the events, thousands per feed,
are written here as content lines (RFC 5545 escaping and 75-octet folding), because building
an `icalendar.Event` per session costs about 0.3 ms and a busy therapist's feed holds 2,000.
The tests read every feed back with `icalendar` and with `vobject`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration
from sqlalchemy import Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.feeds import FEED_SETTING_COLUMNS, FeedScope, feed_settings_in, scope_owner
from app.scheduling.blocks import block_occurrences
from app.scheduling.model import BlockRule
from app.session_rows import with_names
from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.enums import BlockType, SessionStatus
from db.models import (
    BlockedTime,
    ClinicSettings,
    Room,
    Therapist,
    TherapySession,
)

PRODID = "-//Clinic Front Desk//Calendar feed//EN"
UID_DOMAIN = "frontdesk.invalid"
REFRESH = timedelta(minutes=15)

CALENDAR_STATUS = {
    SessionStatus.SCHEDULED: "TENTATIVE",
    SessionStatus.CONFIRMED: "CONFIRMED",
    SessionStatus.IN_PROGRESS: "CONFIRMED",
    SessionStatus.COMPLETED: "CONFIRMED",
    SessionStatus.NO_SHOW: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
}
# The block's type, never its reason (a reason may say more than a calendar should).
BLOCK_SUMMARY = {
    BlockType.VACATION: "Vacation",
    BlockType.MEETING: "Meeting",
    BlockType.TRAINING: "Training",
    BlockType.SICK_LEAVE: "Sick leave",
    BlockType.PERSONAL: "Personal",
    BlockType.OTHER: "Blocked",
}


class Feed(NamedTuple):
    body: bytes
    etag: str  # SHA-256 of the body
    name: str
    events: int


class _FeedSettings(NamedTuple):
    clinic_name: str
    zone: ZoneInfo
    full_names: bool
    days_back: int
    days_ahead: int
    cancelled_days: int
    show_blocks: bool


def session_uid(calendar_uid: str) -> str:
    """The iCalendar UID of a booking; email invites use the same one."""
    return f"{calendar_uid}@{UID_DOMAIN}"


def client_initials(name: str) -> str:
    """ "Jane van der Berg" → "J.B."; privacy mode's stand-in for a client's name."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    letters = [words[0][0]] if len(words) == 1 else [words[0][0], words[-1][0]]
    return "".join(f"{letter.upper()}." for letter in letters)


def build_feed(database: Database, scope: FeedScope, now: datetime) -> Feed:
    """The feed for `scope` as the database is now (no cache: what a subscriber gets is
    what the front desk sees)."""
    with database.read() as session:
        return feed_in(session, scope, now)


def feed_in(session: Session, scope: FeedScope, now: datetime) -> Feed:
    settings = _settings(session)
    owner = scope_owner(session, scope)
    today = now.astimezone(settings.zone).date()
    window_start = day_start_utc(today - timedelta(days=settings.days_back), settings.zone)
    window_end = day_start_utc(today + timedelta(days=settings.days_ahead + 1), settings.zone)
    name = settings.clinic_name if owner is None else f"{owner.name} — {settings.clinic_name}"

    events = _session_events(session, scope, settings, window_start, window_end, now)
    if settings.show_blocks and scope.kind != "room":
        events += _block_events(session, scope, settings, window_start, window_end)
    head = _calendar_head(name, settings.zone.key, window_start.date(), window_end.date())
    body = b"".join([head, *events, _CALENDAR_END])
    return Feed(body, hashlib.sha256(body).hexdigest(), name, len(events))


_CALENDAR_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=256)
def _calendar_head(name: str, zone_name: str, first_day: date, last_day: date) -> bytes:
    """The calendar's properties and VTIMEZONE, up to its events. Kept per name, zone and
    window (they change daily at most): writing them takes longer than a small feed's
    events, and a poller asks every 15 minutes."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone_name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    zone = clinic_zone(zone_name)
    calendar.add_component(Timezone.from_tzinfo(zone, first_date=first_day, last_date=last_day))
    whole = calendar.to_ical()
    assert whole.endswith(_CALENDAR_END)
    return whole[: -len(_CALENDAR_END)]


_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def text_value(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says."""
    return value.translate(_ESCAPES)


def utc_value(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def content_line(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _event(lines: list[str]) -> bytes:
    return b"".join(content_line(line) for line in ["BEGIN:VEVENT", *lines, "END:VEVENT"])


_SETTINGS_QUERY = select(ClinicSettings.name, ClinicSettings.timezone, *FEED_SETTING_COLUMNS)


def _settings(session: Session) -> _FeedSettings:
    row = session.execute(_SETTINGS_QUERY).first()
    if row is None:
        feed_settings_in(session)  # refuses a database without a clinic, with its message
    assert row is not None
    name, zone, *options = row
    return _FeedSettings(name, clinic_zone(zone), *options)


def _session_events(
    session: Session,
    scope: FeedScope,
    settings: _FeedSettings,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> list[bytes]:
    query = _sessions_query(scope.kind, bool(settings.cancelled_days))
    values = {
        "window_start": window_start,
        "window_end": window_end,
        "cancelled_since": now - timedelta(days=settings.cancelled_days),
        "scope_key": scope.key,
    }
    rows = session.execute(query, values)
    events = []
    for row in rows:
        # the names last, as `with_names` appends them
        (uid, reference, starts, ends, status, revision, created, updated,
         service, room, therapist, client) = row  # fmt: skip
        summary = _summary(scope, settings, service, therapist, client)
        lines = [
            f"UID:{session_uid(uid)}",
            f"DTSTAMP:{utc_value(updated)}",
            f"DTSTART:{utc_value(starts)}",
            f"DTEND:{utc_value(ends)}",
            f"SUMMARY:{text_value(summary)}",
        ]
        if room:
            lines.append(f"LOCATION:{text_value(room)}")
        lines += [
            f"STATUS:{CALENDAR_STATUS[status]}",
            f"SEQUENCE:{revision - 1}",
            f"CREATED:{utc_value(created)}",
            f"LAST-MODIFIED:{utc_value(updated)}",
            f"CATEGORIES:{text_value(service)}",
            f"DESCRIPTION:{text_value(f'Booking {reference}')}",
            f"TRANSP:{'TRANSPARENT' if status == SessionStatus.CANCELLED else 'OPAQUE'}",
        ]
        events.append(_event(lines))
    return events


@cache
def _sessions_query(scope_kind: str, with_cancelled: bool) -> Select[*tuple[Any, ...]]:
    """The sessions of a feed, as one statement per kind of scope, made once: building it
    (joins, an alias) cost as long as running it. The window, the scope's key and the
    cancellations' cut-off are bound per request."""
    listed = TherapySession.status != SessionStatus.CANCELLED
    if with_cancelled:
        # Kept as cancelled for a while, unless it was moved: its successor carries the uid.
        later = aliased(TherapySession)
        moved_on = exists().where(later.rescheduled_from_id == TherapySession.id)
        listed = or_(
            listed,
            and_(TherapySession.cancelled_at >= bindparam("cancelled_since"), ~moved_on),
        )
    query: Select[*tuple[Any, ...]] = (
        with_names(
            select(
                TherapySession.calendar_uid,
                TherapySession.reference,
                TherapySession.starts_at,
                TherapySession.ends_at,
                TherapySession.status,
                TherapySession.revision,
                TherapySession.created_at,
                TherapySession.updated_at,
            )
        )
        .where(
            TherapySession.starts_at >= bindparam("window_start"),
            TherapySession.starts_at < bindparam("window_end"),
            listed,
        )
        .order_by(TherapySession.starts_at, TherapySession.id)
    )
    if scope_kind == "therapist":
        query = query.where(Therapist.key == bindparam("scope_key"))
    elif scope_kind == "room":
        query = query.where(Room.key == bindparam("scope_key"))
    return query


def _summary(
    scope: FeedScope, settings: _FeedSettings, service: str, therapist: str, client: str
) -> str:
    if scope.kind == "room":
        return f"{service} · {therapist}"  # rooms are for anyone passing by: no client
    who = client if settings.full_names else client_initials(client)
    if scope.kind == "clinic":
        return f"{service} · {who} · {therapist}"
    return f"{service} · {who}"


def _block_events(
    session: Session,
    scope: FeedScope,
    settings: _FeedSettings,
    window_start: datetime,
    window_end: datetime,
) -> list[bytes]:
    query = (
        select(
            BlockedTime.id,
            BlockedTime.starts_at,
            BlockedTime.ends_at,
            BlockedTime.block_type,
            BlockedTime.rrule,
            BlockedTime.created_at,
            Therapist.name,
        )
        .join(Therapist, Therapist.id == BlockedTime.therapist_id)
        .where(
            BlockedTime.active.is_(True),
            BlockedTime.starts_at < window_end,
            or_(BlockedTime.rrule.is_not(None), BlockedTime.ends_at > window_start),
        )
        .order_by(BlockedTime.id)
    )
    if scope.kind == "therapist":
        query = query.where(Therapist.key == scope.key)
    events = []
    for block_id, starts, ends, block_type, rrule, created, therapist in session.execute(query):
        rule = BlockRule(starts, ends, block_type.value, rrule, None)
        summary = BLOCK_SUMMARY[block_type]
        if scope.kind == "clinic":
            summary = f"{summary} · {therapist}"
        for start, end in block_occurrences(rule, settings.zone, window_start, window_end):
            lines = [
                f"UID:block-{block_id}-{utc_value(start)}@{UID_DOMAIN}",
                f"DTSTAMP:{utc_value(created)}",
                f"DTSTART:{utc_value(start)}",
                f"DTEND:{utc_value(end)}",
                f"SUMMARY:{text_value(summary)}",
                "TRANSP:OPAQUE",
            ]
            events.append(_event(lines))
    return events
