"""Waitlist entries as the desk and the command line list them, with their names joined in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.waitlist.rules import Wish, describe_wish
from db.engine import Database
from db.models import Client, Service, Therapist, WaitlistEntry


@dataclass(frozen=True)
class WaitlistLine:
    id: int
    client_id: int
    client_key: str
    client_name: str
    service_id: int
    service_key: str
    service_name: str
    therapist_id: int | None
    therapist_key: str | None
    therapist_name: str | None
    weekdays: int
    earliest_minute: int | None
    latest_minute: int | None
    from_date: date
    to_date: date
    created_at: datetime
    closed_at: datetime | None
    closed_reason: str | None

    @property
    def wish(self) -> Wish:
        return Wish(
            self.weekdays, self.earliest_minute, self.latest_minute, self.from_date, self.to_date
        )

    def describe(self) -> str:
        """ "Any therapist · Mon, Wed · 09:00–12:00 · 1–31 Dec"."""
        return describe_wish(self.therapist_name, self.wish)


_Named = aliased(Therapist)
_LINES = (
    select(
        WaitlistEntry.id,
        WaitlistEntry.client_id,
        Client.key,
        Client.name,
        WaitlistEntry.service_id,
        Service.key,
        Service.name,
        WaitlistEntry.therapist_id,
        _Named.key,
        _Named.name,
        WaitlistEntry.weekdays,
        WaitlistEntry.earliest_minute,
        WaitlistEntry.latest_minute,
        WaitlistEntry.from_date,
        WaitlistEntry.to_date,
        WaitlistEntry.created_at,
        WaitlistEntry.closed_at,
        WaitlistEntry.closed_reason,
    )
    .join(Client, Client.id == WaitlistEntry.client_id)
    .join(Service, Service.id == WaitlistEntry.service_id)
    .outerjoin(_Named, _Named.id == WaitlistEntry.therapist_id)
    # longest waiting first
    .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
)


def waitlist_entries(
    database: Database, *, client_id: int | None = None, include_closed: bool = False
) -> list[WaitlistLine]:
    """Entries longest waiting first (the order the inbox offers them in); open ones only
    unless `include_closed`."""
    with database.read() as session:
        return read_lines(session, client_id=client_id, include_closed=include_closed)


def read_lines(
    session: Session,
    *,
    client_id: int | None = None,
    include_closed: bool = False,
    ids: Iterable[int] | None = None,
) -> list[WaitlistLine]:
    query = _LINES
    if client_id is not None:
        query = query.where(WaitlistEntry.client_id == client_id)
    if not include_closed:
        query = query.where(WaitlistEntry.closed_at.is_(None))
    if ids is not None:
        query = query.where(WaitlistEntry.id.in_(list(ids)))
    rows: list[Any] = list(session.execute(query))  # the columns in WaitlistLine's order
    return [WaitlistLine(*row) for row in rows]
