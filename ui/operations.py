"""Running app work off the UI thread and handing the result back by a signal.

Every database or file call from a widget goes through `run_in_background`, so the window
never freezes while SQLite waits for a lock or PostgreSQL for the network. Every write goes
through `run_write`, which afterwards announces what it changed on the one application-wide
signal `changes().changed(kinds, days)`. Views refresh by listening to that signal instead of
being called by whoever wrote, so a change made at this desk and one heard from elsewhere
take the same path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThread, QThreadPool, Signal
from PySide6.QtWidgets import QDialog

log = logging.getLogger(__name__)

Result = TypeVar("Result")  # what the background work returns, handed to `on_done`

# What a change touched (the `kinds` of `changed`); a view reloads only for the kinds it shows.
SESSIONS = "sessions"  # booked, moved, cancelled, a new status
HOLDS = "holds"  # starts held by a booking in progress
SETUP = "setup"  # hours, blocks, therapists, rooms, services, settings, external busy times
CLIENTS = "clients"
SERIES = "series"  # recurring series
INBOX = "inbox"  # the desk's notices
WAITLIST = "waitlist"  # clients waiting for a start, and the starts found for them
OUTBOX = "outbox"  # emails and calendar updates queued, delivered, retried or paused
FEEDS = "feeds"  # calendar feed subscriptions and what feeds show
PAYMENTS = "payments"  # money taken, given back, or moved: balances, paid/due, the cash-up
CLINIC = "clinic"  # the clinic as a whole (a clinic file imported): read everything again
# Every kind: what a view reads again when anything may have changed.
ALL_KINDS = frozenset(
    {SESSIONS, HOLDS, SETUP, CLIENTS, SERIES, INBOX, WAITLIST, OUTBOX, FEEDS, PAYMENTS, CLINIC}
)


class Changes(QObject):
    """The application's one "data changed" signal. `days` are the clinic's dates a change
    touched; empty means unknown or all of them."""

    changed = Signal(object, object)  # kinds: frozenset[str], days: frozenset[date]
    _announced_elsewhere = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        # Queued: listeners always run on this object's (the UI) thread, whoever announces.
        self._announced_elsewhere.connect(self.changed, Qt.ConnectionType.QueuedConnection)

    def announce(self, kinds: Iterable[str], days: Iterable[date] = ()) -> None:
        """Tell every view what changed; callable from any thread."""
        kinds, days = frozenset(kinds), frozenset(days)
        if QThread.currentThread() == self.thread():
            self.changed.emit(kinds, days)
        else:
            self._announced_elsewhere.emit(kinds, days)


_changes: Changes | None = None
_changes_made = threading.Lock()


def changes() -> Changes:
    """The one `Changes` of this application, living on the UI thread."""
    global _changes
    with _changes_made:
        if _changes is None:
            hub = Changes()
            app = QCoreApplication.instance()
            if app is not None and hub.thread() != app.thread():
                hub.moveToThread(app.thread())
            _changes = hub
        return _changes


def follow_changes_while_open(dialog: QDialog, on_change: Callable[..., object]) -> None:
    """`on_change(kinds, days)` for every change announced until `dialog` closes, either
    way: a closed dialog follows nothing."""
    hub = changes()
    hub.changed.connect(on_change)
    following = [True]

    def stop(_result: int) -> None:
        if following[0]:
            following[0] = False
            hub.changed.disconnect(on_change)

    dialog.finished.connect(stop)


class _Relay(QObject):
    """Carries one job's answer to the UI thread. It has no Qt parent: a window closed while
    its job runs would delete a child relay under the worker's emit (a crash, not an
    exception); the relay lives until its answer arrives, and the window's closing only
    tells it to drop that answer."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.orphaned = False

    def orphan(self) -> None:
        self.orphaned = True


class _Job(QRunnable):
    def __init__(
        self, work: Callable[[], Any], relay: _Relay, then: Callable[[], None] | None
    ) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.then = then

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the UI, which shows it
            log.debug("background work failed", exc_info=True)
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)
            if self.then is not None:
                # Here, not in the caller's callback: a dialog closed meanwhile must not keep
                # the views from hearing of a write that happened.
                self.then()


_pending: set[_Relay] = set()


def _start(
    work: Callable[[], Result],
    on_done: Callable[[Result], object],
    on_error: Callable[[Exception], object],
    parent: QObject | None,
    then: Callable[[], None] | None = None,
) -> _Relay:
    relay = _Relay()
    _pending.add(relay)
    if parent is not None:
        parent.destroyed.connect(relay.orphan)

    def done(result: Result) -> None:
        _pending.discard(relay)
        if not relay.orphaned:
            on_done(result)

    def failed(error: Exception) -> None:
        _pending.discard(relay)
        if not relay.orphaned:
            on_error(error)

    relay.finished.connect(done)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, relay, then))
    return relay


def run_in_background(
    work: Callable[[], Result],
    on_done: Callable[[Result], object],
    on_error: Callable[[Exception], object],
    parent: QObject | None = None,
) -> _Relay:
    """Run `work()` on the global thread pool; `on_done`/`on_error` run on the UI thread."""
    return _start(work, on_done, on_error, parent)


def run_write(
    work: Callable[[], Result],
    on_done: Callable[[Result], object],
    on_error: Callable[[Exception], object],
    *,
    kinds: Iterable[str],
    days: Iterable[date] = (),
    parent: QObject | None = None,
) -> _Relay:
    """Run the write `work()` like `run_in_background`; once it has succeeded, `on_done` runs
    and then `changes().changed(kinds, days)` tells every view. A refused or failed write
    changed nothing, so it announces nothing."""
    kinds, days = frozenset(kinds), frozenset(days)
    hub = changes()  # made here, on the UI thread
    return _start(work, on_done, on_error, parent, lambda: hub.announce(kinds, days))
