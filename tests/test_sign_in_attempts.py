"""Failed sign-ins and override attempts are recorded (never the password) and throttled
per name from the database, so the throttle holds across desks and restarts; an unknown
name costs the same scrypt as a wrong password (docs/desk.md, Signing in)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app.auth.staff import StaffPermissionError, TooManyAttemptsError, sign_in
from app.booking import BookingRefusedError, BookingRequest, Override, book, reschedule
from db.engine import Database
from db.models import AuditEntry, TherapySession, User
from tests.booking_support import SUPERVISOR_PASSWORD, at

NOW = at("2025-01-10T08:00")
WRONG = "not-the-password-123"


@pytest.fixture
def clinic(booking_database: Database) -> Database:
    return booking_database


def fail(database: Database, name: str, times: int, start: int = 0) -> None:
    """`times` wrong passwords for `name`, one a second from NOW + `start` seconds."""
    for second in range(start, start + times):
        with pytest.raises(StaffPermissionError):
            sign_in(database, name, WRONG, NOW + timedelta(seconds=second))


def attempts(database: Database) -> list[tuple[str, str, Any]]:
    with database.read() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.after)
            .where(AuditEntry.action.like("auth.%"))
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_five_failures_make_the_name_wait_a_minute_said_plainly(clinic: Database) -> None:
    fail(clinic, "maria", 5)  # the last one at NOW + 4 s
    with pytest.raises(TooManyAttemptsError) as waited:
        sign_in(clinic, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=14))
    assert str(waited.value) == "too many failed attempts for this name; try again in 50 seconds"
    assert waited.value.seconds == 50
    signed = sign_in(clinic, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=65))
    assert signed.username == "maria"
    # the record stays; the count starts again: one more failure does not make her wait
    fail(clinic, "maria", 1, start=70)
    assert sign_in(clinic, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=71))
    recorded = attempts(clinic)
    assert [action for _name, action, _after in recorded] == [
        *["auth.failed"] * 5,
        "auth.succeeded",
        "auth.failed",
        "auth.succeeded",
    ]
    assert {name for name, _action, _after in recorded} == {"maria"}
    assert all(after == {"for": "sign_in"} for _name, _action, after in recorded)


def test_no_password_is_recorded(clinic: Database) -> None:
    fail(clinic, "maria", 2)
    with clinic.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action.like("auth.%"))).all()
        text = repr([(r.actor, r.action, r.before, r.after, r.reason, r.entity_id) for r in rows])
    assert WRONG not in text and rows


def test_an_unknown_name_is_throttled_like_a_known_one(clinic: Database) -> None:
    fail(clinic, "nobody", 5)
    with pytest.raises(TooManyAttemptsError):
        sign_in(clinic, "nobody", WRONG, NOW + timedelta(seconds=5))
    # other names are not affected
    assert sign_in(clinic, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=5))


def test_the_throttle_holds_across_desks_and_restarts(clinic: Database) -> None:
    fail(clinic, "maria", 5)
    other_desk = Database(clinic.url)  # another process on the same database
    try:
        with pytest.raises(TooManyAttemptsError):
            sign_in(other_desk, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=30))
    finally:
        other_desk.dispose()


def test_an_unknown_or_inactive_name_costs_one_scrypt_like_a_wrong_password(
    clinic: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal cost: every check runs scrypt once with the same parameters, so the time taken
    does not tell which names exist (counted, not timed: robust on a busy machine)."""
    with clinic.write() as session:
        session.execute(update(User).where(User.username == "alex").values(active=False))
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def counting(password: bytes, **kw: Any) -> bytes:
        calls.append((kw["n"], kw["r"], kw["p"]))
        return real(password, **kw)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    for name in ("maria", "nobody", "alex"):  # wrong password, unknown, inactive
        calls.clear()
        with pytest.raises(StaffPermissionError):
            sign_in(clinic, name, WRONG, NOW)
        assert calls == [(2**14, 8, 1)], name


def test_failed_overrides_are_recorded_and_throttled(clinic: Database) -> None:
    request = BookingRequest("carter", "c1", "individual", at("2025-01-15T10:00"))  # blocked
    wrong = Override("maria", WRONG, "Crisis")
    for second in range(5):
        with pytest.raises(BookingRefusedError) as refused:
            book(clinic, request, actor="alex", now=NOW + timedelta(seconds=second), override=wrong)
        assert refused.value.reason == "not_permitted"
    right = Override("maria", SUPERVISOR_PASSWORD, "Crisis")
    with pytest.raises(BookingRefusedError) as waited:
        book(clinic, request, actor="alex", now=NOW + timedelta(seconds=9), override=right)
    assert waited.value.reason == "not_permitted"
    assert waited.value.message == (
        "too many failed attempts for this name; try again in 55 seconds"
    )
    with pytest.raises(TooManyAttemptsError):  # the desk's sign-in waits too
        sign_in(clinic, "maria", SUPERVISOR_PASSWORD, NOW + timedelta(seconds=9))
    with clinic.read() as session:
        assert session.scalar(select(TherapySession.id)) is None  # nothing was booked
    assert attempts(clinic) == [("maria", "auth.failed", {"for": "override"})] * 5
    later = NOW + timedelta(minutes=2)
    booked = book(clinic, request, actor="alex", now=later, override=right)
    assert booked.overridden_rules == ("blocked",)
    moved = reschedule(clinic, booked.reference, at("2025-01-15T10:15"), actor="alex",
                       now=later, override=right)  # fmt: skip
    assert moved.overridden_rules == ("blocked",)
    assert attempts(clinic)[-1] == ("maria", "auth.succeeded", {"for": "override"})


def test_an_admins_dialog_is_recorded_and_throttled_like_a_sign_in(clinic: Database) -> None:
    """The feeds and outbox dialogs ask for credentials too: they must not be a way round
    the throttle."""
    from app.feeds import authorise_admin
    from app.outbox import authorise_supervisor

    for _ in range(5):
        with pytest.raises(StaffPermissionError):
            authorise_admin(clinic, "maria", WRONG)
    with pytest.raises(TooManyAttemptsError):
        authorise_supervisor(clinic, "maria", SUPERVISOR_PASSWORD)
    with pytest.raises(TooManyAttemptsError):  # the desk's sign-in counts them too
        sign_in(clinic, "maria", SUPERVISOR_PASSWORD, datetime.now(UTC))
    recorded = attempts(clinic)
    assert [after["for"] for _name, _action, after in recorded] == ["authorise"] * 5
    assert all(WRONG not in str(row) for row in recorded)
