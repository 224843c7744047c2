"""One session as the session panel shows it: details, what may happen next, its history.

A rescheduled session is a chain (each move makes a new reference pointing back), so the
history follows the chain and shows the booking's whole life, not only its last link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.booking.loader import load_clinic
from app.booking.model import LIVE_STATUSES, TRANSITIONS
from app.booking.wording import rule_word, status_word
from app.clinic_file.importer import source_words
from app.i18n import desk_formats, translate
from app.money.ledger import clinic_currency
from db.engine import Database
from db.enums import SessionStatus
from db.models import AuditEntry, Room, TherapySession

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
        names = {  # the audit keeps keys; the History names them as the desk does
            "room": {key: name for key, name in session.execute(select(Room.key, Room.name))},
            "therapist": {key: row.name for key, row in clinic.setup.therapists.items()},
        }
        history = tuple(
            HistoryLine(
                entry.at.astimezone(zone),
                entry.actor,
                _action_word(entry.action.removeprefix("session.")),
                chain.get(entry.entity_id or 0, ""),
                _detail(entry, zone, names, currency),
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


def _action_word(action: str) -> str:
    """What an audit entry did, as the History's "What" column says it."""
    words = {
        "book": translate("SessionHistory", "booked"),
        "create": translate("SessionHistory", "imported"),
        "update": translate("SessionHistory", "updated by an import"),
        "reschedule": translate("SessionHistory", "moved here"),
        "reschedule_out": translate("SessionHistory", "moved away"),
        "cancel": translate("SessionHistory", "cancelled"),
        "status": translate("SessionHistory", "status"),
        "room_change": translate("SessionHistory", "room changed"),
        "fee_waive": translate("SessionHistory", "fee waived"),
        "price": translate("SessionHistory", "price changed"),
    }
    return words.get(action, action.replace("_", " "))


def _status_word(value: str) -> str:
    try:
        return status_word(SessionStatus(value))
    except ValueError:  # a status a newer version wrote
        return value.replace("_", " ")


def _detail(
    entry: AuditEntry, zone: ZoneInfo, names: dict[str, dict[str, str]], currency: str
) -> str:
    """A short line from the entry's before/after (they hold keys and times, never client
    details), in the desk's language: rooms and therapists by name, amounts and the start
    through the desk's formats."""
    after = entry.after or {}
    formats = desk_formats()
    parts = []
    start_text = after.get("start") or after.get("starts_at")  # a booking's, an import's
    if start_text:
        try:
            start = datetime.fromisoformat(str(start_text))
        except ValueError:  # an entry written otherwise: shown as it is, never a failed panel
            parts.append(str(start_text))
        else:
            parts.append(formats.dated_moment(start.astimezone(zone) if start.tzinfo else start))
    sentences = {
        "status": translate("SessionHistory", "status {value}"),
        "room": translate("SessionHistory", "room {value}"),
        "therapist": translate("SessionHistory", "therapist {value}"),
        "rescheduled_to": translate("SessionHistory", "rescheduled to {value}"),
        "fee_cents": translate("SessionHistory", "fee {value}"),
        "price_cents": translate("SessionHistory", "price {value}"),
        "credit_released_cents": translate("SessionHistory", "{value} to credit"),
    }
    for name in ("status", "room", "therapist", "rescheduled_to"):
        value = after.get(name)
        if value is None:
            continue
        if name == "status":
            value = _status_word(str(value))
        elif name in names:
            value = names[name].get(str(value), value)
        parts.append(sentences[name].format(value=value))
    if after.get("late"):
        parts.append(translate("SessionHistory", "late"))
    if after.get("notice_waived_by"):
        parts.append(
            translate("SessionHistory", "notice waived by {user}").format(
                user=after["notice_waived_by"]
            )
        )
    for name in ("fee_cents", "price_cents", "credit_released_cents"):
        if after.get(name):
            parts.append(sentences[name].format(value=formats.amount(after[name], currency)))
    if after.get("fee_waived_by"):
        parts.append(
            translate("SessionHistory", "fee waived by {user}").format(user=after["fee_waived_by"])
        )
    if after.get("overridden_rules"):
        rules = ", ".join(rule_word(str(rule)) for rule in after["overridden_rules"])
        parts.append(
            translate("SessionHistory", "override by {user}: {rules}").format(
                user=after.get("authorised_by", ""), rules=rules
            )
        )
    if entry.reason:
        parts.append(f"“{source_words(entry.reason)}”")
    return " · ".join(parts)
