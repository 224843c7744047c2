"""Running app work off the UI thread and handing the result back by a signal.

Every database or file call from a widget goes through `run_in_background`, so the window
never freezes while SQLite waits for a lock or PostgreSQL for the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the UI, which shows it
            log.debug("background work failed", exc_info=True)
            self._emit(self.relay.failed, error)
        else:
            self._emit(self.relay.finished, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window that asked was closed meanwhile: nobody to tell
            log.debug("background result dropped: its receiver is gone")


_pending: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    parent: QObject | None = None,
) -> _Relay:
    """Run `work()` on the global thread pool; `on_done`/`on_error` run on the UI thread."""
    relay = _Relay(parent)
    _pending.add(relay)

    def done(result: Any) -> None:
        _pending.discard(relay)
        on_done(result)

    def failed(error: Exception) -> None:
        _pending.discard(relay)
        on_error(error)

    relay.finished.connect(done)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, relay))
    return relay
