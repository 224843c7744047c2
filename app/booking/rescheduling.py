"""Moving a session: the same checks as a booking; the moved session is a new one with a
new reference pointing back (`rescheduled_from`), and the old one is cancelled as moved, so
the history of a booking is kept. What was paid for the old session follows it to the new
one; a move charges no fee."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from app.audit import record_change, record_changes
from app.booking.alternatives import Request, refusal_with_alternatives
from app.booking.errors import BookingRefusedError
from app.booking.freed import offer_freed_time
from app.booking.loader import load_clinic, service_needs
from app.booking.lookups import on_the_minute, session_for_change, therapist_for_booking
from app.booking.model import LIVE_STATUSES, BookingResult, Override
from app.booking.new_clients import new_client_refused
from app.booking.overrides import authorise_override
from app.booking.recheck import place
from app.booking.references import allocate_reference
from app.booking.reseating import apply_moves
from app.booking.session_writes import (
    booking_audit,
    booking_result,
    booking_year,
    insert_session,
    new_session_values,
    session_snapshot,
)
from app.booking.turns import in_transaction, insert_for_client, lock_day
from app.booking.wording import client_busy, not_movable
from app.outbox import EffectKind, enqueue_effects
from db.engine import Database
from db.enums import SessionStatus


def reschedule(
    database: Database,
    reference: str,
    new_start: datetime,
    *,
    actor: str,
    now: datetime,
    therapist: str | None = None,
    room: str | None = None,
    override: Override | None = None,
) -> BookingResult:
    """Move a session to `new_start` (and to another therapist or room if given)."""
    if override is not None:  # before the turn: nobody waits on the password's scrypt
        authorise_override(database, override, now)
    left: dict[str, date] = {}
    # app.money builds on the booking turn: imported when used (as in `lifecycle.cancel`)
    from app.money.payments import lock_client, move_allocations

    def work(session: Session) -> BookingResult:
        lock_day(session, new_start)  # first, as a booking's (it may re-seat that day)
        clinic = load_clinic(session)
        old = session_for_change(session, reference)
        if old.status not in LIVE_STATUSES:
            raise BookingRefusedError("not_permitted", not_movable(old.reference, old.status))
        target = therapist_for_booking(session, therapist or old.therapist.key)
        start = on_the_minute(new_start)
        new_client = None
        if target.id != old.therapist_id:  # with the same therapist the client is theirs
            new_client = new_client_refused(session, target, old.client_id, old.session_type,
                                            ignore_session=old.id)  # fmt: skip
        placement = place(session, clinic, target, old.service, start, now, room_key=room,
                          override=override, client_id=old.client_id, new_client=new_client,
                          ignore_session=old.id)  # fmt: skip
        series_id, occurrence, was = old.series_id, old.occurrence_date, old.status.value
        left["day"] = old.starts_at.astimezone(clinic.zone).date()
        old.status = SessionStatus.CANCELLED
        old.cancelled_at = now
        old.series_id, old.occurrence_date = None, None
        old.revision += 1
        session.flush()  # the old session frees its time before the new one is written
        moved = apply_moves(session, clinic, placement.moves, actor, now)
        values = new_session_values(
            reference=allocate_reference(session, booking_year(now, clinic)),
            therapist=target,
            client_id=old.client_id,
            service_id=old.service_id,
            placement=placement,
            start=start,
            end=start + (old.ends_at - old.starts_at),
            override=override,
            now=now,
            session_type=old.session_type,
            price_cents=old.price_cents,
            notes=old.notes,
            special_requests=old.special_requests,
            rescheduled_from_id=old.id,
            # Calendars see one event that moved: same identity, a higher SEQUENCE.
            calendar_uid=old.calendar_uid,
            revision=old.revision + 1,
            series_id=series_id,
            occurrence_date=occurrence,
        )
        needs = service_needs(old.service)
        session_id = insert_for_client(
            lambda: insert_session(session, values),
            lambda: refusal_with_alternatives(target.key, needs, start, now, "client_busy",
                                              client_busy(), Request(old.client_id, room, old.id)),
        )  # fmt: skip
        lock_client(session, old.client_id)  # no payment lands on the old one meanwhile
        move_allocations(session, old.id, session_id, actor)  # paid in advance: it follows
        new_reference = str(values["reference"])
        old.cancellation_reason = f"rescheduled to {new_reference}"
        record_change(
            session,
            actor=actor,
            action="session.reschedule_out",
            entity_type="session",
            entity_id=old.id,
            before={"status": was},
            after={"status": "cancelled", "rescheduled_to": new_reference},
        )
        snapshot = session_snapshot(values, therapist=target.key, client=old.client.key,
                                    service=old.service.key, room=placement.room_key)  # fmt: skip
        audit = booking_audit(session_id, snapshot, actor, "session.reschedule", placement,
                              override)  # fmt: skip
        record_changes(session, [audit])
        enqueue_effects(session, session_id=session_id, revision=values["revision"],
                        kind=EffectKind.CHANGE, client=old.client, therapist=target,
                        now=now)  # fmt: skip
        if target.id != old.therapist_id:  # the first therapist loses the session
            enqueue_effects(session, session_id=old.id, revision=old.revision,
                            kind=EffectKind.CANCELLATION, client=old.client,
                            therapist=old.therapist, now=now, tell_client=False)  # fmt: skip
        return booking_result(session_id, new_reference, values, placement, moved, old.reference)

    result = in_transaction(database, work)
    offer_freed_time(database, now, left.values())  # the day the session left
    return result
