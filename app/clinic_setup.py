"""The editors' side of the clinic setup (docs/desk.md, Clinic setup): rooms, services, therapists
and their hours, exceptions and blocks, users, clinic settings.

Editors speak the clinic file's format (docs/interfaces.md, Clinic file): they show a fragment of
`export_setup`, and saving applies the edited fragment through `import_clinic`, so one
parser holds every rule (the same messages as an imported file, checked live while typing)
and a save is all or nothing, audited like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from sqlalchemy import select

from app.booking.series_views import nth_weekday_words, weekday_word
from app.clinic_file import ImportSummary, Problem, import_clinic
from app.clinic_file.document import KnownKeys, parse_document
from app.clinic_file.errors import ClinicFileError
from app.clinic_file.importer import known_keys
from app.i18n import desk_formats, translate
from app.scheduling import BlockRule
from app.scheduling.blocks import block_occurrences
from db.engine import Database
from db.enums import SessionStatus
from db.models import Therapist, TherapySession

EDITOR_SOURCE = "edited at the front desk"
WARNING_HORIZON_DAYS = 365
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def setup_keys(database: Database) -> KnownKeys:
    """What a fragment may refer to (rooms, services, the zone): loaded once per editor."""
    with database.read() as session:
        return known_keys(session)


def check_fragment(fragment: dict[str, Any], known: KnownKeys) -> list[Problem]:
    """Every problem the import would report, without touching the database."""
    try:
        parse_document(fragment, known)
    except ClinicFileError as error:
        return error.problems
    return []


def save_setup(database: Database, fragment: dict[str, Any], actor: str) -> ImportSummary:
    """Apply an edited fragment: all of it or nothing (ClinicFileError says why)."""
    return import_clinic(database, fragment, actor=actor, source=EDITOR_SOURCE)


@dataclass(frozen=True)
class CoveredSession:
    reference: str
    starts_at: datetime  # clinic local time
    block: int  # index of the block in the edited list


def sessions_under_blocks(
    database: Database,
    therapist: dict[str, Any],
    known: KnownKeys,
    now: datetime,
    only: set[int] | None = None,
) -> list[CoveredSession]:
    """Live sessions of the therapist that the given blocks (the edited therapist entry, in
    the file's format) would cover from now on — what the editor warns about before saving.
    `only` limits the check to those block indexes (the new or changed ones)."""
    try:
        document = parse_document({"therapists": [therapist]}, known)
    except ClinicFileError:
        return []  # the editor shows the problems instead
    spec = document.therapists[0]
    zone = document.zone
    horizon = now + timedelta(days=WARNING_HORIZON_DAYS)
    spans: list[tuple[datetime, datetime, int]] = []
    for index, block in enumerate(spec.blocks or ()):
        if (only is not None and index not in only) or not block.get("active", True):
            continue
        rule = BlockRule(
            block["starts_at"], block["ends_at"], block["block_type"].value, block.get("rrule")
        )
        spans += [(s, e, index) for s, e in block_occurrences(rule, zone, now, horizon)]
    if not spans:
        return []
    first, last = min(s for s, _e, _i in spans), max(e for _s, e, _i in spans)
    with database.read() as session:
        rows = session.execute(
            select(TherapySession.reference, TherapySession.starts_at, TherapySession.ends_at)
            .join(Therapist, Therapist.id == TherapySession.therapist_id)
            .where(
                Therapist.key == therapist.get("key"),
                TherapySession.status.in_([SessionStatus.SCHEDULED, SessionStatus.CONFIRMED]),
                TherapySession.starts_at < last,
                TherapySession.ends_at > max(first, now),
            )
            .order_by(TherapySession.starts_at)
        ).all()
    covered = []
    for reference, starts_at, ends_at in rows:
        hit = next((i for s, e, i in spans if s < ends_at and starts_at < e), None)
        if hit is not None:
            covered.append(CoveredSession(reference, starts_at.astimezone(zone), hit))
    return covered


def describe_block(block: dict[str, Any]) -> str:
    """A block in words, as the editor lists it: "Every Monday 09:00–10:00",
    "22 Jan 2025 – 24 Jan 2025 (all day)", "Every 2 weeks on Tuesday 14:00–15:00 until 30 Jun",
    in the desk's language and its locale's dates."""
    start, end = str(block.get("start", "")), str(block.get("end", ""))
    all_day = bool(block.get("all_day"))
    formats = desk_formats()
    try:
        first = datetime.fromisoformat(start)
        last = datetime.fromisoformat(end)
    except ValueError:
        return translate("ClinicSetup", "(start or end is not a date/time yet)")
    if all_day:
        when = (
            translate("ClinicSetup", "{day} (all day)").format(day=_day_with_year(first))
            if first.date() == last.date()
            else translate("ClinicSetup", "{first} – {last} (all day)").format(
                first=formats.padded_date(first), last=formats.padded_date(last)
            )
        )
        clock = translate("ClinicSetup", "all day")
    else:
        clock = f"{formats.time(first)}–{formats.time(last)}"
        when = f"{_day_with_year(first)} {clock}"
    text = str(block.get("rrule") or "").strip()
    if not text:
        return when
    try:
        rule = rrulestr(text, dtstart=first)
    except (ValueError, TypeError):
        return translate("ClinicSetup", "(repeat rule not understood: {rule})").format(rule=text)
    return _describe_rule(rule, first, clock)


def _day_with_year(value: datetime) -> str:
    """ "Tue 04 Nov 2026" / "mar 4 nov 2026"."""
    return f"{desk_formats().day(value)} {value.year}"


def _describe_rule(rule: Any, first: datetime, clock: str) -> str:
    frequency, interval = rule._freq, rule._interval  # dateutil keeps the parts here
    days = sorted(rule._byweekday or ())
    formats = desk_formats()
    if frequency == WEEKLY:
        names = _join([weekday_word(d) for d in days] or [weekday_word(first.weekday())])
        head = (
            translate("ClinicSetup", "Every {days}").format(days=names)
            if interval == 1
            else translate("ClinicSetup", "Every {interval} weeks on {days}").format(
                interval=interval, days=names
            )
        )
    elif frequency == DAILY:
        if days and len(days) < 7:
            head = translate("ClinicSetup", "Every {days}").format(
                days=_join([weekday_word(d) for d in days])
            )
        elif interval == 1:
            head = translate("ClinicSetup", "Every day")
        else:
            head = translate("ClinicSetup", "Every {interval} days").format(interval=interval)
    elif frequency == MONTHLY:
        ordinals = rule._bynweekday
        if ordinals:
            weekday, n = ordinals[0]
            which = nth_weekday_words(n, weekday)
            head = (
                translate("ClinicSetup", "Monthly on {the_nth_weekday}")
                if interval == 1
                else translate("ClinicSetup", "Every {interval} months on {the_nth_weekday}")
            ).format(interval=interval, the_nth_weekday=which)
        else:
            day = (rule._bymonthday or (first.day,))[0]
            head = (
                translate("ClinicSetup", "Monthly on day {day}")
                if interval == 1
                else translate("ClinicSetup", "Every {interval} months on day {day}")
            ).format(interval=interval, day=day)
    elif frequency == YEARLY:
        head = translate("ClinicSetup", "Every year on {day}").format(
            day=formats.padded_day_month(first)
        )
    else:
        head = translate("ClinicSetup", "Repeats")
    start = formats.padded_date(first)
    if rule._until is not None:
        return translate("ClinicSetup", "{repeats} {clock} until {until} from {start}").format(
            repeats=head, clock=clock, until=formats.padded_date(rule._until), start=start
        )
    if rule._count:
        return translate("ClinicSetup", "{repeats} {clock} ({count} times) from {start}").format(
            repeats=head, clock=clock, count=rule._count, start=start
        )
    return translate("ClinicSetup", "{repeats} {clock} from {start}").format(
        repeats=head, clock=clock, start=start
    )


def _join(names: list[str]) -> str:
    """ "Monday", "Monday and Friday", "Monday, Wednesday and Friday"."""
    if len(names) == 1:
        return names[0]
    return translate("ClinicSetup", "{names} and {last}").format(
        names=", ".join(names[:-1]), last=names[-1]
    )
