"""Google Calendar v3 over `requests`: each therapist's events follow their bookings, and
their busy times come back as `external_busy` (docs/sync.md, Google Calendar).

Delivery makes the calendar match the booking as it is now, whatever the outbox row's kind:
a cancelled booking's event is deleted, any other is written in full (PUT), or inserted when
the calendar has none. Event ids are derived from the booking's calendar identity, the
calendar and a generation, so a retried insert meets `409` ("already there", then updated)
instead of making a duplicate, even after a worker died between sending and recording. An
event deleted at Google keeps its id reserved: writing it again takes the next generation.
Clients are never attendees (`sendUpdates=none`; our own email is the invitation) and only
the opaque calendar identity goes into `extendedProperties.private`.

Access: a refresh token (OS keyring, or env for a headless service) is exchanged for an
access token, refreshed once when Google answers 401; `invalid_grant` means access was
revoked, which pauses Google sync until someone reconnects.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import quote

import requests
from sqlalchemy import delete, insert, select

from app.config import AppConfig
from app.outbox import GOOGLE_PAUSE
from app.session_rows import with_names
from app.timezones import clinic_zone
from db.engine import Database
from db.enums import OutboxTarget, SessionStatus
from db.models import (
    ClinicSettings,
    ExternalBusyTime,
    GoogleEvent,
    OutboxItem,
    Therapist,
    TherapySession,
)
from sync.delivery import (
    BATCH,
    Channel,
    Outcome,
    PassReport,
    deliver_pass,
    newer_change_queued,
)
from sync.feeds.builder import client_initials
from sync.secrets import read_secret

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://www.googleapis.com/calendar/v3"
DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token"
GOOGLE_TARGETS = (OutboxTarget.GOOGLE_CALENDAR,)
RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}
TIMEOUT_SECONDS = 20
BUSY_SOURCE = "google"


class GoogleSettings(NamedTuple):
    api_base: str
    token_url: str
    client_id: str
    client_secret: str | None
    refresh_token: str

    @classmethod
    def from_config(
        cls, config: AppConfig, environ: Mapping[str, str] | None = None
    ) -> GoogleSettings | None:
        """The settings, or None when Google is not connected (its rows then wait)."""
        environ = os.environ if environ is None else environ
        client_id = str(config.get("google_client_id") or "").strip()
        refresh_token = environ.get("FRONTDESK_GOOGLE_REFRESH_TOKEN") or read_secret(
            "google:refresh_token"
        )
        if not client_id or not refresh_token:
            return None
        secret = environ.get("FRONTDESK_GOOGLE_CLIENT_SECRET") or read_secret(
            "google:client_secret"
        )
        return cls(
            str(config.get("google_api_base_url") or DEFAULT_API_BASE).rstrip("/"),
            str(config.get("google_token_url") or DEFAULT_TOKEN_URL),
            client_id,
            secret,
            refresh_token,
        )


class GoogleError(Exception):
    """A reply Google gave (or could not give); the text names no client."""

    def __init__(self, status: int | None, reason: str | None, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.reason = reason


class GoogleAccessRevokedError(GoogleError):
    """`invalid_grant`: the refresh token no longer works; someone must reconnect."""


class GoogleCalendar:
    """The few Calendar v3 calls the clinic needs."""

    def __init__(self, settings: GoogleSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.http = session or requests.Session()
        self._access: str | None = None

    def _refresh(self) -> None:
        data = {
            "grant_type": "refresh_token",
            "refresh_token": self.settings.refresh_token,
            "client_id": self.settings.client_id,
        }
        if self.settings.client_secret:
            data["client_secret"] = self.settings.client_secret
        try:
            reply = self.http.post(self.settings.token_url, data=data, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            reason = type(error).__name__
            raise GoogleError(None, None, f"token endpoint unreachable: {reason}") from None
        body = _json(reply)
        if reply.status_code != 200 or not body.get("access_token"):
            reason = str(body.get("error") or "")
            if reason == "invalid_grant":
                raise GoogleAccessRevokedError(
                    reply.status_code, reason, "Google access was revoked"
                )
            raise GoogleError(reply.status_code, reason or None, "could not refresh Google access")
        self._access = str(body["access_token"])

    def _call(
        self, method: str, path: str, *, json: Any = None, params: dict[str, str] | None = None
    ) -> requests.Response:
        for attempt in (1, 2):
            if self._access is None:
                self._refresh()
            try:
                reply = self.http.request(
                    method,
                    self.settings.api_base + path,
                    json=json,
                    params=params,
                    headers={"Authorization": f"Bearer {self._access}"},
                    timeout=TIMEOUT_SECONDS,
                )
            except requests.RequestException as error:
                reason = type(error).__name__
                raise GoogleError(None, None, f"Google unreachable: {reason}") from None
            if reply.status_code == 401 and attempt == 1:
                self._access = None  # expired: refresh once, then believe the answer
                continue
            return reply
        raise AssertionError("unreachable")

    def insert_event(self, calendar_id: str, body: dict[str, Any]) -> str:
        """`created`, or `exists` when the id is taken (a retried insert)."""
        reply = self._call("POST", _events(calendar_id), json=body, params={"sendUpdates": "none"})
        if reply.status_code in (200, 201):
            return "created"
        if reply.status_code == 409:
            return "exists"
        raise _error(reply)

    def update_event(self, calendar_id: str, event_id: str, body: dict[str, Any]) -> str:
        """`updated`, or `gone` when the event was deleted at Google."""
        reply = self._call(
            "PUT", f"{_events(calendar_id)}/{quote(event_id)}", json=body,
            params={"sendUpdates": "none"},
        )  # fmt: skip
        if reply.status_code == 200:
            return "updated"
        if reply.status_code in (404, 410):
            return "gone"
        raise _error(reply)

    def delete_event(self, calendar_id: str, event_id: str) -> None:
        reply = self._call(
            "DELETE", f"{_events(calendar_id)}/{quote(event_id)}", params={"sendUpdates": "none"}
        )
        if reply.status_code not in (200, 204, 404, 410):
            raise _error(reply)

    def free_busy(
        self, calendar_ids: list[str], start: datetime, end: datetime
    ) -> dict[str, list[tuple[datetime, datetime]] | None]:
        """Busy intervals per calendar; None for a calendar Google could not read."""
        body = {
            "timeMin": _rfc3339(start),
            "timeMax": _rfc3339(end),
            "items": [{"id": calendar_id} for calendar_id in calendar_ids],
        }
        reply = self._call("POST", "/freeBusy", json=body)
        if reply.status_code != 200:
            raise _error(reply)
        calendars = _json(reply).get("calendars")
        if not isinstance(calendars, dict):
            raise GoogleError(200, None, "Google sent a freeBusy reply without calendars")
        result: dict[str, list[tuple[datetime, datetime]] | None] = {}
        for calendar_id in calendar_ids:
            entry = calendars.get(calendar_id)
            if not isinstance(entry, dict) or entry.get("errors"):
                result[calendar_id] = None
                continue
            try:
                result[calendar_id] = [
                    (_instant(b["start"]), _instant(b["end"])) for b in entry.get("busy", [])
                ]
            except (KeyError, TypeError, ValueError):
                result[calendar_id] = None  # a malformed reply changes nothing here
        return result


def _events(calendar_id: str) -> str:
    return f"/calendars/{quote(calendar_id, safe='')}/events"


def _json(reply: requests.Response) -> dict[str, Any]:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error(reply: requests.Response) -> GoogleError:
    error = _json(reply).get("error")
    reason = None
    if isinstance(error, dict):
        details = error.get("errors") or [{}]
        reason = details[0].get("reason") if isinstance(details[0], dict) else None
    return GoogleError(reply.status_code, reason, f"Google answered {reply.status_code}"
                       + (f" ({reason})" if reason else ""))  # fmt: skip


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time without offset")
    return moment.astimezone(UTC)


def event_id(calendar_uid: str, calendar_id: str, generation: int) -> str:
    """Google's rule: 5–1024 characters of base32hex (a–v, 0–9)."""
    digest = hashlib.sha256(f"{calendar_uid}:{calendar_id}:{generation}".encode()).digest()
    return base64.b32hexencode(digest[:20]).decode("ascii").lower()


