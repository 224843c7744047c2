"""Booking use cases on SQLite and PostgreSQL (docs/scheduling.md, Booking); every refusal changes
nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.booking import (
    BookingInputError,
    BookingRefusedError,
    BookingRequest,
    Override,
    available_slots,
    book,
    cancel,
    change_status,
    expire_holds,
    hold,
    month_summary,
    reschedule,
)
from app.clinic_file import import_clinic
from db.engine import Database
from db.enums import SessionStatus
from db.models import AuditEntry, TherapySession
from tests.booking_support import (
    FRONT_DESK_PASSWORD,
    SUPERVISOR_PASSWORD,
    ZONE,
    at,
    booking_clinic,
    snapshot,
)

NOW = at("2025-01-10T08:00")
MARIA = Override("maria", SUPERVISOR_PASSWORD, "Crisis session")


@pytest.fixture
def clinic(booking_database: Database) -> Database:
    return booking_database


def request(start: str, therapist: str = "carter", client: str = "c1", **kw: object):  # type: ignore[no-untyped-def]
    return BookingRequest(
        therapist=therapist,
        client=client,
        service=str(kw.pop("service", "individual")),
        start=at(start),
        **kw,
    )  # type: ignore[arg-type]


def make(database: Database, start: str, **kw: object):  # type: ignore[no-untyped-def]
    return book(database, request(start, **kw), actor="alex", now=NOW)


def refused(database: Database, action: Callable[[], object]) -> BookingRefusedError:
    """Run an action that must be refused and prove it changed nothing."""
    before = snapshot(database)
    with pytest.raises(BookingRefusedError) as caught:
        action()
    assert snapshot(database) == before
    return caught.value


def test_book_assigns_reference_price_room_and_audit(clinic: Database) -> None:
    result = make(clinic, "2025-01-13T09:00")
    assert result.reference == "BK-2025-000001"
    assert result.room == "r2"  # the therapist's preferred room
    assert result.ends_at - result.starts_at == timedelta(minutes=50)
    second = make(clinic, "2025-01-13T10:00", client="c2")
    assert second.reference == "BK-2025-000002"
    with clinic.read() as session:
        record = session.scalar(
            select(TherapySession).where(TherapySession.reference == result.reference)
        )
        assert record.status == SessionStatus.SCHEDULED and record.price_cents == 15000
        assert record.busy_until == record.ends_at + timedelta(minutes=10)
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "session.book", AuditEntry.entity_id == record.id
            )
        )
        assert entry.actor == "alex" and entry.after["client"] == "c1"
        assert "Ana" not in str(entry.after)  # keys, not client names


def test_booked_start_is_refused_with_three_nearest_alternatives(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:30", client="c2"))
    assert error.reason == "booked"
    assert [
        a.astimezone(at("2025-01-13T00:00").tzinfo).strftime("%d %H:%M") for a in error.alternatives
    ] == ["13 09:00", "13 11:00", "13 13:00"]


def test_alternatives_look_beyond_the_next_day_when_nearer_ones_may_lie_there(
    clinic: Database,
) -> None:
    """Friday is full (cap 3) and the weekend closed: from Saturday noon the nearest starts
    are Thursday's last ones (44 h away), not Monday's first (45 h)."""
    for index, start in enumerate(("09:00", "10:00", "11:00")):
        make(clinic, f"2025-01-17T{start}", client=f"c{index + 1}")
    error = refused(clinic, lambda: make(clinic, "2025-01-18T12:00", client="c1"))
    assert [
        a.astimezone(at("2025-01-13T00:00").tzinfo).strftime("%a %H:%M") for a in error.alternatives
    ] == ["Thu 15:30", "Thu 15:45", "Thu 16:00"]


@pytest.mark.parametrize(
    "start, kwargs, reason",
    [
        ("2025-01-15T10:15", {}, "blocked"),
        ("2025-01-10T09:00", {}, "too_soon"),
        ("2025-03-31T09:00", {}, "too_far"),
        ("2025-01-13T12:00", {}, "outside_hours"),
        ("2025-01-11T10:00", {}, "outside_hours"),  # a Saturday
    ],
)
def test_rule_refusals_change_nothing(
    clinic: Database, start: str, kwargs: dict, reason: str
) -> None:  # type: ignore[type-arg]
    error = refused(clinic, lambda: make(clinic, start, **kwargs))
    assert error.reason == reason and error.message
    assert error.alternatives


def test_cap_reached(clinic: Database) -> None:
    for index, start in enumerate(("09:00", "10:00", "11:00")):
        make(clinic, f"2025-01-13T{start}", client=f"c{index + 1}")
    assert refused(clinic, lambda: make(clinic, "2025-01-13T14:00")).reason == "cap_reached"


def test_client_double_booking_is_refused_across_therapists(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00", client="c1")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:30", therapist="kim", client="c1"))
    assert error.reason == "client_busy"
    assert error.message == "the client already has a session at that time"
    assert error.alternatives  # the therapist's nearest free starts, as for any refusal


def test_a_move_onto_the_clients_other_session_is_refused(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00", client="c1")
    other = make(clinic, "2025-01-13T13:00", therapist="kim", client="c1")
    error = refused(
        clinic,
        lambda: reschedule(clinic, other.reference, at("2025-01-13T10:15"), actor="alex", now=NOW),
    )
    assert error.reason == "client_busy"
    assert error.message == "the client already has a session at that time"


def local_times(error: BookingRefusedError) -> list[str]:
    return [a.astimezone(at("2025-01-13T00:00").tzinfo).strftime("%d %H:%M")
            for a in error.alternatives]  # fmt: skip


def test_a_client_busy_refusal_offers_only_starts_the_client_is_free_at(
    clinic: Database,
) -> None:
    """Alternatives are starts at which the same request would succeed: never the refused
    start, nor one overlapping the client's other session (10:00–10:50 with Dr. Kim)."""
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c1")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:00", client="c1"))
    assert error.reason == "client_busy"
    assert local_times(error) == ["13 09:00", "13 11:00", "13 13:00"]
    for offered in error.alternatives:  # each one books
        make(clinic, offered.astimezone(ZONE).isoformat()[:16], client="c1")


