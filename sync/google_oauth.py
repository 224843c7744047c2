"""Connecting Google: the OAuth desktop flow (RFC 8252) with PKCE (RFC 7636).

The system browser shows Google's consent page; Google sends the browser back to a one-shot
HTTP listener on 127.0.0.1 with a code, which is exchanged (with the PKCE verifier) for a
refresh token. The token goes to the OS keyring, never to the database or a log. Endpoints
come from settings, so tests run the whole flow against a local server.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from app.config import AppConfig
from app.outbox import ConnectionProblemError
from sync.google import TIMEOUT_SECONDS
from sync.secrets import SecretStoreError, keep_secret, read_secret

DEFAULT_AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"
DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token"
SCOPES = (
    "https://www.googleapis.com/auth/calendar.events",
    "https://www.googleapis.com/auth/calendar.freebusy",
)
WAIT_SECONDS = 300


class OAuthError(ConnectionProblemError):
    """The connection did not complete; the message says why in words."""


class OAuthClient(NamedTuple):
    client_id: str
    client_secret: str | None
    auth_url: str
    token_url: str

    @classmethod
    def from_config(cls, config: AppConfig, client_secret: str | None) -> OAuthClient:
        client_id = str(config.get("google_client_id") or "").strip()
        if not client_id:
            raise OAuthError("set google_client_id (the clinic's OAuth client) first")
        return cls(
            client_id,
            client_secret,
            str(config.get("google_auth_url") or DEFAULT_AUTH_URL),
            str(config.get("google_token_url") or DEFAULT_TOKEN_URL),
        )


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


class _Redirect(NamedTuple):
    code: str | None
    state: str | None
    error: str | None


def connect_google(
    client: OAuthClient,
    open_browser: Callable[[str], object] = webbrowser.open,
    wait_seconds: float = WAIT_SECONDS,
) -> str:
    """Run the consent flow; returns the refresh token (and keeps it in the keyring)."""
    verifier = secrets.token_urlsafe(64)
    state = secrets.token_urlsafe(24)
    answers: list[_Redirect] = []
    arrived = threading.Event()

    class Listener(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            answers.append(
                _Redirect(*(query.get(k, [None])[0] for k in ("code", "state", "error")))
            )
            page = b"<p>Clinic Front Desk is connected to Google. You can close this tab.</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            arrived.set()

    listener = HTTPServer(("127.0.0.1", 0), Listener)
    redirect_uri = f"http://127.0.0.1:{listener.server_address[1]}/"
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        query = urlencode({
            "client_id": client.client_id, "redirect_uri": redirect_uri, "response_type": "code",
            "scope": " ".join(SCOPES), "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256", "state": state, "access_type": "offline",
            "prompt": "consent",
        })  # fmt: skip
        open_browser(f"{client.auth_url}?{query}")
        if not arrived.wait(wait_seconds):
            raise OAuthError("no answer from Google's consent page; try again")
    finally:
        listener.shutdown()
        listener.server_close()
    answer = answers[0]
    if answer.error:
        raise OAuthError(f"Google did not grant access ({answer.error})")
    if answer.state != state or not answer.code:
        raise OAuthError("the answer did not come from this request; try again")
    data = {
        "grant_type": "authorization_code", "code": answer.code, "redirect_uri": redirect_uri,
        "client_id": client.client_id, "code_verifier": verifier,
    }  # fmt: skip
    if client.client_secret:
        data["client_secret"] = client.client_secret
    try:
        reply = requests.post(client.token_url, data=data, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise OAuthError(
            f"Google's token service is unreachable ({type(error).__name__})"
        ) from None
    try:
        body = reply.json()
    except ValueError:
        body = {}
    refresh_token = body.get("refresh_token") if isinstance(body, dict) else None
    if reply.status_code != 200 or not refresh_token:
        reason = body.get("error") if isinstance(body, dict) else None
        raise OAuthError(f"Google refused the connection ({reason or reply.status_code})")
    store_refresh_token(str(refresh_token))
    return str(refresh_token)


def store_refresh_token(token: str) -> None:
    try:
        keep_secret("google:refresh_token", token)
    except SecretStoreError as error:
        raise OAuthError(f"connected, but {error}") from None


def connector_for(config: AppConfig) -> Callable[[], str]:
    """What the window calls for Clinic ▸ Connect Google (settings read when it runs)."""

    def connect() -> str:
        secret = read_secret("google:client_secret")
        return connect_google(OAuthClient.from_config(config, secret))

    return connect
