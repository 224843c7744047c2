"""Recurrences: series dates, hand-checked, including the 31st, 5th weekdays and DST; and
blocked times' RRULEs, expanded only inside the range asked for (docs/scheduling.md)."""

from __future__ import annotations

import random
import time as clock
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from app.scheduling import BlockRule
from app.scheduling.blocks import block_occurrences
from app.scheduling.recurrence import (
    MonthlyMode,
    Recurrence,
    occurrence_dates,
    occurrence_start,
)

NEW_YORK, MADRID = ZoneInfo("America/New_York"), ZoneInfo("Europe/Madrid")


def days(rule: Recurrence, first: str, last: str) -> list[str]:
    return [d.isoformat() for d in occurrence_dates(rule, date.fromisoformat(first),
                                                      date.fromisoformat(last))]  # fmt: skip


def test_weekly_starts_on_the_first_matching_weekday_and_respects_the_end() -> None:
    rule = Recurrence("weekly", date(2025, 3, 5), weekday=0, end_date=date(2025, 3, 24))
    assert days(rule, "2025-03-01", "2025-04-30") == ["2025-03-10", "2025-03-17", "2025-03-24"]


def test_biweekly_keeps_the_first_weeks_parity_whatever_window_is_asked() -> None:
    rule = Recurrence("biweekly", date(2025, 1, 6), weekday=0)
    assert days(rule, "2025-01-01", "2025-02-10") == ["2025-01-06", "2025-01-20", "2025-02-03"]
    assert days(rule, "2025-01-13", "2025-01-31") == ["2025-01-20"]  # not the 13th or 27th