def test_a_room_busy_refusal_offers_only_starts_that_room_is_free_at(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c2", room="r1")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:00", room="r1"))
    assert error.reason == "room_busy"
    assert local_times(error) == ["13 09:00", "13 11:00", "13 13:00"]


def test_any_refusal_offers_no_start_the_client_is_busy_at(clinic: Database) -> None:
    """A rule's refusal (Dr. Carter booked at 10:00) offers Carter's free starts, less those
    where this client sits with someone else (Dr. Kim, 11:00–11:50)."""
    make(clinic, "2025-01-13T10:00", client="c2")
    make(clinic, "2025-01-13T11:00", therapist="kim", client="c1")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:30", client="c1"))
    assert error.reason == "booked"
    assert local_times(error) == ["13 09:00", "13 13:00", "13 13:15"]


def test_a_move_refused_as_client_busy_offers_starts_the_client_is_free_at(
    clinic: Database,
) -> None:
    make(clinic, "2025-01-13T10:00", client="c1")
    other = make(clinic, "2025-01-13T13:00", therapist="kim", client="c1")
    error = refused(
        clinic,
        lambda: reschedule(clinic, other.reference, at("2025-01-13T10:15"), actor="alex", now=NOW),
    )
    assert error.reason == "client_busy"
    # 13:00, the session's own place, is free for it; 10:00–10:50 is not
    assert local_times(error) == ["13 09:00", "13 11:00", "13 13:00"]


