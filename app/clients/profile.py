"""A client's profile: details, statistics, history and series, read in one transaction
(docs/clients.md, Profile).

The profile window, `frontdesk clients show` and the merge and erasure use cases read a
client through here. A profile of 500 sessions is four small queries (the client, the
counts grouped by status, the history with its names joined, the series), never one per
session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.booking.loader import load_clinic
from app.booking.series_views import describe_series
from app.i18n import desk_formats, translate
from app.money.ledger import client_balance, clinic_currency
from app.session_rows import with_names
from db.engine import Database
from db.enums import SessionStatus
from db.models import Client, ClientAlias, RecurringSeries, Therapist, TherapySession


class UnknownClientError(LookupError):
    """No client has this key (nor had it before a merge). The message names the key or
    the id, never the client's details."""

    def __init__(self, key: str | None = None, *, client_id: int | None = None) -> None:
        self.key = key
        self.client_id = client_id
        if key is not None:
            message = translate("Clients", 'no client has the key "{key}"').format(key=key)
        else:
            message = translate("Clients", "no client has the id {client_id}").format(
                client_id=client_id
            )
        super().__init__(message)


@dataclass(frozen=True)
class ClientDetails:
    id: int
    key: str
    name: str
    phone: str | None
    email: str | None
    date_of_birth: date | None
    emergency_contact: str | None
    preferred_channel: str | None  # a ContactChannel value
    language: str | None
    referral_source: str | None
    notes: str | None  # administrative, pinned first on the profile
    preferences: dict[str, Any]
    created_at: datetime
    archived_at: datetime | None
    erased_at: datetime | None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


@dataclass(frozen=True)
class ClientStats:
    attended: int  # completed sessions
    cancelled: int  # every cancelled session, late ones included
    late_cancelled: int
    no_show: int
    attendance_rate: float | None  # completed / (completed + no_show); None when both are 0
    last_session: datetime | None  # latest non-cancelled start before now
    next_session: datetime | None  # earliest non-cancelled start at or after now


@dataclass(frozen=True)
class HistoryRow:
    session_id: int
    reference: str
    starts_at: datetime  # in the clinic's zone
    ends_at: datetime
    status: str  # a SessionStatus value
    late_cancellation: bool
    therapist_key: str
    therapist_name: str
    service_name: str
    room_name: str | None
    series_key: str | None


@dataclass(frozen=True)
class HistoryFilter:
    """What the profile's history shows: statuses (none: all), one therapist, and a period
    of clinic dates (both ends included)."""

    statuses: frozenset[str] = field(default_factory=frozenset)
    therapist_key: str | None = None
    from_date: date | None = None
    to_date: date | None = None

    def keeps(self, row: HistoryRow) -> bool:
        day = row.starts_at.date()  # the row is in the clinic's zone: its clinic date
        return (
            (not self.statuses or row.status in self.statuses)
            and (self.therapist_key is None or row.therapist_key == self.therapist_key)
            and (self.from_date is None or day >= self.from_date)
            and (self.to_date is None or day <= self.to_date)
        )


@dataclass(frozen=True)
class SeriesLine:
    id: int
    key: str
    text: str  # "Every Monday 09:00 with Dr. Emily Carter" (app.booking.series_views)
    active: bool  # False once the series has ended


@dataclass(frozen=True)
class ClientProfile:
    details: ClientDetails
    stats: ClientStats
    history: list[HistoryRow]  # every session of the client, newest first
    series: list[SeriesLine]
    balance_cents: int  # > 0: the client owes; < 0: in credit (app.money.ledger.Balance)
    currency: str = "USD"  # the clinic's, which the balance is in


def client_id_for_key(database: Database, key: str) -> int:
    """The client a key names: its own key, or one it absorbed in a merge (client_aliases),
    so a script that still says the old key reaches the kept client."""
    with database.read() as session:
        client_id = client_id_in(session, key)
    if client_id is None:
        raise UnknownClientError(key)
    return client_id


def client_id_in(session: Session, key: str) -> int | None:
    """`client_id_for_key` inside the caller's transaction; None when no client has it."""
    own = session.scalar(select(Client.id).where(Client.key == key))
    if own is not None:  # a client's own key wins over an alias that once said the same
        return own
    return session.scalar(select(ClientAlias.client_id).where(ClientAlias.key == key))


def client_details(database: Database, client_id: int) -> ClientDetails:
    with database.read() as session:
        return details_in(session, client_id)


def details_in(session: Session, client_id: int) -> ClientDetails:
    client = session.get(Client, client_id)
    if client is None:
        raise UnknownClientError(client_id=client_id)
    return details_of(client)