# -- delivering outbox rows ---------------------------------------------------------------


class _Booking(NamedTuple):
    calendar_uid: str
    calendar_id: str | None
    cancelled: bool
    body: dict[str, Any]


class _FeedPrivacy(NamedTuple):
    zone: str
    full_names: bool


def _privacy(database: Database) -> _FeedPrivacy:
    with database.read() as session:
        row = session.execute(
            select(ClinicSettings.timezone, ClinicSettings.feed_full_names)
        ).first()
    if row is None:
        raise LookupError("the database holds no clinic yet")
    return _FeedPrivacy(*row)


def _booking(database: Database, row_id: int, privacy: _FeedPrivacy) -> _Booking | None:
    """The event a row's booking should be now; None when a newer change supersedes it."""
    query = with_names(
        select(
            newer_change_queued(), TherapySession.calendar_uid, TherapySession.reference,
            TherapySession.starts_at, TherapySession.ends_at, TherapySession.status,
            Therapist.google_calendar_id,
        )
        .select_from(OutboxItem)
        .join(TherapySession, TherapySession.id == OutboxItem.session_id)
        .where(OutboxItem.id == row_id)
    )  # fmt: skip
    with database.read() as session:
        row = session.execute(query).first()
    if row is None or row[0]:
        return None
    _, uid, reference, starts, ends, status, calendar_id, service, room, _therapist, client = row
    zone, full_names = privacy
    who = client if full_names else client_initials(client)
    body: dict[str, Any] = {
        "summary": f"{service} · {who}",
        "description": f"Booking {reference}",
        "start": {"dateTime": _rfc3339(starts), "timeZone": clinic_zone(zone).key},
        "end": {"dateTime": _rfc3339(ends), "timeZone": clinic_zone(zone).key},
        "status": "tentative" if status == SessionStatus.SCHEDULED else "confirmed",
        "transparency": "opaque",
        "extendedProperties": {"private": {"frontdeskUid": uid}},
    }
    if room:
        body["location"] = room
    return _Booking(uid, calendar_id, status == SessionStatus.CANCELLED, body)


