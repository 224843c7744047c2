"""Stand-ins the sync tests share: a real SMTP server's handler, a free port, SMTP settings
as environment, and an in-memory OS keyring."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy

import keyring.backend
from aiosmtpd.smtp import AuthResult

SENDER = "desk@riverside.example.com"


class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses what it is told to."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refused_recipients: set[str] = set()
        self.busy_answers = 0  # answer DATA with 451 this many times
        self.password = "right"

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]  # noqa: N802
        if address in self.refused_recipients:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        if self.busy_answers:
            self.busy_answers -= 1
            return "451 4.3.0 try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = getattr(auth_data, "password", b"") == self.password.encode()
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(raw, policy=default_policy)  # type: ignore[misc]
            for _to, raw in self.received
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def smtp_environment(port: int, **extra: str) -> dict[str, str]:
    return {
        "FRONTDESK_SMTP_HOST": "127.0.0.1",
        "FRONTDESK_SMTP_PORT": str(port),
        "FRONTDESK_SMTP_SECURITY": "none",
        "FRONTDESK_SMTP_FROM": SENDER,
        **extra,
    }


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An OS keyring stand-in (keyring's backend interface)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)
