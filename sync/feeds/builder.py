"""One VCALENDAR per therapist, room or clinic, read from the database at request time.

Times are written in UTC (`…Z`), which every reader interprets alike; the clinic's zone is
still given (VTIMEZONE and X-WR-TIMEZONE) as the calendar's display zone. Event identity is
the session's `calendar_uid` (random, no personal data), SEQUENCE its revision, so a moved
session is one event whose SEQUENCE rises. Cancelled sessions leave the feed, the signal
subscribers act on reliably, unless the clinic keeps them listed a few days as cancelled.
DTSTAMP is the row's last change, not the request time: unchanged data gives a byte-identical
feed, which makes the ETag meaningful.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vDuration
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.feeds import FeedScope, FeedTokenError
from app.scheduling.blocks import block_occurrences
from app.scheduling.model import BlockRule
from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.enums import BlockType, SessionStatus
from db.models import (
    BlockedTime,
    Client,
    ClinicSettings,
    Room,
    Service,
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
# A feed may be on a wall screen: sick leave and personal time say only "Away".
BLOCK_SUMMARY = {
    BlockType.VACATION: "Vacation",
    BlockType.MEETING: "Meeting",
    BlockType.TRAINING: "Training",
    BlockType.SICK_LEAVE: "Away",
    BlockType.PERSONAL: "Away",
    BlockType.OTHER: "Busy",
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
    owner = _owner_name(session, scope)
    today = now.astimezone(settings.zone).date()
    window_start = day_start_utc(today - timedelta(days=settings.days_back), settings.zone)
    window_end = day_start_utc(today + timedelta(days=settings.days_ahead + 1), settings.zone)
    name = settings.clinic_name if owner is None else f"{owner} — {settings.clinic_name}"

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.zone.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(
        Timezone.from_tzinfo(settings.zone, first_date=window_start.date(),
                             last_date=window_end.date())
    )  # fmt: skip
    count = 0
    for event in _session_events(session, scope, settings, window_start, window_end, now):
        calendar.add_component(event)
        count += 1
    if settings.show_blocks and scope.kind != "room":
        for event in _block_events(session, scope, settings, window_start, window_end):
            calendar.add_component(event)
            count += 1
    body = calendar.to_ical()
    return Feed(body, hashlib.sha256(body).hexdigest(), name, count)


def _settings(session: Session) -> _FeedSettings:
    row = session.execute(
        select(
            ClinicSettings.name,
            ClinicSettings.timezone,
            ClinicSettings.feed_full_names,
            ClinicSettings.feed_days_back,
            ClinicSettings.feed_days_ahead,
            ClinicSettings.feed_cancelled_days,
            ClinicSettings.feed_show_blocks,
        ).where(ClinicSettings.id == 1)
    ).first()
    if row is None:
        raise LookupError("the database holds no clinic yet (import one or run `frontdesk demo`)")
    name, zone, *rest = row
    return _FeedSettings(name, clinic_zone(zone), *rest)


def _owner_name(session: Session, scope: FeedScope) -> str | None:
    if scope.kind == "clinic":
        return None
    model = Therapist if scope.kind == "therapist" else Room
    found = session.scalar(select(model.name).where(model.key == scope.key))
    if found is None:
        raise FeedTokenError(f"no {scope.kind} with key {scope.key!r}")
    return found


def _session_events(
    session: Session,
    scope: FeedScope,
    settings: _FeedSettings,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
) -> list[Event]:
    later = aliased(TherapySession)
    moved_on = exists().where(later.rescheduled_from_id == TherapySession.id)
    listed = TherapySession.status != SessionStatus.CANCELLED
    if settings.cancelled_days:
        # Kept as cancelled for a while, unless it was moved: its successor carries the uid.
        listed = or_(
            listed,
            and_(
                TherapySession.cancelled_at >= now - timedelta(days=settings.cancelled_days),
                ~moved_on,
            ),
        )
    query = (
        select(
            TherapySession.calendar_uid,
            TherapySession.reference,
            TherapySession.starts_at,
            TherapySession.ends_at,
            TherapySession.status,
            TherapySession.revision,
            TherapySession.created_at,
            TherapySession.updated_at,
            Service.name,
            Room.name,
            Therapist.name,
            Client.name,
        )
        .join(Service, Service.id == TherapySession.service_id)
        .join(Therapist, Therapist.id == TherapySession.therapist_id)
        .join(Client, Client.id == TherapySession.client_id)
        .outerjoin(Room, Room.id == TherapySession.room_id)
        .where(
            TherapySession.starts_at >= window_start,
            TherapySession.starts_at < window_end,
            listed,
        )
        .order_by(TherapySession.starts_at, TherapySession.id)
    )
    if scope.kind == "therapist":
        query = query.where(Therapist.key == scope.key)
    elif scope.kind == "room":
        query = query.where(Room.key == scope.key)
    events = []
    for row in session.execute(query):
        uid, reference, starts, ends, status, revision, created, updated, *names = row
        service, room, therapist, client = names
        event = Event()
        event.add("uid", session_uid(uid))
        event.add("dtstamp", updated)
        event.add("dtstart", starts)
        event.add("dtend", ends)
        event.add("summary", _summary(scope, settings, service, therapist, client))
        if room:
            event.add("location", room)
        event.add("status", CALENDAR_STATUS[status])
        event.add("sequence", revision - 1)
        event.add("created", created)
        event.add("last-modified", updated)
        event.add("categories", [service])
        event.add("description", f"Booking {reference}")
        event.add("transp", "TRANSPARENT" if status == SessionStatus.CANCELLED else "OPAQUE")
        events.append(event)
    return events


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
) -> list[Event]:
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
            event = Event()
            event.add("uid", f"block-{block_id}-{start:%Y%m%dT%H%M%SZ}@{UID_DOMAIN}")
            event.add("dtstamp", created)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("summary", summary)
            event.add("transp", "OPAQUE")
            events.append(event)
    return events
