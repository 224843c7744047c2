"""Writing the whole clinic in the clinic-file shape (passwords are never exported)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.i18n import translate
from app.money import format_amount
from app.timezones import clinic_zone, format_clock, format_local
from db.engine import Database
from db.enums import WEEKDAYS, FeeKind
from db.models import (
    BlockedTime,
    Client,
    ClinicSettings,
    DateException,
    Payment,
    PaymentAllocation,
    RecurringSeries,
    Room,
    Service,
    Therapist,
    TherapySession,
    User,
)


def export_clinic(database: Database) -> dict[str, Any]:
    with database.read() as session:
        settings, zone = _settings(session)
        return {
            **_setup(session, settings, zone),
            "clients": [
                _without_empty(_client(c))
                for c in session.scalars(select(Client).order_by(Client.key))
            ],
            "series": [
                _series(s, settings.currency)
                for s in session.scalars(
                    select(RecurringSeries)
                    .options(
                        selectinload(RecurringSeries.therapist),
                        selectinload(RecurringSeries.client),
                        selectinload(RecurringSeries.service),
                    )
                    .order_by(RecurringSeries.key)
                )
            ],
            "sessions": _sessions(session, zone, settings.currency),
            "payments": _payments(session, zone, settings.currency),
        }


def export_setup(database: Database) -> dict[str, Any]:
    """The clinic's setup only (settings, rooms, services, therapists with their calendars,
    users): what the editors show, without the clients and sessions of a full export."""
    with database.read() as session:
        settings, zone = _settings(session)
        return _setup(session, settings, zone)


def _settings(session: Session) -> tuple[ClinicSettings, ZoneInfo]:
    settings = session.get(ClinicSettings, 1)
    if settings is None:
        raise LookupError(
            translate(
                "ClinicFile", "the database has no clinic yet (import a clinic file or run demo)"
            )
        )
    return settings, clinic_zone(settings.timezone)


def _setup(session: Session, settings: ClinicSettings, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "clinic": _clinic(settings),
        "rooms": [_room(r) for r in session.scalars(select(Room).order_by(Room.key))],
        "services": [
            _service(s, settings.currency)
            for s in session.scalars(select(Service).order_by(Service.key))
        ],
        "therapists": _therapists(session, zone),
        "users": [_user(u) for u in session.scalars(select(User).order_by(User.username))],
    }


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != {}}


def _clinic(s: ClinicSettings) -> dict[str, Any]:
    return {
        "name": s.name,
        "timezone": s.timezone,
        "address": s.address,
        "phone": s.phone,
        "email": s.email,
        "phone_region": s.phone_region,
        "slot_interval_minutes": s.slot_interval_minutes,
        "hold_minutes": s.hold_minutes,
        "cancellation_notice_hours": s.cancellation_notice_hours,
        "reminder_offsets_minutes": list(s.reminder_offsets_minutes),
        "recurring_days_ahead": s.recurring_days_ahead,
        "backup_retention": s.backup_retention,
        "feed_full_names": s.feed_full_names,
        "feed_days_back": s.feed_days_back,
        "feed_days_ahead": s.feed_days_ahead,
        "feed_cancelled_days": s.feed_cancelled_days,
        "feed_show_blocks": s.feed_show_blocks,
        "currency": s.currency,
        "late_cancel_fee": _fee(s.late_cancel_fee_kind, s.late_cancel_fee_value, s.currency),
        "no_show_fee": _fee(s.no_show_fee_kind, s.no_show_fee_value, s.currency),
    }


def _fee(kind: FeeKind, value: int, currency: str) -> dict[str, Any]:
    """`{"kind": "fixed", "value": "25.00"}`, `{"kind": "percent", "value": 50}`, or
    `{"kind": "none"}`."""
    if kind == FeeKind.FIXED:
        return {"kind": kind.value, "value": format_amount(value, currency)}
    if kind == FeeKind.PERCENT:
        return {"kind": kind.value, "value": value}
    return {"kind": kind.value}


def _room(r: Room) -> dict[str, Any]:
    return {
        "key": r.key,
        "name": r.name,
        "capacity": r.capacity,
        "features": list(r.features),
        "active": r.active,
    }


def _service(s: Service, currency: str) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "duration_minutes": s.duration_minutes,
        "price": format_amount(s.price_cents, currency),
        "required_features": list(s.required_features),
        "active": s.active,
    }


def _therapists(session: Session, zone: ZoneInfo) -> list[dict[str, Any]]:
    therapists = session.scalars(
        select(Therapist)
        .options(
            selectinload(Therapist.preferred_room),
            selectinload(Therapist.working_hours),
            selectinload(Therapist.exceptions).selectinload(DateException.hours),
            selectinload(Therapist.blocks),
        )
        .order_by(Therapist.key)
    )
    return [
        {
            "key": t.key,
            "name": t.name,
            "email": t.email,
            "colour": t.colour,
            "default_session_minutes": t.default_session_minutes,
            "max_clients_per_day": t.max_clients_per_day,
            "buffer_before_minutes": t.buffer_before_minutes,
            "buffer_after_minutes": t.buffer_after_minutes,
            "min_notice_minutes": t.min_notice_minutes,
            "max_advance_days": t.max_advance_days,
            "status": t.status.value,
            "preferred_room": t.preferred_room.key if t.preferred_room else None,
            "google_calendar_id": t.google_calendar_id,
            "active": t.active,
            "working_hours": [
                {
                    "weekday": WEEKDAYS[h.weekday],
                    "start": format_clock(h.start_minute),
                    "end": format_clock(h.end_minute),
                }
                for h in t.working_hours
            ],
            "exceptions": [_exception(e) for e in t.exceptions],
            "blocks": [_block(b, zone) for b in t.blocks],
        }
        for t in therapists
    ]


def _exception(e: DateException) -> dict[str, Any]:
    values: dict[str, Any] = {"date": e.on_date.isoformat(), "available": e.available}
    if e.available:
        values["hours"] = [
            {"start": format_clock(h.start_minute), "end": format_clock(h.end_minute)}
            for h in e.hours
        ]
    if e.reason:
        values["reason"] = e.reason
    return values


def _block(b: BlockedTime, zone: ZoneInfo) -> dict[str, Any]:
    if b.all_day:
        first = b.starts_at.astimezone(zone).date()
        last = b.ends_at.astimezone(zone).date() - timedelta(days=1)
        start, end = first.isoformat(), last.isoformat()
    else:
        start, end = format_local(b.starts_at, zone), format_local(b.ends_at, zone)
    values: dict[str, Any] = {
        "start": start,
        "end": end,
        "all_day": b.all_day,
        "type": b.block_type.value,
        "reason": b.reason,
        "rrule": b.rrule,
        "active": b.active,
    }
    return _without_empty(values)


def _client(c: Client) -> dict[str, Any]:
    return {
        "key": c.key,
        "name": c.name,
        "phone": c.phone,
        "email": c.email,
        "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
        "emergency_contact": c.emergency_contact,
        "preferred_channel": c.preferred_channel.value if c.preferred_channel else None,
        "language": c.language,
        "referral_source": c.referral_source,
        "notes": c.notes,
        "preferences": c.preferences,
        "archived": c.archived_at is not None,
    }


def _user(u: User) -> dict[str, Any]:
    return _without_empty(
        {
            "username": u.username,
            "display_name": u.display_name,
            "role": u.role.value,
            "active": u.active,
        }
    )


def _series(s: RecurringSeries, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "key": s.key,
        "therapist": s.therapist.key,
        "client": s.client.key,
        "service": s.service.key,
        "frequency": s.frequency.value,
        "weekday": WEEKDAYS[s.weekday],
        "time": format_clock(s.start_minute),
        "start_date": s.start_date.isoformat(),
        "end_date": s.end_date.isoformat() if s.end_date else None,
        "price": format_amount(s.price_cents, currency),
        "active": s.active,
        "monthly_mode": s.monthly_mode,
    }
    if s.interval_days is not None:
        values["interval_days"] = s.interval_days
    if s.paused_since is not None:
        values["paused_since"] = s.paused_since.isoformat()
    if s.resume_from is not None:
        values["resume_from"] = s.resume_from.isoformat()
    return values


def _sessions(session: Session, zone: ZoneInfo, currency: str) -> list[dict[str, Any]]:
    keys = {
        "therapist": dict(session.execute(select(Therapist.id, Therapist.key)).all()),
        "client": dict(session.execute(select(Client.id, Client.key)).all()),
        "service": dict(session.execute(select(Service.id, Service.key)).all()),
        "room": dict(session.execute(select(Room.id, Room.key)).all()),
        "series": dict(session.execute(select(RecurringSeries.id, RecurringSeries.key)).all()),
        "session": dict(session.execute(select(TherapySession.id, TherapySession.reference)).all()),
    }
    rows = session.scalars(
        select(TherapySession).order_by(TherapySession.starts_at, TherapySession.reference)
    )
    result = []
    for s in rows:
        values: dict[str, Any] = {
            "reference": s.reference,
            "therapist": keys["therapist"][s.therapist_id],
            "client": keys["client"][s.client_id],
            "service": keys["service"][s.service_id],
            "start": format_local(s.starts_at, zone),
            "end": format_local(s.ends_at, zone),
            "room": keys["room"].get(s.room_id) if s.room_id else None,
            "status": s.status.value,
            "type": s.session_type.value,
            "price": format_amount(s.price_cents, currency),
            "fee": None if s.fee_cents is None else format_amount(s.fee_cents, currency),
            "fee_waived_by": s.fee_waived_by,
            "fee_waiver_reason": s.fee_waiver_reason,
            "notes": s.notes,
            "special_requests": s.special_requests,
            "cancelled_at": format_local(s.cancelled_at, zone) if s.cancelled_at else None,
            "cancellation_reason": s.cancellation_reason,
            "late_cancellation": s.late_cancellation or None,
            "rescheduled_from": (
                keys["session"][s.rescheduled_from_id] if s.rescheduled_from_id else None
            ),
            "overridden": s.overridden or None,
            "override_reason": s.override_reason,
            "series": keys["series"][s.series_id] if s.series_id else None,
            "occurrence_date": s.occurrence_date.isoformat() if s.occurrence_date else None,
        }
        result.append({k: v for k, v in values.items() if v is not None or k == "room"})
    return result


def _payments(session: Session, zone: ZoneInfo, currency: str) -> list[dict[str, Any]]:
    """Every payment, refund and reversal by receipt, each with its allocations in the
    order they were made (negative ones too), so an import rebuilds the same ledger."""
    clients = dict(session.execute(select(Client.id, Client.key)).all())
    references = dict(session.execute(select(TherapySession.id, TherapySession.reference)).all())
    receipts = dict(session.execute(select(Payment.id, Payment.receipt)).all())
    allocations: dict[int, list[dict[str, str]]] = {}
    for payment_id, session_id, cents in session.execute(
        select(
            PaymentAllocation.payment_id,
            PaymentAllocation.session_id,
            PaymentAllocation.amount_cents,
        ).order_by(PaymentAllocation.id)
    ):
        allocations.setdefault(payment_id, []).append(
            {"session": references[session_id], "amount": format_amount(cents, currency)}
        )
    result = []
    for p in session.scalars(select(Payment).order_by(Payment.receipt)):
        values: dict[str, Any] = {
            "receipt": p.receipt,
            "kind": p.kind.value,
            "client": clients[p.client_id],
            "amount": format_amount(p.amount_cents, currency),
            "method": p.method.value,
            "reference": p.reference,
            "taken_by": p.taken_by,
            "taken_at": format_local(p.taken_at, zone),
            "reverses": receipts[p.reverses_id] if p.reverses_id else None,
            "reason": p.reason,
        }
        values = _without_empty(values)
        values["allocations"] = allocations.get(p.id, [])
        result.append(values)
    return result
