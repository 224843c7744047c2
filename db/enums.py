"""Closed vocabularies stored in the database (as text with CHECK constraints)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    FRONT_DESK = "front_desk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class TherapistStatus(enum.StrEnum):
    AVAILABLE = "available"
    ON_LEAVE = "on_leave"
    LIMITED = "limited"


class BlockType(enum.StrEnum):
    VACATION = "vacation"
    MEETING = "meeting"
    SICK_LEAVE = "sick_leave"
    PERSONAL = "personal"
    TRAINING = "training"
    OTHER = "other"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class SessionType(enum.StrEnum):
    INITIAL = "initial"
    FOLLOW_UP = "follow_up"
    EMERGENCY = "emergency"


class PaymentKind(enum.StrEnum):
    """Money in (a payment) or out: a refund gives money back, a reversal cancels a payment
    taken by mistake (docs/money.md)."""

    PAYMENT = "payment"
    REFUND = "refund"
    REVERSAL = "reversal"


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"
    OTHER = "other"


class FeeKind(enum.StrEnum):
    """A cancellation policy's fee: none, a fixed amount, or a percentage of the price."""

    NONE = "none"
    FIXED = "fixed"
    PERCENT = "percent"


class ContactChannel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    EVERY_N_DAYS = "every_n_days"


class OutboxTarget(enum.StrEnum):
    EMAIL_CLIENT = "email_client"
    EMAIL_THERAPIST = "email_therapist"
    GOOGLE_CALENDAR = "google_calendar"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    FAILED = "failed"
    SUPERSEDED = "superseded"  # a later change of the same booking was delivered instead


WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
