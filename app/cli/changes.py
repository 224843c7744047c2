"""`frontdesk changes follow`: one line per change committed by any process on the database,
the signal the desks refresh from (docs/interfaces.md, "Live changes"), until stopped."""

from __future__ import annotations

import argparse
import json
import queue
import signal
import sys
from datetime import UTC
from types import FrameType
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, open_clinic_database
from app.config import AppConfig

if TYPE_CHECKING:
    from app.live_changes import Change

READY = "ready"
# A human line names at most this many days; more are shown as a range.
DAYS_LISTED = 5


class _TerminatedError(Exception):
    """SIGTERM: stop as quietly as Ctrl+C does."""


def changes_command(args: argparse.Namespace, config: AppConfig) -> int:
    from app.live_changes import ChangeFollower

    database = open_clinic_database(config)
    heard: queue.Queue[Change | str] = queue.Queue()
    follower = ChangeFollower(database, heard.put, on_ready=lambda: heard.put(READY))
    previous = signal.signal(signal.SIGTERM, _terminate)
    follower.start()
    try:
        while True:
            try:
                item = heard.get(timeout=1.0)  # a timeout: Ctrl+C is seen on Windows too
            except queue.Empty:
                continue
            print(_line(item, as_json=args.json))
            sys.stdout.flush()  # a reader (a script, a test) sees each change at once
    except (KeyboardInterrupt, _TerminatedError):
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)
        follower.stop()
        database.dispose()


def _terminate(_signal: int, _frame: FrameType | None) -> None:
    raise _TerminatedError


def _line(item: Change | str, *, as_json: bool) -> str:
    if isinstance(item, str):
        return json.dumps({"ready": True}) if as_json else "listening for changes (Ctrl+C stops)"
    kinds = sorted(item.kinds)
    days = [day.isoformat() for day in sorted(item.days)]
    if as_json:
        at = item.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        payload: dict[str, object] = {"at": at, "kinds": kinds, "days": days}
        if item.missed:
            payload["missed"] = True
        return json.dumps(payload)
    at = item.at.astimezone().strftime("%H:%M:%S.%f")[:12]  # this computer's clock
    if item.missed:
        return f"{at} changes may have been missed: refresh everything"
    if len(days) > DAYS_LISTED:
        days = [f"{days[0]} … {days[-1]} ({len(days)} days)"]
    return f"{at} {', '.join(kinds)}" + (f" — {', '.join(days)}" if days else "")
