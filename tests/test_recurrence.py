"""Recurring series dates, hand-checked, including the 31st, 5th weekdays and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