def details_of(client: Client) -> ClientDetails:
    channel = client.preferred_channel
    return ClientDetails(
        id=client.id,
        key=client.key,
        name=client.name,
        phone=client.phone,
        email=client.email,
        date_of_birth=client.date_of_birth,
        emergency_contact=client.emergency_contact,
        preferred_channel=channel.value if channel is not None else None,
        language=client.language,
        referral_source=client.referral_source,
        notes=client.notes,
        preferences=dict(client.preferences or {}),
        created_at=client.created_at,
        archived_at=client.archived_at,
        erased_at=client.erased_at,
    )


def client_stats(database: Database, client_id: int, now: datetime) -> ClientStats:
    with database.read() as session:
        return _stats(session, client_id, now)


def client_balance_cents(database: Database, client_id: int) -> tuple[int, str]:
    """The client's balance (> 0: owes) and the clinic's currency it is in."""
    with database.read() as session:
        return client_balance(session, client_id).balance_cents, clinic_currency(session)


def load_profile(database: Database, client_id: int, now: datetime) -> ClientProfile:
    """Everything the profile window shows, as of `now`, read in one transaction."""
    with database.read() as session:
        details = details_in(session, client_id)
        zone = load_clinic(session).zone
        return ClientProfile(
            details=details,
            stats=_stats(session, client_id, now),
            history=_history(session, client_id, zone),
            series=_series(session, client_id),
            balance_cents=client_balance(session, client_id).balance_cents,
            currency=clinic_currency(session),
        )


def _stats(session: Session, client_id: int, now: datetime) -> ClientStats:
    """One query grouped by status; each group also brings its latest start before now and
    its earliest start from now on, so the last and next sessions cost no query of their
    own (the cancelled group's are ignored)."""
    starts = TherapySession.starts_at
    rows = session.execute(
        select(
            TherapySession.status,
            func.count(),
            func.count().filter(TherapySession.late_cancellation.is_(True)),
            func.max(starts).filter(starts < now),
            func.min(starts).filter(starts >= now),
        )
        .where(TherapySession.client_id == client_id)
        .group_by(TherapySession.status)
    ).all()
    counts = {status: count for status, count, _late, _last, _next in rows}
    live = [
        (last, next_) for status, _c, _l, last, next_ in rows if status != SessionStatus.CANCELLED
    ]
    attended = counts.get(SessionStatus.COMPLETED, 0)
    no_show = counts.get(SessionStatus.NO_SHOW, 0)
    return ClientStats(
        attended=attended,
        cancelled=counts.get(SessionStatus.CANCELLED, 0),
        late_cancelled=sum(
            late for status, _c, late, _l, _n in rows if status == SessionStatus.CANCELLED
        ),
        no_show=no_show,
        attendance_rate=attended / (attended + no_show) if attended + no_show else None,
        last_session=max((last for last, _ in live if last is not None), default=None),
        next_session=min((next_ for _, next_ in live if next_ is not None), default=None),
    )


def _history(session: Session, client_id: int, zone: ZoneInfo) -> list[HistoryRow]:
    query = with_names(
        select(
            TherapySession.id,
            TherapySession.reference,
            TherapySession.starts_at,
            TherapySession.ends_at,
            TherapySession.status,
            TherapySession.late_cancellation,
            Therapist.key,
            RecurringSeries.key,
        ).select_from(TherapySession)
    )
    query = (
        query.outerjoin(RecurringSeries, RecurringSeries.id == TherapySession.series_id)
        .where(TherapySession.client_id == client_id)
        .order_by(TherapySession.starts_at.desc(), TherapySession.id.desc())
    )
    return [
        HistoryRow(
            session_id=session_id,
            reference=reference,
            starts_at=starts_at.astimezone(zone),
            ends_at=ends_at.astimezone(zone),
            status=SessionStatus(status).value,
            late_cancellation=late,
            therapist_key=therapist_key,
            therapist_name=therapist,
            service_name=service,
            room_name=room,
            series_key=series_key,
        )
        for (
            session_id,
            reference,
            starts_at,
            ends_at,
            status,
            late,
            therapist_key,
            series_key,
            service,
            room,
            therapist,
            _client,
        ) in session.execute(query)
    ]


def _series(session: Session, client_id: int) -> list[SeriesLine]:
    rows = session.execute(
        select(RecurringSeries, Therapist.name)
        .join(Therapist, Therapist.id == RecurringSeries.therapist_id)
        .where(RecurringSeries.client_id == client_id)
        .order_by(RecurringSeries.active.desc(), RecurringSeries.start_date.desc())
    )
    lines = []
    for series, therapist_name in rows:
        text = describe_series(series, therapist_name)
        if series.active and series.paused_since is not None:
            text = translate("Series", "{series} (paused since {day})").format(
                series=text, day=desk_formats().padded_date(series.paused_since)
            )
        lines.append(SeriesLine(series.id, series.key, text, series.active))
    return lines
