"""Booking a session: `book` for the desk and the command line, `book_each` for the
recurring job (many in one transaction). Each re-checks every rule in its turn and writes
the session with its audit entry and its emails; a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import record_changes
from app.booking.alternatives import Request, refusal_with_alternatives
from app.booking.decision import Decision, decide
from app.booking.errors import BookingRefusedError
from app.booking.loader import Clinic, load_clinic, service_needs
from app.booking.lookups import booking_parties, on_the_minute
from app.booking.model import BookingRequest, BookingResult, Override, check_request
from app.booking.new_clients import new_client_refused
from app.booking.overrides import authorise_override
from app.booking.recheck import place
from app.booking.references import allocate_reference, stand_in_reference
from app.booking.reseating import apply_moves
from app.booking.session_writes import (
    booking_audit,
    booking_result,
    booking_year,
    insert_session,
    new_session_values,
    session_snapshot,
)
from app.booking.turns import (
    in_transaction,
    insert_for_client,
    lock_day_and_therapist,
    refusal_from_guard,
)
from app.booking.wording import client_busy
from app.outbox import EffectKind, effect_rows, effect_targets, queue_effect_rows
from app.scheduling import Schedule
from db import statements
from db.engine import Database
from db.models import BookingHold

_DELETE_HOLD = delete(BookingHold).where(BookingHold.id == bindparam("hold"))


def book(
    database: Database,
    request: BookingRequest,
    *,
    actor: str,
    now: datetime,
    override: Override | None = None,
) -> BookingResult:
    """Book a session after re-checking every rule; refuse with the reason and the three
    nearest available starts otherwise."""
    if override is not None:  # before the turn: nobody waits on the password's scrypt
        authorise_override(database, override, now)
    decision = decide(database, request, now) if override is None else None

    def work(session: Session) -> BookingResult:
        nonlocal decision
        taken, decision = decision, None  # a retry after a lost race re-checks in full
        return _book_in(session, request, actor, now, override, decision=taken)

    return in_transaction(database, work)


def book_each(
    database: Database, requests: Sequence[BookingRequest], *, actor: str, now: datetime
) -> list[BookingResult | BookingRefusedError]:
    """Book several requests in one write transaction, each in a savepoint of its own, with
    exactly the checks of `book` (the recurring job: thousands of occurrences without a
    transaction each). A refusal only skips its request and carries no alternatives. A
    therapist's day is loaded once and again only after a booking changed it."""
    results: list[BookingResult | BookingRefusedError] = []
    with database.write() as session:
        clinic = load_clinic(session)
        schedules: dict[tuple[str, date], Schedule] = {}
        for request in requests:
            day = request.start.astimezone(clinic.zone).date()
            try:
                with session.begin_nested():
                    result = _book_in(
                        session, request, actor, now, None, clinic=clinic, schedules=schedules
                    )
            except BookingRefusedError as refusal:
                refusal.find_alternatives = None
                results.append(refusal)
                continue
            except IntegrityError as error:
                _forget_day(schedules, day)
                results.append(refusal_from_guard(error))
                continue
            _forget_day(schedules, day)  # one more session, one more room taken
            results.append(result)
    return results


def _forget_day(schedules: dict[tuple[str, date], Schedule], day: date) -> None:
    for key in [key for key in schedules if key[1] == day]:
        del schedules[key]


def _book_in(
    session: Session,
    request: BookingRequest,
    actor: str,
    now: datetime,
    override: Override | None,
    *,
    clinic: Clinic | None = None,
    schedules: dict[tuple[str, date], Schedule] | None = None,
    decision: Decision | None = None,
) -> BookingResult:
    """The booking itself, inside the caller's transaction (see `book`, `book_each`)."""
    check_request(request)
    lock_day_and_therapist(session, request.therapist, request.start)  # first: then the setup
    clinic, therapist, client, service = booking_parties(session, clinic, request)
    start = on_the_minute(request.start)
    new_client = new_client_refused(session, therapist, client.id, request.session_type)
    placement = place(session, clinic, therapist, service, start, now, room_key=request.room,
                      override=override, client_id=client.id, new_client=new_client,
                      ignore_hold=request.hold_id, schedules=schedules,
                      decision=decision)  # fmt: skip
    moved = apply_moves(session, clinic, placement.moves, actor, now)
    year = booking_year(now, clinic)
    connection = session.connection()
    reference_last = statements.takes_reference_last(connection)
    values = new_session_values(
        reference=stand_in_reference() if reference_last else allocate_reference(session, year),
        therapist=therapist,
        client_id=client.id,
        service_id=service.id,
        placement=placement,
        start=start,
        end=start + timedelta(minutes=service.duration_minutes),
        override=override,
        now=now,
        session_type=request.session_type,
        price_cents=service.price_cents if request.price_cents is None else request.price_cents,
        series_id=request.series_id,
        occurrence_date=request.occurrence_date,
        notes=request.notes,
        special_requests=request.special_requests,
    )
    session_id = insert_for_client(
        lambda: insert_session(session, values),
        lambda: refusal_with_alternatives(
            therapist.key, service_needs(service), start, now, "client_busy", client_busy(),
            Request(client.id, request.room, ignore_hold=request.hold_id),
        ),
    )  # fmt: skip
    if request.hold_id is not None:
        connection.execute(_DELETE_HOLD, {"hold": request.hold_id})
    confirmation = effect_rows(
        session_id, 1, EffectKind.CONFIRMATION.value,
        effect_targets(EffectKind.CONFIRMATION, client, therapist), now,
    )  # fmt: skip
    snapshot = session_snapshot(values, therapist=therapist.key, client=client.key,
                                service=service.key, room=placement.room_key)  # fmt: skip
    audit = booking_audit(session_id, snapshot, actor, "session.book", placement, override)
    reference = str(values["reference"])
    if reference_last:  # the year's counter row is then locked only until the commit
        reference = statements.finish_booking(
            connection, session_id, year, reference, audit, confirmation
        )
    else:
        queue_effect_rows(session, confirmation)
        record_changes(session, [audit])
    return booking_result(session_id, reference, values, placement, moved)
