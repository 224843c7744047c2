"""Failed sign-ins and override attempts: recorded in the audit log and throttled per
username (docs/desk.md, Signing in and overrides).

The throttle is derived from the audit log, not from process memory, so it holds across
desks sharing one database and across restarts. Five failures for a name within a quarter
of an hour make the next attempt wait a minute after the last one (each further failure
another minute); a success under that name ends the count without erasing the record. The
name is throttled whether or not it exists, so the wait says nothing about who exists.
Nothing about the password is ever recorded.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.audit import record_change
from app.i18n import translate
from db.models import AuditEntry

MAX_FAILURES = 5
WAIT = timedelta(minutes=1)
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten by the throttle
FAILED = "auth.failed"
SUCCEEDED = "auth.succeeded"
NAME_LENGTH = 64  # as `AuditEntry.actor`; no username is longer

_RECENT = (
    select(AuditEntry.action, AuditEntry.at)
    .where(
        AuditEntry.actor == bindparam("name"),
        AuditEntry.action.in_((FAILED, SUCCEEDED)),
        AuditEntry.at > bindparam("since"),
    )
    .order_by(AuditEntry.at, AuditEntry.id)
)


class TooManyAttemptsError(PermissionError):
    """Too many failed attempts for this name: the message says how long to wait."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            translate(
                "SignIn", "too many failed attempts for this name; try again in {seconds} seconds"
            ).format(seconds=seconds)
        )
        self.seconds = seconds


def throttle_key(username: str) -> str:
    """The name an attempt is counted under: as typed, trimmed, cut to what a name can be."""
    return username.strip()[:NAME_LENGTH]


def failures_pending(session: Session, username: str, now: datetime) -> list[datetime]:
    """When this name failed since its last success (within the window), oldest first."""
    failures: list[datetime] = []
    rows = session.execute(_RECENT, {"name": throttle_key(username), "since": now - WINDOW})
    for action, at in rows:
        failures = [*failures, at] if action == FAILED else []
    return failures


def seconds_to_wait(failures: list[datetime], now: datetime) -> int:
    """How long this name must wait before another attempt (0: it may try now)."""
    if len(failures) < MAX_FAILURES:
        return 0
    left = (failures[-1] + WAIT - now).total_seconds()
    return max(0, math.ceil(left))


def record_attempt(
    session: Session,
    username: str,
    *,
    succeeded: bool,
    purpose: str,
    now: datetime,
    user_id: int | None,
) -> None:
    """One attempt in the audit log: who it claimed to be, for what, and whether it passed
    (`purpose`: `sign_in`, `override`, `authorise` for an admin's or supervisor's
    dialog). Never the password."""
    record_change(
        session,
        actor=throttle_key(username),
        action=SUCCEEDED if succeeded else FAILED,
        entity_type="user",
        entity_id=user_id,
        after={"for": purpose},
        at=now,
    )
