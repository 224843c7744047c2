"""Secrets (SMTP password, Google tokens) in the OS keyring, service `frontdesk`: never in
the database, the config file or a log."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

KEYRING_SERVICE = "frontdesk"
_unavailable_said = False


class SecretStoreError(Exception):
    """The OS keyring could not keep a secret; the message says why in words."""


def read_secret(name: str) -> str | None:
    """The secret, or None when it is not there or this machine has no usable keyring
    (said once in the log, not at every delivery pass)."""
    global _unavailable_said
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, name)
    except Exception as error:
        if not _unavailable_said:
            log.warning("the OS keyring is unavailable (%s)", type(error).__name__)
            _unavailable_said = True
        return None


def keep_secret(name: str, value: str) -> None:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, value)
    except Exception as error:
        raise SecretStoreError(
            f"the OS keyring could not keep it ({type(error).__name__})"
        ) from None
