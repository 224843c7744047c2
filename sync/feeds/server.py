"""The feed server: each subscribed feed at `/feeds/<token>.ics`, served by waitress.

Built for calendar apps polling every 15 minutes, on a clinic's network rather than the
open internet: it binds to loopback unless told otherwise and answers only GET and HEAD
(anything else is a bodiless 405) of a live token's path (anything else is a bare 404, so
tokens cannot be probed for detail). It builds every answer from the database at request
time, so a revoked token stops working at once; ETag/If-None-Match (and Last-Modified/
If-Modified-Since) give pollers a 304 when nothing changed.

waitress reads requests on one thread and hands complete ones to a few worker threads, so
a slow or idle client costs a socket, not a thread, and no more than `ServerLimits.builds`
feeds are built at once. What waitress itself does not bound is added here: a request must
arrive whole within `request_seconds` of its first byte (waitress's channel timeout only
closes connections that go quiet, and a client sending a byte every few seconds never
does), and a client that hung up while its request waited for a worker costs no build.
A token is a secret: nothing this server logs carries a path.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from app.clock import shared_clock
from app.feeds import FEED_PATH, content_changed_at, find_subscription
from db.engine import Database
from sync.feeds.builder import feed_in

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470
MAX_PATH_LENGTH = 256
ALLOWED_METHODS = ("GET", "HEAD")
LOOP_SECONDS = 1.0  # how often the reading thread looks at the deadlines, at the most


class ServerLimits(NamedTuple):
    """What one feed server allows; the defaults suit a clinic's calendar subscribers."""

    connections: int = 100  # open at once; more wait in the listen backlog
    builds: int = 4  # worker threads, so feeds built at once
    idle_seconds: int = 10  # a connection that sends nothing for this long is closed
    request_seconds: float = 10.0  # a request must arrive whole within this of its first byte
    header_bytes: int = 8192


_TOKEN_IN_TEXT = re.compile(r"/feeds/\S*")


class _WithoutTokens(logging.Filter):
    """waitress names the request's path in some of its messages ("Client disconnected while
    serving …"); the path holds the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN_IN_TEXT.sub("/feeds/…", record.getMessage())
        record.args = None
        return True


_connection_log = logging.getLogger(f"{__name__}.connections")
_connection_log.addFilter(_WithoutTokens())


class _Routine(logging.Filter):
    """waitress warns whenever a request waits for a worker; here that is how the bound on
    builds works (pollers arrive in bursts), so it is worth a debug line only."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


_queue_log = logging.getLogger(f"{__name__}.queue")
_queue_log.addFilter(_Routine())


class _FeedChannel(HTTPChannel):
    """One client connection, knowing since when its current request has been arriving."""

    logger = _connection_log
    request_began: float | None = None

    def received(self, data: bytes) -> bool:
        partial = self.request
        handled = super().received(data)
        if self.request is None:  # nothing half-read: every request so far is complete
            self.request_began = None
        elif self.request is not partial:  # a new request began in this data
            self.request_began = time.time()
        return handled


class _FeedWSGIServer(TcpWSGIServer):
    channel_class = _FeedChannel
    request_seconds = ServerLimits().request_seconds

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # type: ignore[arg-type]  # the stub says int: it is time.time()
        cutoff = now - self.request_seconds
        for channel in cast(dict[int, HTTPChannel], self.active_channels).values():
            began = getattr(channel, "request_began", None)
            if began is not None and began < cutoff:
                channel.will_close = True  # closed by the reading thread's next turn


class _Answer(NamedTuple):
    status: HTTPStatus
    headers: list[tuple[str, str]]
    body: bytes


def _bare(status: HTTPStatus) -> _Answer:
    body = f"{status.value} {status.phrase}\n".encode()
    return _Answer(status, [("Content-Type", "text/plain; charset=utf-8")], body)


