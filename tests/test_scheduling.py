"""The engine rule by rule (docs/scheduling.md, Availability rules), with expectations worked out by
hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.scheduling import DayReason, ServiceNeeds, SlotStatus
from tests.scheduling_support import (
    INDIVIDUAL,
    MADRID,
    block,
    clock,
    hold,
    local,
    rooms,
    schedule,
    session,
    with_rules,
)

MONDAY = date(2025, 1, 13)
EARLY = "2025-01-10T08:00"  # the Friday before: nothing is too soon
S = SlotStatus


def statuses(day_slots) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {clock(slot.start): slot.status.value for slot in day_slots.slots}


def test_candidates_step_from_each_window_start_and_fit_inside_it() -> None:
    slots = schedule(MONDAY, EARLY).day_slots(MONDAY, INDIVIDUAL).slots
    starts = [clock(s.start) for s in slots]
    # 09:00–12:00: the last 50-minute session starts 11:00; 13:00–17:00: the last at 16:00.
    assert starts[:9] == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30",
                          "10:45", "11:00"]  # fmt: skip
    assert starts[9:] == [f"{h}:{m:02d}" for h in range(13, 17) for m in (0, 15, 30, 45)][:13]
    assert len(starts) == 22 and starts[-1] == "16:00"
    assert all(s.status == S.AVAILABLE for s in slots)
    assert all((s.end - s.start).total_seconds() == 50 * 60 for s in slots)


def test_service_duration_and_slot_interval_shape_the_candidates() -> None:
    slots = schedule(MONDAY, EARLY, slot=30).day_slots(MONDAY, ServiceNeeds(90)).slots
    expected = ["09:00", "09:30", "10:00", "10:30", "13:00", "13:30", "14:00", "14:30", "15:00",
                "15:30"]  # fmt: skip
    assert [clock(s.start) for s in slots] == expected


def test_exception_replaces_the_weekday_and_a_day_off_has_no_candidates() -> None:
    custom = schedule(MONDAY, EARLY, exceptions={MONDAY: [(10 * 60, 11 * 60)]})
    assert [clock(s.start) for s in custom.day_slots(MONDAY, INDIVIDUAL).slots] == ["10:00"]
    off = schedule(MONDAY, EARLY, exceptions={MONDAY: []})
    assert off.day_slots(MONDAY, INDIVIDUAL).slots == ()
    # an exception on another date changes nothing
    other = schedule(MONDAY, EARLY, exceptions={date(2025, 1, 14): []})
    assert len(other.day_slots(MONDAY, INDIVIDUAL).slots) == 22


def test_on_leave_comes_first() -> None:
    on_leave = schedule(MONDAY, "2025-01-13T08:30", therapist=with_rules(on_leave=True))
    assert set(statuses(on_leave.day_slots(MONDAY, INDIVIDUAL)).values()) == {"on_leave"}


def test_minimum_notice_is_strict_and_maximum_advance_inclusive() -> None:
    soon = schedule(MONDAY, "2025-01-13T08:00")  # 120 min notice → 10:00 is the first
    result = statuses(soon.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:45"] == "too_soon" and result["10:00"] == "available"
    far = schedule(MONDAY, "2024-11-14T10:00", therapist=with_rules(max_advance_days=60))
    result = statuses(far.day_slots(MONDAY, INDIVIDUAL))  # now + 60 days = Jan 13 10:00 EST
    assert result["10:00"] == "available" and result["10:15"] == "too_far"


def test_minimum_notice_is_real_time_across_a_dst_change() -> None:
    sunday = date(2025, 3, 9)  # spring forward in New York
    rules = with_rules(min_notice_minutes=24 * 60)
    plan = schedule(sunday, "2025-03-08T10:00", therapist=rules, weekly={6: [(9 * 60, 13 * 60)]})
    result = statuses(plan.day_slots(sunday, INDIVIDUAL))
    # 24 real hours after Saturday 10:00 EST is Sunday 11:00 EDT, not 10:00.
    assert result["10:45"] == "too_soon" and result["11:00"] == "available"


def test_cap_counts_the_days_sessions_and_ignores_the_moved_one() -> None:
    taken = [session("2025-01-13T13:00", id=1), session("2025-01-13T14:00", id=2)]
    plan = schedule(MONDAY, EARLY, therapist=with_rules(max_per_day=2), sessions=taken)
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert set(result.values()) == {"cap_reached"}
    verdict = plan.check(local("2025-01-13T09:00"), INDIVIDUAL, ignore_session=1)
    assert verdict.status == S.AVAILABLE
    # a session of another day does not count
    other_day = schedule(MONDAY, EARLY, therapist=with_rules(max_per_day=1),
                         sessions=[session("2025-01-14T13:00", id=3)])  # fmt: skip
    assert "cap_reached" not in statuses(other_day.day_slots(MONDAY, INDIVIDUAL)).values()


def test_blocked_carries_the_block_type_and_touching_is_not_overlapping() -> None:
    plan = schedule(MONDAY, EARLY, blocks=[block("2025-01-13T10:00", "2025-01-13T11:00")])
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:00"] == "available"  # ends 09:50
    assert result["09:15"] == "blocked"  # ends 10:05
    assert result["10:45"] == "blocked" and result["11:00"] == "available"
    detail = {clock(s.start): s.detail for s in plan.day_slots(MONDAY, INDIVIDUAL).slots}
    assert detail["10:00"] == "meeting"


def test_recurring_block_repeats_in_local_wall_time_across_dst() -> None:
    weekly = block("2025-03-03T09:00", "2025-03-03T10:00", "training", "FREQ=WEEKLY;BYDAY=MO")
    after_dst = date(2025, 3, 10)  # the Monday after New York springs forward
    plan = schedule(after_dst, "2025-03-01T08:00", blocks=[weekly])
    result = statuses(plan.day_slots(after_dst, INDIVIDUAL))
    assert result["09:00"] == "blocked" and result["09:45"] == "blocked"
    assert result["10:00"] == "available"  # still 09:00–10:00 on the wall clock
    until = block("2025-03-03T09:00", "2025-03-03T10:00", rrule="FREQ=WEEKLY;COUNT=1")
    assert statuses(schedule(after_dst, "2025-03-01T08:00", blocks=[until])
                    .day_slots(after_dst, INDIVIDUAL))["09:00"] == "available"  # fmt: skip


def test_all_day_block_covers_local_midnight_to_midnight() -> None:
    plan = schedule(MONDAY, EARLY, blocks=[block("2025-01-13T00:00", "2025-01-14T00:00",
                                                 "vacation")])  # fmt: skip
    assert set(statuses(plan.day_slots(MONDAY, INDIVIDUAL)).values()) == {"blocked"}
    before = schedule(MONDAY, EARLY, blocks=[block("2025-01-12T00:00", "2025-01-13T00:00")])
    assert "blocked" not in statuses(before.day_slots(MONDAY, INDIVIDUAL)).values()


def test_external_busy_ranks_after_blocks() -> None:
    busy = [(local("2025-01-13T09:00"), local("2025-01-13T09:30"))]
    plan = schedule(MONDAY, EARLY, external_busy=busy,
                    blocks=[block("2025-01-13T09:00", "2025-01-13T09:10")])  # fmt: skip
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:00"] == "blocked" and result["09:15"] == "external_busy"
    assert result["09:30"] == "available"


def test_booked_uses_both_sessions_buffers() -> None:
    # after = 10: a 10:00–10:50 session keeps 09:15 … 10:45 away (the 60-minute spans meet).
    plan = schedule(MONDAY, EARLY, sessions=[session("2025-01-13T10:00")])
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:00"] == "available" and result["09:15"] == "booked"
    assert result["10:45"] == "booked" and result["11:00"] == "available"
    rules = with_rules(buffer_before_minutes=15)
    wider = schedule(MONDAY, EARLY, therapist=rules,
                     sessions=[session("2025-01-13T10:00", before=15)])  # fmt: skip
    result = statuses(wider.day_slots(MONDAY, INDIVIDUAL))
    # [s-15, s+60) against [09:45, 11:00): 09:00 ends its span at 10:00 > 09:45
    assert result["09:00"] == "booked" and result["11:00"] == "booked"
    assert result["13:00"] == "available"


def test_held_starts_block_like_sessions_until_ignored() -> None:
    plan = schedule(MONDAY, EARLY, holds=[hold("2025-01-13T10:00", id=7)])
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["10:00"] == "held" and result["11:00"] == "available"
    assert plan.check(local("2025-01-13T10:00"), INDIVIDUAL, ignore_hold=7).status == S.AVAILABLE


def test_rule_order_first_failure_wins() -> None:
    plan = schedule(
        MONDAY,
        "2025-01-13T08:00",
        therapist=with_rules(max_per_day=1),
        sessions=[session("2025-01-13T13:00")],
        blocks=[block("2025-01-13T09:00", "2025-01-13T17:00")],
    )
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:00"] == "too_soon"  # also cap_reached, blocked
    assert result["13:00"] == "cap_reached"  # also blocked, booked


def test_no_room_when_every_suitable_room_is_taken() -> None:
    other = session("2025-01-13T10:00", id=9, therapist=2, room=1)
    plan = schedule(MONDAY, EARLY, rooms=rooms((1, 2, "")), room_sessions=[other])
    result = statuses(plan.day_slots(MONDAY, INDIVIDUAL))
    assert result["09:15"] == "no_room" and result["09:00"] == "available"
    assert result["10:45"] == "no_room" and result["11:00"] == "available"  # no buffers


def test_room_features_and_rearranging_the_day() -> None:
    # Room 1 has the sandtray the play service needs; a plain session sits in it and can
    # move to room 2, so the play session is bookable and the move is reported.
    play = ServiceNeeds(50, frozenset({"sandtray"}))
    plain = session("2025-01-13T10:00", id=9, therapist=2, room=1)
    plan = schedule(MONDAY, EARLY, rooms=rooms((1, 2, "sandtray"), (2, 1, "")),
                    room_sessions=[plain])  # fmt: skip
    result = statuses(plan.day_slots(MONDAY, play))
    assert result["10:00"] == "available"
    start = int(local("2025-01-13T10:00").timestamp())
    choice = plan.room_for(start, start + 3000, MONDAY, play)
    assert choice is not None and choice.room_id == 1
    assert [(m.session_id, m.from_room, m.to_room) for m in choice.moves] == [(9, 1, 2)]
    # once that session has started it stays where it is
    started = schedule(
        MONDAY,
        "2025-01-13T10:05",
        rooms=rooms((1, 2, "sandtray"), (2, 1, "")),
        room_sessions=[plain],
        therapist=with_rules(min_notice_minutes=0),
    )
    assert statuses(started.day_slots(MONDAY, play))["10:15"] == "no_room"


def test_room_choice_prefers_the_therapists_room_then_the_smallest() -> None:
    plan = schedule(MONDAY, EARLY, rooms=rooms((1, 4, ""), (2, 2, ""), (3, 3, "")))
    start = int(local("2025-01-13T10:00").timestamp())
    assert plan.room_for(start, start + 3000, MONDAY, INDIVIDUAL).room_id == 2
    preferring = schedule(MONDAY, EARLY, rooms=rooms((1, 4, ""), (2, 2, "")),
                          therapist=with_rules(preferred_room_id=1))  # fmt: skip
    assert preferring.room_for(start, start + 3000, MONDAY, INDIVIDUAL).room_id == 1


def test_spring_forward_skips_missing_wall_times() -> None:
    sunday = date(2025, 3, 9)
    plan = schedule(sunday, "2025-03-01T08:00", weekly={6: [(60, 5 * 60)]})
    slots = plan.day_slots(sunday, INDIVIDUAL).slots
    assert [clock(s.start) for s in slots] == ["01:00", "01:15", "01:30", "01:45", "03:00",
                                               "03:15", "03:30", "03:45", "04:00"]  # fmt: skip
    # 01:45 EST + 50 real minutes is 03:35 EDT
    assert slots[3].end == datetime(2025, 3, 9, 7, 35, tzinfo=UTC)


def test_fall_back_uses_the_first_occurrence_and_real_durations() -> None:
    sunday = date(2025, 11, 2)
    plan = schedule(sunday, "2025-10-20T08:00", weekly={6: [(0, 3 * 60)]})
    slots = plan.day_slots(sunday, INDIVIDUAL).slots
    # 00:00 EDT … 03:00 EST is four real hours; the last start is 02:00 EST (ends 02:50).
    assert clock(slots[-1].start) == "02:00" and len(slots) == 9
    one = next(s for s in slots if clock(s.start) == "01:00")
    assert one.start == datetime(2025, 11, 2, 5, 0, tzinfo=UTC)  # 01:00 EDT, first pass


def test_a_window_ending_after_a_fall_back_covers_the_repeated_hour_once_over() -> None:
    """Hours 02:05–03:00 on Madrid's fall-back night (03:00 CEST → 02:00 CET) run from 02:05
    CEST (00:05 UTC) to 03:00 CET (02:00 UTC), the repeated 02:00–02:05 included. Starts are
    wall times (02:05, 02:20, …; an ambiguous one is its first occurrence), so a 30-minute
    session from 02:35 or 02:50 CEST runs into the repeated hour and still fits."""
    sunday = date(2025, 10, 26)
    plan = schedule(sunday, "2025-10-20T08:00", zone=MADRID, weekly={6: [(125, 180)]})
    slots = plan.day_slots(sunday, ServiceNeeds(30, frozenset())).slots
    assert [f"{s.start.astimezone(UTC):%H:%M}" for s in slots] == [
        "00:05", "00:20", "00:35", "00:50"]  # fmt: skip
    assert slots[-1].end == datetime(2025, 10, 26, 1, 20, tzinfo=UTC)
    assert all(s.status == SlotStatus.AVAILABLE for s in slots)


def test_madrid_dst_day() -> None:
    sunday = date(2025, 3, 30)  # Madrid: 02:00 → 03:00
    plan = schedule(sunday, "2025-03-20T08:00", zone=MADRID, weekly={6: [(90, 4 * 60)]})
    starts = [clock(s.start, MADRID) for s in plan.day_slots(sunday, INDIVIDUAL).slots]
    assert starts == ["01:30", "01:45", "03:00"]


def test_check_accepts_off_grid_starts_inside_hours_and_refuses_outside() -> None:
    plan = schedule(MONDAY, EARLY)
    assert plan.check(local("2025-01-13T09:05"), INDIVIDUAL).status == S.AVAILABLE
    outside = plan.check(local("2025-01-13T11:30"), INDIVIDUAL)  # would end 12:20
    assert outside.status == S.OUTSIDE_HOURS and outside.overridable
    booked = schedule(MONDAY, EARLY, sessions=[session("2025-01-13T10:00")])
    verdict = booked.check(local("2025-01-13T10:00"), INDIVIDUAL)
    assert verdict.status == S.BOOKED and not verdict.overridable


def test_check_agrees_with_the_listing_for_every_candidate() -> None:
    plan = schedule(
        MONDAY,
        "2025-01-13T08:00",
        sessions=[session("2025-01-13T14:00")],
        blocks=[block("2025-01-13T10:00", "2025-01-13T11:00")],
        holds=[hold("2025-01-13T15:30")],
    )
    for slot in plan.day_slots(MONDAY, INDIVIDUAL).slots:
        assert plan.check(slot.start, INDIVIDUAL).status == slot.status


def test_override_view_marks_only_rules_one_to_four() -> None:
    plan = schedule(
        MONDAY,
        "2025-01-13T08:00",
        sessions=[session("2025-01-13T14:00")],
        blocks=[block("2025-01-13T10:00", "2025-01-13T11:00")],
    )
    slots = {clock(s.start): s for s in plan.day_slots(MONDAY, INDIVIDUAL, override=True).slots}
    assert slots["09:00"].status == S.TOO_SOON and slots["09:00"].override
    assert slots["10:30"].status == S.BLOCKED and slots["10:30"].override
    assert slots["14:00"].status == S.BOOKED and not slots["14:00"].override
    assert slots["16:00"].status == S.AVAILABLE and not slots["16:00"].override
    plain = {clock(s.start): s for s in plan.day_slots(MONDAY, INDIVIDUAL).slots}
    assert not any(s.override for s in plain.values())


def test_month_summary_reasons_and_next_available_date() -> None:
    first, last = date(2025, 1, 13), date(2025, 1, 19)
    plan = schedule(
        first,
        EARLY,
        last_day=last,
        weekly={0: [(9 * 60, 12 * 60)], 1: [(9 * 60, 12 * 60)], 2: [(9 * 60, 10 * 60)],
                3: [(9 * 60, 12 * 60)], 4: [(9 * 60, 10 * 60)]},
        therapist=with_rules(max_per_day=1),
        blocks=[block("2025-01-13T00:00", "2025-01-14T00:00", "vacation")],
        sessions=[session("2025-01-14T09:00", id=1), session("2025-01-15T09:00", id=2)],
    )  # fmt: skip
    summary = plan.month_summary(first, last, INDIVIDUAL)
    reasons = {d.day.day: (d.available, d.reason and d.reason.value) for d in summary.days}
    assert reasons[13] == (0, "blocked")
    assert reasons[14] == (0, "cap_reached")
    assert reasons[15] == (0, "cap_reached")
    assert reasons[16][0] > 0 and reasons[16][1] is None
    assert reasons[18] == (0, "no_hours")
    assert summary.next_available == local("2025-01-16T09:00")
    full = schedule(MONDAY, EARLY, weekly={0: [(9 * 60, 10 * 60)]},
                    sessions=[session("2025-01-13T09:00")])  # fmt: skip
    day = full.month_summary(MONDAY, MONDAY, INDIVIDUAL).days[0]
    assert day.reason == DayReason.FULLY_BOOKED and (day.booked, day.cap) == (1, 8)


def test_nearest_available_starts_in_time_order() -> None:
    plan = schedule(MONDAY, EARLY, sessions=[session("2025-01-13T10:00")])
    nearest = plan.nearest_available(local("2025-01-13T10:00"), INDIVIDUAL)
    assert [clock(n) for n in nearest] == ["09:00", "11:00", "13:00"]


def test_one_starts_status_is_the_days_listing_of_it() -> None:
    """`slot_status` (the waitlist asks about a few starts of many days) answers as
    `day_slots` lists every start: each rule, in order, rooms included."""
    other = session("2025-01-13T14:00", id=9, therapist=2, room=1)
    plan = schedule(
        MONDAY,
        "2025-01-13T08:30",
        therapist=with_rules(max_per_day=3),
        sessions=[session("2025-01-13T09:45"), session("2025-01-13T16:00", id=101)],
        blocks=[block("2025-01-13T11:00", "2025-01-13T12:00")],
        holds=[hold("2025-01-13T13:00")],
        room_sessions=[other],
    )
    listed = plan.day_slots(MONDAY, INDIVIDUAL).slots
    assert {slot.status for slot in listed} >= {S.TOO_SOON, S.BOOKED, S.BLOCKED, S.HELD,
                                                S.NO_ROOM, S.AVAILABLE}  # fmt: skip
    for slot in listed:
        assert plan.slot_status(MONDAY, int(slot.start.timestamp()), INDIVIDUAL) == slot.status
