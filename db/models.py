"""The clinic's data, as typed SQLAlchemy models.

Rules that must hold whatever the application does are constraints here (CHECK, UNIQUE,
foreign keys) or, where SQL has no portable spelling (non-overlapping working blocks, an
append-only audit log), triggers and exclusion constraints created by the migrations.
Money is stored as integer cents; times of day as minutes after local midnight; instants as
UTC timestamps.

One module for the whole schema, although it is longer than the others: it is the one place
to read the tables side by side with their relationships and constraints (what Alembic's
autogenerate compares against the migrations), and every model here is declarations only.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, str_enum
from db.enums import (
    BlockType,
    ContactChannel,
    FeeKind,
    Frequency,
    OutboxStatus,
    OutboxTarget,
    PaymentKind,
    PaymentMethod,
    Role,
    SessionStatus,
    SessionType,
    TherapistStatus,
)
from db.search_text import SEARCH_TEXT_TYPE

KEY_LENGTH = 64


def _key_column() -> Mapped[str]:
    return mapped_column(String(KEY_LENGTH), unique=True)


def _created_at() -> Mapped[datetime]:
    return mapped_column(server_default=func.current_timestamp())


def new_calendar_uid() -> str:
    """A random identity for a booking in other people's calendars: 128 bits, nothing about
    the client, the therapist or the clinic can be read from it."""
    return secrets.token_hex(16)


class ClinicSettings(Base):
    """The one row of clinic-wide settings (id is always 1)."""

    __tablename__ = "clinic_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("slot_interval_minutes BETWEEN 5 AND 120", name="slot_interval"),
        CheckConstraint("hold_minutes BETWEEN 1 AND 120", name="hold_minutes"),
        CheckConstraint("cancellation_notice_hours BETWEEN 0 AND 720", name="cancellation_notice"),
        CheckConstraint("recurring_days_ahead BETWEEN 1 AND 90", name="recurring_days_ahead"),
        CheckConstraint("backup_retention BETWEEN 1 AND 365", name="backup_retention"),
        CheckConstraint("length(timezone) > 0", name="timezone_present"),
        CheckConstraint("length(phone_region) = 2", name="phone_region"),
        CheckConstraint("feed_days_back BETWEEN 0 AND 3650", name="feed_days_back"),
        CheckConstraint("feed_days_ahead BETWEEN 1 AND 3650", name="feed_days_ahead"),
        CheckConstraint("feed_cancelled_days BETWEEN 0 AND 365", name="feed_cancelled_days"),
        CheckConstraint("length(currency) = 3", name="currency"),
        CheckConstraint(
            "late_cancel_fee_value >= 0 AND (late_cancel_fee_kind <> 'percent' "
            "OR late_cancel_fee_value <= 100)",
            name="late_cancel_fee",
        ),
        CheckConstraint(
            "no_show_fee_value >= 0 AND (no_show_fee_kind <> 'percent' "
            "OR no_show_fee_value <= 100)",
            name="no_show_fee",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    timezone: Mapped[str] = mapped_column(String(64))
    phone_region: Mapped[str] = mapped_column(String(2), default="US")
    slot_interval_minutes: Mapped[int] = mapped_column(default=15)
    hold_minutes: Mapped[int] = mapped_column(default=10)
    cancellation_notice_hours: Mapped[int] = mapped_column(default=24)
    reminder_offsets_minutes: Mapped[list[int]] = mapped_column(default=lambda: [1440, 120])
    recurring_days_ahead: Mapped[int] = mapped_column(default=7)
    backup_retention: Mapped[int] = mapped_column(default=14)
    feed_full_names: Mapped[bool] = mapped_column(default=False)
    # Calendar feeds: the window around today, how long a cancelled session stays in a feed
    # as cancelled (SPEC F7; 0: it leaves at once) and whether blocked times appear as busy.
    feed_days_back: Mapped[int] = mapped_column(default=30, server_default="30")
    feed_days_ahead: Mapped[int] = mapped_column(default=180, server_default="180")
    feed_cancelled_days: Mapped[int] = mapped_column(default=30, server_default="30")
    feed_show_blocks: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Written by `frontdesk demo` only (never by a clinic file): the sign-in dialog may then
    # name the demo's users and passwords. A clinic file imported later clears it.
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Money (SPEC F11, docs/money.md): amounts are integer minor units of this ISO 4217
    # currency. A fee's value is minor units (fixed) or a whole percentage of the price.
    currency: Mapped[str] = mapped_column(String(3), default="USD", server_default="USD")
    late_cancel_fee_kind: Mapped[FeeKind] = mapped_column(
        str_enum(FeeKind, "late_cancel_fee_kind"), default=FeeKind.NONE, server_default="none"
    )
    late_cancel_fee_value: Mapped[int] = mapped_column(default=0, server_default="0")
    no_show_fee_kind: Mapped[FeeKind] = mapped_column(
        str_enum(FeeKind, "no_show_fee_kind"), default=FeeKind.NONE, server_default="none"
    )
    no_show_fee_value: Mapped[int] = mapped_column(default=0, server_default="0")


class User(Base):
    """A staff member who logs in at the front desk."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("length(username) BETWEEN 1 AND 64", name="username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    # NULL means no password has been set yet: the account cannot log in.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = _created_at()
    last_login_at: Mapped[datetime | None]


