"""The figures of each report (docs/reports.md has the exact definitions, which are the
command line's: docs/interfaces.md, Reports).

Counts and sums come from the database grouped by key and week (one query per figure, over
indexed start and payment-date columns); available minutes come from the engine's own
windows and blocks (`Schedule.open_spans`, `Schedule.window_spans`), so a report and the
slots a client could book never disagree about when a therapist works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, case, func, literal_column, select
from sqlalchemy.orm import Session

from app.booking.loader import Clinic, load_clinic, working_schedules
from app.i18n import translate
from app.reports.model import (
    COLUMNS,
    GROUPINGS,
    RATIOS,
    WEEK_SERIES,
    Cell,
    Report,
    ReportInputError,
    ReportKind,
    Week,
    period_too_long,
    ratio,
    weeks_of,
)
from app.scheduling.intervals import merge
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod, SessionStatus
from db.models import ClinicSettings, Payment, PaymentAllocation, Room, Service, Therapist
from db.models import TherapySession as S
from db.sql import epoch_seconds

# Sessions whose time counts as booked (utilisation) and as upcoming (attendance).
BOOKED = (
    SessionStatus.SCHEDULED,
    SessionStatus.CONFIRMED,
    SessionStatus.IN_PROGRESS,
    SessionStatus.COMPLETED,
    SessionStatus.NO_SHOW,
)
UPCOMING = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)
BILLED_PRICE = (SessionStatus.COMPLETED, SessionStatus.NO_SHOW)


def no_clinic() -> str:
    """Why a report cannot be read yet, in the desk's language."""
    return translate(
        "Reports", "This database holds no clinic yet: import a clinic file or run setup first."
    )


# The revenue row of money paid and not (or no longer) on any session.
CREDIT_KEY = ""


def credit_name() -> str:
    """The credit row's name, in the desk's language (English at the command line)."""
    return translate("Reports", "Credit (not on a session)")


def method_names() -> dict[PaymentMethod, str]:
    """A revenue-by-method row's name, in the desk's language (English at the command line)."""
    return {
        PaymentMethod.CASH: translate("Reports", "Cash"),
        PaymentMethod.CARD: translate("Reports", "Card"),
        PaymentMethod.TRANSFER: translate("Reports", "Transfer"),
        PaymentMethod.OTHER: translate("Reports", "Other"),
    }


Figures = dict[str, int]  # column → value, for one key in one week
ByKeyAndWeek = dict[tuple[Any, int], Figures]
AnySelect = Select[*tuple[Any, ...]]


def run_report(database: Database, kind: ReportKind, by: str, first: date, last: date) -> Report:
    """The report over the clinic's local dates `first`..`last` (inclusive), in one read
    transaction. ReportInputError for a grouping the report has not, a period ending
    before it starts or longer than ten years; LookupError when the database holds no clinic yet."""
    if by not in GROUPINGS[kind]:
        choices = ", ".join(GROUPINGS[kind])
        raise ReportInputError(f"A {kind.value} report is by {choices}, not {by!r}.")
    if last < first:
        raise ReportInputError(translate("Reports", "The period ends before it starts."))
    if period_too_long(first, last):
        raise ReportInputError(translate("Reports", "A report covers at most 10 years."))
    with database.snapshot_read() as session:
        settings = session.get(ClinicSettings, 1)
        if settings is None:
            raise LookupError(no_clinic())
        clinic = load_clinic(session)
        weeks = weeks_of(first, last, clinic.zone)
        figures, names = _FIGURES[kind](session, clinic, by, weeks)
        currency = settings.currency
    return _assemble(kind, by, first, last, currency, weeks, figures, names)


