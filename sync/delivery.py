"""The outbox worker: claim due rows, deliver, record the outcome (docs/sync.md, Outbox).

A pass claims due email rows in one short transaction (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so two workers never take the same row; SQLite's writer lock serializes claims),
marking them `in_progress` with a lease: a worker killed mid-delivery leaves rows that fall
due again when the lease runs out. Each row is then delivered on its own and its outcome
recorded at once. A row with a newer change of the same booking for the same recipient is
`superseded` instead of sent, so nobody receives outdated news. Failures retry with truncated
exponential backoff and jitter; permanent refusals and exhausted attempts end as `failed`
(shown for Retry); a refused login pauses that target altogether until someone resumes it.

`deliver_pass` is that loop for any target; a `Channel` says how one row is delivered
(email here, Google Calendar in `sync.google`). Sending happens outside any transaction: a
message is never held up by, or holds up, the database; the price is that a crash between
sending and recording sends it once more (same Message-ID, invite UID and SEQUENCE, so mail
and calendar apps see one message twice, never two bookings).
"""

from __future__ import annotations

import logging
import random
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import NamedTuple, Protocol

from sqlalchemy import ColumnElement, Exists, and_, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from app.outbox import EMAIL_PAUSE, is_paused, pause
from app.session_rows import with_names
from app.timezones import clinic_zone
from db import statements
from db.engine import Database
from db.enums import OutboxStatus, OutboxTarget
from db.models import (
    Client,
    ClinicSettings,
    OutboxItem,
    Therapist,
    TherapySession,
)
from sync.mail.messages import MessageContext, Sender, compose

log = logging.getLogger(__name__)

EMAIL_TARGETS = (OutboxTarget.EMAIL_CLIENT, OutboxTarget.EMAIL_THERAPIST)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=5)
BATCH = 50


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class PassReport(NamedTuple):
    delivered: int = 0
    superseded: int = 0
    retrying: int = 0
    failed: int = 0
    paused: bool = False
    waiting: int = 0  # due email rows left alone: no SMTP server configured, or paused

    def describe(self, target: str = EMAIL_PAUSE) -> str:
        """`target`: "email" or "google", the pause key of the pass."""
        text = (
            f"{self.delivered} delivered, {self.superseded} superseded, "
            f"{self.retrying} to retry, {self.failed} failed"
        )
        fix, setup = _REMEDIES[target]
        if self.paused:
            text += f"; {target} is paused until {fix} (then frontdesk sync resume {target})"
        elif self.waiting:
            text += f"; {self.waiting} {setup}"
        return text


_REMEDIES = {
    "email": ("its login is fixed", "emails wait for SMTP settings or the mail server"),
    "google": ("Google is reconnected", "updates wait for Google to be connected or reachable"),
}


class Outcome(NamedTuple):
    kind: str  # retry | permanent | auth | unreachable
    text: str  # for staff: never an address or a name


class Channel(Protocol):
    """How one outbox row reaches its target."""

    def deliver(self, row_id: int) -> bool:
        """Deliver the row as its booking is now; False when there is nothing to deliver
        (a newer change supersedes it, or nobody to tell). Raises on failure."""
        ...

    def close(self) -> None: ...


def retry_delay(attempts: int, rng: random.Random) -> timedelta:
    """Truncated exponential backoff with jitter: about 30 s, 1 min, 2 min … up to an hour,
    each drawn from its upper half so that many rows do not retry in lockstep."""
    ceiling = min(LONGEST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))
    return ceiling * rng.uniform(0.5, 1.0)


