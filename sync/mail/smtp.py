"""Sending through the clinic's SMTP server (STARTTLS, implicit TLS or plain on a LAN).

The password never comes from the config file or the database: the OS keyring holds it
(service `frontdesk`, user `smtp:<username>@<host>`), or a headless service passes it as
`FRONTDESK_SMTP_PASSWORD`.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from types import TracebackType
from typing import Any, NamedTuple

from app.config import AppConfig
from sync.mail.messages import Sender
from sync.secrets import SecretStoreError, keep_secret, read_secret

SECURITY = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
TIMEOUT_SECONDS = 30


class SmtpSettingsError(ValueError):
    """The SMTP settings cannot work; the message names the setting."""


class SmtpSettings(NamedTuple):
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    sender: Sender
    ca_file: str | None = None  # a clinic's own certificate authority, if its server uses one

    @classmethod
    def from_config(
        cls, config: AppConfig, environ: Mapping[str, str] | None = None
    ) -> SmtpSettings | None:
        """The settings, or None when no SMTP server is configured (email then waits)."""
        environ = os.environ if environ is None else environ
        host = str(config.get("smtp_host") or "").strip()
        if not host:
            return None
        security = str(config.get("smtp_security") or "starttls").strip().lower()
        if security not in SECURITY:
            raise SmtpSettingsError(f"smtp_security must be one of {', '.join(SECURITY)}")
        try:
            port = int(config.get("smtp_port") or DEFAULT_PORTS[security])
        except (TypeError, ValueError):
            raise SmtpSettingsError("smtp_port must be a number") from None
        if not 1 <= port <= 65535:
            raise SmtpSettingsError("smtp_port must be between 1 and 65535")
        username = str(config.get("smtp_username") or "").strip() or None
        sender = str(config.get("smtp_from") or "").strip()
        if "@" not in sender:
            raise SmtpSettingsError("smtp_from must be the address messages are sent from")
        reply_to = str(config.get("clinic_email_reply_to") or "").strip() or None
        password = smtp_password(host, username, environ) if username else None
        ca_file = str(config.get("smtp_ca_file") or "").strip() or None
        if ca_file and not os.path.isfile(ca_file):
            raise SmtpSettingsError(f"smtp_ca_file {ca_file} does not exist")
        return cls(host, port, security, username, password, Sender(sender, reply_to), ca_file)


def keyring_user(host: str, username: str) -> str:
    return f"smtp:{username}@{host}"


def store_smtp_password(config: AppConfig, password: str) -> str:
    """Keep the SMTP password in the OS keyring; returns the keyring entry's user name."""
    host = str(config.get("smtp_host") or "").strip()
    username = str(config.get("smtp_username") or "").strip()
    if not host or not username:
        raise SmtpSettingsError("set smtp_host and smtp_username first")
    if not password:
        raise SmtpSettingsError("the password is empty")
    try:
        keep_secret(keyring_user(host, username), password)
    except SecretStoreError as error:
        raise SmtpSettingsError(
            f"{error}; a headless service can use FRONTDESK_SMTP_PASSWORD instead"
        ) from None
    return keyring_user(host, username)


def smtp_password(host: str, username: str, environ: Mapping[str, str]) -> str | None:
    return environ.get("FRONTDESK_SMTP_PASSWORD") or read_secret(keyring_user(host, username))


class SmtpMailer:
    """One connection for a pass over the outbox, opened at the first message."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._client: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        if self._client is None:
            self._client = self._connect()
        self._client.send_message(message)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        client: smtplib.SMTP
        # Certificates are always verified: against the system's authorities, or the file given.
        context = ssl.create_default_context(cafile=s.ca_file)
        if s.security == "tls":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)
        try:
            if s.security == "starttls":
                client.starttls(context=context)
            if s.username:
                client.login(s.username, s.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (smtplib.SMTPException, OSError):
                self._client.close()
            self._client = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> Any:
        self.close()
