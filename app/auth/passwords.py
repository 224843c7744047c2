"""Staff passwords, stored only as a slow salted scrypt hash (stdlib, memory-hard)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from app.i18n import translate

# ~50–100 ms and 16 MiB per hash on a desk PC: cheap for a login, costly for a guesser.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_LENGTH = 8


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(
            translate(
                "SignIn", "a password needs at least {min_password_length} characters"
            ).format(min_password_length=MIN_PASSWORD_LENGTH)
        )
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


# What a password is checked against when there is no hash to check (an unknown or inactive
# name, an account without a password): the same scrypt parameters, so the answer takes as
# long as a wrong password's and the time taken does not tell which names exist. It
# matches nothing worth knowing: its digest was never derived from a password.
UNUSABLE_HASH = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(bytes(16))}${_b64(bytes(32))}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when `password` matches; False for a wrong password or an unusable hash."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)
