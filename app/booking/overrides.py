"""Who may override a rule: a supervisor's or admin's credentials, checked at that moment,
before the booking's turn (other desks never wait on the password's scrypt), recorded and
throttled per name like a sign-in (`app.auth.attempts`)."""

from __future__ import annotations

from datetime import datetime

from app.auth.staff import TooManyAttemptsError, check_credentials, may_override
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.model import Override, check_text
from app.i18n import translate
from db.engine import Database


def authorise_override(database: Database, override: Override, now: datetime) -> str:
    """The supervisor's username if the credentials allow an override, else a refusal
    (`not_permitted`; after too many failures for the name, how long to wait)."""
    if not override.reason or not override.reason.strip():
        raise BookingInputError(translate("Booking", "an override needs a reason"))
    check_text(
        override.reason, "sessions.override_reason", translate("Booking", "the override's reason")
    )
    try:
        user = check_credentials(
            database, override.username, override.password, purpose="override", now=now
        )
    except TooManyAttemptsError as error:
        raise BookingRefusedError("not_permitted", str(error)) from None
    if not may_override(user):
        raise BookingRefusedError(
            "not_permitted",
            translate(
                "Booking", "override needs the valid credentials of an active supervisor or admin"
            ),
        )
    assert user is not None
    return user.username
