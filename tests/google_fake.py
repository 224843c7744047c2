"""A local HTTP server speaking the Google Calendar v3 wire format (events insert/update/
delete, freeBusy, the OAuth token endpoint), with replies a test can script: 409, 410, 401,
429, 403 rate limits, 5xx, slow answers. Request bodies are checked against Google's own
Calendar v3 discovery document (shipped in google-api-python-client)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import googleapiclient

DISCOVERY = json.loads(
    (
        Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "calendar.v3.json"
    ).read_text(encoding="utf-8")
)
JSON_TYPES = {"string": str, "boolean": bool, "integer": int, "object": dict, "array": list}


def schema_problems(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    """What in `value` the discovery schema does not allow (unknown fields, wrong types)."""
    if "$ref" in schema:
        schema = DISCOVERY["schemas"][schema["$ref"]]
    expected = JSON_TYPES.get(schema.get("type", "object"))
    if expected is not None and not isinstance(value, expected):
        return [f"{where}: {type(value).__name__} where {schema.get('type')} is expected"]
    problems = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                problems += schema_problems(item, properties[key], f"{where}.{key}")
            elif extra is not None:
                problems += schema_problems(item, extra, f"{where}.{key}")
            else:
                problems.append(f"{where}.{key}: not a field of {schema.get('id', 'this object')}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += schema_problems(item, schema["items"], f"{where}[{index}]")
    return problems


class FakeGoogle:
    def __init__(self) -> None:
        self.events: dict[tuple[str, str], dict[str, Any]] = {}
        self.deleted: set[tuple[str, str]] = set()  # ids stay reserved after deletion
        self.refresh_token = "refresh-ok"
        self.access_tokens: list[str] = []
        self.scripted: list[tuple[str, int, dict[str, Any]]] = []  # (method, status, body)
        self.busy: dict[str, list[tuple[str, str]]] = {}
        self.unreadable: set[str] = set()
        self.delay_seconds = 0.0
        self.requests: list[tuple[str, str, Any]] = []
        self.problems: list[str] = []
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (challenge, redirect_uri)
        self.consent_answer = "allow"  # or "deny"
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                fake.answer(self, "POST")

            def do_PUT(self) -> None:
                fake.answer(self, "PUT")

            def do_DELETE(self) -> None:
                fake.answer(self, "DELETE")

            def do_GET(self) -> None:
                fake.consent(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # `stop` waits for the serving loop's next look at its shutdown flag: every 20 ms,
        # not the default half second (which every test using the fake paid at its end)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeGoogle:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, method: str, status: int, reason: str | None = None) -> None:
        """The next `method` request gets this reply instead of the real one."""
        body = {
            "error": {
                "code": status,
                "message": "scripted",
                "errors": [{"domain": "global", "reason": reason or "scripted"}],
            }
        }
        self.scripted.append((method, status, body))

    def events_in(self, calendar_id: str) -> dict[str, dict[str, Any]]:
        return {eid: body for (cal, eid), body in self.events.items() if cal == calendar_id}

    # -- the wire ----------------------------------------------------------------------
    def answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self._lock:
            if url.path == "/token":
                status, body = self._token(parse_qs(raw.decode()))
            else:
                payload = json.loads(raw) if raw else None
                self.requests.append((method, url.path, payload))
                status, body = self._api(handler, method, url.path, parse_qs(url.query), payload)
        data = json.dumps(body).encode() if body is not None else b""
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def consent(self, handler: BaseHTTPRequestHandler) -> None:
        """Google's consent page, as a browser sees it: a redirect back to the app."""
        query = parse_qs(urlsplit(handler.path).query)
        redirect = query["redirect_uri"][0]
        if query.get("code_challenge_method") != ["S256"] or "code_challenge" not in query:
            self.problems.append("consent asked without a PKCE S256 challenge")
        if self.consent_answer == "deny":
            target = f"{redirect}?error=access_denied&state={query['state'][0]}"
        else:
            code = f"code-{len(self.codes) + 1}"
            self.codes[code] = (query["code_challenge"][0], redirect)
            target = f"{redirect}?code={code}&state={query['state'][0]}"
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if form.get("grant_type") == ["authorization_code"]:
            import base64
            import hashlib

            code = form.get("code", [""])[0]
            if code not in self.codes:
                return 400, {"error": "invalid_grant"}
            challenge, redirect = self.codes.pop(code)
            verifier = form.get("code_verifier", [""])[0]
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).decode().rstrip("=") != challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE mismatch"}
            if form.get("redirect_uri") != [redirect]:
                return 400, {"error": "redirect_uri_mismatch"}
            self.refresh_token = f"refresh-granted-{len(self.access_tokens)}"
            return 200, {
                "access_token": "access-granted",
                "refresh_token": self.refresh_token,
                "expires_in": 3599,
                "token_type": "Bearer",
            }
        if form.get("grant_type") != ["refresh_token"] or not form.get("client_id"):
            return 400, {"error": "invalid_request"}
        if form.get("refresh_token") != [self.refresh_token]:
            return 400, {"error": "invalid_grant", "error_description": "Token has been revoked."}
        token = f"access-{len(self.access_tokens) + 1}"
        self.access_tokens.append(token)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def _api(
        self,
        handler: BaseHTTPRequestHandler,
        method: str,
        path: str,
        query: dict[str, list[str]],
        payload: Any,
    ) -> tuple[int, dict[str, Any] | None]:
        for index, (scripted_method, status, body) in enumerate(self.scripted):
            if scripted_method == method:
                del self.scripted[index]
                return status, body
        if (
            handler.headers.get("Authorization")
            != f"Bearer {self.access_tokens[-1:] and self.access_tokens[-1]}"
        ):
            return 401, {
                "error": {
                    "code": 401,
                    "message": "Invalid Credentials",
                    "errors": [{"reason": "authError"}],
                }
            }
        parts = [unquote(p) for p in path.split("/") if p]
        if parts == ["freeBusy"] and method == "POST":
            self.problems += schema_problems(payload, {"$ref": "FreeBusyRequest"}, "freeBusy")
            calendars = {}
            for item in payload["items"]:
                if item["id"] in self.unreadable:
                    calendars[item["id"]] = {
                        "errors": [{"domain": "global", "reason": "notFound"}],
                        "busy": [],
                    }
                else:
                    calendars[item["id"]] = {
                        "busy": [{"start": s, "end": e} for s, e in self.busy.get(item["id"], [])]
                    }
            return 200, {
                "kind": "calendar#freeBusy",
                "timeMin": payload["timeMin"],
                "timeMax": payload["timeMax"],
                "calendars": calendars,
            }
        if len(parts) < 3 or parts[0] != "calendars" or parts[2] != "events":
            return 404, {"error": {"code": 404, "message": "Not Found"}}
        if query.get("sendUpdates") != ["none"]:
            self.problems.append(f"{method} {path} without sendUpdates=none")
        calendar_id = parts[1]
        if method == "POST" and len(parts) == 3:
            self.problems += schema_problems(payload, {"$ref": "Event"}, "event")
            key = (calendar_id, payload["id"])
            if key in self.events or key in self.deleted:
                return 409, {
                    "error": {
                        "code": 409,
                        "message": "The requested identifier already exists.",
                        "errors": [{"reason": "duplicate"}],
                    }
                }
            self.events[key] = payload
            return 200, {**payload, "kind": "calendar#event"}
        key = (calendar_id, parts[3])
        if method == "PUT":
            self.problems += schema_problems(payload, {"$ref": "Event"}, "event")
            if key in self.deleted:
                return 410, {"error": {"code": 410, "message": "Resource has been deleted"}}
            if key not in self.events:
                return 404, {"error": {"code": 404, "message": "Not Found"}}
            self.events[key] = {**payload, "id": key[1]}
            return 200, {**payload, "id": key[1], "kind": "calendar#event"}
        if method == "DELETE":
            if key in self.deleted:
                return 410, {"error": {"code": 410, "message": "Resource has been deleted"}}
            if key not in self.events:
                return 404, {"error": {"code": 404, "message": "Not Found"}}
            del self.events[key]
            self.deleted.add(key)
            return 204, None
        return 405, {"error": {"code": 405, "message": "Method Not Allowed"}}
