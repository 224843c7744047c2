"""Calendar feeds as the clinic manages them: what a feed covers and who may subscribe.

A subscription is a random token in a URL (`/feeds/<token>.ics`). Only its SHA-256 is
stored, so the token is shown once, when it is made; a lost one is revoked and replaced.
Building the calendar itself is `sync.feeds`; this module decides which feed a token opens.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.audit import record_change
from app.auth.staff import authorise
from app.i18n import translate
from db.engine import Database
from db.enums import Role
from db.models import ClinicSettings, FeedToken, Room, Therapist

ScopeKind = Literal["therapist", "room", "clinic"]
TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")
FEED_PATH = re.compile(r"^/feeds/(?P<token>[A-Za-z0-9_-]{16,128})\.ics$")


class FeedScope(NamedTuple):
    """One therapist's sessions, one room's, or the whole clinic's."""

    kind: ScopeKind
    key: str | None = None

    def describe(self) -> str:
        """ "the whole clinic", "therapist carter", "room r102", in the desk's language."""
        if self.kind == "clinic":
            return translate("Feeds", "the whole clinic")
        sentence = (
            translate("Feeds", "therapist {key}")
            if self.kind == "therapist"
            else translate("Feeds", "room {key}")
        )
        return sentence.format(key=self.key)


class FeedTokenError(LookupError):
    """A token or scope that does not exist; the message is safe to show."""


class CreatedToken(NamedTuple):
    id: int
    token: str
    scope: FeedScope

    @property
    def path(self) -> str:
        return feed_path(self.token)


class TokenInfo(NamedTuple):
    """A subscription as listed to an admin: never the token itself."""

    id: int
    scope: FeedScope
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


def feed_path(token: str) -> str:
    return f"/feeds/{token}.ics"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def token_from(text: str) -> str:
    """The token in what a user pasted: the token, the `/feeds/….ics` path or the full URL."""
    candidate = text.strip()
    if "/feeds/" in candidate:
        candidate = candidate[candidate.index("/feeds/") :].split("?", 1)[0]
        match = FEED_PATH.match(candidate)
        if match:
            return match.group("token")
    elif TOKEN_PATTERN.fullmatch(candidate):
        return candidate
    raise FeedTokenError(translate("Feeds", "that is not a feed token or feed URL"))


class ScopeOwner(NamedTuple):
    id: int
    name: str


def scope_owner(session: Session, scope: FeedScope) -> ScopeOwner | None:
    """The therapist or room a feed is about (None for the whole clinic); an unknown key is
    refused with its name."""
    if scope.kind == "clinic":
        return None
    model = Therapist if scope.kind == "therapist" else Room
    found = session.execute(select(model.id, model.name).where(model.key == scope.key)).first()
    if found is None:
        raise FeedTokenError(
            (
                translate("Feeds", "no therapist with key {key!r}")
                if scope.kind == "therapist"
                else translate("Feeds", "no room with key {key!r}")
            ).format(key=scope.key)
        )
    return ScopeOwner(*found)


def _scope_ids(session: Session, scope: FeedScope) -> tuple[int | None, int | None]:
    owner = scope_owner(session, scope)
    if owner is None:
        return None, None
    return (owner.id, None) if scope.kind == "therapist" else (None, owner.id)


