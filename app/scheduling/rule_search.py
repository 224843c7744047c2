"""A block rule's first occurrence, found in milliseconds whatever the rule
(docs/scheduling.md, Blocked times).

dateutil looks for a rule's next occurrence one period (day, week, month, year) at a time and
checks UNTIL and COUNT only on the dates it finds, so a rule no date satisfies
(`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) is searched period by period to year 9999: 8 s for a
daily rule. Which dates of a period a rule keeps depends only on its year's calendar form
(leap or not, the weekday it starts on, whether the years either side are leap, and
Easter's day for BYEASTER), and there are few forms; so each form's periods are worked out
once with dateutil's own masks and filter, and each year up to 9999 then costs one lookup.
The answer is dateutil's own: the same first occurrence, or None where dateutil finds none.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import MAXYEAR, date, datetime
from typing import Any

import dateutil.rrule
from dateutil.easter import easter
from dateutil.rrule import MONTHLY, WEEKLY, YEARLY, rrule

_LAST_ORDINAL = date.max.toordinal()
_CYCLE_YEARS = 400  # the Gregorian calendar repeats exactly every 400 years
# A year's calendar form by its place in the cycle: are the years before, itself and after
# leap, and the weekday of its 1 January (year 400 stands for 0: same form).
_FORMS = [
    (calendar.isleap(y - 1), calendar.isleap(y), calendar.isleap(y + 1), date(y, 1, 1).weekday())
    for y in (_CYCLE_YEARS, *range(1, _CYCLE_YEARS))
]


def _year_ordinal(year: int) -> int:
    """date(year, 1, 1).toordinal(), for any year (Easter's forms are looked up past 9999)."""
    before = year - 1
    return before * 365 + before // 4 - before // 100 + before // 400 + 1


# One period of a year form: where it starts in the year, its phase (below) and the days it
# keeps, as day indices from 1 January.
_Period = tuple[int, int, list[int]]


def first_occurrence(rule: rrule) -> datetime | None:
    """The rule's first occurrence as dateutil gives it, or None when it never happens
    (from its DTSTART, honouring UNTIL and COUNT, up to dateutil's last year 9999).

    For a rule a block may have (`rule_problem` finds nothing: at most one time a day), so
    the one time of day is the rule's time set's only entry."""
    return _Search(rule).first()


class _Search:
    """Periods are aligned with the rule's INTERVAL when `(shift(year) + phase) % modulus`
    is 0; per form, the first period of each residue of its phase is kept, so a year's
    first aligned period is a dictionary lookup."""

    def __init__(self, rule: rrule) -> None:
        self.rule = rule
        r: Any = rule  # dateutil keeps the rule's parts as private attributes
        self.freq: int = r._freq
        self.interval: int = r._interval
        self.wkst: int = r._wkst
        self.until: datetime | None = r._until
        self.count: int | None = r._count
        self.dtstart: datetime = r._dtstart
        self.time = r._timeset[0]
        self.setpos: tuple[int, ...] = tuple(r._bysetpos or ())
        self.bymonth = r._bymonth
        self.byweekno = r._byweekno
        self.byweekday = r._byweekday
        self.byeaster = r._byeaster
        self.bymonthday = r._bymonthday
        self.bynmonthday = r._bynmonthday
        self.byyearday = r._byyearday
        # dateutil's per-year masks (month, day of month, weekday, week number, n-th
        # weekday, Easter of each day), reused so that the answer is its walk's.
        self.masks: Any = dateutil.rrule._iterinfo(rule)
        self.forms: dict[tuple[int, ...], dict[int, _Period]] = {}
        start = self.dtstart.date()
        self.first_year = start.year
        self.start_ordinal = start.toordinal()
        self.modulus = self.interval * (7 if self.freq == WEEKLY else 1)
        # The ordinal of the rule's first week's start (WKST): later weeks are whole weeks.
        self.week_base = self.start_ordinal - (start.weekday() - self.wkst) % 7

    def first(self) -> datetime | None:
        if self.count == 0:
            return None
        found = self._first_period() or self._rest_of_first_year() or self._later_years()
        if found is None or (self.until is not None and found > self.until):
            return None
        return found

    # --- the periods of a year -------------------------------------------------------------

    def _kept(self, indices: Iterable[int]) -> list[int]:
        """dateutil's filter (rrule._iter), on the masks of the year last rebuilt."""
        ii = self.masks
        kept = []
        for i in indices:
            if (
                (self.bymonth and ii.mmask[i] not in self.bymonth)
                or (self.byweekno and not ii.wnomask[i])
                or (self.byweekday and ii.wdaymask[i] not in self.byweekday)
                or (ii.nwdaymask and not ii.nwdaymask[i])
                or (self.byeaster and not ii.eastermask[i])
                or (
                    (self.bymonthday or self.bynmonthday)
                    and ii.mdaymask[i] not in self.bymonthday
                    and ii.nmdaymask[i] not in self.bynmonthday
                )
                or (
                    self.byyearday
                    and (
                        (
                            i < ii.yearlen
                            and i + 1 not in self.byyearday
                            and -ii.yearlen + i not in self.byyearday
                        )
                        or (
                            i >= ii.yearlen
                            and i + 1 - ii.yearlen not in self.byyearday
                            and -ii.nextyearlen + i - ii.yearlen not in self.byyearday
                        )
                    )
                )
            ):
                continue
            kept.append(i)
        return kept

    def _picked(self, kept: list[int]) -> list[int]:
        """BYSETPOS among a period's kept days (one time a day: a position is a day)."""
        if not self.setpos:
            return kept
        size = len(kept)
        chosen = {kept[p if p < 0 else p - 1] for p in self.setpos if -size <= p <= size}
        return sorted(chosen)

    def _periods(self, year: int) -> list[_Period]:
        """Every period starting in `year` (in order), with the days it keeps."""
        ii = self.masks
        ii.rebuild(year, 1)
        length = ii.yearlen
        if self.freq == YEARLY:
            return [(0, 0, self._picked(self._kept(range(length))))]
        if self.freq == MONTHLY:
            periods = []
            for month in range(1, 13):
                ii.rebuild(year, month)  # n-th weekdays count within the month
                first, end = ii.mrange[month - 1 : month + 1]
                periods.append((first, month - 1, self._picked(self._kept(range(first, end)))))
            return periods
        if self.freq == WEEKLY:  # a week keeps its first day's year masks, like dateutil
            kept = set(self._kept(range(length + 7)))
            return [
                (w, w, self._picked([i for i in range(w, w + 7) if i in kept]))
                for w in range(length)
                if ii.wdaymask[w] == self.wkst
            ]
        return [(i, i, self._picked([i])) for i in self._kept(range(length))]

    def _form(self, year: int) -> dict[int, _Period]:
        """The first period with days of each phase residue, for `year`'s calendar form."""
        key: tuple[int, ...] = _FORMS[year % _CYCLE_YEARS]
        if self.byeaster:
            key += (easter(year).toordinal() - _year_ordinal(year),)
        form = self.forms.get(key)
        if form is None:
            form = {}
            for period in self._periods(year):
                if period[2]:
                    form.setdefault(period[1] % self.modulus, period)
            self.forms[key] = form
        return form

    def _shift(self, year: int) -> int:
        """What a period's phase is moved by in `year`: aligned when the sum divides."""
        if self.freq == YEARLY:
            return year - self.first_year
        if self.freq == MONTHLY:
            return 12 * (year - self.first_year) - (self.dtstart.month - 1)
        year_ordinal = _year_ordinal(year)
        base = self.week_base if self.freq == WEEKLY else self.start_ordinal
        return year_ordinal - base

    def _occurrence(self, year: int, index: int) -> datetime | None:
        ordinal = _year_ordinal(year) + index
        if ordinal > _LAST_ORDINAL:
            return None  # a week straddling the end of year 9999
        return datetime.combine(date.fromordinal(ordinal), self.time)

    # --- the search ------------------------------------------------------------------------

    def _first_period(self) -> datetime | None:
        """The period holding DTSTART: a week starts at DTSTART itself (dateutil's first
        week is cut there, BYSETPOS counting from it); other periods are whole, and only
        their occurrences from DTSTART on count."""
        year, start = self.first_year, self.dtstart
        ii = self.masks
        ii.rebuild(year, start.month)
        day = self.start_ordinal - ii.yearordinal
        if self.freq == YEARLY:
            days = range(ii.yearlen)
        elif self.freq == MONTHLY:
            days = range(*ii.mrange[start.month - 1 : start.month + 1])
        elif self.freq == WEEKLY:
            end = day + 1
            while ii.wdaymask[end] != self.wkst:
                end += 1
            days = range(day, end)
        else:
            days = range(day, day + 1)
        for index in self._picked(self._kept(days)):
            occurrence = self._occurrence(year, index)
            if occurrence is not None and occurrence >= start:
                return occurrence
        return None

    def _rest_of_first_year(self) -> datetime | None:
        """Aligned periods after the first one that still start in DTSTART's year."""
        year = self.first_year
        if self.freq == YEARLY:
            return None
        self.masks.rebuild(year, self.dtstart.month)
        if self.freq == MONTHLY:
            first_start = self.masks.mrange[self.dtstart.month - 1]
        else:
            first_start = self.start_ordinal - self.masks.yearordinal
        shift = self._shift(year)
        for start, phase, days in self._periods(year):
            if start > first_start and days and (shift + phase) % self.modulus == 0:
                return self._occurrence(year, days[0])
        return None

    def _later_years(self) -> datetime | None:
        step = self.interval if self.freq == YEARLY else 1
        for year in range(self.first_year + step, MAXYEAR + 1, step):
            period = self._form(year).get(-self._shift(year) % self.modulus)
            if period is not None:
                return self._occurrence(year, period[2][0])
        return None
