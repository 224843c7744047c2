"""Who may override a rule: a supervisor's or admin's credentials, checked at that moment."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.auth.staff import authenticate, may_override
from app.booking.errors import BookingInputError, BookingRefusedError
from app.booking.model import Override, check_text


def authorise_override(session: Session, override: Override) -> str:
    """The supervisor's username if the credentials allow an override, else a refusal."""
    if not override.reason or not override.reason.strip():
        raise BookingInputError("an override needs a reason")
    check_text(override.reason, "sessions.override_reason", "the override's reason")
    user = authenticate(session, override.username, override.password)
    if not may_override(user):
        raise BookingRefusedError(
            "not_permitted",
            "override needs the valid credentials of an active supervisor or admin",
        )
    return override.username