def test_hand_chosen_room_taken_or_unsuitable(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c2", room="r1")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:00", room="r1"))
    assert error.reason == "room_busy"
    error = refused(clinic, lambda: make(clinic, "2025-01-13T13:00", room="r2", service="family"))
    assert error.reason == "room_busy" and "family" in error.message


def test_a_room_asked_for_is_its_own_test_even_when_every_room_is_taken(
    database: Database,
) -> None:
    """One placement rule for the turn and the drag feedback: with a room named, whether
    some other room could be freed does not matter; that room is taken, and it says so."""
    clinic = booking_clinic()
    clinic["therapists"].append({**clinic["therapists"][1], "key": "lee", "name": "Dr. Lee"})
    import_clinic(database, clinic, actor="test")
    make(database, "2025-01-13T10:00", therapist="kim", client="c1")  # the small room
    make(database, "2025-01-13T10:00", therapist="carter", client="c2")  # the family room
    error = refused(
        database,
        lambda: make(database, "2025-01-13T10:00", therapist="lee", client="c3", room="r2"),
    )
    assert (error.reason, error.message) == ("room_busy", "Room 2 is taken at that time")


def test_a_rule_refuses_before_the_room_asked_for_is_looked_up(clinic: Database) -> None:
    """A refusal by a rule is the answer (exit 3), whatever the room named: the room is read
    only once the rules have spoken."""
    error = refused(clinic, lambda: make(clinic, "2025-01-15T10:00", room="no-such-room"))
    assert error.reason == "blocked"
    with pytest.raises(BookingInputError, match="no room with key 'no-such-room'"):
        make(clinic, "2025-01-15T14:00", room="no-such-room")


def test_no_room_left_for_a_family_session(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c2", service="family")
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:00", service="family"))
    assert error.reason == "no_room"


def test_rooms_are_rearranged_and_moves_reported(clinic: Database) -> None:
    # Kim's individual session sits in the family room (r2 being taken at booking time).
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c2", room="r1")
    result = make(clinic, "2025-01-13T10:00", service="family")
    assert result.room == "r1"
    assert [(m.from_room, m.to_room) for m in result.moved] == [("r1", "r2")]
    with clinic.read() as session:
        rooms = {s.client.key: s.room.key for s in session.scalars(select(TherapySession))}
        assert rooms == {"c1": "r1", "c2": "r2"}
        moved = session.scalar(select(AuditEntry).where(AuditEntry.action == "session.room_change"))
        assert moved.before == {"room": "r1"} and moved.after == {"room": "r2"}


def test_supervisor_override_books_a_blocked_start_and_is_audited(clinic: Database) -> None:
    result = book(clinic, request("2025-01-15T10:00"), actor="alex", now=NOW, override=MARIA)
    assert result.overridden_rules == ("blocked",)
    with clinic.read() as session:
        record = session.get(TherapySession, result.session_id)
        assert record.overridden and record.override_reason == "Crisis session"
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.entity_id == record.id, AuditEntry.action == "session.book"
            )
        )
        assert entry.after["overridden_rules"] == ["blocked"]
        assert entry.after["authorised_by"] == "maria" and entry.reason == "Crisis session"


def test_override_outside_hours_and_past_the_cap(clinic: Database) -> None:
    for index, start in enumerate(("09:00", "10:00", "11:00")):
        make(clinic, f"2025-01-13T{start}", client=f"c{index + 1}")
    result = book(
        clinic, request("2025-01-13T17:30", client="c1"), actor="alex", now=NOW, override=MARIA
    )
    assert set(result.overridden_rules) == {"outside_hours", "cap_reached"}


