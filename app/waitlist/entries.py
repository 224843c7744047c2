"""Adding, removing and closing waitlist entries (docs/clients.md, Waitlist).

An entry is open until it closes as `booked` (the desk booked an offer, or the client has
since been booked a session that satisfies it), `expired` (its range is over) or `removed`.
Its stored matches go when it closes. Every change is audited as a `waitlist_entry`, naming
the client by id only (an erasure then has nothing personal to take out of it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.audit import change_entry, record_change, record_changes
from app.booking.loader import load_clinic
from app.i18n import desk_formats, translate
from app.timezones import check_year
from app.waitlist.matching import match_entries, zone_if_any
from app.waitlist.rules import (
    ANY_WEEKDAY,
    WaitlistInputError,
    Wish,
    format_between,
    weekday_codes,
    weekday_words,
)
from db.engine import Database
from db.enums import SessionStatus
from db.models import Client, Service, Therapist, TherapySession, WaitlistEntry, WaitlistMatch

log = logging.getLogger(__name__)

MAX_RANGE_DAYS = 366  # a year, a leap one included
JOBS_ACTOR = "jobs"
ENTITY = "waitlist_entry"


@dataclass(frozen=True)
class WaitlistRequest:
    client_id: int
    service_id: int
    therapist_id: int | None  # None: any therapist
    weekdays: int  # bit i = WEEKDAY_CODES[i]; ANY_WEEKDAY for any
    earliest_minute: int | None  # the session fits in [earliest, latest) of its day
    latest_minute: int | None
    from_date: date
    to_date: date  # inclusive


def _check_request(request: WaitlistRequest) -> None:
    """What the request says on its own, before anything is read."""
    if not 1 <= request.weekdays <= ANY_WEEKDAY:
        raise WaitlistInputError(translate("Waitlist", "name at least one weekday (or any)"))
    earliest, latest = request.earliest_minute, request.latest_minute
    if (earliest is None) != (latest is None):
        raise WaitlistInputError(
            translate("Waitlist", "a time range needs both its start and its end")
        )
    if earliest is not None and latest is not None and not (0 <= earliest < latest <= 1440):
        raise WaitlistInputError(
            translate("Waitlist", "the time range must lie within one day and end after it starts")
        )
    try:
        check_year(request.from_date)
        check_year(request.to_date)
    except ValueError as error:
        raise WaitlistInputError(str(error)) from None
    if request.to_date < request.from_date:
        raise WaitlistInputError(
            translate(
                "Waitlist", "the date range ends ({to_date}) before it starts ({from_date})"
            ).format(to_date=request.to_date, from_date=request.from_date)
        )
    if (request.to_date - request.from_date).days > MAX_RANGE_DAYS:
        raise WaitlistInputError(
            translate("Waitlist", "a waitlist entry covers at most a year; add another one later")
        )
    wish = Wish(request.weekdays, None, None, request.from_date, request.to_date)
    days = min(7, (request.to_date - request.from_date).days + 1)
    if not any(wish.takes_day(request.from_date + timedelta(days=i)) for i in range(days)):
        raise WaitlistInputError(
            translate("Waitlist", "none of the days from {first} to {last} falls on {days}").format(
                first=desk_formats().day_month_year(request.from_date),
                last=desk_formats().day_month_year(request.to_date),
                days=weekday_words(request.weekdays),
            )
        )


def add_entry(database: Database, request: WaitlistRequest, *, actor: str, now: datetime) -> int:
    """Put a client on the waitlist; returns the entry's id. The entry is matched at once,
    so a start that already fits is offered without waiting for something to free up."""
    _check_request(request)
    with database.write() as session:
        clinic = load_clinic(session)
        today = now.astimezone(clinic.zone).date()
        if request.to_date < today:
            raise WaitlistInputError(
                translate("Waitlist", "the date range ended on {to_date}, before today").format(
                    to_date=request.to_date
                )
            )
        client = session.get(Client, request.client_id)
        if client is None:
            raise WaitlistInputError(
                translate("Waitlist", "no client with id {client_id}").format(
                    client_id=request.client_id
                )
            )
        if client.erased_at is not None:
            raise WaitlistInputError(
                translate("Waitlist", "this client's record was erased; they cannot wait")
            )
        if client.archived_at is not None:
            raise WaitlistInputError(
                translate(
                    "Waitlist",
                    "this client is archived: bring them back first, then add them to the waitlist",
                )
            )
        service = session.get(Service, request.service_id)
        if service is None or not service.active:
            raise WaitlistInputError(
                translate("Waitlist", "no active service with id {service_id}").format(
                    service_id=request.service_id
                )
            )
        therapist = None
        if request.therapist_id is not None:
            therapist = session.get(Therapist, request.therapist_id)
            if therapist is None or not therapist.active:
                raise WaitlistInputError(
                    translate("Waitlist", "no active therapist with id {therapist_id}").format(
                        therapist_id=request.therapist_id
                    )
                )
        if request.earliest_minute is not None and request.latest_minute is not None:
            window = request.latest_minute - request.earliest_minute
            if window < service.duration_minutes:
                between = format_between(request.earliest_minute, request.latest_minute, "–")
                raise WaitlistInputError(
                    translate(
                        "Waitlist",
                        "{between} is shorter than the service ({name}: "
                        "{duration_minutes} minutes)",
                    ).format(
                        between=between,
                        name=service.name,
                        duration_minutes=service.duration_minutes,
                    )
                )
        entry = WaitlistEntry(
            client_id=client.id,
            service_id=service.id,
            therapist_id=therapist.id if therapist else None,
            weekdays=request.weekdays,
            earliest_minute=request.earliest_minute,
            latest_minute=request.latest_minute,
            from_date=request.from_date,
            to_date=request.to_date,
            created_at=now,
            created_by=actor,
        )
        session.add(entry)
        session.flush()
        entry_id = entry.id
        record_change(
            session,
            actor=actor,
            action="waitlist.add",
            entity_type=ENTITY,
            entity_id=entry_id,
            after={
                "client_id": client.id,
                "service": service.key,
                "therapist": therapist.key if therapist else None,
                "weekdays": weekday_codes(request.weekdays),
                "between": format_between(request.earliest_minute, request.latest_minute),
                "from": request.from_date.isoformat(),
                "to": request.to_date.isoformat(),
            },
        )
    try:
        match_entries(database, now, entry_ids=[entry_id])
    except Exception:  # the entry is in; the jobs' sweep matches it in a few minutes
        log.exception("matching a new waitlist entry failed")
    return entry_id


def remove_entry(database: Database, entry_id: int, *, actor: str, now: datetime) -> None:
    """Take an entry off the waitlist (closed as `removed`; kept for the record)."""
    with database.write() as session:
        _close(session, entry_id, "removed", None, now)
        record_change(
            session,
            actor=actor,
            action="waitlist.remove",
            entity_type=ENTITY,
            entity_id=entry_id,
            after={"closed": "removed"},
        )


def close_entry_booked(
    database: Database, entry_id: int, session_id: int, *, actor: str, now: datetime
) -> None:
    """The desk booked an offer: the entry closes as `booked` with that session. An entry
    closed as booked already is left as it is (the jobs' sweep may have seen the booking
    first): the booking is what counts."""
    with database.write() as session:
        # Locked for the turn (where rows are locked), so the sweep cannot close it meanwhile.
        entry = session.get(WaitlistEntry, entry_id, with_for_update=True)
        if entry is None:
            raise WaitlistInputError(
                translate("Waitlist", "no waitlist entry {entry_id}").format(entry_id=entry_id)
            )
        if entry.closed_reason == "booked":
            return
        booked = session.get(TherapySession, session_id)
        if booked is None or booked.status == SessionStatus.CANCELLED:
            raise WaitlistInputError(
                translate("Waitlist", "no live session with id {session_id}").format(
                    session_id=session_id
                )
            )
        if booked.client_id != entry.client_id:
            raise WaitlistInputError(translate("Waitlist", "that session is another client's"))
        _close(session, entry_id, "booked", session_id, now)
        record_change(
            session,
            actor=actor,
            action="waitlist.booked",
            entity_type=ENTITY,
            entity_id=entry_id,
            after={"closed": "booked", "session_id": session_id},
        )


def _close(
    session: Session, entry_id: int, reason: str, session_id: int | None, now: datetime
) -> None:
    if not _closed(session, entry_id, reason, session_id, now):
        was = session.scalar(
            select(WaitlistEntry.closed_reason).where(WaitlistEntry.id == entry_id)
        )
        if was is None:
            raise WaitlistInputError(
                translate("Waitlist", "no waitlist entry {entry_id}").format(entry_id=entry_id)
            )
        raise WaitlistInputError(
            translate("Waitlist", "waitlist entry {entry_id} is closed already ({was})").format(
                entry_id=entry_id, was=_closed_word(was)
            )
        )
    session.execute(delete(WaitlistMatch).where(WaitlistMatch.entry_id == entry_id))


def _closed_word(reason: str) -> str:
    """Why an entry closed, as a word in the desk's language (the stored value otherwise)."""
    words = {
        "booked": translate("Waitlist", "booked"),
        "expired": translate("Waitlist", "expired"),
        "removed": translate("Waitlist", "removed"),
    }
    return words.get(reason, reason)


