"""What the front desk sees for one day: every session, in the clinic's local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.money.accounts import payment_marker
from app.money.ledger import clinic_currency, session_charges
from app.session_rows import with_names
from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.models import ClinicSettings, Therapist, TherapySession


@dataclass(frozen=True)
class ClinicInfo:
    name: str
    timezone: str


@dataclass(frozen=True)
class AgendaRow:
    reference: str
    starts_at: datetime  # aware, clinic local time
    ends_at: datetime
    therapist: str
    therapist_colour: str
    client: str
    service: str
    room: str | None
    status: str
    payment: str = ""  # "Paid", "40.00 due", or nothing (app.money.accounts.payment_marker)


def clinic_info(database: Database) -> ClinicInfo | None:
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        return ClinicInfo(settings.name, settings.timezone) if settings else None


def day_agenda(database: Database, day: date) -> list[AgendaRow]:
    """Sessions starting on local date `day`, ordered by start then therapist (one query)."""
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        if settings is None:
            return []
        zone = clinic_zone(settings.timezone)
        start, end = day_start_utc(day, zone), day_start_utc(day + timedelta(days=1), zone)
        query = with_names(
            select(
                TherapySession.id,
                TherapySession.reference,
                TherapySession.starts_at,
                TherapySession.ends_at,
                TherapySession.status,
                Therapist.colour,
            )
        ).where(TherapySession.starts_at >= start, TherapySession.starts_at < end)
        rows = session.execute(query.order_by(TherapySession.starts_at, Therapist.name)).all()
        charges = session_charges(session, [r.id for r in rows])  # one query for the day
        currency = clinic_currency(session)
        return [
            AgendaRow(
                reference=r.reference,
                starts_at=r.starts_at.astimezone(zone),
                ends_at=r.ends_at.astimezone(zone),
                therapist=r.therapist,
                therapist_colour=r.colour,
                client=r.client,
                service=r.service,
                room=r.room,
                status=r.status.value,
                payment=payment_marker(charges[r.id], currency),
            )
            for r in rows
        ]