@pytest.mark.parametrize(
    "override",
    [
        Override("alex", FRONT_DESK_PASSWORD, "I am not a supervisor"),
        Override("maria", "wrong-password", "Wrong password"),
        Override("nobody", "whatever-pass", "No such user"),
    ],
)
def test_override_needs_a_supervisors_credentials(clinic: Database, override: Override) -> None:
    """Refused, and nothing changes but the record of a failed attempt (a front desk's own
    right password is no failed attempt: it is the role that does not allow it)."""
    before = snapshot(clinic)
    with pytest.raises(BookingRefusedError) as caught:
        book(clinic, request("2025-01-15T10:00"), actor="alex", now=NOW, override=override)
    assert caught.value.reason == "not_permitted"
    after = snapshot(clinic)
    added = after.pop("audit_log")[len(before["audit_log"]) :]
    before.pop("audit_log")
    assert after == before
    wrong_password = override.username != "alex"
    assert [action for _id, action, _entity in added] == ["auth.failed"] * wrong_password


def test_override_never_allows_a_double_booking(clinic: Database) -> None:
    make(clinic, "2025-01-15T09:00", client="c2")
    error = refused(
        clinic,
        lambda: book(clinic, request("2025-01-15T09:30"), actor="alex", now=NOW, override=MARIA),
    )
    assert error.reason == "booked"


def test_bad_input_changes_nothing(clinic: Database) -> None:
    before = snapshot(clinic)
    for bad in (
        request("2025-01-13T09:00", therapist="nobody"),
        request("2025-01-13T09:00", client="nobody"),
        request("2025-01-13T09:00", service="nothing"),
        request("2025-01-13T09:00", room="r9"),
    ):
        with pytest.raises(BookingInputError):
            book(clinic, bad, actor="alex", now=NOW)
    with pytest.raises(BookingInputError):
        book(
            clinic,
            request("2025-01-15T10:00"),
            actor="alex",
            now=NOW,
            override=Override("maria", SUPERVISOR_PASSWORD, " "),
        )
    assert snapshot(clinic) == before


def test_reschedule_keeps_history_and_rechecks(clinic: Database) -> None:
    first = make(clinic, "2025-01-13T10:00")
    moved = reschedule(clinic, first.reference, at("2025-01-13T10:15"), actor="alex", now=NOW)
    assert moved.reference != first.reference and moved.rescheduled_from == first.reference
    with clinic.read() as session:
        old = session.get(TherapySession, first.session_id)
        new = session.get(TherapySession, moved.session_id)
        assert old.status == SessionStatus.CANCELLED and moved.reference in old.cancellation_reason
        assert new.rescheduled_from_id == old.id and new.starts_at == at("2025-01-13T10:15")
    other = make(clinic, "2025-01-13T13:00", client="c2")
    error = refused(
        clinic,
        lambda: reschedule(clinic, other.reference, at("2025-01-13T10:30"), actor="alex", now=NOW),
    )
    assert error.reason == "booked"
    error = refused(
        clinic,
        lambda: reschedule(clinic, first.reference, at("2025-01-14T10:00"), actor="alex", now=NOW),
    )
    assert error.reason == "not_permitted"  # the old one is no longer live
    to_kim = reschedule(
        clinic, other.reference, at("2025-01-14T09:00"), actor="alex", now=NOW, therapist="kim"
    )
    with clinic.read() as session:
        assert session.get(TherapySession, to_kim.session_id).therapist.key == "kim"


def test_cancel_notice_late_mark_and_supervisor_waiver(clinic: Database) -> None:
    early = make(clinic, "2025-01-14T10:00")
    assert cancel(clinic, early.reference, "Client asked", actor="alex", now=NOW).late is False
    late = make(clinic, "2025-01-13T10:00")
    day_before = at("2025-01-12T12:00")
    result = cancel(clinic, late.reference, "Ill", actor="alex", now=day_before)
    assert result.late is True
    waived = make(clinic, "2025-01-13T13:00", client="c2")
    assert (
        cancel(
            clinic, waived.reference, "Emergency", actor="alex", now=day_before, supervisor=MARIA
        ).late
        is False
    )
    error = refused(
        clinic, lambda: cancel(clinic, late.reference, "again", actor="alex", now=day_before)
    )
    assert error.reason == "not_permitted"
    with pytest.raises(BookingInputError):
        cancel(clinic, early.reference, "  ", actor="alex", now=NOW)
    # the freed start is bookable again
    make(clinic, "2025-01-14T10:00", client="c3")