def _assemble(
    kind: ReportKind,
    by: str,
    first: date,
    last: date,
    currency: str,
    weeks: Sequence[Week],
    figures: ByKeyAndWeek,
    names: dict[Any, tuple[str, str]],
) -> Report:
    """Rows (per key, over all weeks) and the week series (all keys), ratios from sums."""
    columns = COLUMNS[kind]
    counted = [c for c in columns[2:] if c not in RATIOS]
    per_key: dict[Any, Figures] = {key: dict.fromkeys(counted, 0) for key in names}
    per_week: list[Figures] = [dict.fromkeys(counted, 0) for _ in weeks]
    for (key, week), values in figures.items():
        for column, value in values.items():
            per_key.setdefault(key, dict.fromkeys(counted, 0))[column] += value
            per_week[week][column] += value
    empty = _empty_columns(kind, by)

    def cells(values: Figures) -> dict[str, Cell]:
        out: dict[str, Cell] = {c: (None if c in empty else values[c]) for c in counted}
        for column, (numerator, parts) in RATIOS.items():
            if column in columns:
                out[column] = ratio(
                    values[numerator],
                    sum(values[p] for p in parts),
                    zero=0.0 if column == "utilisation" else None,
                )
        return out

    def row(key: str, name: str, values: Figures) -> tuple[Cell, ...]:
        cell = cells(values)
        return (key, name, *(cell[c] for c in columns[2:]))

    rows = [row(*names[key], values) for key, values in per_key.items() if key in names]
    rows.sort(key=lambda row: (row[0] == CREDIT_KEY, str(row[1]).casefold(), str(row[0])))
    series = WEEK_SERIES[kind]
    week_points = []
    for period_week, values in zip(weeks, per_week, strict=True):
        cell = cells(values)
        if kind is ReportKind.UTILISATION and not values["available_minutes"]:
            cell["utilisation"] = None  # nobody works that week: a gap in the line, not 0 %
        week_points.append((period_week, {s: _number(cell[s]) for s in series}))
    # the total: the shown rows' sums (a key left out has no figure), ratios of the sums
    total = row(
        "", "Total", {c: sum(v[c] for k, v in per_key.items() if k in names) for c in counted}
    )
    return Report(kind, by, first, last, currency, tuple(rows), total, tuple(week_points))


def _number(value: Cell) -> float | None:
    return None if value is None or isinstance(value, str) else float(value)


def _empty_columns(kind: ReportKind, by: str) -> frozenset[str]:
    # Billed money belongs to sessions, not to the way a payment was made.
    return (
        frozenset({"billed_cents"})
        if kind is ReportKind.REVENUE and by == "method"
        else frozenset()
    )


# --- grouping in SQL ---------------------------------------------------------------------


def week_index(column: Any, weeks: Sequence[Week]) -> ColumnElement[int]:
    """The index of the week an instant falls in (the caller keeps rows inside the period).

    A binary search of the week ends, as nested CASEs: a row is compared with about six
    ends in a year of 53 weeks, not with every end before its own (which was most of a
    year's report on SQLite)."""
    if len(weeks) == 1:
        return func.coalesce(0, 0)  # a constant the database can group by

    def among(low: int, high: int) -> ColumnElement[int]:
        if low == high:
            return literal_column(str(low), Integer)
        middle = (low + high) // 2
        return case(
            (column < weeks[middle].ends_at, among(low, middle)), else_=among(middle + 1, high)
        )

    return among(0, len(weeks) - 1)


def _grouped(inner: AnySelect, sums: dict[str, Callable[[Any], Any]]) -> AnySelect:
    """SELECT key, week, sums… FROM (inner) GROUP BY key, week: grouping over the inner
    query's columns, so PostgreSQL need not match a CASE's parameters between clauses."""
    sub = inner.subquery()
    return select(
        sub.c.key, sub.c.week, *(make(sub.c).label(name) for name, make in sums.items())
    ).group_by(sub.c.key, sub.c.week)


def _collect(rows: Iterable[Any], columns: Sequence[str]) -> ByKeyAndWeek:
    figures: ByKeyAndWeek = {}
    for key, week, *values in rows:
        slot = figures.setdefault((key, int(week)), {})
        for column, value in zip(columns, values, strict=True):
            slot[column] = slot.get(column, 0) + int(value or 0)
    return figures


def _in_period(column: Any, weeks: Sequence[Week]) -> ColumnElement[bool]:
    return (column >= weeks[0].starts_at) & (column < weeks[-1].ends_at)


# --- utilisation ---------------------------------------------------------------------------