class FeedServer:
    """The feed server over one database, bound when made (an OSError when it cannot
    listen); `start()` serves on a background thread (inside the app), `serve_forever()`
    in the calling thread (`frontdesk feeds serve`)."""

    def __init__(
        self,
        database: Database,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        clock: Callable[[], datetime] | None = None,
        limits: ServerLimits = ServerLimits(),  # noqa: B008 (a NamedTuple: immutable)
    ) -> None:
        self.database = database
        # The database's clock (docs/architecture.md, "One clock"), unless a test fixes one.
        self.clock = clock or shared_clock(database).now
        self.limits = limits
        # The first address the host names, resolved here so a bad name is an OSError too.
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        adjustments = Adjustments(
            host=host,
            port=port,
            threads=limits.builds,
            connection_limit=limits.connections,
            channel_timeout=limits.idle_seconds,
            cleanup_interval=1,
            max_request_header_size=limits.header_bytes,
            max_request_body_size=1024,
            # Read one request ahead, so that a client hanging up while its request waits
            # for a worker is noticed and the request dropped unserved.
            channel_request_lookahead=1,
            log_socket_errors=False,  # a subscriber that hung up is no error
            ident="frontdesk-feeds",
            asyncore_use_poll=True,
        )
        self._map: dict[int, Any] = {}  # waitress's socket map: its connections and more
        self._workers = ThreadedTaskDispatcher()
        self._workers.queue_logger = _queue_log
        self._workers.set_thread_count(limits.builds)
        try:
            self._http = _FeedWSGIServer(
                self._application,
                map=self._map,
                dispatcher=self._workers,
                adj=adjustments,
                sockinfo=(family, kind, proto, address),
            )
        except BaseException:
            wasyncore.close_all(self._map, ignore_all=True)
            self._workers.shutdown()
            raise
        self._http.request_seconds = limits.request_seconds
        bound_host, bound_port = self._http.getsockname()
        self._address = str(bound_host), int(bound_port)
        self._stopping = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        return self._address

    @property
    def open_connections(self) -> int:
        """Client connections open now (for diagnostics, and tests that wait on them)."""
        return len(cast(dict[int, HTTPChannel], self._http.active_channels))

    def url(self, path: str) -> str:
        host, port = self.address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{path}"

    # --- serving ----------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._serve, name="feed-server", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        self._serve()

    def _serve(self) -> None:
        while not self._stopping.is_set() and self._map:
            wasyncore.poll2(LOOP_SECONDS, self._map)

    def stop(self) -> None:
        """Stop serving and close every connection; a build under way may finish first."""
        if self._stopped:
            return
        self._stopped = True
        self._http.accepting = False
        # The workers first, while the reading thread still runs: an answer being written
        # may need it, and a worker that finishes wakes it through the trigger.
        self._workers.shutdown(timeout=5)
        self._stopping.set()
        self._http.pull_trigger()  # wakes the reading thread at once
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        wasyncore.close_all(self._map, ignore_all=True)

    # --- answering --------------------------------------------------------------------------
    def _application(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        answer = self._answer(method, environ)
        headers = [*answer.headers]
        if answer.status != HTTPStatus.NOT_MODIFIED:
            headers.append(("Content-Length", str(len(answer.body))))
        start_response(f"{answer.status.value} {answer.status.phrase}", headers)
        log.debug("feed %s answered %d", method, answer.status.value)  # never the path
        return [answer.body] if method == "GET" and answer.body else []

    def _answer(self, method: str, environ: WSGIEnvironment) -> _Answer:
        if method not in ALLOWED_METHODS:
            return _Answer(HTTPStatus.METHOD_NOT_ALLOWED, [("Allow", ", ".join(ALLOWED_METHODS))],
                           b"")  # fmt: skip
        if environ.get("CONTENT_LENGTH", "") not in ("", "0"):
            return _bare(HTTPStatus.BAD_REQUEST)
        path = environ.get("PATH_INFO", "")
        match = FEED_PATH.match(path) if len(path) <= MAX_PATH_LENGTH else None
        if match is None:
            return _bare(HTTPStatus.NOT_FOUND)
        hung_up = environ.get("waitress.client_disconnected")
        if hung_up is not None and hung_up():
            return _bare(HTTPStatus.SERVICE_UNAVAILABLE)  # nobody reads it: no build
        try:
            found = self._feed_for(match.group("token"))
        except Exception as error:  # the database may be away; say nothing more
            log.error("feed request failed: %s", type(error).__name__)
            return _bare(HTTPStatus.SERVICE_UNAVAILABLE)
        if found is None:
            return _bare(HTTPStatus.NOT_FOUND)
        body, etag, last_modified = found
        quoted = f'"{etag}"'
        headers = [
            ("ETag", quoted),
            ("Last-Modified", format_datetime(last_modified, usegmt=True)),
            ("Cache-Control", "no-cache"),
        ]
        if _not_modified(environ, quoted, last_modified):
            return _Answer(HTTPStatus.NOT_MODIFIED, headers, b"")
        headers += [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", 'inline; filename="calendar.ics"'),
        ]
        return _Answer(HTTPStatus.OK, headers, body)

    def _feed_for(self, token: str) -> tuple[bytes, str, datetime] | None:
        now = self.clock()
        with self.database.read() as session:
            subscription = find_subscription(session, token)
            if subscription is None:
                return None
            feed = feed_in(session, subscription.scope, now)
        changed = content_changed_at(self.database, subscription, feed.etag, now)
        return feed.body, feed.etag, changed


def _not_modified(environ: WSGIEnvironment, etag: str, last_modified: datetime) -> bool:
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if wanted is not None:  # RFC 9110: If-None-Match decides; If-Modified-Since is ignored
        tags = [tag.strip().removeprefix("W/") for tag in wanted.split(",")]
        return "*" in tags or etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        return False
    return last_modified <= moment
