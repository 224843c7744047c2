"""The demo users the sign-in dialog may name, with their passwords (docs/desk.md, Signing
in): only in a database `frontdesk demo` built (its mark, never a guess from names), and only
those whose password is still the demo's, checked each time the dialog opens, so an admin's
new password is never shown and a real clinic's sign-in never names one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.passwords import verify_password
from app.demo.plans import DEMO_USERS
from db.engine import Database
from db.enums import Role
from db.models import ClinicSettings, User

LEAST_POWER_FIRST = (Role.FRONT_DESK, Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class DemoSignIn:
    username: str
    role: Role  # as the user is now (an admin may have changed it)
    password: str


def demo_sign_ins(database: Database) -> list[DemoSignIn]:
    """Active demo users who still have the demo's password, least powerful first; none
    unless this is the demo. Slow on purpose (a password hash per user): call it off the UI
    thread."""
    demo_passwords = {user.username: user.password for user in DEMO_USERS}
    with database.read() as session:
        if not session.scalar(select(ClinicSettings.demo)):
            return []
        rows = session.execute(
            select(User.username, User.role, User.password_hash).where(
                User.username.in_(demo_passwords), User.active
            )
        ).all()
    # The hashes are checked after the read: a slow check holds no connection.
    found = [
        DemoSignIn(username, role, demo_passwords[username])
        for username, role, stored in rows
        if verify_password(demo_passwords[username], stored)
    ]
    return sorted(found, key=lambda user: (LEAST_POWER_FIRST.index(user.role), user.username))
