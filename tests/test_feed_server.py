"""The feed server over real HTTP on loopback: tokens, 404s, conditional requests, a burst."""

from __future__ import annotations

import http.client
import subprocess
import sys
import time
from collections.abc import Iterator
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
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
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
    status, _headers, _body = get(server, created.path, headers={"Content-Length": "5"})
    assert status == 400


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


def test_a_burst_of_200_requests_is_served_without_error(
    clinic: Database, server: FeedServer
) -> None:
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
    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(lambda i: get(server, paths[i % 3]), range(200)))
    assert [status for status, _h, _b in answers] == [200] * 200
    assert all(b"BEGIN:VCALENDAR" in body for _s, _h, body in answers)


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


def test_a_client_that_stalls_mid_request_is_dropped_while_others_are_served(
    clinic: Database, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from sync.feeds import server as feed_server

    monkeypatch.setattr(feed_server._FeedHandler, "timeout", 0.5)
    created = create_token(clinic, FeedScope("clinic"), actor="admin")
    stalled = socket.create_connection(server.address, timeout=10)
    try:
        stalled.sendall(b"GET /feeds/")  # and never the rest
        assert get(server, created.path)[0] == 200
        began = time.monotonic()
        assert stalled.recv(1024) == b""  # closed by the server
        assert time.monotonic() - began < 5
    finally:
        stalled.close()


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
    assert status == 400 and b"BEGIN:VCALENDAR" not in body
