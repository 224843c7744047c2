"""One session as the session panel shows it: details, what may happen next, its history.

A rescheduled session is a chain (each move makes a new reference pointing back), so the
history follows the chain and shows the booking's whole life, not only its last link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.booking.loader import load_clinic
from app.booking.model import LIVE_STATUSES, TRANSITIONS
from app.i18n import translate
from app.money.amounts import format_amount
from app.money.ledger import clinic_currency
from db.engine import Database
from db.enums import SessionStatus
from db.models import AuditEntry, TherapySession

HISTORY_LIMIT = 200
CHAIN_LIMIT = 50


@dataclass(frozen=True)
class HistoryLine:
    at: datetime  # clinic local time
    actor: str
    action: str
    reference: str
    detail: str


@dataclass(frozen=True)
class SessionDetails:
    id: int
    reference: str
    status: str
    starts_at: datetime
    ends_at: datetime
    client_key: str
    client_name: str
    client_phone: str | None
    client_email: str | None
    therapist: str
    service: str
    room: str | None
    session_type: str
    notes: str | None
    special_requests: str | None
    overridden: bool
    override_reason: str | None
    next_statuses: tuple[str, ...]  # transitions allowed from here (not cancel)
    cancellable: bool
    late_if_cancelled_now: bool  # inside the clinic's cancellation notice
    in_series: bool
    history: tuple[HistoryLine, ...]
    revision: int = 0  # goes up with every change of the session, wherever it was made
    # moved away: the booking that replaced it (its reference and start, clinic time)
    moved_to: tuple[str, datetime] | None = None
    # money (docs/money.md): what a supervisor may change or waive at the desk
    price_cents: int = 0
    fee_cents: int | None = None  # charged at a late cancellation or a no-show
    fee_waived: bool = False
    currency: str = "USD"


def session_details(database: Database, reference: str, now: datetime) -> SessionDetails:
    with database.read() as session:
        clinic = load_clinic(session)
        record = session.scalar(select(TherapySession).where(TherapySession.reference == reference))
        if record is None:
            raise LookupError(
                translate("Booking", "no session with reference {reference}").format(
                    reference=reference
                )
            )
        chain = {record.id: record.reference}
        earlier = record.rescheduled_from
        while earlier is not None and len(chain) < CHAIN_LIMIT:
            chain[earlier.id] = earlier.reference
            earlier = earlier.rescheduled_from
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "session", AuditEntry.entity_id.in_(list(chain)))
            .order_by(AuditEntry.at, AuditEntry.id)
            .limit(HISTORY_LIMIT)
        )
        zone = clinic.zone
        currency = clinic_currency(session)
        history = tuple(
            HistoryLine(
                entry.at.astimezone(zone),
                entry.actor,
                entry.action.removeprefix("session."),
                chain.get(entry.entity_id or 0, ""),
                _detail(entry, currency),
            )
            for entry in entries
        )
        notice = timedelta(hours=clinic.settings.cancellation_notice_hours)
        live = record.status in LIVE_STATUSES
        successor = None
        if record.status == SessionStatus.CANCELLED:  # a move cancels and points back here
            successor = session.execute(
                select(TherapySession.reference, TherapySession.starts_at).where(
                    TherapySession.rescheduled_from_id == record.id
                )
            ).first()
        return SessionDetails(
            id=record.id,
            reference=record.reference,
            status=record.status.value,
            starts_at=record.starts_at.astimezone(zone),
            ends_at=record.ends_at.astimezone(zone),
            client_key=record.client.key,
            client_name=record.client.name,
            client_phone=record.client.phone,
            client_email=record.client.email,
            therapist=record.therapist.name,
            service=record.service.name,
            room=record.room.name if record.room else None,
            session_type=record.session_type.value,
            notes=record.notes,
            special_requests=record.special_requests,
            overridden=record.overridden,
            override_reason=record.override_reason,
            next_statuses=tuple(s.value for s in SessionStatus if s in TRANSITIONS[record.status]),
            cancellable=live,
            late_if_cancelled_now=live and record.starts_at - now < notice,
            in_series=record.series_id is not None,
            history=history,
            revision=record.revision,
            moved_to=(successor[0], successor[1].astimezone(zone)) if successor else None,
            price_cents=record.price_cents,
            fee_cents=record.fee_cents,
            fee_waived=record.fee_waived_by is not None,
            currency=currency,
        )


def _detail(entry: AuditEntry, currency: str = "USD") -> str:
    """A short line from the entry's before/after (they hold keys and times, never client
    details)."""
    after = entry.after or {}
    parts = []
    if "start" in after:
        parts.append(str(after["start"])[:16].replace("T", " "))
    for name in ("status", "room", "therapist", "rescheduled_to"):
        if name in after and after[name] is not None:
            parts.append(f"{name.replace('_', ' ')} {after[name]}")
    if after.get("late"):
        parts.append("late")
    for name, label in (("fee_cents", "fee"), ("price_cents", "price"),
                        ("credit_released_cents", "to credit")):  # fmt: skip
        if after.get(name):
            parts.append(f"{label} {format_amount(after[name], currency)}")
    if after.get("fee_waived_by"):
        parts.append(f"fee waived by {after['fee_waived_by']}")
    if after.get("overridden"):
        parts.append("override: " + ", ".join(after["overridden"]))
    if entry.reason:
        parts.append(f"“{entry.reason}”")
    return " · ".join(parts)