def test_status_flow_and_illegal_transitions(clinic: Database) -> None:
    result = make(clinic, "2025-01-13T10:00")
    during = at("2025-01-13T10:05")
    error = refused(
        clinic,
        lambda: change_status(
            clinic, result.reference, SessionStatus.COMPLETED, actor="alex", now=during
        ),
    )
    assert "cannot go from scheduled to completed" in error.message
    for status in (SessionStatus.CONFIRMED, SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED):
        assert change_status(clinic, result.reference, status, actor="alex", now=during) == status
    refused(
        clinic,
        lambda: change_status(
            clinic, result.reference, SessionStatus.CONFIRMED, actor="alex", now=during
        ),
    )
    early = make(clinic, "2025-01-14T10:00")
    refused(
        clinic,
        lambda: change_status(
            clinic, early.reference, SessionStatus.NO_SHOW, actor="alex", now=NOW
        ),
    )


def test_holds_show_as_held_and_expire(clinic: Database) -> None:
    held = hold(clinic, "carter", "individual", at("2025-01-13T10:00"), actor="alex", now=NOW)
    assert held.expires_at == NOW + timedelta(minutes=10)
    listing = available_slots(clinic, "carter", "individual", at("2025-01-13T00:00").date(), 1, NOW)
    statuses = {s.start: s.status.value for s in listing.days[0].slots}
    assert statuses[at("2025-01-13T10:00")] == "held"
    assert refused(clinic, lambda: make(clinic, "2025-01-13T10:00", client="c2")).reason == "held"
    booked = book(clinic, request("2025-01-13T10:00", hold_id=held.hold_id), actor="alex", now=NOW)
    assert booked.reference
    second = hold(clinic, "carter", "individual", at("2025-01-14T10:00"), actor="alex", now=NOW)
    later = NOW + timedelta(minutes=11)
    listing = available_slots(
        clinic, "carter", "individual", at("2025-01-14T00:00").date(), 1, later
    )
    assert {s.start: s.status.value for s in listing.days[0].slots}[at("2025-01-14T10:00")] == (
        "available"
    )
    assert expire_holds(clinic, later) == 1
    assert second.hold_id


def test_month_summary_through_the_database(clinic: Database) -> None:
    summary = month_summary(
        clinic,
        "carter",
        "individual",
        at("2025-01-11T00:00").date(),
        at("2025-01-17T00:00").date(),
        NOW,
    )
    by_day = {d.day.day: d for d in summary.days}
    assert by_day[11].reason.value == "no_hours" and by_day[13].available > 0
    assert summary.next_available == at("2025-01-13T09:00")


def test_database_guard_refuses_overlap_written_behind_the_apps_back(clinic: Database) -> None:
    """The last line of defence: even a write that skips the re-check cannot double-book."""
    from sqlalchemy.exc import IntegrityError

    result = make(clinic, "2025-01-13T10:00")
    guard = r"ex_sessions_(therapist|room|client)_overlap"
    with pytest.raises(IntegrityError, match=guard), clinic.write() as session:
        original = session.get(TherapySession, result.session_id)
        copy = TherapySession(
            reference="BK-2025-999999",
            therapist_id=original.therapist_id,
            client_id=original.client_id,
            service_id=original.service_id,
            room_id=original.room_id,
            starts_at=original.starts_at + timedelta(minutes=20),
            ends_at=original.ends_at + timedelta(minutes=20),
        )
        copy.occupy_with_buffers(0, 10)
        session.add(copy)
        session.flush()