def _closed(
    session: Session, entry_id: int, reason: str, session_id: int | None, now: datetime
) -> bool:
    """Close the entry if it is open; whether it was (one statement: no read first)."""
    closing = (
        update(WaitlistEntry)
        .where(WaitlistEntry.id == entry_id, WaitlistEntry.closed_at.is_(None))
        .values(closed_at=now, closed_reason=reason, session_id=session_id)
        .returning(WaitlistEntry.id)
    )
    return session.execute(closing).first() is not None


def close_entries_of_client(session: Session, client_id: int, now: datetime) -> int:
    """In the caller's transaction: the client waits for nothing any more (archived, erased),
    so open entries close as `removed` and their stored matches go, as when the desk removes
    one. Returns how many closed."""
    entries = list(session.scalars(select(WaitlistEntry.id).where(
        WaitlistEntry.client_id == client_id, WaitlistEntry.closed_at.is_(None))))  # fmt: skip
    if entries:
        session.execute(update(WaitlistEntry).where(WaitlistEntry.id.in_(entries))
                        .values(closed_at=now, closed_reason="removed"))  # fmt: skip
        session.execute(delete(WaitlistMatch).where(WaitlistMatch.entry_id.in_(entries)))
    return len(entries)


def _close_many(
    database: Database, closing: dict[int, int | None], reason: str, now: datetime
) -> int:
    """Close entries the jobs found done (entry → its session, if booked); one that
    something else closed meanwhile is left as it is. Returns how many this call closed."""
    if not closing:
        return 0
    closed = []
    with database.write() as session:
        for entry_id, session_id in closing.items():
            if _closed(session, entry_id, reason, session_id, now):
                closed.append(entry_id)
        if closed:
            session.execute(delete(WaitlistMatch).where(WaitlistMatch.entry_id.in_(closed)))
            after: dict[int, dict[str, Any]] = {
                i: {"closed": reason, **({"session_id": closing[i]} if closing[i] else {})}
                for i in closed
            }
            record_changes(
                session,
                [
                    change_entry(JOBS_ACTOR, f"waitlist.{reason}", ENTITY, i, after=after[i])
                    for i in closed
                ],
            )
    return len(closed)