def create_token(database: Database, scope: FeedScope, *, actor: str) -> CreatedToken:
    """A new subscription URL for `scope`; the token is returned once and stored hashed."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with database.write() as session:
        therapist_id, room_id = _scope_ids(session, scope)
        row = FeedToken(
            token_hash=hash_token(token),
            scope=scope.kind,
            therapist_id=therapist_id,
            room_id=room_id,
            created_by=actor,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            actor=actor,
            action="feed_token.create",
            entity_type="feed_token",
            entity_id=row.id,
            after={"scope": scope.kind, "key": scope.key},
        )
        return CreatedToken(row.id, token, scope)


def revoke_token(
    database: Database,
    *,
    actor: str,
    now: datetime,
    token: str | None = None,
    token_id: int | None = None,
) -> TokenInfo:
    """Stop a subscription at once (the server looks the token up on every request)."""
    if (token is None) == (token_id is None):
        raise ValueError("give either the token or its id")
    with database.write() as session:
        query = select(FeedToken)
        if token is not None:
            query = query.where(FeedToken.token_hash == hash_token(token_from(token)))
        else:
            query = query.where(FeedToken.id == token_id)
        row = session.scalar(query)
        if row is None:
            raise FeedTokenError(translate("Feeds", "no such feed token"))
        if row.revoked_at is None:
            row.revoked_at = now
            record_change(
                session,
                actor=actor,
                action="feed_token.revoke",
                entity_type="feed_token",
                entity_id=row.id,
                before={"revoked": False},
                after={"revoked": True},
            )
        return _info(session, row)


def list_tokens(database: Database) -> list[TokenInfo]:
    with database.read() as session:
        rows = session.scalars(select(FeedToken).order_by(FeedToken.id)).all()
        return [_info(session, row) for row in rows]


def _info(session: Session, row: FeedToken) -> TokenInfo:
    return TokenInfo(
        row.id, _scope_of(session, row), row.created_at, row.created_by, row.revoked_at
    )


def _scope_of(session: Session, row: FeedToken) -> FeedScope:
    if row.therapist_id is not None:
        return FeedScope("therapist", session.get_one(Therapist, row.therapist_id).key)
    if row.room_id is not None:
        return FeedScope("room", session.get_one(Room, row.room_id).key)
    return FeedScope("clinic")


class Subscription(NamedTuple):
    """A live token: its row id, what it opens, and what it served last."""

    id: int
    scope: FeedScope
    content_etag: str | None
    content_changed_at: datetime | None


def find_subscription(session: Session, token: str) -> Subscription | None:
    """The live subscription a token opens, or None (unknown and revoked look the same)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    row = session.execute(_SUBSCRIPTION_QUERY, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    token_id, therapist, room, etag, changed = row
    if therapist is not None:
        scope = FeedScope("therapist", therapist)
    elif room is not None:
        scope = FeedScope("room", room)
    else:
        scope = FeedScope("clinic")
    return Subscription(token_id, scope, etag, changed)


# One statement, made once: every poll of every subscriber starts with it.
_SUBSCRIPTION_QUERY = (
    select(
        FeedToken.id,
        Therapist.key,
        Room.key,
        FeedToken.content_etag,
        FeedToken.content_changed_at,
    )
    .outerjoin(Therapist, Therapist.id == FeedToken.therapist_id)
    .outerjoin(Room, Room.id == FeedToken.room_id)
    .where(FeedToken.token_hash == bindparam("token_hash"), FeedToken.revoked_at.is_(None))
)


def content_changed_at(
    database: Database, subscription: Subscription, etag: str, now: datetime
) -> datetime:
    """When the feed's content last changed, for Last-Modified.

    Recorded when a request first sees new content, and always at least a second after the
    previous change: HTTP dates have whole seconds, and two changes within one second must
    not look alike to a client asking If-Modified-Since.
    """
    if subscription.content_etag == etag and subscription.content_changed_at is not None:
        return subscription.content_changed_at
    changed = now.astimezone(UTC).replace(microsecond=0)
    if subscription.content_changed_at is not None:
        changed = max(changed, subscription.content_changed_at + timedelta(seconds=1))
    with database.write() as session:
        session.execute(
            update(FeedToken)
            .where(FeedToken.id == subscription.id)
            .values(content_etag=etag, content_changed_at=changed)
        )
    return changed


# -- what the clinic publishes -----------------------------------------------------------


class FeedSettings(NamedTuple):
    """The clinic's feed choices (docs/sync.md, Calendar feeds: initials unless the admin says
    names)."""

    full_names: bool
    days_back: int
    days_ahead: int
    cancelled_days: int
    show_blocks: bool


FEED_SETTING_LIMITS = {"days_back": (0, 3650), "days_ahead": (1, 3650), "cancelled_days": (0, 365)}
_SETTING_COLUMNS = {
    "full_names": ClinicSettings.feed_full_names,
    "days_back": ClinicSettings.feed_days_back,
    "days_ahead": ClinicSettings.feed_days_ahead,
    "cancelled_days": ClinicSettings.feed_cancelled_days,
    "show_blocks": ClinicSettings.feed_show_blocks,
}
FEED_SETTING_COLUMNS = tuple(_SETTING_COLUMNS.values())  # in the order of `FeedSettings`


class FeedSettingsError(ValueError):
    """Settings out of range; the message names the field."""


def _out_of_range(field: str) -> str:
    """A whole sentence per setting, so a translation names the setting in its own words."""
    return {
        "days_back": translate("Feeds", "days back must be {low}–{high} days"),
        "days_ahead": translate("Feeds", "days ahead must be {low}–{high} days"),
        "cancelled_days": translate("Feeds", "cancelled days must be {low}–{high} days"),
    }[field]


def feed_settings_in(session: Session) -> FeedSettings:
    row = session.execute(select(*FEED_SETTING_COLUMNS)).first()
    if row is None:
        raise LookupError(
            translate(
                "Feeds", "the database holds no clinic yet (import one or run `frontdesk demo`)"
            )
        )
    return FeedSettings._make(row)


def load_feed_settings(database: Database) -> FeedSettings:
    with database.read() as session:
        return feed_settings_in(session)


def save_feed_settings(database: Database, settings: FeedSettings, *, actor: str) -> None:
    for field, (low, high) in FEED_SETTING_LIMITS.items():
        value = getattr(settings, field)
        if not isinstance(value, int) or not low <= value <= high:
            raise FeedSettingsError(_out_of_range(field).format(low=low, high=high))
    with database.write() as session:
        before = feed_settings_in(session)
        session.execute(
            update(ClinicSettings)
            .where(ClinicSettings.id == 1)
            .values({column.key: getattr(settings, field)
                     for field, column in _SETTING_COLUMNS.items()})
        )  # fmt: skip
        record_change(
            session,
            actor=actor,
            action="clinic.feed_settings",
            entity_type="clinic_settings",
            entity_id=1,
            before=before._asdict(),
            after=settings._asdict(),
        )


def authorise_admin(database: Database, username: str, password: str) -> str:
    """The admin's username if these credentials allow managing feeds."""
    needed_for = translate("Feeds", "managing calendar feeds needs an active admin's credentials")
    return authorise(database, username, password, frozenset({Role.ADMIN}), needed_for)


def feed_choices(database: Database) -> list[tuple[FeedScope, str]]:
    """Every feed an admin can publish, labelled for a person: clinic, therapists, rooms."""
    with database.read() as session:
        therapists = session.execute(
            select(Therapist.key, Therapist.name).where(Therapist.active.is_(True))
            .order_by(Therapist.name)
        ).all()  # fmt: skip
        rooms = session.execute(
            select(Room.key, Room.name).where(Room.active.is_(True)).order_by(Room.name)
        ).all()
    therapist_label = translate("Feeds", "Therapist: {name}")
    room_label = translate("Feeds", "Room: {name}")
    return [
        (FeedScope("clinic"), translate("Feeds", "Whole clinic")),
        *(
            (FeedScope("therapist", key), therapist_label.format(name=name))
            for key, name in therapists
        ),
        *((FeedScope("room", key), room_label.format(name=name)) for key, name in rooms),
    ]


class RunningFeedServer(Protocol):
    @property
    def address(self) -> tuple[str, int]: ...

    def url(self, path: str) -> str: ...

    def stop(self) -> None: ...


class FeedPublisher(Protocol):
    """What the window needs from `sync.feeds`, handed in by the composition root (the UI
    never imports `sync`)."""

    def export(self, database: Database, scope: FeedScope, now: datetime) -> tuple[bytes, int]:
        """The feed's bytes and how many events it holds."""
        ...

    def start_server(self, database: Database, host: str, port: int) -> RunningFeedServer: ...
