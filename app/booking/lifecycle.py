"""A session's life after booking: cancellation (late inside the clinic's notice unless a
supervisor waives it) and the status flow scheduled → confirmed → in progress → completed
(or no-show). A late cancellation and a no-show are charged the policy's fee at that moment,
and what was paid for the session beyond what it now owes becomes credit in the same
transaction (docs/money.md, Fees, waivers and prices)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app.audit import record_change
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.freed import offer_freed_time
from app.booking.loader import load_clinic
from app.booking.lookups import session_for_change
from app.booking.model import LIVE_STATUSES, TRANSITIONS, CancelResult, Override, check_text
from app.booking.overrides import authorise_override
from app.booking.turns import in_transaction
from app.booking.wording import status_word
from app.i18n import translate
from app.outbox import EffectKind, enqueue_effects
from db.engine import Database
from db.enums import SessionStatus
from db.models import TherapySession


def cancel(
    database: Database,
    reference: str,
    reason: str,
    *,
    actor: str,
    now: datetime,
    supervisor: Override | None = None,
) -> CancelResult:
    """Cancel with a reason. Inside the clinic's cancellation notice the cancellation is
    marked late unless a supervisor (credentials given now) waives it."""
    if not reason or not reason.strip():
        raise BookingInputError(translate("Booking", "a cancellation needs a reason"))
    check_text(
        reason, "sessions.cancellation_reason", translate("Booking", "the cancellation's reason")
    )
    # Credentials given are checked (and a failure recorded) before the turn, late or not.
    authorised = None if supervisor is None else authorise_override(database, supervisor, now)
    freed: dict[str, date] = {}

    # app.money builds on the booking turn: imported when used, so neither package needs
    # the other imported first
    from app.money.fees import fee_for, fee_policies, session_with_client_locked
    from app.money.payments import release_excess

    def work(session: Session) -> CancelResult:
        clinic = load_clinic(session)
        # its money changes: the client locked (one desk at a time), before the session
        record = session_with_client_locked(session, reference, session_for_change)
        if record.status not in LIVE_STATUSES:
            raise BookingRefusedError(
                "not_permitted",
                translate(
                    "Booking",
                    "{reference} is {status}; only scheduled or confirmed "
                    "sessions can be cancelled",
                ).format(reference=record.reference, status=status_word(record.status)),
            )
        notice = timedelta(hours=clinic.settings.cancellation_notice_hours)
        late = record.starts_at - now < notice
        waived_by = None
        if late and authorised is not None:
            waived_by, late = authorised, False
        fee = fee_for(record.price_cents, fee_policies(session).late_cancel) if late else None
        was = record.status.value
        record.status = SessionStatus.CANCELLED
        record.cancelled_at = now
        record.cancellation_reason = reason.strip()
        record.late_cancellation = late
        record.fee_cents = fee
        record.revision += 1
        session.flush()
        released = release_excess(session, record.id, actor)
        record_change(
            session,
            actor=actor,
            action="session.cancel",
            entity_type="session",
            entity_id=record.id,
            before={"status": was},
            after={
                "status": "cancelled",
                "late": late,
                "notice_waived_by": waived_by,
                "fee_cents": fee,
                "credit_released_cents": released,
            },
            reason=reason.strip(),
        )
        _tell(session, record, EffectKind.CANCELLATION, now)
        freed["day"] = record.starts_at.astimezone(clinic.zone).date()
        return CancelResult(record.reference, late, now, fee, released)

    result = in_transaction(database, work)
    offer_freed_time(database, now, freed.values())
    return result


def change_status(
    database: Database, reference: str, status: SessionStatus, *, actor: str, now: datetime
) -> SessionStatus:
    """Move a session along scheduled → confirmed → in_progress → completed (or no_show);
    anything else is refused with what is allowed from where it is."""
    if status == SessionStatus.CANCELLED:
        raise BookingInputError(
            translate("Booking", "cancel a session with its reason (frontdesk cancel)")
        )

    from app.money.fees import fee_for, fee_policies, session_with_client_locked  # as in `cancel`
    from app.money.payments import release_excess

    def work(session: Session) -> SessionStatus:
        if status == SessionStatus.NO_SHOW:  # its money changes: the client first, as `cancel`
            record = session_with_client_locked(session, reference, session_for_change)
        else:
            record = session_for_change(session, reference)
        current = record.status
        allowed = TRANSITIONS[current]
        if status not in allowed:
            options = ", ".join(status_word(s) for s in sorted(allowed)) or translate(
                "Booking", "nothing (it is final)"
            )
            raise BookingRefusedError(
                "not_permitted",
                translate(
                    "Booking",
                    "{reference} cannot go from {current} to {status}; allowed: {options}",
                ).format(
                    reference=record.reference,
                    current=status_word(current),
                    status=status_word(status),
                    options=options,
                ),
            )
        if status in (SessionStatus.NO_SHOW, SessionStatus.COMPLETED) and now < record.starts_at:
            raise BookingRefusedError(
                "not_permitted",
                translate("Booking", "{reference} has not started yet ({status})").format(
                    reference=record.reference, status=status_word(status)
                ),
            )
        money: dict[str, int | None] = {}
        if status == SessionStatus.NO_SHOW:  # owes the no-show fee, not the price
            record.fee_cents = fee_for(record.price_cents, fee_policies(session).no_show)
            money["fee_cents"] = record.fee_cents
        record.status = status
        record.revision += 1
        if status == SessionStatus.NO_SHOW:
            session.flush()
            money["credit_released_cents"] = release_excess(session, record.id, actor)
        record_change(
            session,
            actor=actor,
            action="session.status",
            entity_type="session",
            entity_id=record.id,
            before={"status": current.value},
            after={"status": status.value, **money},
        )
        _tell(session, record, EffectKind.STATUS, now)
        return status

    return in_transaction(database, work)


def _tell(session: Session, record: TherapySession, kind: EffectKind, now: datetime) -> None:
    """Queue what `kind` means for the session at its new revision (its client, therapist
    and calendar, as `app.outbox` decides)."""
    enqueue_effects(session, session_id=record.id, revision=record.revision, kind=kind,
                    client=record.client, therapist=record.therapist, now=now)  # fmt: skip
