"""What the front desk sees for one day: every session, in the clinic's local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.timezones import clinic_zone, day_start_utc
from db.engine import Database
from db.models import Client, ClinicSettings, Room, Service, Therapist, TherapySession


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
        room = aliased(Room)
        rows = session.execute(
            select(
                TherapySession.reference,
                TherapySession.starts_at,
                TherapySession.ends_at,
                Therapist.name,
                Therapist.colour,
                Client.name,
                Service.name,
                room.name,
                TherapySession.status,
            )
            .join(Therapist, Therapist.id == TherapySession.therapist_id)
            .join(Client, Client.id == TherapySession.client_id)
            .join(Service, Service.id == TherapySession.service_id)
            .outerjoin(room, room.id == TherapySession.room_id)
            .where(TherapySession.starts_at >= start, TherapySession.starts_at < end)
            .order_by(TherapySession.starts_at, Therapist.name)
        ).all()
        return [
            AgendaRow(
                reference=r[0],
                starts_at=r[1].astimezone(zone),
                ends_at=r[2].astimezone(zone),
                therapist=r[3],
                therapist_colour=r[4],
                client=r[5],
                service=r[6],
                room=r[7],
                status=r[8].value,
            )
            for r in rows
        ]