class Room(Base):
    __tablename__ = "rooms"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(default=1)
    features: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint(
            "duration_minutes BETWEEN 30 AND 240 AND duration_minutes % 5 = 0",
            name="duration",
        ),
        CheckConstraint("price_cents >= 0", name="price"),
        CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    name: Mapped[str] = mapped_column(String(200))
    duration_minutes: Mapped[int]
    price_cents: Mapped[int] = mapped_column(default=0)
    required_features: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)


class Therapist(Base):
    __tablename__ = "therapists"
    __table_args__ = (
        CheckConstraint("default_session_minutes BETWEEN 5 AND 480", name="default_minutes"),
        CheckConstraint("max_clients_per_day BETWEEN 1 AND 50", name="max_clients"),
        CheckConstraint("buffer_before_minutes BETWEEN 0 AND 240", name="buffer_before"),
        CheckConstraint("buffer_after_minutes BETWEEN 0 AND 240", name="buffer_after"),
        CheckConstraint("min_notice_minutes BETWEEN 0 AND 525600", name="min_notice"),
        CheckConstraint("max_advance_days BETWEEN 1 AND 730", name="max_advance"),
        CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),
        CheckConstraint("length(colour) = 7", name="colour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    colour: Mapped[str] = mapped_column(String(7), default="#4e79a7")
    default_session_minutes: Mapped[int] = mapped_column(default=50)
    max_clients_per_day: Mapped[int] = mapped_column(default=8)
    buffer_before_minutes: Mapped[int] = mapped_column(default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(default=10)
    min_notice_minutes: Mapped[int] = mapped_column(default=120)
    max_advance_days: Mapped[int] = mapped_column(default=60)
    status: Mapped[TherapistStatus] = mapped_column(
        str_enum(TherapistStatus, "therapist_status"), default=TherapistStatus.AVAILABLE
    )
    preferred_room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="SET NULL")
    )
    google_calendar_id: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True)

    preferred_room: Mapped[Room | None] = relationship()
    working_hours: Mapped[list[WorkingHours]] = relationship(
        back_populates="therapist",
        cascade="all, delete-orphan",
        order_by="(WorkingHours.weekday, WorkingHours.start_minute)",
    )
    exceptions: Mapped[list[DateException]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="DateException.on_date"
    )
    blocks: Mapped[list[BlockedTime]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="BlockedTime.starts_at"
    )


