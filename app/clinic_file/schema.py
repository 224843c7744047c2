"""What the clinic file may hold: each section's fields, the stored attribute each one fills
and the reader that checks it. Readers that need the clinic (timezone, phone region) are
added per document by `parse_document`."""

from __future__ import annotations

from collections.abc import Mapping

from app.clinic_file import fields as f
from app.contact import normalise_email, normalise_phone
from app.feeds import FEED_SETTING_LIMITS
from app.scheduling.recurrence import MonthlyMode
from app.timezones import clinic_zone
from db.enums import (
    BlockType,
    ContactChannel,
    Frequency,
    PaymentKind,
    PaymentMethod,
    Role,
    SessionStatus,
    SessionType,
    TherapistStatus,
)
from db.legacy_payments import LEGACY_STATUSES

# JSON field -> (stored attribute, reader)
Spec = Mapping[str, tuple[str, f.Reader]]

CLINIC_FIELDS: dict[str, tuple[str, f.Reader]] = {
    "name": ("name", f.text("clinic.name")),
    "timezone": ("timezone", clinic_zone),
    "address": ("address", f.optional(f.text("clinic.address"))),
    "phone": ("phone", f.optional(f.text("clinic.phone"))),
    "email": ("email", f.optional(f.capped("clinic.email", normalise_email))),
    "phone_region": ("phone_region", f.region),
    "slot_interval_minutes": ("slot_interval_minutes", f.integer(5, 120)),
    "hold_minutes": ("hold_minutes", f.integer(1, 120)),
    "cancellation_notice_hours": ("cancellation_notice_hours", f.integer(0, 720)),
    "reminder_offsets_minutes": ("reminder_offsets_minutes", f.minutes_list),
    "recurring_days_ahead": ("recurring_days_ahead", f.integer(1, 90)),
    "backup_retention": ("backup_retention", f.integer(1, 365)),
    "feed_full_names": ("feed_full_names", f.boolean),
    **{
        f"feed_{name}": (f"feed_{name}", f.integer(low, high))
        for name, (low, high) in FEED_SETTING_LIMITS.items()
    },
    "feed_show_blocks": ("feed_show_blocks", f.boolean),
    "currency": ("currency", f.currency),
    # {"kind": ..., "value": ...}: read by `app.clinic_file.document` in the file's currency
    "late_cancel_fee": ("late_cancel_fee", lambda v: v),
    "no_show_fee": ("no_show_fee", lambda v: v),
}
# The clinic's fees as the file names them -> the settings' kind and value columns.
FEES = {
    "late_cancel_fee": ("late_cancel_fee_kind", "late_cancel_fee_value"),
    "no_show_fee": ("no_show_fee_kind", "no_show_fee_value"),
}
ROOM_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text("rooms.name")),
    "capacity": ("capacity", f.integer(1, 100)),
    "features": ("features", f.features),
    "active": ("active", f.boolean),
}
SERVICE_FIELDS: Spec = {
    "key": ("key", f.key),
    "name": ("name", f.text("services.name")),
    "duration_minutes": ("duration_minutes", f.integer(30, 240, multiple_of=5)),
    "price": ("price_cents", f.amount),
    "required_features": ("required_features", f.features),
    "active": ("active", f.boolean),
}
THERAPIST_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text("therapists.name")),
    "email": ("email", f.optional(f.capped("therapists.email", normalise_email))),
    "colour": ("colour", f.colour),
    "default_session_minutes": ("default_session_minutes", f.integer(5, 480)),
    "max_clients_per_day": ("max_clients_per_day", f.integer(1, 50)),
    "buffer_before_minutes": ("buffer_before_minutes", f.integer(0, 240)),
    "buffer_after_minutes": ("buffer_after_minutes", f.integer(0, 240)),
    "min_notice_minutes": ("min_notice_minutes", f.integer(0, 525600)),
    "max_advance_days": ("max_advance_days", f.integer(1, 730)),
    "status": ("status", f.choice(TherapistStatus)),
    "preferred_room": ("preferred_room", f.optional(f.key)),
    "google_calendar_id": (
        "google_calendar_id",
        f.optional(f.text("therapists.google_calendar_id")),
    ),
    "active": ("active", f.boolean),
    # nested lists, read separately
    "working_hours": ("working_hours", lambda v: v),
    "exceptions": ("exceptions", lambda v: v),
    "blocks": ("blocks", lambda v: v),
}
HOURS_FIELDS = {
    "weekday": ("weekday", f.weekday),
    "start": ("start_minute", f.clock),
    "end": ("end_minute", f.clock_end),
}
EXCEPTION_FIELDS = {
    "date": ("on_date", f.calendar_date),
    "available": ("available", f.boolean),
    "hours": ("hours", lambda v: v),
    "reason": ("reason", f.optional(f.text("exceptions.reason"))),
}
BLOCK_FIELDS = {
    "start": ("start", lambda v: v),
    "end": ("end", lambda v: v),
    "all_day": ("all_day", f.boolean),
    "type": ("block_type", f.choice(BlockType)),
    "reason": ("reason", f.optional(f.text("blocks.reason"))),
    "rrule": ("rrule", f.optional(f.text("blocks.rrule"))),
    "active": ("active", f.boolean),
}
CLIENT_BASE_FIELDS = {
    "key": ("key", f.key),
    "name": ("name", f.text("clients.name")),
    "date_of_birth": ("date_of_birth", f.optional(f.past_date)),
    "emergency_contact": ("emergency_contact", f.optional(f.text("clients.emergency_contact"))),
    "preferred_channel": ("preferred_channel", f.optional(f.choice(ContactChannel))),
    "language": ("language", f.optional(f.text("clients.language"))),
    "referral_source": ("referral_source", f.optional(f.text("clients.referral_source"))),
    "notes": ("notes", f.optional(f.text("clients.notes"))),
    "preferences": ("preferences", f.preferences),
    # out of search, history kept (docs/clients.md); the importer turns it into archived_at
    "archived": ("archived", f.boolean),
}


