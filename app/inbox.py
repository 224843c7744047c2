"""The front desk's inbox: notices the desk should act on, the live conditions shown
with them (failed deliveries, starts held by a desk), and the waitlist's offers (a start a
waiting client could have now; `app.waitlist.current_offers`).

This module is the one writer of the notices table: the recurring job files its conflicts
through `file_notices`, the desk marks them done through `mark_done`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.booking.loader import load_clinic
from app.booking.wording import rule_word
from app.i18n import desk_formats, translate
from app.outbox import outbox_summary
from app.scheduling.recurrence import occurrence_start
from app.waitlist import WaitlistOffer, current_offers
from db import statements
from db.engine import Database
from db.models import BookingHold, Client, Notice, RecurringSeries, Service, Therapist

RECURRING_CONFLICT = "recurring_conflict"
WAITLIST_MATCH = "waitlist_match"
SYNC_FAILED = "sync_failed"
HOLD = "hold"


@dataclass(frozen=True)
class InboxItem:
    id: int | None  # None: a live condition (failed sync), not a stored notice
    kind: str
    created_at: datetime
    title: str  # for the desk: may name the client (the inbox is the desk's own screen)
    detail: str
    # a recurring conflict: what to book by hand instead
    therapist: str | None = None
    client: str | None = None
    service: str | None = None
    start: datetime | None = None  # the occurrence's local start (None in a DST gap)
    # a waitlist match: the entry waiting (client, therapist, service and start above)
    waitlist_id: int | None = None
    series: str | None = None  # a recurring conflict: its series' key
    reason: str | None = None  # a recurring conflict: why the occurrence was not booked
    count: int | None = None  # sync_failed: how many deliveries failed
    held_start: datetime | None = None  # a hold: the start held (not one to book from here)
    expires_at: datetime | None = None  # a hold: when it lapses unless booked
    held_by: str | None = None  # a hold: the desk's user


def conflict_notice(
    series_id: int, day: date, reason: str, detail: str, now: datetime
) -> dict[str, Any]:
    """A series' occurrence that was not booked, cut to the columns' lengths; the notice
    keeps no client data (the inbox joins it in when it shows the notice)."""
    return {
        "kind": RECURRING_CONFLICT,
        "series_id": series_id,
        "occurrence_date": day,
        "reason": reason[:32],
        "detail": detail[:500],
        "created_at": now,
    }


def file_notices(database: Database, notices: list[dict[str, Any]]) -> int:
    """Insert the notices that do not exist yet (the unique key decides); returns how many
    are new."""
    if not notices:
        return 0
    with database.write() as session:
        connection = session.connection()
        return sum(statements.insert_notice_once(connection, notice) for notice in notices)


def inbox(database: Database, now: datetime, *, include_done: bool = False) -> list[InboxItem]:
    """Open notices, newest first, with the series' client and therapist joined in; live
    items first: failed deliveries, and starts held by a desk until their hold expires; then
    the waitlist's offers, longest waiting first."""
    with database.read() as session:
        zone = load_clinic(session).zone
        query = (
            select(Notice, RecurringSeries, Client, Therapist, Service.key)
            .outerjoin(RecurringSeries, RecurringSeries.id == Notice.series_id)
            .outerjoin(Client, Client.id == RecurringSeries.client_id)
            .outerjoin(Therapist, Therapist.id == RecurringSeries.therapist_id)
            .outerjoin(Service, Service.id == RecurringSeries.service_id)
            .order_by(Notice.created_at.desc(), Notice.id.desc())
        )
        if not include_done:
            query = query.where(Notice.done_at.is_(None))
        items = []
        for notice, series, client, therapist, service in session.execute(query.limit(500)):
            day = notice.occurrence_date
            when = desk_formats().day(day) if day else ""
            title = translate("Inbox", "Not booked: {client} with {therapist} on {when}").format(
                client=client.name if client else translate("Inbox", "a client"),
                therapist=therapist.name if therapist else "?",
                when=when,
            )
            start = occurrence_start(day, series.start_minute, zone) if series and day else None
            items.append(
                InboxItem(
                    notice.id,
                    notice.kind,
                    notice.created_at.astimezone(zone),
                    title,
                    _notice_detail(notice.detail, notice.reason),
                    therapist.key if therapist else None,
                    client.key if client else None,
                    service,
                    start.astimezone(zone) if start else None,
                    series=series.key if series else None,
                    reason=notice.reason,
                )
            )
        holds = session.execute(
            select(
                BookingHold.starts_at,
                BookingHold.expires_at,
                BookingHold.held_by,
                Therapist.key,
                Therapist.name,
            )
            .join(Therapist, Therapist.id == BookingHold.therapist_id)
            .where(BookingHold.expires_at > now)
            .order_by(BookingHold.expires_at)
        ).all()
    items[:0] = [_offer_item(offer, now) for offer in current_offers(database, now)]
    for starts_at, expires_at, held_by, therapist_key, therapist_name in holds:
        minutes = max(1, int((expires_at - now).total_seconds() // 60))
        items.insert(
            0,
            InboxItem(
                None,
                HOLD,
                now.astimezone(zone),
                translate("Inbox", "Held: {therapist}, {start}").format(
                    therapist=therapist_name,
                    start=desk_formats().moment(starts_at.astimezone(zone)),
                ),
                translate(
                    "Inbox",
                    "by {held_by}, expires in {minutes} min ({expires}) unless booked",
                ).format(
                    held_by=held_by,
                    minutes=minutes,
                    expires=desk_formats().time(expires_at.astimezone(zone)),
                ),
                therapist=therapist_key,
                held_start=starts_at.astimezone(zone),
                expires_at=expires_at.astimezone(zone),
                held_by=held_by,
            ),
        )
    failed = outbox_summary(database).failed
    if failed:
        items.insert(
            0,
            InboxItem(
                None,
                SYNC_FAILED,
                now.astimezone(zone),
                translate("Inbox", "{failed} email or calendar update(s) failed").format(
                    failed=failed
                ),
                translate("Inbox", "Open Clinic ▸ Sync status to retry or discard them."),
                count=failed,
            ),
        )
    return items


def _offer_item(offer: WaitlistOffer, now: datetime) -> InboxItem:
    """A waitlist offer as the desk reads it: who could have which start, and how long they
    have waited (the offer's order)."""
    entry = offer.entry
    zone = offer.start.tzinfo
    waited = max(0, (now - entry.created_at).days)
    if waited == 0:
        waiting = translate("Inbox", "since today")
    elif waited == 1:
        waiting = translate("Inbox", "1 day")
    else:
        waiting = translate("Inbox", "{days} days").format(days=waited)
    return InboxItem(
        None,
        WAITLIST_MATCH,
        entry.created_at.astimezone(zone),
        translate("Inbox", "Waitlist: {client} could have {therapist}, {start}").format(
            client=entry.client_name,
            therapist=offer.therapist_name,
            start=desk_formats().moment(offer.start),
        ),
        translate("Inbox", "{service}; waiting {waiting} ({wish})").format(
            service=entry.service_name, waiting=waiting, wish=entry.describe()
        ),
        therapist=offer.therapist_key,
        client=entry.client_key,
        service=entry.service_key,
        start=offer.start,
        waitlist_id=entry.id,
    )


def open_items(database: Database) -> int:
    """How many notices wait for the desk (the status bar's count; failed deliveries are
    the Sync button's, which the window already reads every few seconds)."""
    with database.read() as session:
        notices = session.scalar(
            select(func.count()).select_from(Notice).where(Notice.done_at.is_(None))
        )
    return int(notices or 0)


def mark_done(database: Database, notice_ids: Iterable[int], *, actor: str, now: datetime) -> int:
    """Close notices the desk has dealt with; one closed already keeps who closed it first.
    Returns how many this call closed."""
    with database.write() as session:
        notices = list(
            session.scalars(
                select(Notice).where(Notice.id.in_(list(notice_ids)), Notice.done_at.is_(None))
            )
        )
        for notice in notices:
            notice.done_at, notice.done_by = now, actor
        return len(notices)


def _notice_detail(detail: str, reason: str) -> str:
    """A notice's detail and why, in the desk's language. The detail was written when the
    occurrence was refused, in the language of the process that generated it (a desk's or
    the command line's English); the reason is a code, worded here when shown."""
    if reason == "dst_gap":  # written as a code's English: worded again here
        detail = translate("Inbox", "that time does not exist on this date (clocks move forward)")
    return f"{detail} ({_reason_words(reason)})"


def _reason_words(reason: str) -> str:
    """Why an occurrence was not booked, in a few words (`BookingRefusedError.reason`: a
    scheduling rule's code, or one of the booking's own)."""
    words = {
        "client_busy": translate("Inbox", "client already booked"),
        "room_busy": translate("Inbox", "room taken"),
        "not_permitted": translate("Inbox", "not permitted"),
        "not_taking_new_clients": translate("Inbox", "not taking new clients"),
        "busy": translate("Inbox", "database busy"),
        "dst_gap": translate("Inbox", "clock change"),
    }
    return words[reason] if reason in words else rule_word(reason)
