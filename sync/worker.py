"""The outbox worker as the app and `frontdesk sync run` use it: email, Google Calendar,
and every quarter of an hour the therapists' Google busy times."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import NamedTuple

from app.config import AppConfig
from app.outbox import GOOGLE_PAUSE, pause
from db.engine import Database
from sync.delivery import PassReport, run_once
from sync.google import (
    GoogleCalendar,
    GoogleError,
    GoogleSettings,
    classify,
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
        return (
            f"email: {self.email.describe()}\nGoogle Calendar: {self.google.describe(GOOGLE_PAUSE)}"
        )


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
        return self._refresh_busy_times(database, now, GoogleCalendar(settings))

    def _busy_times_due(self, now: datetime) -> bool:
        return self._busy_times_at is None or now - self._busy_times_at >= BUSY_TIMES_EVERY

    def _refresh_busy_times(
        self, database: Database, now: datetime, calendar: GoogleCalendar
    ) -> str:
        """Read busy times; says what happened (a failed read keeps the last good ones)."""
        try:
            report = refresh_busy_times(database, now, calendar)
        except GoogleError as error:
            outcome = classify(error)
            if outcome.kind == "auth":
                pause(database, now, outcome.text, GOOGLE_PAUSE)
                return outcome.text
            log.warning("Google busy times not refreshed: %s", error)
            return f"busy times not read ({error}); the last ones stay"
        self._busy_times_at = now
        text = f"Google busy times read: {report.refreshed} calendars"
        if report.kept:
            text += f"; not readable, last busy times kept: {report.kept}"
            log.warning(text)
        return text
