"""The full re-check inside a booking's turn: every rule against the database as it is now,
through the one placement rule (`app.scheduling.placement`), and the room decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app.booking.alternatives import Request, refusal_with_alternatives, schedule_around
from app.booking.decision import Decision, still_holds
from app.booking.errors import BookingRefusedError
from app.booking.loader import Clinic, service_needs
from app.booking.lookups import ServiceLike, TherapistLike, named_room
from app.booking.model import Override
from app.booking.new_clients import NOT_TAKING_NEW_CLIENTS
from app.booking.wording import obstacle_sentence, reason_sentence, start_words
from app.scheduling import RoomChoice, RoomMove, Schedule, SlotStatus, Verdict
from app.scheduling.placement import Obstacle, StartCheck, obstacle_at, rules_verdict


@dataclass(frozen=True)
class Placement:
    """What the re-check decided for one start: room, moves, overridden rules."""

    room_id: int | None
    room_key: str | None
    moves: tuple[RoomMove, ...] = ()
    overridden: tuple[str, ...] = ()


def place(
    session: Session,
    clinic: Clinic,
    therapist: TherapistLike,
    service: ServiceLike,
    start: datetime,
    now: datetime,
    *,
    room_key: str | None,
    override: Override | None,
    client_id: int | None = None,
    new_client: str | None = None,
    ignore_session: int | None = None,
    ignore_hold: int | None = None,
    schedules: dict[tuple[str, date], Schedule] | None = None,
    decision: Decision | None = None,
) -> Placement:
    """Re-check every rule for `start` against the database; decide the room. `schedules`
    keeps a therapist's day loaded between the requests of one `book_each`; `decision` is
    the one taken before the transaction, kept if nothing it relied on has changed. The
    client's other sessions are the database's client guard's, at the insert
    (`turns.insert_for_client`): no query of its own here; `client_id` only keeps a
    refusal's alternatives clear of them. An `override`'s credentials were checked before the
    turn (`overrides.authorise_override`). `new_client`: a limited therapist's refusal of
    this client (`app.booking.new_clients`), first, and for a supervisor to override."""
    if new_client is not None and override is None:  # no other start changes it
        raise BookingRefusedError(NOT_TAKING_NEW_CLIENTS, new_client)
    needs = service_needs(service)
    end = start + timedelta(minutes=needs.duration_minutes)
    if decision is not None and still_holds(session, clinic, therapist, start, end, now, decision):
        return placed(clinic, decision.choice, ())
    day_key = (therapist.key, start.astimezone(clinic.zone).date())
    schedule = schedules.get(day_key) if schedules is not None else None
    if schedule is None:
        schedule = schedule_around(session, clinic, therapist, start, now, 0)
        if schedules is not None:
            schedules[day_key] = schedule
    verdict = rules_verdict(schedule, start, needs, ignore_session=ignore_session,
                            ignore_hold=ignore_hold, room_named=room_key is not None,
                            unliftable_first=override is not None)  # fmt: skip
    asked = Request(client_id, room_key, ignore_session, ignore_hold)

    def refuse(reason: str, message: str) -> BookingRefusedError:
        return refusal_with_alternatives(therapist.key, needs, start, now, reason, message, asked)

    overridden: tuple[str, ...] = () if new_client is None else (NOT_TAKING_NEW_CLIENTS,)
    if verdict.failures:
        if override is None or not verdict.overridable:
            message = reason_sentence(verdict, therapist.name, start_words(start, clinic.zone))
            raise refuse(verdict.status.value, message)
        overridden += tuple(f.value for f in verdict.failures)
    # The room asked for is read once the rules have spoken (a refusal comes first).
    room, room_info = named_room(session, room_key) if room_key else (None, None)
    found = obstacle_at(schedule, start, needs, ignore_session=ignore_session, room=room_info)
    if found is not None:
        check = StartCheck(verdict, *found)
        room_name = room.name if room is not None else ""
        message = obstacle_sentence(check, service_name=service.name, room_name=room_name)
        if check.obstacle is Obstacle.ROOM_UNFIT:  # no other start changes that: no alternatives
            raise BookingRefusedError(found[0].reason, message)
        raise refuse(found[0].reason, message)
    if room is not None:
        return Placement(room.id, room.key, (), overridden)
    begin, finish = int(start.timestamp()), int(end.timestamp())
    choice = schedule.room_for(begin, finish, day_key[1], needs, ignore_session=ignore_session)
    if choice is None:  # the verdict already said so unless rules were overridden
        no_room = reason_sentence(Verdict(SlotStatus.NO_ROOM), therapist.name,
                                  start_words(start, clinic.zone))  # fmt: skip
        raise refuse(SlotStatus.NO_ROOM.value, no_room)
    return placed(clinic, choice, overridden)


def placed(clinic: Clinic, choice: RoomChoice, overridden: tuple[str, ...]) -> Placement:
    key = clinic.setup.room_keys[choice.room_id]
    return Placement(choice.room_id, key, choice.moves, overridden)
