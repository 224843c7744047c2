"""Logs to a rotating file in the user log directory.

Log records carry ids and counts, never client names, phones or emails (docs/desk.md, Privacy): code
that logs passes ids, and this module adds nothing that could hold personal data.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

from db.private_files import open_private, private_folder

LOG_FILE_NAME = "frontdesk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5


EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_PATTERN = re.compile(r"\+\d[\d ()-]{6,}\d")


class RedactingFormatter(logging.Formatter):
    """Masks email addresses and phone numbers, including inside tracebacks: a database
    error can quote the row it refused, and that row may be a client's."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return PHONE_PATTERN.sub("[phone]", EMAIL_PATTERN.sub("[email]", text))


class _DeskLogHandler(logging.handlers.RotatingFileHandler):
    """Opens the log readable by its owner only, whatever the umask; rolled files are the
    same file renamed, so they stay so."""

    _frontdesk = True  # how a second configure_logging finds the handler it replaces

    def _open(self) -> io.TextIOWrapper:
        descriptor = open_private(self.baseFilename, os.O_WRONLY | os.O_APPEND)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def configure_logging(log_dir: Path, *, verbose: bool = False) -> Path | None:
    """File log at INFO (DEBUG when verbose); returns its path, or None if it cannot be
    written (the app still runs: a read-only profile must not stop the front desk)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in list(root.handlers):
        if getattr(old, "_frontdesk", False):
            root.removeHandler(old)
            old.close()
    path = log_dir / LOG_FILE_NAME
    try:
        private_folder(log_dir)
        handler = _DeskLogHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s")
    )
    root.addHandler(handler)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