def _utilisation(
    session: Session, clinic: Clinic, by: str, weeks: Sequence[Week]
) -> tuple[ByKeyAndWeek, dict[Any, tuple[str, str]]]:
    key_column = S.therapist_id if by == "therapist" else S.room_id
    inner = select(
        key_column.label("key"),
        week_index(S.starts_at, weeks).label("week"),
        (epoch_seconds(S.ends_at) - epoch_seconds(S.starts_at)).label("seconds"),
    ).where(_in_period(S.starts_at, weeks), S.status.in_(BOOKED), key_column.is_not(None))
    booked = session.execute(_grouped(inner, {"seconds": lambda c: func.sum(c.seconds)})).all()
    figures: ByKeyAndWeek = {}
    for key, week, total in booked:
        figures[(key, int(week))] = {"booked_minutes": int(total) // 60}

    therapists = list(clinic.setup.therapists.values())
    active = [t for t in therapists if t.active]
    days = [
        (index, week.first + timedelta(days=offset))
        for index, week in enumerate(weeks)
        for offset in range((week.last - week.first).days + 1)
    ]
    if by == "therapist":
        # an inactive therapist is shown for its sessions, against its own hours
        shown = active + [t for t in therapists if not t.active and _has(figures, t.id)]
        schedules = working_schedules(clinic, shown, weeks[0].first, weeks[-1].last)
        for therapist_id, schedule in schedules.items():
            for index, day in days:
                seconds = sum(end - start for start, end in schedule.open_spans(day))
                slot = figures.setdefault((therapist_id, index), {})
                slot["available_minutes"] = slot.get("available_minutes", 0) + seconds // 60
        return figures, {t.id: (t.key, t.name) for t in shown}

    schedules = working_schedules(clinic, active, weeks[0].first, weeks[-1].last)
    rooms = session.execute(select(Room.id, Room.key, Room.name, Room.active)).all()
    open_per_week = [0] * len(weeks)
    for index, day in days:
        union = merge(
            span for schedule in schedules.values() for span in schedule.window_spans(day)
        )
        open_per_week[index] += sum(end - start for start, end in union) // 60
    names = {}
    for room_id, key, name, is_active in rooms:
        if is_active:
            names[room_id] = (key, name)
            for index, minutes in enumerate(open_per_week):
                figures.setdefault((room_id, index), {})["available_minutes"] = minutes
        elif _has(figures, room_id):
            names[room_id] = (key, name)
    return figures, names


def _has(figures: ByKeyAndWeek, key: Any) -> bool:
    return any(k == key for k, _week in figures)


# --- attendance ----------------------------------------------------------------------------


def _attendance(
    session: Session, clinic: Clinic, by: str, weeks: Sequence[Week]
) -> tuple[ByKeyAndWeek, dict[Any, tuple[str, str]]]:
    key_column = S.therapist_id if by == "therapist" else S.service_id
    inner = select(
        key_column.label("key"),
        week_index(S.starts_at, weeks).label("week"),
        S.status.label("status"),
        S.late_cancellation.label("late"),
    ).where(_in_period(S.starts_at, weeks))
    counts: dict[str, Callable[[Any], Any]] = {
        "sessions": lambda c: func.count(),
        "completed": lambda c: func.count().filter(c.status == SessionStatus.COMPLETED),
        "no_show": lambda c: func.count().filter(c.status == SessionStatus.NO_SHOW),
        "cancelled": lambda c: func.count().filter(c.status == SessionStatus.CANCELLED),
        "late_cancelled": lambda c: func.count().filter(
            (c.status == SessionStatus.CANCELLED) & c.late.is_(True)
        ),
        "upcoming": lambda c: func.count().filter(c.status.in_(UPCOMING)),
    }
    figures = _collect(session.execute(_grouped(inner, counts)).all(), list(counts))
    return figures, _names(session, clinic, by, figures)


def _names(
    session: Session, clinic: Clinic, by: str, figures: ByKeyAndWeek
) -> dict[Any, tuple[str, str]]:
    """Every active therapist (or service, room), and any other the figures name."""
    table: type[Therapist] | type[Service] | type[Room]
    table = Therapist if by == "therapist" else Service if by == "service" else Room
    rows = session.execute(select(table.id, table.key, table.name, table.active)).all()
    named = _with_figures(figures)
    return {i: (key, name) for i, key, name, active in rows if active or i in named}


def _with_figures(figures: ByKeyAndWeek) -> set[Any]:
    """The keys with a figure that is not zero over the whole period (a session billed
    nothing, or money that came and went again, is not a figure)."""
    sums: dict[tuple[Any, str], int] = {}
    for (key, _week), values in figures.items():
        for column, value in values.items():
            sums[(key, column)] = sums.get((key, column), 0) + value
    return {key for (key, _column), value in sums.items() if value}


# --- revenue -------------------------------------------------------------------------------


def _revenue(
    session: Session, clinic: Clinic, by: str, weeks: Sequence[Week]
) -> tuple[ByKeyAndWeek, dict[Any, tuple[str, str]]]:
    signed = case(
        (Payment.kind == PaymentKind.PAYMENT, Payment.amount_cents), else_=-Payment.amount_cents
    )
    paid_in_period = _in_period(Payment.taken_at, weeks)
    payment_week = week_index(Payment.taken_at, weeks)
    if by == "method":
        inner = select(
            Payment.method.label("key"), payment_week.label("week"), signed.label("cents")
        ).where(paid_in_period)
        rows = session.execute(_grouped(inner, {"cents": lambda c: func.sum(c.cents)})).all()
        figures: ByKeyAndWeek = {}
        for method, week, cents in rows:
            figures[(PaymentMethod(method), int(week))] = {
                "billed_cents": 0,
                "collected_cents": int(cents),
            }
        method_name = method_names()
        names: dict[Any, tuple[str, str]] = {m: (m.value, method_name[m]) for m in PaymentMethod}
        return figures, names

    key_column = S.therapist_id if by == "therapist" else S.service_id
    charged_fee = case((S.fee_waived_by.is_(None), func.coalesce(S.fee_cents, 0)), else_=0)
    price = case((S.status.in_(BILLED_PRICE), S.price_cents), else_=0)
    billed = select(
        key_column.label("key"),
        week_index(S.starts_at, weeks).label("week"),
        (price + charged_fee).label("cents"),
    ).where(_in_period(S.starts_at, weeks))
    figures = {}
    for key, week, cents in session.execute(
        _grouped(billed, {"cents": lambda c: func.sum(c.cents)})
    ):
        figures[(key, int(week))] = {"billed_cents": int(cents or 0), "collected_cents": 0}

    # Money on sessions: each payment's (and refund's) allocations, dated by the payment.
    on_sessions = (
        select(
            key_column.label("key"),
            payment_week.label("week"),
            PaymentAllocation.amount_cents.label("cents"),
        )
        .select_from(PaymentAllocation)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .join(S, S.id == PaymentAllocation.session_id)
        .where(paid_in_period)
    )
    allocated_per_week = [0] * len(weeks)
    for key, week, cents in session.execute(
        _grouped(on_sessions, {"cents": lambda c: func.sum(c.cents)})
    ):
        slot = figures.setdefault((key, int(week)), {"billed_cents": 0, "collected_cents": 0})
        slot["collected_cents"] += int(cents)
        allocated_per_week[int(week)] += int(cents)
    # What was paid (net) and is on no session is the client's credit: its own row.
    all_money = select(
        func.coalesce(0, 0).label("key"), payment_week.label("week"), signed.label("cents")
    ).where(paid_in_period)
    for _key, week, cents in session.execute(
        _grouped(all_money, {"cents": lambda c: func.sum(c.cents)})
    ):
        credit = int(cents) - allocated_per_week[int(week)]
        if credit:
            figures[(CREDIT_KEY, int(week))] = {"billed_cents": 0, "collected_cents": credit}
    names = _names(session, clinic, by, figures)
    if CREDIT_KEY in _with_figures(figures):  # not when a week's credit is another's debit
        names[CREDIT_KEY] = (CREDIT_KEY, credit_name())
    return figures, names


_FIGURES: dict[
    ReportKind,
    Callable[
        [Session, Clinic, str, Sequence[Week]], tuple[ByKeyAndWeek, dict[Any, tuple[str, str]]]
    ],
] = {
    ReportKind.UTILISATION: _utilisation,
    ReportKind.ATTENDANCE: _attendance,
    ReportKind.REVENUE: _revenue,
}
