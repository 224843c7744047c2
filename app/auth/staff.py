"""Who may do what: staff credentials checked at the moment they are needed.

Every check costs one scrypt whether or not the name exists, and the desk's sign-in and a
supervisor's override are recorded and throttled per name (`app.auth.attempts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.auth.attempts import (
    TooManyAttemptsError,
    failures_pending,
    record_attempt,
    seconds_to_wait,
)
from app.auth.passwords import UNUSABLE_HASH, verify_password
from app.clock import shared_clock
from app.i18n import translate
from db.engine import Database
from db.enums import Role
from db.models import User

OVERRIDE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})

__all__ = [
    "OVERRIDE_ROLES",
    "StaffPermissionError",
    "StaffUser",
    "TooManyAttemptsError",
    "authenticate",
    "authorise",
    "check_credentials",
    "may_override",
    "sign_in",
]


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (never says which part was wrong).
    An unknown or inactive name, or one without a password, is checked against a hash of
    the same cost, so how long this takes does not tell which names exist."""
    user = session.scalar(select(User).where(User.username == username))
    usable = user is not None and user.active and bool(user.password_hash)
    stored = user.password_hash if usable and user is not None else UNUSABLE_HASH
    matches = verify_password(password, stored)
    return user if usable and matches else None


def may_override(user: User | StaffUser | None) -> bool:
    """Supervisors and admins may override rules 1–4 (and hours) in an emergency."""
    return user is not None and user.role in OVERRIDE_ROLES


class StaffPermissionError(PermissionError):
    """Not the credentials of an active user in one of the roles asked for."""


def authorise(
    database: Database,
    username: str,
    password: str,
    roles: frozenset[Role],
    needed_for: str,
    *,
    now: datetime | None = None,
) -> str:
    """The username when these credentials belong to an active user in `roles`; the error
    says what they are needed for, never which part was wrong. Recorded and throttled per
    name like a sign-in: an admin's dialog must not be a way to guess passwords."""
    when = now or shared_clock(database).now()
    user = check_credentials(database, username, password, purpose="authorise", now=when)
    if user is None or user.role not in roles:
        raise StaffPermissionError(needed_for)
    return user.username


@dataclass(frozen=True)
class StaffUser:
    """Who is signed in at this desk (what the window offers depends on the role)."""

    username: str
    display_name: str
    role: Role

    @property
    def may_override(self) -> bool:
        return self.role in OVERRIDE_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def check_credentials(
    database: Database, username: str, password: str, *, purpose: str, now: datetime
) -> StaffUser | None:
    """The active user with these credentials, or None; the attempt is recorded (a failure
    always, a success when it ends a count of failures) and refused with
    `TooManyAttemptsError` while the name must wait. `purpose`: `sign_in` or `override`.
    The password is checked outside the write, so other desks never wait on scrypt."""
    name = username.strip()
    with database.read() as session:
        failures = failures_pending(session, name, now)
        wait = seconds_to_wait(failures, now)
        if wait:
            raise TooManyAttemptsError(wait)
        user = authenticate(session, name, password)
        found = (
            None
            if user is None
            else StaffUser(user.username, user.display_name or user.username, user.role)
        )
        user_id = None if user is None else user.id
    if found is None or failures or purpose == "sign_in":
        with database.write() as session:
            if found is None or failures:
                record_attempt(session, name, succeeded=found is not None, purpose=purpose,
                               now=now, user_id=user_id)  # fmt: skip
            if found is not None and purpose == "sign_in":
                session.execute(update(User).where(User.id == user_id).values(last_login_at=now))
    return found


def sign_in(database: Database, username: str, password: str, now: datetime) -> StaffUser:
    """The signed-in user, with the time of this login kept; a refusal never says whether
    the name or the password was wrong (`TooManyAttemptsError` after too many failures)."""
    user = check_credentials(database, username, password, purpose="sign_in", now=now)
    if user is None:
        raise StaffPermissionError(translate("SignIn", "unknown username or wrong password"))
    return user
