"""The demo therapists' calendars: a Monday team meeting, a vacation, a training afternoon, a
sick day, a day off and a day of custom hours, written once as clinic-file entries and once
as what they leave bookable, so the planned sessions never land where the engine refuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.demo.plans import (
    PLAN_BY_KEY,
    TEAM_MEETING,
    THERAPISTS,
    TherapistPlan,
    minutes_of,
    next_weekday,
    weekdays_of,
)


@dataclass
class DemoCalendars:
    first_monday: date  # the team meeting's first occurrence
    blocks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    exceptions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    day_off: dict[str, set[date]] = field(default_factory=dict)
    custom_hours: dict[str, dict[date, list[tuple[str, str]]]] = field(default_factory=dict)
    blocked: dict[str, list[tuple[date, date, int, int]]] = field(default_factory=dict)

    def windows(self, plan: TherapistPlan, day: date) -> list[tuple[int, int]]:
        """Bookable minute ranges of a local day, after exceptions and blocks."""
        if day in self.day_off[plan.key]:
            return []
        if day in self.custom_hours[plan.key]:
            hours = self.custom_hours[plan.key][day]
        elif day.weekday() in weekdays_of(plan):
            hours = plan.hours
        else:
            return []
        windows = [(minutes_of(start), minutes_of(end)) for start, end in hours]
        cuts = [
            (b_start, b_end)
            for first, last, b_start, b_end in self.blocked[plan.key]
            if first <= day <= last
        ]
        if day.weekday() == 0 and day >= self.first_monday:
            cuts.append((minutes_of(TEAM_MEETING[0]), minutes_of(TEAM_MEETING[1])))
        for cut_start, cut_end in cuts:
            pieces = []
            for start, end in windows:
                if cut_end <= start or end <= cut_start:
                    pieces.append((start, end))
                    continue
                if start < cut_start:
                    pieces.append((start, cut_start))
                if cut_end < end:
                    pieces.append((cut_end, end))
            windows = pieces
        return windows


def demo_calendars(today: date, first_day: date) -> DemoCalendars:
    """The calendars around `today`, with the team meeting from the first Monday on or after
    `first_day`."""
    first_monday = first_day + timedelta(days=(7 - first_day.weekday()) % 7)
    calendars = DemoCalendars(first_monday)
    for plan in THERAPISTS:
        calendars.blocks[plan.key] = []
        calendars.exceptions[plan.key] = []
        calendars.day_off[plan.key] = set()
        calendars.custom_hours[plan.key] = {}
        calendars.blocked[plan.key] = []
        if 0 in weekdays_of(plan):
            calendars.blocks[plan.key].append(
                {
                    "start": f"{first_monday.isoformat()}T{TEAM_MEETING[0]}",
                    "end": f"{first_monday.isoformat()}T{TEAM_MEETING[1]}",
                    "type": "meeting",
                    "reason": "Team meeting",
                    "rrule": "FREQ=WEEKLY;BYDAY=MO",
                    "active": True,
                }
            )

    vacation_start = today + timedelta(days=10)
    vacation_end = vacation_start + timedelta(days=6)
    calendars.blocks["nguyen"].append(
        {
            "start": vacation_start.isoformat(),
            "end": vacation_end.isoformat(),
            "all_day": True,
            "type": "vacation",
            "reason": "Family trip",
            "active": True,
        }
    )
    calendars.blocked["nguyen"].append((vacation_start, vacation_end, 0, 1440))
    training_day = next_weekday(today + timedelta(days=3), weekdays_of(PLAN_BY_KEY["okafor"]))
    calendars.blocks["okafor"].append(
        {
            "start": f"{training_day.isoformat()}T15:00",
            "end": f"{training_day.isoformat()}T19:00",
            "type": "training",
            "reason": "Trauma-informed care workshop",
            "active": True,
        }
    )
    calendars.blocked["okafor"].append(
        (training_day, training_day, minutes_of("15:00"), minutes_of("19:00"))
    )
    sick_day = next_weekday(today - timedelta(days=12), weekdays_of(PLAN_BY_KEY["patel"]))
    calendars.blocks["patel"].append(
        {
            "start": sick_day.isoformat(),
            "end": sick_day.isoformat(),
            "all_day": True,
            "type": "sick_leave",
            "active": True,
        }
    )
    calendars.blocked["patel"].append((sick_day, sick_day, 0, 1440))
    carter_off = next_weekday(today + timedelta(days=5), weekdays_of(PLAN_BY_KEY["carter"]))
    calendars.exceptions["carter"].append(
        {"date": carter_off.isoformat(), "available": False, "reason": "Conference"}
    )
    calendars.day_off["carter"].add(carter_off)
    rossi_custom = next_weekday(today + timedelta(days=2), weekdays_of(PLAN_BY_KEY["rossi"]))
    calendars.exceptions["rossi"].append(
        {
            "date": rossi_custom.isoformat(),
            "hours": [{"start": "09:00", "end": "13:00"}],
            "reason": "School event in the evening",
        }
    )
    calendars.custom_hours["rossi"][rossi_custom] = [("09:00", "13:00")]
    return calendars
