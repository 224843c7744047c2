"""The clients list before anything is typed (docs/desk.md, Clients): a first page by name.

Alphabetical, not "most recently added": the list is something to scroll and sort, and a
client just added is found by typing a few letters of the name anyway. Erased clients are
left out, as search leaves them out (only their new key finds them)."""

from __future__ import annotations

from sqlalchemy import select

from app.clients.finding import ClientMatch, client_match
from db.engine import Database
from db.models import Client

FIRST_PAGE = 200


def clients_by_name(
    database: Database, limit: int = FIRST_PAGE, *, include_archived: bool = False
) -> list[ClientMatch]:
    """The first `limit` clients by name (then key, so equal names keep one order)."""
    query = select(Client).where(Client.erased_at.is_(None))
    if not include_archived:
        query = query.where(Client.archived_at.is_(None))
    with database.read() as session:
        found = session.scalars(query.order_by(Client.name, Client.key).limit(limit))
        return [client_match(client) for client in found]
