"""The outbox worker as the app and `frontdesk sync run` use it: email, Google Calendar,
and every quarter of an hour the therapists' Google busy times."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import NamedTuple

from app.config import AppConfig
from app.outbox import GOOGLE_PAUSE
from db.engine import Database
from sync.delivery import PassReport, pause, run_once
from sync.google import (
    GoogleAccessRevokedError,
    GoogleCalendar,
    GoogleError,
    GoogleSettings,
    refresh_busy_times,
    run_google_once,
)
from sync.mail.smtp import SmtpMailer, SmtpSettings

log = logging.getLogger(__name__)

BUSY_TIMES_EVERY = timedelta(minutes=15)


class WorkerReport(NamedTuple):
    email: PassReport
    google: PassReport

    @property
    def failed(self) -> int:
        return self.email.failed + self.google.failed

    def describe(self) -> str:
        google = (
            self.google.describe()
            .replace("email", "Google")
            .replace(
                "frontdesk sync resume Google",
                "reconnect Google, then frontdesk sync resume google",
            )
        )
        return f"email: {self.email.describe()}\nGoogle Calendar: {google}"


class OutboxWorker:
    """One delivery pass with the settings as they are now (config and keyring are read
    each pass, so a fixed password or a reconnected Google account applies at once)."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self._busy_times_at: datetime | None = None

    def __call__(self, database: Database, now: datetime) -> WorkerReport:
        smtp = SmtpSettings.from_config(self.config)
        email = run_once(
            database, now, None if smtp is None else (lambda: (SmtpMailer(smtp), smtp.sender))
        )
        google_settings = GoogleSettings.from_config(self.config)
        calendar = None if google_settings is None else GoogleCalendar(google_settings)
        google = run_google_once(database, now, None if calendar is None else (lambda: calendar))
        if calendar is not None and not google.paused and self._busy_times_due(now):
            self._refresh_busy_times(database, now, calendar)
        return WorkerReport(email, google)

    def refresh_busy_times_now(self, database: Database, now: datetime) -> str:
        """On demand (menu or command): read every therapist's busy times now."""
        settings = GoogleSettings.from_config(self.config)
        if settings is None:
            return "Google is not connected"
        try:
            report = refresh_busy_times(database, now, GoogleCalendar(settings))
        except GoogleAccessRevokedError:
            pause(database, now, "Google access was revoked: reconnect Google", GOOGLE_PAUSE)
            return "Google access was revoked: reconnect Google"
        except GoogleError as error:
            return f"busy times not read ({error}); the last ones stay"
        self._busy_times_at = now
        text = f"Google busy times read: {report.refreshed} calendars"
        if report.kept:
            text += f"; not readable, last busy times kept: {report.kept}"
        return text

    def _busy_times_due(self, now: datetime) -> bool:
        return self._busy_times_at is None or now - self._busy_times_at >= BUSY_TIMES_EVERY

    def _refresh_busy_times(
        self, database: Database, now: datetime, calendar: GoogleCalendar
    ) -> None:
        try:
            report = refresh_busy_times(database, now, calendar)
        except GoogleAccessRevokedError:
            pause(database, now, "Google access was revoked: reconnect Google", GOOGLE_PAUSE)
            return
        except GoogleError as error:  # the last good busy times stay
            log.warning("Google busy times not refreshed: %s", error)
            return
        self._busy_times_at = now
        if report.kept:
            log.warning("%d therapists' Google calendars could not be read", report.kept)
