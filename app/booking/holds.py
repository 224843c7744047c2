"""Holds: a start kept aside for the clinic's hold time while staff are on the phone, so
other desks see it held and cannot take it."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.booking.alternatives import Request, refusal_with_alternatives, schedule_around
from app.booking.loader import load_clinic, service_needs
from app.booking.lookups import by_key, on_the_minute, therapist_for_booking
from app.booking.model import HoldResult
from app.booking.turns import in_transaction
from app.booking.wording import reason_sentence, start_words
from app.scheduling.placement import check_start
from db.engine import Database, DatabaseBusyError
from db.models import BookingHold, Client, Service


def hold(
    database: Database,
    therapist_key: str,
    service_key: str,
    start: datetime,
    *,
    actor: str,
    now: datetime,
    client_key: str | None = None,
) -> HoldResult:
    """Keep a start aside for the clinic's hold time; refused like a booking if not free."""

    def work(session: Session) -> HoldResult:
        clinic = load_clinic(session)
        therapist = therapist_for_booking(session, therapist_key)
        service = by_key(session, Service, service_key, "service")
        client = by_key(session, Client, client_key, "client") if client_key else None
        assert isinstance(service, Service)
        begin = on_the_minute(start)
        needs = service_needs(service)
        schedule = schedule_around(session, clinic, therapist, begin, now, 0)
        verdict = check_start(schedule, begin, needs).verdict
        if verdict.failures:
            message = reason_sentence(verdict, therapist.name, start_words(begin, clinic.zone))
            asked = Request(client.id if isinstance(client, Client) else None)
            raise refusal_with_alternatives(
                therapist.key, needs, begin, now, verdict.status.value, message, asked
            )
        record = BookingHold(
            therapist_id=therapist.id,
            service_id=service.id,
            client_id=client.id if isinstance(client, Client) else None,
            starts_at=begin,
            ends_at=begin + timedelta(minutes=needs.duration_minutes),
            expires_at=now + timedelta(minutes=clinic.settings.hold_minutes),
            held_by=actor,
        )
        session.add(record)
        session.flush()
        return HoldResult(record.id, record.starts_at, record.ends_at, record.expires_at)

    return in_transaction(database, work)


def release_hold(database: Database, hold_id: int) -> bool:
    """Give a held start back (the call ended without a booking)."""
    with database.write() as session:
        found = session.get(BookingHold, hold_id)
        if found is None:
            return False
        session.delete(found)
        return True


def release_hold_patiently(
    database: Database, hold_id: int, *, attempts: int = 4, pause_seconds: float = 2.0
) -> bool:
    """Give a held start back, trying again while another desk keeps the database busy: a
    hold nobody gives back keeps its start from every desk until it lapses (the clinic's hold
    time, 10 minutes by default). For a background thread (it may sleep between tries)."""
    for attempt in range(attempts):
        try:
            return release_hold(database, hold_id)
        except DatabaseBusyError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause_seconds)
    return False


def expire_holds(database: Database, now: datetime) -> int:
    """Delete holds that have lapsed (they already stopped counting at `expires_at`)."""
    with database.write() as session:
        expired = list(session.scalars(select(BookingHold).where(BookingHold.expires_at <= now)))
        for item in expired:
            session.delete(item)
        return len(expired)
