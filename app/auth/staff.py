"""Who may do what: staff credentials checked at the moment they are needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.passwords import verify_password
from db.engine import Database
from db.enums import Role
from db.models import User

OVERRIDE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (never says which part was wrong)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return user


def may_override(user: User | None) -> bool:
    """Supervisors and admins may override rules 1–4 (and hours) in an emergency."""
    return user is not None and user.role in OVERRIDE_ROLES


class StaffPermissionError(PermissionError):
    """Not the credentials of an active user in one of the roles asked for."""


def authorise(
    database: Database, username: str, password: str, roles: frozenset[Role], needed_for: str
) -> str:
    """The username when these credentials belong to an active user in `roles`; the error
    says what they are needed for, never which part was wrong."""
    with database.read() as session:
        user = authenticate(session, username.strip(), password)
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


def sign_in(database: Database, username: str, password: str, now: datetime) -> StaffUser:
    """The signed-in user, with the time of this login kept; a refusal never says whether
    the name or the password was wrong."""
    with database.write() as session:
        user = authenticate(session, username.strip(), password)
        if user is None:
            raise StaffPermissionError("unknown username or wrong password")
        user.last_login_at = now
        return StaffUser(user.username, user.display_name or user.username, user.role)
