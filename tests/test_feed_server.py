"""The feed server over real HTTP on loopback: tokens, 404s and 405s, conditional requests, a
burst, slow and vanishing clients."""

from __future__ import annotations

import http.client
import logging
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import text

from app.booking import BookingRequest, book, cancel
from app.clinic_file import import_clinic
from app.feeds import FeedScope, create_token, list_tokens, revoke_token
from db.engine import Database
from sync.feeds import FeedServer
from sync.feeds.server import ServerLimits
from tests.booking_support import at, booking_clinic

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clinic(sqlite_database: Database) -> Database:
    import_clinic(sqlite_database, booking_clinic(), actor="test")
    return sqlite_database


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(clinic: Database, clock: Clock) -> Iterator[FeedServer]:
    running = FeedServer(clinic, "127.0.0.1", 0, clock=clock)
    running.start()
    yield running
    running.stop()


def get(
    server: FeedServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Status, headers (their names are case-insensitive, as in HTTP) and body."""
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def book_at(database: Database, start: str, client: str = "c1") -> str:
    request = BookingRequest(
        therapist="carter", client=client, service="individual", start=at(start)
    )
    return book(database, request, actor="test", now=NOW).reference


def test_a_token_serves_its_feed_and_stops_at_once_when_revoked(
    clinic: Database, server: FeedServer
) -> None:
    book_at(clinic, "2025-01-14T09:00")
    created = create_token(clinic, FeedScope("therapist", "carter"), actor="admin")
    assert created.path.startswith("/feeds/") and created.path.endswith(".ics")
    assert len(created.token) >= 22  # ≥128 bits of randomness, URL-safe

    status, headers, body = get(server, created.path)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Individual · A.O."

    head_status, head_headers, head_body = get(server, created.path, method="HEAD")
    assert (head_status, head_body) == (200, b"")
    assert head_headers["Content-Length"] == str(len(body))

    revoke_token(clinic, actor="admin", now=NOW, token_id=created.id)
    status, _headers, gone = get(server, created.path)
    assert status == 404
    _status, _headers, unknown = get(server, "/feeds/" + "x" * 32 + ".ics")
    assert gone == unknown == b"404 Not Found\n"  # revoked and unknown look the same


def test_only_the_hash_of_a_token_is_stored(clinic: Database) -> None:
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    with clinic.read() as session:
        stored = session.execute(text("SELECT * FROM feed_tokens")).all()
    assert created.token not in repr(stored)
    assert [info.scope for info in list_tokens(clinic)] == [FeedScope("clinic")]


@pytest.mark.parametrize(
    "path",
    ["/", "/feeds/", "/feeds/short.ics", "/feeds/../../etc/passwd", "/feeds/" + "a" * 300 + ".ics",
     "/list", "/feeds"],
)  # fmt: skip
def test_anything_but_a_live_feed_path_is_a_bare_404(server: FeedServer, path: str) -> None:
    status, headers, body = get(server, path)
    assert (status, body) == (404, b"404 Not Found\n")
    assert "ETag" not in headers


def test_a_request_with_a_body_is_refused(clinic: Database, server: FeedServer) -> None:
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    connection = http.client.HTTPConnection(*server.address, timeout=10)
    try:
        connection.request("GET", created.path, body=b"hello")
        response = connection.getresponse()
        assert response.status == 400 and b"BEGIN:VCALENDAR" not in response.read()
    finally:
        connection.close()


def test_conditional_requests_get_304_until_the_feed_changes(
    clinic: Database, server: FeedServer, clock: Clock
) -> None:
    reference = book_at(clinic, "2025-01-14T09:00")
    created = create_token(clinic, FeedScope("therapist", "carter"), actor="admin")
    _status, headers, body = get(server, created.path)
    etag, modified = headers["ETag"], headers["Last-Modified"]

    assert get(server, created.path, {"If-None-Match": etag})[0] == 304
    assert get(server, created.path, {"If-None-Match": f'"other", W/{etag}'})[0] == 304
    assert get(server, created.path, {"If-Modified-Since": modified})[0] == 304
    assert get(server, created.path, {"If-None-Match": '"stale"'})[0] == 200
    assert get(server, created.path, {"If-Modified-Since": "not a date"})[0] == 200
    earlier = format_datetime(NOW - timedelta(days=1), usegmt=True)
    assert get(server, created.path, {"If-Modified-Since": earlier})[0] == 200

    clock.now = NOW + timedelta(seconds=0.2)  # a change within the same second
    cancel(clinic, reference, reason="client ill", actor="t", now=NOW)
    status, changed_headers, changed_body = get(
        server, created.path, {"If-None-Match": etag, "If-Modified-Since": modified}
    )
    assert status == 200 and changed_body != body
    assert changed_headers["ETag"] != etag
    assert get(server, created.path, {"If-Modified-Since": modified})[0] == 200
    assert changed_headers["Last-Modified"] != modified
    assert get(server, created.path, {"If-Modified-Since": changed_headers["Last-Modified"]})[
        0
    ] == (304)


def test_cli_creates_lists_and_revokes_tokens_and_exports(clinic: Database, tmp_path: Path) -> None:
    def frontdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args, "--db", clinic.url],
            capture_output=True,
            text=True,
            timeout=60,
        )

    created = frontdesk("feeds", "token", "create", "--room", "r2")
    assert created.returncode == 0, created.stderr
    path = created.stdout.strip()
    assert path.startswith("/feeds/") and path.endswith(".ics")
    listed = frontdesk("feeds", "token", "list")
    assert "room r2\tlive" in listed.stdout and path not in listed.stdout
    assert frontdesk("feeds", "token", "revoke", f"http://127.0.0.1:8470{path}").returncode == 0
    assert "room r2\trevoked" in frontdesk("feeds", "token", "list").stdout

    unknown = frontdesk("feeds", "token", "revoke", "x" * 32)
    assert unknown.returncode == 2 and "no such feed token" in unknown.stderr
    assert frontdesk("feeds", "token", "create", "--therapist", "nobody").returncode == 2
    assert frontdesk("feeds", "token", "create").returncode == 2  # a scope is required

    book_at(clinic, "2025-01-14T09:00")
    out = tmp_path / "carter.ics"
    exported = frontdesk(
        "feeds", "export", "--therapist", "carter", str(out), "--now", "2025-01-10"
    )
    assert exported.returncode == 0, exported.stderr
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 1
    missing = frontdesk("feeds", "export", "--room", "nope", str(tmp_path / "no.ics"))
    assert missing.returncode == 2 and not (tmp_path / "no.ics").exists()
    assert "no room with key 'nope'" in missing.stderr


def test_frontdesk_feeds_serve_publishes_on_loopback(clinic: Database) -> None:
    created = create_token(clinic, FeedScope("therapist", "carter"), actor="admin")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "feeds", "serve", "--port", "0", "--db", clinic.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("serving calendar feeds at http://127.0.0.1:"), line
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", created.path)
        response = connection.getresponse()
        assert response.status == 200
        assert b"BEGIN:VCALENDAR" in response.read()
        connection.close()
    finally:
        process.terminate()
        process.wait(10)


def test_oversized_headers_are_refused(clinic: Database, server: FeedServer) -> None:
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    status, _headers, body = get(server, created.path, headers={"X-Padding": "x" * 9000})
    assert status == 431 and b"BEGIN:VCALENDAR" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405_without_a_body(
    clinic: Database, server: FeedServer, method: str
) -> None:
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    for path in (created.path, "/feeds/" + "x" * 32 + ".ics", "/"):
        status, headers, body = get(server, path, method=method)
        assert (status, body) == (405, b"")
        assert headers["Allow"] == "GET, HEAD" and headers["Content-Length"] == "0"
        assert "ETag" not in headers


def test_a_burst_of_2000_requests_on_50_connections_is_served_and_304s_poll(
    clinic: Database, server: FeedServer
) -> None:
    """50 subscribers at once, each polling 40 times over keep-alive; every other poll sends
    the ETag it holds, as calendar apps do, and gets a bodiless 304 (which ends that
    connection, waitress's way with a 304 that has no Content-Length; the client opens
    another)."""
    for hour in (9, 10, 11):
        book_at(clinic, f"2025-01-14T{hour:02}:00", client=f"c{hour - 8}")
    paths = [
        create_token(clinic, scope, actor="admin").path
        for scope in (
            FeedScope("therapist", "carter"),
            FeedScope("room", "r2"),
            FeedScope("clinic"),
        )
    ]

    def subscriber(number: int) -> list[int]:
        path = paths[number % 3]
        connection = http.client.HTTPConnection(*server.address, timeout=30)
        statuses, etag = [], None
        try:
            for poll in range(40):
                headers = {"If-None-Match": etag} if etag and poll % 2 else {}
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                assert response.status == 304 or b"BEGIN:VCALENDAR" in body
                etag = response.getheader("ETag")
                statuses.append(response.status)
        finally:
            connection.close()
        return statuses

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = [status for statuses in pool.map(subscriber, range(50)) for status in statuses]
    assert len(answers) == 2000
    assert answers.count(200) == answers.count(304) == 1000
    assert time.monotonic() - began < 60  # a few seconds on a quiet machine


def test_a_client_trickling_its_request_is_closed_at_the_deadline_while_others_are_served(
    clinic: Database, clock: Clock
) -> None:
    """One byte every 0.4 s never leaves the connection idle, so only the request deadline
    can close it."""
    limits = ServerLimits(idle_seconds=5, request_seconds=2)
    server = FeedServer(clinic, "127.0.0.1", 0, clock=clock, limits=limits)
    server.start()
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    slow = socket.create_connection(server.address, timeout=10)
    try:
        began = time.monotonic()
        closed_after = None
        for byte in b"GET " + created.path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + b"X" * 100:
            try:
                slow.sendall(bytes([byte]))
                readable, _, _ = select.select([slow], [], [], 0.4)
                if readable and slow.recv(1024) == b"":
                    closed_after = time.monotonic() - began
                    break
            except (BrokenPipeError, ConnectionResetError):
                closed_after = time.monotonic() - began
                break
            assert get(server, created.path)[0] == 200  # others are served meanwhile
        assert closed_after is not None, "the trickling client was never cut off"
        assert limits.request_seconds <= closed_after < limits.request_seconds + 2.5
    finally:
        slow.close()
        server.stop()


def test_an_idle_connection_is_closed(clinic: Database, clock: Clock) -> None:
    server = FeedServer(clinic, "127.0.0.1", 0, clock=clock, limits=ServerLimits(idle_seconds=1))
    server.start()
    quiet = socket.create_connection(server.address, timeout=10)
    try:
        began = time.monotonic()
        assert quiet.recv(1024) == b""
        assert time.monotonic() - began < 4
    finally:
        quiet.close()
        server.stop()


class GatedClock(Clock):
    """A clock that holds every build at its start until the gate opens, and counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.calls += 1
        self.gate.wait(30)
        return self.now


def _send_get(server: FeedServer, path: str) -> socket.socket:
    client = socket.create_connection(server.address, timeout=30)
    client.sendall(f"GET {path} HTTP/1.1\r\nHost: feeds\r\n\r\n".encode())
    return client


def _wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_clients_that_hung_up_cost_no_build_and_no_traceback_nor_token_in_logs(
    clinic: Database, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    clock = GatedClock()
    server = FeedServer(clinic, "127.0.0.1", 0, clock=clock)
    server.start()
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    try:
        # Every worker busy building (held at the clock) ...
        held = [_send_get(server, created.path) for _ in range(server.limits.builds)]
        _wait_for(lambda: clock.calls == server.limits.builds)
        # ... while 20 subscribers ask and hang up before their turn, and one of the held
        # ones hangs up in the middle of its build.
        for _ in range(20):
            _send_get(server, created.path).close()
        held.pop().close()
        _wait_for(lambda: server.open_connections == server.limits.builds - 1)
        clock.gate.set()
        for client in held:
            answer = client.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200 OK"), answer[:80]
            client.close()
        assert get(server, created.path)[0] == 200
    finally:
        clock.gate.set()
        server.stop()
    assert clock.calls == server.limits.builds + 1  # the held ones and the last request
    records = [record for record in caplog.records if record.name != "asyncio"]
    assert not [record for record in records if record.exc_info]
    logged = "\n".join(record.getMessage() for record in records)
    assert created.token not in logged
    assert "Traceback" not in capfd.readouterr().err
