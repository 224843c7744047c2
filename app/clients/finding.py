"""Finding a client as the receptionist types (docs/clients.md, Search)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from db.engine import Database
from db.models import Client, TherapySession

SEARCH_LIMIT = 25


@dataclass(frozen=True)
class ClientMatch:
    id: int
    key: str
    name: str
    phone: str | None
    email: str | None

    @property
    def label(self) -> str:
        contact = " · ".join(part for part in (self.phone, self.email) if part)
        return f"{self.name} ({contact})" if contact else self.name


def client_match(client: Client) -> ClientMatch:
    return ClientMatch(client.id, client.key, client.name, client.phone, client.email)


def find_clients(database: Database, text: str, limit: int = SEARCH_LIMIT) -> list[ClientMatch]:
    """Clients whose name, phone, email or key contains `text`, or whose booking has that
    reference; names starting with it first."""
    needle = text.strip()
    if not needle:
        return []
    pattern = f"%{_escape(needle.lower())}%"
    digits = re.sub(r"\D", "", needle)
    with database.read() as session:
        conditions = [
            func.lower(Client.name).like(pattern, escape="\\"),
            func.lower(Client.email).like(pattern, escape="\\"),
            func.lower(Client.key).like(pattern, escape="\\"),
        ]
        if len(digits) >= 3:
            conditions.append(Client.phone.like(f"%{digits}%"))
        starts_first = func.lower(Client.name).like(f"{_escape(needle.lower())}%", escape="\\")
        found = list(
            session.scalars(
                select(Client)
                .where(or_(*conditions))
                .order_by(starts_first.desc(), Client.name)
                .limit(limit)
            )
        )
        if needle.upper().startswith("BK-"):
            booked = session.scalar(
                select(Client)
                .join(TherapySession, TherapySession.client_id == Client.id)
                .where(TherapySession.reference == needle.upper())
            )
            if booked is not None and booked not in found:
                found.insert(0, booked)
        return [client_match(c) for c in found]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
