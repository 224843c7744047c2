"""A small HTTP server publishing each subscribed feed at `/feeds/<token>.ics`.

Built for calendar apps polling every few minutes, not for the open internet: it binds to
loopback unless told otherwise, answers only GET/HEAD of a live token's path (anything else
is a bare 404, so tokens cannot be probed for detail), bounds each request's size and time,
never logs a token, and builds every answer from the database at request time (a revoked
token stops working at once). ETag/If-None-Match and Last-Modified/If-Modified-Since give
304s to pollers when nothing changed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.feeds import FEED_PATH, content_changed_at, find_subscription
from db.engine import Database
from sync.feeds.builder import feed_in

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470
REQUEST_TIMEOUT_SECONDS = 10
MAX_HEADER_BYTES = 8192
MAX_PATH_LENGTH = 256
CONCURRENT_BUILDS = 4


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _FeedHandler(BaseHTTPRequestHandler):
    server: _FeedHTTPServer
    timeout = REQUEST_TIMEOUT_SECONDS  # a client that stalls mid-request is dropped
    protocol_version = "HTTP/1.1"
    server_version = "frontdesk-feeds"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, *, with_body: bool) -> None:
        if self._headers_too_large() or self.headers.get("Content-Length", "0") not in ("", "0"):
            self._bare(HTTPStatus.BAD_REQUEST)
            return
        path = self.path.split("?", 1)[0]
        match = FEED_PATH.match(path) if len(path) <= MAX_PATH_LENGTH else None
        if match is None:
            self._bare(HTTPStatus.NOT_FOUND)
            return
        try:
            with self.server.builds:
                answer = self.server.feed_for(match.group("token"))
        except Exception as error:  # the database may be away; say nothing more
            log.error("feed request failed: %s", type(error).__name__)
            self._bare(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        if answer is None:
            self._bare(HTTPStatus.NOT_FOUND)
            return
        body, etag, last_modified = answer
        quoted = f'"{etag}"'
        headers = {
            "ETag": quoted,
            "Last-Modified": format_datetime(last_modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if self._not_modified(quoted, last_modified):
            self._send(HTTPStatus.NOT_MODIFIED, headers, b"", with_body=False)
            return
        headers["Content-Type"] = "text/calendar; charset=utf-8"
        headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
        self._send(HTTPStatus.OK, headers, body, with_body=with_body)

    def _headers_too_large(self) -> bool:
        return sum(len(k) + len(v) for k, v in self.headers.items()) > MAX_HEADER_BYTES

    def _not_modified(self, etag: str, last_modified: datetime) -> bool:
        wanted = self.headers.get("If-None-Match")
        if wanted is not None:  # RFC 9110: If-None-Match decides; If-Modified-Since is ignored
            tags = [tag.strip().removeprefix("W/") for tag in wanted.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            moment = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if moment.tzinfo is None:
            return False
        return last_modified <= moment

    def _bare(self, status: HTTPStatus) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self._send(status, {"Content-Type": "text/plain; charset=utf-8"}, body, with_body=True)

    def _send(
        self, status: HTTPStatus, headers: dict[str, str], body: bytes, *, with_body: bool
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body and self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # The path holds the token, a secret: log the outcome only.
        log.debug("feed %s answered %s", self.command, code)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("feed server: %s", (format % args).split(" ", 1)[0])


class _FeedHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # calendar apps poll in bursts

    def __init__(
        self,
        address: tuple[str, int],
        feed_for: Callable[[str], tuple[bytes, str, datetime] | None],
    ) -> None:
        self.feed_for = feed_for
        self.builds = threading.BoundedSemaphore(CONCURRENT_BUILDS)
        super().__init__(address, _FeedHandler)


class FeedServer:
    """The feed server over one database; `start()` runs it on a background thread (inside
    the app), `serve_forever()` in the calling thread (`frontdesk feeds serve`)."""

    def __init__(
        self,
        database: Database,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.database = database
        self.clock = clock
        self._http = _FeedHTTPServer((host, port), self._feed_for)
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._http.server_address[:2]
        return str(host), int(port)

    def url(self, path: str) -> str:
        host, port = self.address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{path}"

    def _feed_for(self, token: str) -> tuple[bytes, str, datetime] | None:
        now = self.clock()
        with self.database.read() as session:
            subscription = find_subscription(session, token)
            if subscription is None:
                return None
            feed = feed_in(session, subscription.scope, now)
        changed = content_changed_at(self.database, subscription, feed.etag, now)
        return feed.body, feed.etag, changed

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._http.serve_forever, name="feed-server", daemon=True
        )
        self._thread.start()

    def serve_forever(self) -> None:
        self._http.serve_forever()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