def expire_entries(database: Database, now: datetime) -> int:
    """Close the open entries whose range ended before today (the clinic's date)."""
    with database.read() as session:
        zone = zone_if_any(session)
        if zone is None:
            return 0
        today = now.astimezone(zone).date()
        ended = session.scalars(
            select(WaitlistEntry.id).where(
                WaitlistEntry.closed_at.is_(None), WaitlistEntry.to_date < today
            )
        ).all()
    return _close_many(database, dict.fromkeys(ended), "expired", now)


# Sessions booked for a waiting client after the entry: the service, and its therapist if named.
_BOOKED_SINCE = (
    select(
        WaitlistEntry.id,
        WaitlistEntry.weekdays,
        WaitlistEntry.earliest_minute,
        WaitlistEntry.latest_minute,
        WaitlistEntry.from_date,
        WaitlistEntry.to_date,
        TherapySession.id,
        TherapySession.starts_at,
        TherapySession.ends_at,
    )
    .join(
        TherapySession,
        (TherapySession.client_id == WaitlistEntry.client_id)
        & (TherapySession.service_id == WaitlistEntry.service_id)
        & (TherapySession.created_at > WaitlistEntry.created_at),
    )
    .where(
        WaitlistEntry.closed_at.is_(None),
        TherapySession.status != SessionStatus.CANCELLED,
        WaitlistEntry.therapist_id.is_(None)
        | (WaitlistEntry.therapist_id == TherapySession.therapist_id),
    )
    .order_by(WaitlistEntry.id, TherapySession.starts_at)
)


def close_fulfilled(database: Database, now: datetime) -> int:
    """Close as `booked` the entries whose client has since been booked a session that
    satisfies them (booked at the command line, or at the desk without the offer)."""
    with database.read() as session:
        zone = zone_if_any(session)
        if zone is None:
            return 0
        closing: dict[int, int | None] = {}
        for row in session.execute(_BOOKED_SINCE):
            entry_id, weekdays, earliest, latest, first, last, session_id, starts, ends = row
            if entry_id in closing:
                continue
            wish = Wish(weekdays, earliest, latest, first, last)
            if wish.fits(starts.astimezone(zone), ends.astimezone(zone)):
                closing[entry_id] = session_id
    return _close_many(database, closing, "booked", now)