def deliver_pass(
    database: Database,
    now: datetime,
    *,
    targets: tuple[OutboxTarget, ...],
    pause_key: str,
    open_channel: Callable[[], Channel] | None,
    classify: Callable[[Exception], Outcome],
    rng: random.Random | None = None,
    batch: int = BATCH,
) -> PassReport:
    """One pass over the rows for `targets` due at `now`. `open_channel` is None when the
    target is not set up (no SMTP server, Google not connected): the rows then wait."""
    rng = rng or random.Random()
    if is_paused(database, pause_key):
        return PassReport(paused=True, waiting=count_due(database, now, targets))
    if open_channel is None:
        return PassReport(waiting=count_due(database, now, targets))
    claimed = claim_due(database, now, batch, targets)
    if not claimed:
        return PassReport()
    report = PassReport()
    channel = open_channel()
    try:
        for position, row_id in enumerate(claimed):
            try:
                delivered = channel.deliver(row_id)
            except Exception as error:
                outcome = classify(error)
                if outcome.kind == "auth":
                    pause(database, now, outcome.text, pause_key)
                    release(database, claimed[position:], now)
                    return report._replace(paused=True)
                if outcome.kind == "unreachable":
                    # Not this row's fault: no attempt is counted, however long the server
                    # stays away; everything left waits a little and tries again.
                    log.info("%s unreachable: %s", pause_key, outcome.text)
                    release(database, claimed[position:], now + retry_delay(1, rng), outcome.text)
                    return report._replace(waiting=len(claimed) - position)
                attempts = attempts_of(database, row_id)
                if outcome.kind == "permanent" or attempts >= MAX_ATTEMPTS:
                    settle(database, row_id, OutboxStatus.FAILED, now, outcome.text)
                    report = report._replace(failed=report.failed + 1)
                else:
                    retry_later(database, row_id, now + retry_delay(attempts, rng), outcome.text)
                    report = report._replace(retrying=report.retrying + 1)
                continue
            status = OutboxStatus.DELIVERED if delivered else OutboxStatus.SUPERSEDED
            settle(database, row_id, status, now, None)
            if delivered:
                report = report._replace(delivered=report.delivered + 1)
            else:
                report = report._replace(superseded=report.superseded + 1)
    finally:
        channel.close()
    return report


class _EmailChannel:
    def __init__(self, database: Database, mailer: Mailer, sender: Sender, now: datetime):
        self.database, self.mailer, self.sender, self.now = database, mailer, sender, now
        self.clinic = _clinic(database)  # once per pass, not once per message

    def deliver(self, row_id: int) -> bool:
        context = _context(self.database, row_id, self.clinic)
        if context is None:
            return False
        self.mailer.send(compose(context, self.sender, self.now))
        return True

    def close(self) -> None:
        self.mailer.close()


def run_once(
    database: Database,
    now: datetime,
    mailer_factory: Callable[[], tuple[Mailer, Sender]] | None,
    *,
    rng: random.Random | None = None,
    batch: int = BATCH,
) -> PassReport:
    """One pass over the email rows due at `now`."""

    def open_channel() -> Channel:
        assert mailer_factory is not None
        mailer, sender = mailer_factory()
        return _EmailChannel(database, mailer, sender, now)

    return deliver_pass(
        database,
        now,
        targets=EMAIL_TARGETS,
        pause_key=EMAIL_PAUSE,
        open_channel=None if mailer_factory is None else open_channel,
        classify=_classify,
        rng=rng,
        batch=batch,
    )


# -- claiming and recording (shared with the Google delivery) -----------------------------


def due_rows(
    now: datetime, targets: tuple[OutboxTarget, ...] = EMAIL_TARGETS
) -> ColumnElement[bool]:
    return and_(
        OutboxItem.target.in_(targets),
        OutboxItem.status.in_([OutboxStatus.PENDING, OutboxStatus.IN_PROGRESS]),
        OutboxItem.next_attempt_at <= now,
    )


def claim_due(
    database: Database,
    now: datetime,
    batch: int,
    targets: tuple[OutboxTarget, ...] = EMAIL_TARGETS,
) -> list[int]:
    """Take up to `batch` due rows for `targets`, oldest first, under a lease."""
    with database.write() as session:
        ids = statements.claimable_outbox_ids(session, due_rows(now, targets), batch)
        if ids:
            session.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(ids))
                .values(
                    status=OutboxStatus.IN_PROGRESS,
                    attempts=OutboxItem.attempts + 1,
                    next_attempt_at=now + LEASE,
                )
            )
    return ids


def count_due(
    database: Database, now: datetime, targets: tuple[OutboxTarget, ...] = EMAIL_TARGETS
) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).where(due_rows(now, targets))) or 0)


def settle(
    database: Database, row_id: int, status: OutboxStatus, now: datetime, error: str | None
) -> None:
    delivered = now if status == OutboxStatus.DELIVERED else None
    with database.write() as session:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == row_id)
            .values(status=status, delivered_at=delivered, last_error=error)
        )


def retry_later(database: Database, row_id: int, when: datetime, error: str) -> None:
    with database.write() as session:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == row_id)
            .values(status=OutboxStatus.PENDING, next_attempt_at=when, last_error=error)
        )


