"""Outbox delivery as this desk runs it: the job runner calls it every few seconds while the
desk leads (`ui.launch`), and a test may call it through the window. It remembers why the
last pass could not run, so the Sync button can say so instead of the log alone."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from app.outbox import OutboxDelivery
from db.engine import Database
from ui.feedback import describe_error
from ui.operations import OUTBOX, changes

log = logging.getLogger(__name__)


class DeliveryPasses:
    """One pass over the outbox per call, never two at once, each announced as an outbox
    change (the Sync button reads the new state)."""

    def __init__(self, delivery: OutboxDelivery) -> None:
        self.delivery = delivery
        self.problem: str | None = None  # why the last pass could not run, until one does
        self._running = threading.Lock()
        self._hub = changes()  # made on the UI thread; passes announce from the runner's

    def __call__(self, database: Database, now: datetime) -> None:
        if not self._running.acquire(blocking=False):
            return  # a pass is under way; the next call comes soon enough
        try:
            self.delivery(database, now)
        except Exception as error:  # e.g. SMTP settings that cannot work: shown, not raised
            problem = describe_error(error)
            if problem != self.problem:
                log.warning("outbox delivery cannot run: %s", problem, exc_info=True)
            self.problem = problem
        else:
            self.problem = None
        finally:
            self._running.release()
            self._hub.announce({OUTBOX})