def _place(database: Database, calendar: GoogleCalendar, booking: _Booking, now: datetime) -> None:
    """Make the therapist's calendar hold (or not hold) the booking's event."""
    assert booking.calendar_id is not None
    with database.read() as session:
        known = session.get(GoogleEvent, (booking.calendar_uid, booking.calendar_id))
        generation = known.generation if known else 0
        deleted = known.deleted if known else True
        current = known.event_id if known else event_id(booking.calendar_uid,
                                                         booking.calendar_id, 0)  # fmt: skip
    if booking.cancelled:
        if known is not None and not deleted:
            calendar.delete_event(booking.calendar_id, current)
        _remember(database, booking, generation, current, True, now)
        return
    if known is not None and not deleted:
        if calendar.update_event(booking.calendar_id, current, booking.body) == "updated":
            _remember(database, booking, generation, current, False, now)
            return
        generation += 1  # deleted at Google: its id stays reserved
    elif known is not None:
        generation += 1
    new_id = event_id(booking.calendar_uid, booking.calendar_id, generation)
    inserted = calendar.insert_event(booking.calendar_id, {"id": new_id, **booking.body})
    # "exists": inserted before a crash kept us from recording it, so make it current.
    if inserted == "exists" and (
        calendar.update_event(booking.calendar_id, new_id, booking.body) == "gone"
    ):
        raise GoogleError(410, "deleted", "the event was deleted meanwhile; trying again")
    _remember(database, booking, generation, new_id, False, now)


def _remember(
    database: Database, booking: _Booking, generation: int, current: str, deleted: bool,
    now: datetime,
) -> None:  # fmt: skip
    assert booking.calendar_id is not None
    with database.write() as session:
        known = session.get(GoogleEvent, (booking.calendar_uid, booking.calendar_id))
        if known is None:
            session.add(GoogleEvent(calendar_uid=booking.calendar_uid,
                                    calendar_id=booking.calendar_id, generation=generation,
                                    event_id=current, deleted=deleted, synced_at=now))  # fmt: skip
        else:
            known.generation, known.event_id = generation, current
            known.deleted, known.synced_at = deleted, now