def release(
    database: Database, row_ids: list[int], when: datetime, error: str | None = None
) -> None:
    """Hand claimed rows back, due at `when`; their attempt did not happen."""
    if not row_ids:
        return
    values: dict[str, object] = {
        "status": OutboxStatus.PENDING,
        "attempts": OutboxItem.attempts - 1,
        "next_attempt_at": when,
    }
    if error is not None:
        values["last_error"] = error
    with database.write() as session:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(row_ids), OutboxItem.status == OutboxStatus.IN_PROGRESS)
            .values(values)
        )


def attempts_of(database: Database, row_id: int) -> int:
    with database.read() as session:
        return session.execute(
            select(OutboxItem.attempts).where(OutboxItem.id == row_id)
        ).scalar_one()


# -- what a row means now ---------------------------------------------------------------


def newer_change_queued() -> Exists:
    """True for a row when a later change of the same booking (same calendar identity, a
    higher revision) is queued for the same recipient: the same client, or for a therapist's
    email and calendar, the same therapist."""
    newer = aliased(OutboxItem)
    later = aliased(TherapySession)
    return exists().where(
        newer.target == OutboxItem.target,
        newer.revision > OutboxItem.revision,
        later.id == newer.session_id,
        later.calendar_uid == TherapySession.calendar_uid,
        or_(
            OutboxItem.target == OutboxTarget.EMAIL_CLIENT,
            later.therapist_id == TherapySession.therapist_id,
        ),
    )


class _Clinic(NamedTuple):
    name: str
    timezone: str
    address: str | None
    phone: str | None


def _clinic(database: Database) -> _Clinic:
    with database.read() as session:
        row = session.execute(
            select(
                ClinicSettings.name,
                ClinicSettings.timezone,
                ClinicSettings.address,
                ClinicSettings.phone,
            )
        ).first()
    if row is None:
        raise LookupError("the database holds no clinic yet")
    return _Clinic(*row)


def _context(database: Database, row_id: int, clinic: _Clinic) -> MessageContext | None:
    """The message for a row as the booking is now, or None when a newer change of the
    same booking for the same recipient is queued (this one is superseded)."""
    query = with_names(
        select(
            OutboxItem.kind,
            OutboxItem.target,
            OutboxItem.revision,
            newer_change_queued(),
            TherapySession.reference,
            TherapySession.calendar_uid,
            TherapySession.starts_at,
            TherapySession.ends_at,
            Therapist.email,
            Client.email,
            Client.language,
        )
        .select_from(OutboxItem)
        .join(TherapySession, TherapySession.id == OutboxItem.session_id)
    ).where(OutboxItem.id == row_id)
    with database.read() as session:
        row = session.execute(query).first()
    if row is None:
        return None
    (kind, target, revision, is_superseded, reference, uid, starts, ends, therapist_email,
     client_email, language, service, room, therapist, client) = row  # fmt: skip
    if is_superseded:
        return None
    to_client = target == OutboxTarget.EMAIL_CLIENT
    recipient = client_email if to_client else therapist_email
    if not recipient:  # the address was removed since: nobody to tell
        return None
    return MessageContext(
        kind=kind,
        audience="client" if to_client else "therapist",
        recipient=recipient,
        recipient_name=client if to_client else therapist,
        language=language if to_client else None,
        reference=reference,
        calendar_uid=uid,
        revision=revision,
        starts_at=starts,
        ends_at=ends,
        service=service,
        therapist_name=therapist,
        client_name=client,
        room=room,
        clinic_name=clinic.name,
        clinic_zone=clinic_zone(clinic.timezone),
        clinic_address=clinic.address,
        clinic_phone=clinic.phone,
    )


def _classify(error: Exception) -> Outcome:
    """Retry what may pass later, fail what never will, pause on a refused login."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Outcome("auth", f"the mail server refused the login ({error.smtp_code})")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        kind = "permanent" if codes and all(code >= 500 for code in codes) else "retry"
        return Outcome(kind, f"recipient refused by the mail server ({', '.join(map(str, codes))})")
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return Outcome("unreachable", f"the mail server turned us away ({error.smtp_code})")
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code in (530, 534, 535):
            return Outcome("auth", f"the mail server wants a valid login ({error.smtp_code})")
        kind = "permanent" if error.smtp_code >= 500 else "retry"
        return Outcome(kind, f"the mail server answered {error.smtp_code}")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Outcome("unreachable", "the mail server closed the connection")
    if isinstance(error, OSError):
        reason = error.strerror or type(error).__name__
        return Outcome("unreachable", f"mail server unreachable: {reason}")
    return Outcome("retry", f"sending failed: {type(error).__name__}")
