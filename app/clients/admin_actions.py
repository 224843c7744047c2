"""What merging and erasure share: the admin they need, the reason they record, and the
calendar events they must bring up to date (docs/clients.md, Duplicates and merging; Archive
and erasure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from app.i18n import desk_formats, translate
from app.outbox import EffectKind, enqueue_effects
from app.text_limits import encodable
from db.enums import Role, SessionStatus
from db.models import AuditEntry, GoogleEvent, Therapist, TherapySession, User

# The audit column the reason goes to.
REASON_LIMIT: int = AuditEntry.__table__.c.reason.type.length  # type: ignore[attr-defined]  # a String column's length


def checked_reason(reason: str | None, refuse: Callable[[str], Exception]) -> str:
    """The reason as it will be recorded (trimmed); `refuse(message)` is raised when there is
    none or the audit log could not hold it."""
    text = (reason or "").strip()
    if not text:
        raise refuse(translate("Clients", "give a reason (it is kept in the audit log)"))
    if len(text) > REASON_LIMIT:
        raise refuse(
            translate(
                "Clients", "the reason is longer than {reason_limit} characters ({length})"
            ).format(
                reason_limit=desk_formats().number(REASON_LIMIT),
                length=desk_formats().number(len(text)),
            )
        )
    if not encodable(text) or "\x00" in text:
        raise refuse(translate("Clients", "the reason is not valid text"))
    return text


def is_active_admin(session: Session, actor: str) -> bool:
    """Checked again inside the change's transaction, whoever asked: the caller authorised
    the admin a moment ago, but a role taken away or an account switched off since must
    stop the change too."""
    found = session.scalar(
        select(User.id).where(
            User.username == actor, User.active.is_(True), User.role == Role.ADMIN
        )
    )
    return found is not None


def refresh_calendar_events(session: Session, which: ColumnElement[bool], now: datetime) -> int:
    """Queue a calendar update for the sessions `which` selects that a therapist's Google
    calendar shows now (not cancelled, an event there that is not deleted), so the event
    stops showing the name it showed. Only the calendar hears of it (a `status` effect);
    their revision rises, as a calendar needs a new revision to take an update. Returns how
    many were queued. Feeds need nothing: they read the client as it is now."""
    shown = exists().where(
        GoogleEvent.calendar_uid == TherapySession.calendar_uid,
        GoogleEvent.calendar_id == Therapist.google_calendar_id,
        GoogleEvent.deleted.is_(False),
    )
    rows = session.execute(
        select(TherapySession, Therapist)
        .join(Therapist, Therapist.id == TherapySession.therapist_id)
        .where(
            which,
            TherapySession.status != SessionStatus.CANCELLED,
            Therapist.google_calendar_id.is_not(None),
            shown,
        )
        .order_by(TherapySession.id)
    ).all()
    for record, therapist in rows:
        record.revision += 1
        enqueue_effects(session, session_id=record.id, revision=record.revision,
                        kind=EffectKind.STATUS, client=None, therapist=therapist,
                        now=now)  # fmt: skip
    return len(rows)