class WorkingHours(Base):
    """One block of a weekly working day; a day may have several that never overlap."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint(
            "start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440",
            name="range",
        ),
        Index("ix_working_hours_therapist_day", "therapist_id", "weekday"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    end_minute: Mapped[int] = mapped_column(SmallInteger)

    therapist: Mapped[Therapist] = relationship(back_populates="working_hours")


class DateException(Base):
    """A date whose hours replace the weekday's: a day off, or custom hours."""

    __tablename__ = "date_exceptions"
    __table_args__ = (UniqueConstraint("therapist_id", "on_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date)
    available: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(String(500))

    therapist: Mapped[Therapist] = relationship(back_populates="exceptions")
    hours: Mapped[list[ExceptionHours]] = relationship(
        back_populates="exception",
        cascade="all, delete-orphan",
        order_by="ExceptionHours.start_minute",
    )


class ExceptionHours(Base):
    __tablename__ = "exception_hours"
    __table_args__ = (
        CheckConstraint(
            "start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440",
            name="range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exception_id: Mapped[int] = mapped_column(
        ForeignKey("date_exceptions.id", ondelete="CASCADE"), index=True
    )
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    end_minute: Mapped[int] = mapped_column(SmallInteger)

    exception: Mapped[DateException] = relationship(back_populates="hours")


class BlockedTime(Base):
    """Time a therapist cannot be booked.

    `starts_at`/`ends_at` are the first occurrence as UTC instants (an all-day block spans
    local midnight to local midnight after its last day); a recurring block repeats that
    occurrence by its RRULE in clinic local time.
    """

    __tablename__ = "blocked_times"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="range"),
        Index("ix_blocked_times_therapist_start", "therapist_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    block_type: Mapped[BlockType] = mapped_column(str_enum(BlockType, "block_type"))
    reason: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    all_day: Mapped[bool] = mapped_column(default=False)
    rrule: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = _created_at()

    therapist: Mapped[Therapist] = relationship(back_populates="blocks")


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),
        # The search (db/search_text.py): in order, for the starts of names (with what the
        # search filters on, so that SQLite's pass over the column reads the index alone);
        # and, on PostgreSQL, by trigrams for LIKE '%...%' (SQLite has none: its twin of
        # that index stays empty)
        Index("ix_clients_search_text", "search_text", "archived_at"),
        Index(
            "ix_clients_search_trigrams",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            sqlite_where=text("0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    name: Mapped[str] = mapped_column(String(200), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # lower-cased
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    emergency_contact: Mapped[str | None] = mapped_column(String(300))
    preferred_channel: Mapped[ContactChannel | None] = mapped_column(
        str_enum(ContactChannel, "contact_channel")
    )
    language: Mapped[str | None] = mapped_column(String(16))
    referral_source: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)  # administrative only, pinned
    preferences: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = _created_at()
    # Archived: out of search, history kept. Erased: personal fields are a tombstone
    # (docs/clients.md). An erased client is archived too.
    archived_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    # Name, email, key and phone digits folded for search, written by triggers whoever
    # writes the row (db/search_text.py); only the search reads it.
    search_text: Mapped[str] = mapped_column(
        SEARCH_TEXT_TYPE, server_default="", server_onupdate=FetchedValue(), deferred=True
    )


class ClientAlias(Base):
    """A key that once named a client merged into another: scripts and clinic files that
    still say the old key reach the kept client."""

    __tablename__ = "client_aliases"
    __table_args__ = (CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = _created_at()


class RecurringSeries(Base):
    __tablename__ = "recurring_series"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("start_minute BETWEEN 0 AND 1439", name="start_minute"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("price_cents >= 0", name="price"),
        CheckConstraint(
            "(frequency = 'every_n_days' AND interval_days BETWEEN 1 AND 365)"
            " OR (frequency <> 'every_n_days' AND interval_days IS NULL)",
            name="interval_days",
        ),
        CheckConstraint(f"length(key) BETWEEN 1 AND {KEY_LENGTH}", name="key"),
        CheckConstraint("monthly_mode IN ('day_of_month', 'weekday')", name="monthly_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = _key_column()
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="RESTRICT"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency, "frequency"))
    interval_days: Mapped[int | None]
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    price_cents: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    # monthly series: the start date's day number, or its weekday ordinal ("2nd Tuesday")
    monthly_mode: Mapped[str] = mapped_column(
        String(16), default="day_of_month", server_default="day_of_month"
    )
    paused_since: Mapped[date | None] = mapped_column(Date)  # paused: nothing is generated
    resume_from: Mapped[date | None] = mapped_column(Date)  # resumed: no dates before this
    created_at: Mapped[datetime] = _created_at()

    client: Mapped[Client] = relationship()
    therapist: Mapped[Therapist] = relationship()
    service: Mapped[Service] = relationship()


class TherapySession(Base):
    """A booked session (table `sessions`; named so it is never confused with a DB session)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="range"),
        CheckConstraint("busy_from <= starts_at AND busy_until >= ends_at", name="busy_range"),
        CheckConstraint(
            "reference LIKE 'BK-____-______' AND length(reference) = 14", name="reference"
        ),
        CheckConstraint("price_cents >= 0", name="price"),
        CheckConstraint("fee_cents >= 0", name="fee"),
        CheckConstraint("fee_waiver_reason IS NULL OR fee_cents IS NOT NULL", name="fee_waiver"),
        CheckConstraint("status <> 'cancelled' OR cancelled_at IS NOT NULL", name="cancelled"),
        CheckConstraint(
            "overridden = false OR override_reason IS NOT NULL", name="override_reason"
        ),
        UniqueConstraint("series_id", "occurrence_date"),
        Index("ix_sessions_therapist_start", "therapist_id", "starts_at"),
        Index("ix_sessions_room_start", "room_id", "starts_at"),
        Index("ix_sessions_client_start", "client_id", "starts_at"),
        Index("ix_sessions_start", "starts_at"),
        Index("ix_sessions_therapist_busy", "therapist_id", "busy_from"),
        # "was this session moved on?", which feeds ask of every cancelled session they list
        Index("ix_sessions_rescheduled_from", "rescheduled_from_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(14), unique=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="RESTRICT"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The therapist's occupancy: the session widened by the buffers in force when it was
    # booked. The overlap guards (PostgreSQL exclusion constraints, SQLite triggers) and the
    # engine compare these, so both always agree on what "booked" means.
    busy_from: Mapped[datetime]
    busy_until: Mapped[datetime]
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus, "session_status"), default=SessionStatus.SCHEDULED
    )
    session_type: Mapped[SessionType] = mapped_column(
        str_enum(SessionType, "session_type"), default=SessionType.FOLLOW_UP
    )
    # Fixed at booking (from the service); a supervisor may change it with a reason.
    price_cents: Mapped[int] = mapped_column(default=0)
    # The fee the clinic's policy charged at the moment of a late cancellation or a no-show
    # (None: none charged); a supervisor's waiver keeps the fee and says why it is not owed.
    # What is paid, and so the payment status, is derived from payments (app.money.ledger).
    fee_cents: Mapped[int | None]
    fee_waived_by: Mapped[str | None] = mapped_column(String(64))
    fee_waiver_reason: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)  # administrative, never clinical
    special_requests: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None]
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    late_cancellation: Mapped[bool] = mapped_column(default=False)
    rescheduled_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL")
    )
    overridden: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str | None] = mapped_column(String(500))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("recurring_series.id", ondelete="SET NULL")
    )
    occurrence_date: Mapped[date | None] = mapped_column(Date)
    # Raised on every change of time, room or status; calendars read it as SEQUENCE.
    revision: Mapped[int] = mapped_column(default=1)
    # The booking's identity in calendars (feeds and email invites). A rescheduled session
    # keeps the one of the session it replaces, so subscribers see the event move.
    calendar_uid: Mapped[str] = mapped_column(String(32), default=new_calendar_uid, index=True)
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    therapist: Mapped[Therapist] = relationship()
    client: Mapped[Client] = relationship()
    service: Mapped[Service] = relationship()
    room: Mapped[Room | None] = relationship()
    rescheduled_from: Mapped[TherapySession | None] = relationship(remote_side=[id])
    series: Mapped[RecurringSeries | None] = relationship()

    def occupy_with_buffers(self, before_minutes: int, after_minutes: int) -> None:
        """Derive the therapist occupancy from the session's times and the buffers in force."""
        self.busy_from, self.busy_until = occupancy_bounds(
            self.starts_at, self.ends_at, before_minutes, after_minutes
        )


def occupancy_bounds(
    starts_at: datetime, ends_at: datetime, before_minutes: int, after_minutes: int
) -> tuple[datetime, datetime]:
    """`busy_from`/`busy_until` of a session: its times widened by the therapist's buffers."""
    return (
        starts_at - timedelta(minutes=before_minutes),
        ends_at + timedelta(minutes=after_minutes),
    )


class WaitlistEntry(Base):
    """A client waiting for a start: a service, a therapist (None: any), preferred weekdays
    (bit 0 = Monday … bit 6 = Sunday), a local time range the session must fit in (None:
    any time) and a date range (`to_date` inclusive). Open while `closed_at` is None
    (docs/clients.md, Waitlist)."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        CheckConstraint("weekdays BETWEEN 1 AND 127", name="weekdays"),
        CheckConstraint("to_date >= from_date", name="dates"),
        CheckConstraint(
            "(earliest_minute IS NULL AND latest_minute IS NULL) OR "
            "(earliest_minute BETWEEN 0 AND 1439 AND latest_minute BETWEEN 1 AND 1440 "
            "AND latest_minute > earliest_minute)",
            name="times",
        ),
        CheckConstraint(
            "closed_reason IS NULL OR closed_reason IN ('booked', 'expired', 'removed')",
            name="closed_reason",
        ),
        CheckConstraint("(closed_at IS NULL) = (closed_reason IS NULL)", name="closed"),
        Index("ix_waitlist_entries_open", "closed_at", "to_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="RESTRICT"), index=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapists.id", ondelete="RESTRICT")
    )
    weekdays: Mapped[int] = mapped_column(SmallInteger, default=127)
    earliest_minute: Mapped[int | None] = mapped_column(SmallInteger)
    latest_minute: Mapped[int | None] = mapped_column(SmallInteger)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = _created_at()
    created_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))


class WaitlistMatch(Base):
    """A start found available for an open waitlist entry when something freed up; the
    inbox shows it while the start is still available (docs/clients.md, Waitlist)."""

    __tablename__ = "waitlist_matches"
    __table_args__ = (
        UniqueConstraint("entry_id", "therapist_id", "starts_at"),
        Index("ix_waitlist_matches_start", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("waitlist_entries.id", ondelete="CASCADE"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    found_at: Mapped[datetime]


class ExternalBusyTime(Base):
    """Busy time read from a therapist's own calendar (Google freeBusy): never booked over."""

    __tablename__ = "external_busy_times"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="range"),
        Index("ix_external_busy_times_therapist_start", "therapist_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(32), default="google")
    fetched_at: Mapped[datetime] = _created_at()


class Payment(Base):
    """Money in or out at the desk, one receipt each (`RC-YYYY-NNNNNN`, gapless per year).

    Never edited or deleted (triggers): a mistake is corrected by a reversal, money given back
    by a refund, each pointing at the payment it answers. The amount is positive; the kind
    says which way it went. Only `client_id` (a merge) and `reference` (an erasure) may be
    rewritten. The taker is a username, like the audit log's actor."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "receipt LIKE 'RC-____-______' AND length(receipt) = 14", name="receipt_format"
        ),
        CheckConstraint("amount_cents > 0", name="amount"),
        CheckConstraint("(kind = 'payment') = (reverses_id IS NULL)", name="reverses"),
        CheckConstraint("kind = 'payment' OR reason IS NOT NULL", name="reason"),
        Index("ix_payments_client_taken", "client_id", "taken_at"),
        Index("ix_payments_taken_at", "taken_at"),
        Index("ix_payments_reverses_id", "reverses_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(14), unique=True)
    kind: Mapped[PaymentKind] = mapped_column(str_enum(PaymentKind, "payment_kind"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    amount_cents: Mapped[int]
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    reference: Mapped[str | None] = mapped_column(String(100))
    taken_by: Mapped[str] = mapped_column(String(64))
    taken_at: Mapped[datetime]
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"))
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = _created_at()

    client: Mapped[Client] = relationship()
    reverses: Mapped[Payment | None] = relationship(remote_side=[id])


class PaymentAllocation(Base):
    """Part of a payment set against one session. Negative: taken back from the session, by
    a refund (`payment_id` is the refund) or to move credit to another session (then a
    positive row of the same payment follows). Never edited or deleted (triggers)."""

    __tablename__ = "payment_allocations"
    __table_args__ = (
        CheckConstraint("amount_cents <> 0", name="amount"),
        Index("ix_payment_allocations_session", "session_id"),
        Index("ix_payment_allocations_payment", "payment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    amount_cents: Mapped[int]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created_at()


class ReceiptCounter(Base):
    """Last receipt number handed out per year (`RC-YYYY-NNNNNN`)."""

    __tablename__ = "receipt_counters"
    __table_args__ = (CheckConstraint("last_number BETWEEN 0 AND 999999", name="range"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class ReferenceCounter(Base):
    """Last reference number handed out per year (`BK-YYYY-NNNNNN`)."""

    __tablename__ = "reference_counters"
    __table_args__ = (CheckConstraint("last_number BETWEEN 0 AND 999999", name="range"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


# Tables whose every change gives the "setup" a new stamp (triggers, migration 0007).
SETUP_TABLES = (
    "clinic_settings",
    "therapists",
    "rooms",
    "services",
    "working_hours",
    "date_exceptions",
    "exception_hours",
    "blocked_times",
    "external_busy_times",
)


class ChangeStamp(Base):
    """A stamp the database's own triggers replace with a random one whenever one of a group
    of tables changes (scope "setup": `SETUP_TABLES`), so that a process may keep what it
    read of them for as long as the stamp stays the same, whoever changed them and
    however."""

    __tablename__ = "change_stamps"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger, default=0)


class DeskChange(Base):
    """What a committed write touched, for SQLite's followers (`db.change_signal`): one row
    per row written to a signalled table, by triggers, pruned by a trigger. PostgreSQL
    sends the same signal as notifications and leaves this table empty."""

    __tablename__ = "desk_changes"
    # AUTOINCREMENT: a seq is never handed out again, so a gap means rows were pruned unread
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012

    seq: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime | None]


class BookingHold(Base):
    """A start kept aside while staff are on the phone; it lapses at `expires_at`."""

    __tablename__ = "booking_holds"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="range"),
        Index("ix_booking_holds_therapist_start", "therapist_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    held_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created_at()


class AuditEntry(Base):
    """Append-only record of every change (triggers refuse UPDATE and DELETE).

    The actor is kept as a username, not a foreign key, so removing a user never rewrites
    history.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp(), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(500))


class OutboxItem(Base):
    """A side effect (email, calendar event) committed with the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("session_id", "target", "kind", "revision"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_session_target", "session_id", "target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    target: Mapped[OutboxTarget] = mapped_column(str_enum(OutboxTarget, "outbox_target"))
    kind: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(default=1)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = _created_at()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()
    delivered_at: Mapped[datetime | None]


class Notice(Base):
    """Something the front desk should look at (the inbox): a recurring occurrence that
    could not be booked, and why. Unique per kind, series and date, so a job that runs
    again never files the same notice twice."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("kind", "series_id", "occurrence_date"),
        Index("ix_notices_open", "done_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("recurring_series.id", ondelete="CASCADE")
    )
    occurrence_date: Mapped[date | None] = mapped_column(Date)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(500))  # no client data: the inbox joins it in
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))