def classify(error: Exception) -> Outcome:
    """Retry 429, rate-limit 403s and 5xx; pause on revoked access; fail other 4xx."""
    if isinstance(error, GoogleAccessRevokedError):
        return Outcome("auth", "Google access was revoked: reconnect Google")
    text = str(error) if isinstance(error, GoogleError) else type(error).__name__
    if not isinstance(error, GoogleError):
        return Outcome("retry", text)
    if error.status is None:
        return Outcome("unreachable", text)
    if error.status == 429 or error.status >= 500:
        return Outcome("retry", text)
    if error.status == 403 and error.reason in RATE_LIMIT_REASONS:
        return Outcome("retry", text)
    if error.status == 410 and error.reason == "deleted":
        return Outcome("retry", text)
    return Outcome("permanent", text)


class _CalendarChannel:
    def __init__(self, database: Database, calendar: GoogleCalendar, now: datetime) -> None:
        self.database, self.calendar, self.now = database, calendar, now
        self.privacy = _privacy(database)  # once per pass, not once per event

    def deliver(self, row_id: int) -> bool:
        booking = _booking(self.database, row_id, self.privacy)
        if booking is None or booking.calendar_id is None:
            return False
        _place(self.database, self.calendar, booking, self.now)
        return True

    def close(self) -> None:
        pass


def run_google_once(
    database: Database,
    now: datetime,
    calendar_factory: Callable[[], GoogleCalendar] | None,
    *,
    rng: random.Random | None = None,
    batch: int = BATCH,
) -> PassReport:
    """One pass over the Google Calendar rows due at `now` (the same loop as email)."""

    def open_channel() -> Channel:
        assert calendar_factory is not None
        return _CalendarChannel(database, calendar_factory(), now)

    return deliver_pass(
        database,
        now,
        targets=GOOGLE_TARGETS,
        pause_key=GOOGLE_PAUSE,
        open_channel=None if calendar_factory is None else open_channel,
        classify=classify,
        rng=rng,
        batch=batch,
    )


# -- busy times in ------------------------------------------------------------------------


class BusyReport(NamedTuple):
    refreshed: int  # therapists whose busy times were replaced
    kept: int  # therapists whose calendar could not be read: their last good data stays


def refresh_busy_times(database: Database, now: datetime, calendar: GoogleCalendar) -> BusyReport:
    """Read each therapist's busy times over their booking horizon into `external_busy`.
    A therapist's stored times are replaced only by a good answer for their calendar."""
    with database.read() as session:
        connected = session.execute(
            select(Therapist.id, Therapist.google_calendar_id, Therapist.max_advance_days).where(
                Therapist.active.is_(True), Therapist.google_calendar_id.is_not(None)
            )
        ).all()
    # the query's own filter again, so the calendar ids are typed as present
    therapists = [(i, cal, days) for i, cal, days in connected if cal is not None]
    if not therapists:
        return BusyReport(0, 0)
    end = now + timedelta(days=max(days for _id, _cal, days in therapists) + 1)
    refreshed = kept = 0
    for chunk in range(0, len(therapists), 50):  # Google reads at most 50 calendars at once
        group = therapists[chunk : chunk + 50]
        answers = calendar.free_busy([cal for _id, cal, _days in group], now, end)
        with database.write() as session:
            for therapist_id, calendar_id, _days in group:
                busy = answers.get(calendar_id)
                if busy is None:
                    kept += 1
                    continue
                session.execute(
                    delete(ExternalBusyTime).where(
                        ExternalBusyTime.therapist_id == therapist_id,
                        ExternalBusyTime.source == BUSY_SOURCE,
                        ExternalBusyTime.ends_at > now,  # the past stays as it was
                    )
                )
                rows = [
                    {"therapist_id": therapist_id, "starts_at": start, "ends_at": finish,
                     "source": BUSY_SOURCE, "fetched_at": now}
                    for start, finish in busy
                    if finish > start
                ]  # fmt: skip
                if rows:
                    session.execute(insert(ExternalBusyTime), rows)
                refreshed += 1
    return BusyReport(refreshed, kept)