def test_every_n_days_counts_from_the_start_date() -> None:
    rule = Recurrence("every_n_days", date(2025, 1, 1), weekday=0, interval_days=10)
    assert days(rule, "2025-01-15", "2025-02-05") == ["2025-01-21", "2025-01-31"]
    with pytest.raises(ValueError, match="N of at least 1"):
        occurrence_dates(rule._replace(interval_days=0), date(2025, 1, 1), date(2025, 2, 1))


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    rule = Recurrence("monthly", date(2024, 1, 31), weekday=0)
    assert days(rule, "2024-01-01", "2024-05-31") == [
        "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]  # fmt: skip


def test_monthly_by_weekday_ordinal_and_a_fifth_weekday_means_the_last() -> None:
    second_tuesday = Recurrence("monthly", date(2025, 1, 14), weekday=1,
                                monthly_mode=MonthlyMode.WEEKDAY)  # fmt: skip
    assert days(second_tuesday, "2025-01-01", "2025-04-30") == [
        "2025-01-14", "2025-02-11", "2025-03-11", "2025-04-08"]  # fmt: skip
    fifth_friday = Recurrence("monthly", date(2025, 1, 31), weekday=4,
                              monthly_mode=MonthlyMode.WEEKDAY)  # fmt: skip
    assert days(fifth_friday, "2025-01-01", "2025-05-31") == [
        "2025-01-31", "2025-02-28", "2025-03-28", "2025-04-25", "2025-05-30"]  # fmt: skip


def test_weekly_sessions_keep_their_wall_time_across_dst_and_a_skipped_time_has_no_start() -> None:
    rule = Recurrence("weekly", date(2025, 3, 1), weekday=6)  # Sundays
    sundays = occurrence_dates(rule, date(2025, 3, 1), date(2025, 3, 16))
    starts = [occurrence_start(d, 9 * 60, NEW_YORK) for d in sundays]
    assert starts == [
        datetime(2025, 3, 2, 14, 0, tzinfo=UTC),  # 09:00 EST
        datetime(2025, 3, 9, 13, 0, tzinfo=UTC),  # 09:00 EDT, the day clocks moved
        datetime(2025, 3, 16, 13, 0, tzinfo=UTC),
    ]
    assert occurrence_start(date(2025, 3, 30), 2 * 60 + 30, MADRID) is None  # 02:30 skipped
    fall_back = occurrence_start(date(2025, 10, 26), 2 * 60 + 30, MADRID)
    assert fall_back == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # first of the two 02:30s


def test_nothing_outside_the_series_or_an_unknown_frequency() -> None:
    rule = Recurrence("weekly", date(2025, 6, 2), weekday=0, end_date=date(2025, 6, 30))
    assert occurrence_dates(rule, date(2025, 1, 1), date(2025, 5, 31)) == []
    assert occurrence_dates(rule, date(2025, 7, 1), date(2025, 7, 31)) == []
    with pytest.raises(ValueError, match="unknown frequency"):
        occurrence_dates(rule._replace(frequency="yearly"), date(2025, 6, 1),
                         date(2025, 6, 1) + timedelta(days=30))  # fmt: skip


# --- blocked times -------------------------------------------------------------------------


def _expanded(rule: str, first: str, start: str, days: int, minutes: int = 60) -> list[datetime]:
    """The UTC starts of a block's occurrences in `days` days from `start` (New York)."""
    begin = datetime.fromisoformat(first).replace(tzinfo=NEW_YORK)
    block = BlockRule(begin, begin + timedelta(minutes=minutes), "meeting", rule)
    range_start = datetime.fromisoformat(start).replace(tzinfo=NEW_YORK)
    occurrences = block_occurrences(block, NEW_YORK, range_start, range_start + timedelta(days))
    return [s for s, _e in occurrences]


def _seconds(action) -> float:  # type: ignore[no-untyped-def]
    began = clock.perf_counter()
    action()
    return clock.perf_counter() - began


def test_a_block_started_decades_ago_is_expanded_from_the_range_not_from_its_start() -> None:
    # From year 1, a daily rule had 739,000 occurrences to walk before 2025 on every call.
    elapsed = _seconds(lambda: _expanded("FREQ=DAILY", "0001-01-01T09:00", "2025-03-01", 31))
    assert elapsed < 0.5
    starts = _expanded("FREQ=DAILY", "1990-01-01T09:00", "2025-03-01", 31)
    assert len(starts) == 31 and starts[0] == datetime(2025, 3, 1, 14, 0, tzinfo=UTC)
    assert starts[9] == datetime(2025, 3, 10, 13, 0, tzinfo=UTC)  # 09:00 after DST too


def test_a_stored_rule_more_frequent_than_daily_blocks_only_its_first_occurrence(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Stored before the clinic file refused it: once 86,400 intervals a day (a 30-day
    # listing took a minute); now bounded, and said in the log.
    for rule in ("FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=30", "FREQ=DAILY;BYHOUR=9,10,11",
                 "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1"):  # fmt: skip
        began = clock.perf_counter()
        month = _expanded(rule, "2025-03-03T09:00", "2025-03-01", 30, 1)
        elapsed = clock.perf_counter() - began
        assert month == [datetime(2025, 3, 3, 14, 0, tzinfo=UTC)] and elapsed < 0.5, rule
        assert _expanded(rule, "2025-03-03T09:00", "2025-03-04", 30, 1) == []
    assert "only its first occurrence blocks time" in caplog.text
    assert "FREQ=SECONDLY" in caplog.text


def test_an_unreadable_stored_rule_blocks_its_first_occurrence_instead_of_failing() -> None:
    assert _expanded("FREQ=FORTNIGHTLY", "2025-03-03T09:00", "2025-03-01", 7) == [
        datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    ]


def test_a_rule_no_date_satisfies_is_searched_once_not_on_every_range() -> None:
    # dateutil searches such a rule until year 9999 (0.4 s yearly, 8 s daily): once per
    # process is a cost; on every booking it was a hang.
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
    assert _expanded(rule, "2025-01-01T09:00", "2025-03-01", 30) == []
    for month in range(4, 13):
        elapsed = _seconds(lambda m=month: _expanded(rule, "2025-01-01T09:00",
                                                     f"2025-{m:02d}-01", 30))  # fmt: skip
        assert elapsed < 0.05


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;INTERVAL=3;BYMONTHDAY=31;BYMONTH=4",
     "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6"],
)  # fmt: skip
def test_a_stored_rule_that_never_happens_blocks_nothing_and_costs_no_search(
    rule: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Stored before the clinic file refused it: the first booking to meet it waited for
    # dateutil's search to year 9999 (8 s for the daily one); now known at once.
    elapsed = _seconds(lambda: _expanded(rule, "2025-06-02T09:00", "2025-06-01", 30))
    assert elapsed < 1, elapsed
    assert _expanded(rule, "2025-06-02T09:00", "2028-02-01", 60) == []
    assert "never happens" in caplog.text


RULES = [
    "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;BYDAY=MO,WE,FR", "FREQ=DAILY;COUNT=400",
    "FREQ=DAILY;INTERVAL=2;UNTIL=20250915T000000", "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO,TU,WE;BYSETPOS=1",
    "FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=-1;WKST=SU;INTERVAL=2", "FREQ=WEEKLY;COUNT=20",
    "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=5", "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;INTERVAL=7;COUNT=9",
    "FREQ=YEARLY", "FREQ=YEARLY;INTERVAL=3", "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO",
    "FREQ=YEARLY;BYWEEKNO=10,20;BYDAY=WE", "FREQ=YEARLY;BYYEARDAY=100,-1",
    "FREQ=DAILY;BYHOUR=15;BYMINUTE=30",
]  # fmt: skip
FIRSTS = ["1990-01-31T09:00", "1996-02-29T08:30", "2004-12-31T23:30", "2024-05-15T01:30",
          "2025-03-09T03:00"]  # fmt: skip


@pytest.mark.parametrize("rule", RULES)
def test_block_expansion_in_a_range_is_the_rules_own_occurrences(rule: str) -> None:
    """Whatever the start and the range, the bounded expansion gives exactly what walking
    the rule from its DTSTART gives (dateutil, naive local times)."""
    pick = random.Random(rule)
    for first in FIRSTS:
        start = datetime.fromisoformat(first)
        for _ in range(6):
            days = pick.choice([1, 7, 31, 92])
            range_start = datetime(pick.randint(1989, 2031), pick.randint(1, 12), 1) + timedelta(
                days=pick.randint(0, 27)
            )
            expected = [
                o.replace(tzinfo=NEW_YORK).astimezone(UTC)
                for o in rrulestr(rule, dtstart=start, ignoretz=True).between(
                    range_start - timedelta(days=2), range_start + timedelta(days=days + 2)
                )
            ]
            found = _expanded(rule, first, range_start.isoformat(), days)
            window = (range_start.replace(tzinfo=NEW_YORK), range_start.replace(tzinfo=NEW_YORK)
                      + timedelta(days=days))  # fmt: skip
            wanted = [s for s in expected if window[0] - timedelta(hours=1) < s < window[1]]
            assert found == wanted, (first, range_start, days)
            assert all(a < b for a, b in pairwise(found))
