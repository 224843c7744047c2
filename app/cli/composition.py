"""The composition root: the one module of `app` that builds `ui` and `sync` objects.

Every other module of app is forbidden ui, sync and Qt (pyproject's import contracts).
Each import stays inside its function, so a command loads only what it uses and Qt is
loaded by `gui` and `receipt --pdf` alone: the other commands start fast on a headless server.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import AppConfig
    from app.feeds import FeedScope
    from app.money.receipts import ReceiptView
    from app.reports.daysheet import DaySheet
    from db.engine import Database
    from sync.feeds import Feed, FeedServer
    from sync.worker import OutboxWorker


def open_window(config: AppConfig) -> int:
    """The front-desk window, with feed publishing, delivery and Google connect wired in."""
    from sync.feeds import Publisher
    from sync.google_oauth import connector_for
    from sync.worker import OutboxWorker
    from ui.launch import run_gui

    return run_gui(config, Publisher(), OutboxWorker(config), connector_for(config))


def outbox_worker(config: AppConfig) -> OutboxWorker:
    from sync.worker import OutboxWorker

    return OutboxWorker(config)


def smtp_settings_error() -> type[Exception]:
    """What delivery raises for SMTP settings that cannot work: bad input, not retried."""
    from sync.mail.smtp import SmtpSettingsError

    return SmtpSettingsError


def keep_smtp_password(config: AppConfig, password: str) -> str:
    """Store the password in the OS keyring; returns the keyring entry's user name."""
    from sync.mail.smtp import store_smtp_password

    return store_smtp_password(config, password)


def build_feed(database: Database, scope: FeedScope, now: datetime) -> Feed:
    from sync.feeds import build_feed as build

    return build(database, scope, now)


def feed_server(database: Database, host: str, port: int) -> FeedServer:
    """A feed server bound to host:port (an OSError if it cannot listen), not yet serving."""
    from sync.feeds import FeedServer

    return FeedServer(database, host, port)


def save_receipt_pdf(view: ReceiptView, path: Path) -> None:
    """`frontdesk receipt … --pdf`: the printed receipt's document, made without a window
    (Qt offscreen when there is no display). A path it cannot write raises OSError."""
    from ui.documents.receipt import save_receipt_pdf as save

    save(view, path)


def save_day_sheet_pdf(sheet: DaySheet, path: Path, *, per_therapist: bool) -> None:
    """`frontdesk daysheet … --pdf`: the printed day sheet, made without a window like the
    receipt. A path it cannot write raises OSError, leaving nothing behind."""
    from ui.documents.daysheet import write_day_sheet_pdf

    write_day_sheet_pdf(sheet, path, per_therapist=per_therapist)