def test_external_busy_and_on_leave_refusals(clinic: Database) -> None:
    from db.enums import TherapistStatus
    from db.models import ExternalBusyTime, Therapist

    with clinic.write() as session:
        carter = session.scalar(select(Therapist).where(Therapist.key == "carter"))
        session.add(
            ExternalBusyTime(
                therapist_id=carter.id,
                starts_at=at("2025-01-13T09:00"),
                ends_at=at("2025-01-13T10:00"),
            )
        )
    error = refused(clinic, lambda: make(clinic, "2025-01-13T09:30"))
    assert error.reason == "external_busy"
    with clinic.write() as session:
        session.scalar(
            select(Therapist).where(Therapist.key == "carter")
        ).status = TherapistStatus.ON_LEAVE
    error = refused(clinic, lambda: make(clinic, "2025-01-14T09:00"))
    assert error.reason == "on_leave" and "on leave" in error.message
    result = book(clinic, request("2025-01-14T09:00"), actor="alex", now=NOW, override=MARIA)
    assert result.overridden_rules == ("on_leave",)


def test_hold_refused_on_a_taken_start(clinic: Database) -> None:
    make(clinic, "2025-01-13T10:00")
    error = refused(
        clinic,
        lambda: hold(clinic, "carter", "individual", at("2025-01-13T10:15"), actor="alex", now=NOW),
    )
    assert error.reason == "booked" and error.alternatives


def test_a_lost_race_becomes_a_refusal_and_changes_nothing(
    clinic: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the re-check were fooled (another desk committing in between), the database guard
    still refuses; the use case retries and ends with an ordinary refusal."""
    from app.scheduling import Schedule, SlotStatus, Verdict

    make(clinic, "2025-01-13T10:00")
    monkeypatch.setattr(Schedule, "check", lambda *a, **k: Verdict(SlotStatus.AVAILABLE))
    error = refused(clinic, lambda: make(clinic, "2025-01-13T10:20", client="c2", room="r1"))
    assert error.reason == "booked" and "another workstation" in error.message


def test_day_grid_matches_each_therapists_own_listing(clinic: Database) -> None:
    from app.booking import day_grid

    make(clinic, "2025-01-13T10:00")
    make(clinic, "2025-01-13T10:00", therapist="kim", client="c2")
    hold(clinic, "kim", "individual", at("2025-01-13T14:00"), actor="alex", now=NOW)
    day = at("2025-01-13T00:00").date()
    grid = day_grid(clinic, day, "individual", NOW)
    assert list(grid) == ["carter", "kim"]  # by name
    for key in ("carter", "kim"):
        alone = available_slots(clinic, key, "individual", day, 1, NOW).days[0]
        assert grid[key] == alone


def test_audit_keeps_the_status_a_session_had(clinic: Database) -> None:
    first = make(clinic, "2025-01-14T10:00")
    change_status(clinic, first.reference, SessionStatus.CONFIRMED, actor="alex", now=NOW)
    cancel(clinic, first.reference, "Client asked", actor="alex", now=NOW)
    with clinic.read() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "session.cancel"))
        assert entry.before == {"status": "confirmed"}


@pytest.mark.parametrize(
    "table, field, value, message",
    [
        ("therapists", "therapist", "carter", "therapist 'carter' is inactive"),
        ("services", "service", "individual", "service 'individual' is inactive"),
        (None, "therapist", "nobody", "no therapist with key 'nobody'"),
        (None, "client", "nobody", "no client with key 'nobody'"),
        (None, "service", "nobody", "no service with key 'nobody'"),
    ],
)
def test_unknown_or_inactive_parties_are_named_and_nothing_changes(
    clinic: Database, table: str | None, field: str, value: str, message: str
) -> None:
    from sqlalchemy import text

    if table is not None:
        with clinic.write() as session:
            statement = text(f"UPDATE {table} SET active = false WHERE key = :key")
            session.execute(statement, {"key": value})
    before = snapshot(clinic)
    with pytest.raises(BookingInputError, match=message):
        make(clinic, "2025-01-13T10:00", **{field: value})
    assert snapshot(clinic) == before