def client_fields(region: str) -> Spec:
    """A client's fields with the phone read in the clinic's `region` (numbers without a
    country code are local): what the clinic file and the profile editor both check."""
    return {
        **CLIENT_BASE_FIELDS,
        "phone": (
            "phone",
            f.optional(f.capped("clients.phone", lambda v: normalise_phone(v, region))),
        ),
        "email": ("email", f.optional(f.capped("clients.email", normalise_email))),
    }


USER_FIELDS = {
    "username": ("username", lambda v: f.key(v).lower()),  # usernames ignore case
    "display_name": ("display_name", f.optional(f.text("users.display_name"))),
    "role": ("role", f.choice(Role)),
    "password": ("password", f.text("users.password")),
    "active": ("active", f.boolean),
}
SERIES_FIELDS: Spec = {
    "key": ("key", f.key),
    "therapist": ("therapist", f.key),
    "client": ("client", f.key),
    "service": ("service", f.key),
    "frequency": ("frequency", f.choice(Frequency)),
    "interval_days": ("interval_days", f.optional(f.integer(1, 365))),
    "weekday": ("weekday", f.weekday),
    "time": ("start_minute", f.clock),
    "start_date": ("start_date", f.calendar_date),
    "end_date": ("end_date", f.optional(f.calendar_date)),
    "price": ("price_cents", f.amount),
    "active": ("active", f.boolean),
    "monthly_mode": ("monthly_mode", f.choice(MonthlyMode)),
    "paused_since": ("paused_since", f.optional(f.calendar_date)),
    "resume_from": ("resume_from", f.optional(f.calendar_date)),
}
SESSION_BASE_FIELDS: Spec = {
    "reference": ("reference", f.reference),
    "therapist": ("therapist", f.key),
    "client": ("client", f.key),
    "service": ("service", f.key),
    "room": ("room", f.optional(f.key)),
    "start": ("start", lambda v: v),
    "end": ("end", lambda v: v),
    "status": ("status", f.choice(SessionStatus)),
    "type": ("session_type", f.choice(SessionType)),
    "price": ("price_cents", f.amount),
    # an old file's names: "amount" for the price, and the payment status sessions once
    # had typed (`db.legacy_payments` turns paid and refunded into payments)
    "amount": ("price_cents", f.amount),
    "payment_status": ("legacy_payment_status", f.one_of(*LEGACY_STATUSES)),
    "fee": ("fee_cents", f.InCurrency(lambda currency: f.optional(f.amount_in(currency)))),
    "fee_waived_by": ("fee_waived_by", f.optional(f.text("sessions.fee_waived_by"))),
    "fee_waiver_reason": (
        "fee_waiver_reason",
        f.optional(f.text("sessions.fee_waiver_reason")),
    ),
    "notes": ("notes", f.optional(f.text("sessions.notes"))),
    "special_requests": ("special_requests", f.optional(f.text("sessions.special_requests"))),
    "cancelled_at": ("cancelled_at", lambda v: v),
    "cancellation_reason": (
        "cancellation_reason",
        f.optional(f.text("sessions.cancellation_reason")),
    ),
    "late_cancellation": ("late_cancellation", f.boolean),
    "rescheduled_from": ("rescheduled_from", f.optional(f.reference)),
    "overridden": ("overridden", f.boolean),
    "override_reason": ("override_reason", f.optional(f.text("sessions.override_reason"))),
    "series": ("series", f.optional(f.key)),
    "occurrence_date": ("occurrence_date", f.optional(f.calendar_date)),
}
PAYMENT_FIELDS: Spec = {
    "receipt": ("receipt", f.receipt),
    "kind": ("kind", f.choice(PaymentKind)),
    "client": ("client", f.key),
    "amount": ("amount_cents", f.amount),  # more than zero: checked with the document
    "method": ("method", f.choice(PaymentMethod)),
    "reference": ("reference", f.optional(f.text("payments.reference"))),
    "taken_by": ("taken_by", f.text("payments.taken_by")),
    "taken_at": ("taken_at", lambda v: v),  # local time, read with the clinic's zone
    "reverses": ("reverses", f.optional(f.receipt)),
    "reason": ("reason", f.optional(f.text("payments.reason"))),
    "allocations": ("allocations", lambda v: v),  # read with ALLOCATION_FIELDS
}
ALLOCATION_FIELDS: Spec = {
    "session": ("session", f.reference),
    "amount": ("amount_cents", f.InCurrency(f.signed_amount_in)),
}
TOP_LEVEL = (
    "clinic",
    "rooms",
    "services",
    "therapists",
    "clients",
    "users",
    "series",
    "sessions",
    "payments",
)
# A therapist's own lists, read by `app.clinic_file.times` rather than as plain fields.
CALENDAR_PARTS = ("working_hours", "exceptions", "blocks")
# One block of hours inside a date exception: a working-hours block without its weekday.
SPAN_FIELDS = {"start": HOURS_FIELDS["start"], "end": HOURS_FIELDS["end"]}


def in_currency(spec: Spec, currency: str) -> Spec:
    """`spec` with its amounts read in the clinic's `currency` (a yen price has no
    decimals, a dinar's three)."""
    return {
        name: (attr, read.make(currency) if isinstance(read, f.InCurrency) else read)
        for name, (attr, read) in spec.items()
    }