class SyncPause(Base):
    """A delivery target stopped until someone acts: the SMTP login or Google access was
    refused, so retrying would only burn attempts (docs/sync.md, "Retries and pauses")."""

    __tablename__ = "sync_pauses"

    target: Mapped[str] = mapped_column(String(32), primary_key=True)
    paused_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(500))


class GoogleEvent(Base):
    """Where a booking lives in a therapist's Google calendar. The event id is derived from
    the booking's calendar identity, the calendar and `generation`: Google keeps a deleted
    id reserved, so an event re-created after a deletion needs the next generation."""

    __tablename__ = "google_events"

    calendar_uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    calendar_id: Mapped[str] = mapped_column(String(254), primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
    event_id: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(default=False)
    synced_at: Mapped[datetime]


class FeedToken(Base):
    """A subscribable calendar feed. Only the SHA-256 of the token is stored: whoever reads
    the database cannot subscribe, and a lost token is revoked and replaced, never shown."""

    __tablename__ = "feed_tokens"
    __table_args__ = (
        CheckConstraint(
            "(scope = 'therapist' AND therapist_id IS NOT NULL AND room_id IS NULL)"
            " OR (scope = 'room' AND room_id IS NOT NULL AND therapist_id IS NULL)"
            " OR (scope = 'clinic' AND therapist_id IS NULL AND room_id IS NULL)",
            name="scope",
        ),
        CheckConstraint("length(token_hash) = 64", name="token_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(16))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapists.id", ondelete="CASCADE")
    )
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _created_at()
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    # What the feed last served and since when: an exact Last-Modified for If-Modified-Since.
    content_etag: Mapped[str | None] = mapped_column(String(64))
    content_changed_at: Mapped[datetime | None]
