"""Finding a client as the receptionist types (docs/clients.md, Search).

Each keystroke reads `clients.search_text` (name, email, key and phone digits, folded:
db/search_text.py). First the clients whose name starts with the text, a range of its B-tree
index read in order: instant, and often enough ("ma" starts hundreds of names). Otherwise one
query finds every client the text matches and ranks them in the database (PostgreSQL through
the trigram index; SQLite in one pass over the index alone, the column being short), and the
details of the first few are read by id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, or_, select

from db.engine import Database
from db.models import Client, TherapySession
from db.search_text import fold

SEARCH_LIMIT = 25

# A booking reference as typed so far: "BK-", "BK-20", "BK-2026-0000"...
_REFERENCE_START = re.compile(r"BK-(\d{1,4}|\d{4}-\d{0,6})?")
_REFERENCE_SHAPE = "BK-0000-000000"
# A phone number as people type one: digits, spaces and ( ) - . / +
_PHONE = re.compile(r"[\d\s().+/-]+")
# Shorter text is looked for at the starts of words only (inside words it is in half the
# clinic's names); a phone number from its third digit (fewer find too many to be of use).
_SHORTEST_INSIDE_WORDS = 3
_FEWEST_DIGITS = 3
_AFTER_EVERYTHING = "\U0010ffff"  # sorts after any other character, byte by byte

_clients = Client.__table__.c
_COLUMNS = (_clients.id, _clients.key, _clients.name, _clients.phone, _clients.email,
            _clients.archived_at, _clients.search_text)  # fmt: skip


@dataclass(frozen=True)
class ClientMatch:
    id: int
    key: str
    name: str
    phone: str | None
    email: str | None
    archived: bool = False

    @property
    def label(self) -> str:
        contact = " · ".join(part for part in (self.phone, self.email) if part)
        return f"{self.name} ({contact})" if contact else self.name


def client_match(client: Client) -> ClientMatch:
    return ClientMatch(
        client.id,
        client.key,
        client.name,
        client.phone,
        client.email,
        archived=client.archived_at is not None,
    )


def find_clients(
    database: Database,
    text: str,
    limit: int = SEARCH_LIMIT,
    *,
    include_archived: bool = False,
) -> list[ClientMatch]:
    """Clients the receptionist may mean by `text`, best first:

    - a booking reference, or its start (`BK-2026-0000`): the clients of those bookings,
      in reference order; otherwise
    1. the client whose key it is;
    2. those whose name starts with it (`joh`: John Smith);
    3. those with a later word starting with it (Mary Johnson), or the start of their
       email, key or phone digits;
    4. from three characters on, those with it inside a word, and for a phone number (three
       digits or more, typed with spaces, dashes or brackets, with or without the country
       code or a leading 0) those with its digits anywhere in theirs;

    alphabetically (by the folded name) within each. Case and accents do not matter.
    Archived clients only when asked; an erased client by its new key alone, typed whole
    (it is archived too)."""
    search = _Search(text, include_archived)
    if not search.needle or limit <= 0:
        return []
    with database.read() as session:
        connection = session.connection()
        if search.is_reference():
            found = search.by_reference(connection, limit)
        else:
            found = search.by_text(connection, limit)
    return _matches(found)[:limit]


class _Search:
    """One search: what was typed, folded, and the condition of each tier."""

    def __init__(self, text: str, include_archived: bool) -> None:
        self.text = text
        self.needle = fold(text)
        self.include_archived = include_archived
        column = _clients.search_text
        inside = []
        if _PHONE.fullmatch(text.strip()):
            digits = re.sub(r"\D", "", text)
            # only the digits are stored; a national number's leading 0s (or an
            # international 00) are not among them
            self.needle = digits if len(digits) >= _FEWEST_DIGITS else ""
            numbers = dict.fromkeys((digits, digits.lstrip("0")))
            inside = [number for number in numbers if len(number) >= _FEWEST_DIGITS]
        elif len(self.needle) >= _SHORTEST_INSIDE_WORDS:
            inside = [self.needle]
        escaped = _escape(self.needle)
        self.name_start = and_(column >= self.needle, column < self.needle + _AFTER_EVERYTHING)
        self.word_start = column.like(f"% {escaped}%", escape="\\")
        # every match: it includes whatever the name's and the words' starts find
        if inside:
            self.anywhere = or_(*(column.like(f"%{_escape(n)}%", escape="\\") for n in inside))
        else:  # "contains" first: cheaper to test than a start after a space
            contains = column.like(f"%{escaped}%", escape="\\")
            self.anywhere = and_(contains, or_(self.name_start, self.word_start))

    def by_text(self, connection: Connection, limit: int) -> list[Any]:
        exact = self._read(connection, _clients.key == self.text.strip().lower(), 1)
        # the names that start with it, read in the index's order: often enough
        found = exact + self._read(connection, self.name_start, limit + len(exact))
        if len(_matches(found)) >= limit:
            return found
        # one pass (SQLite: over the index alone) ranks every match; then the first ones
        # are read
        rank = case((self.name_start, 0), (self.word_start, 1), else_=2)
        best = self._visible(
            select(_clients.id)
            .where(self.anywhere)
            .order_by(rank, _clients.search_text, _clients.id)
            .limit(limit + len(exact))
        )
        ids = list(connection.scalars(best))
        rows = {row.id: row for row in self._read(connection, _clients.id.in_(ids), len(ids))}
        return exact + [rows[id_] for id_ in ids]

    def _read(
        self, connection: Connection, condition: ColumnElement[bool], limit: int
    ) -> list[Any]:
        query = select(*_COLUMNS).where(condition).order_by(_clients.search_text, _clients.id)
        return list(connection.execute(self._visible(query).limit(limit)))

    def _visible(self, query: Select[Any]) -> Select[Any]:
        if self.include_archived:
            return query
        return query.where(_clients.archived_at.is_(None))

    def is_reference(self) -> bool:
        return _REFERENCE_START.fullmatch(self.text.strip().upper()) is not None

    def by_reference(self, connection: Connection, limit: int) -> list[Any]:
        """The clients of the bookings whose reference starts with the text, in reference
        order (never an erased client: its bookings no longer lead to it)."""
        typed = self.text.strip().upper()
        # every reference has the same shape, so those starting with `typed` lie between
        # these two whatever the collation
        rest = _REFERENCE_SHAPE[len(typed) :]
        lowest, highest = typed + rest, typed + rest.replace("0", "9")
        sessions = TherapySession.__table__.c
        query = (
            select(*_COLUMNS)
            .join_from(Client.__table__, TherapySession.__table__)
            .where(sessions.reference.between(lowest, highest), _clients.erased_at.is_(None))
            .order_by(sessions.reference)
            .limit(limit * 4)  # a client may have several of them
        )
        return list(connection.execute(self._visible(query)))


def _matches(rows: Iterable[Any]) -> list[ClientMatch]:
    """Each client once, in the order first found."""
    found: dict[int, ClientMatch] = {}
    for row in rows:
        if row.id not in found:
            found[row.id] = ClientMatch(
                row.id, row.key, row.name, row.phone, row.email,
                archived=row.archived_at is not None,
            )  # fmt: skip
    return list(found.values())


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
