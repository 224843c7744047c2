"""Where settings come from: `--db`, then `FRONTDESK_*` environment, then the config file.

Secrets never come from here: passwords and tokens live in the OS keyring (or, for a headless
service, in their own environment variables read by the code that needs them).
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "frontdesk"
ENV_PREFIX = "FRONTDESK_"
_SECRET_SUFFIXES = ("PASSWORD", "SECRET", "TOKEN")


class ConfigError(ValueError):
    """The configuration file or an override cannot be used."""


@dataclass(frozen=True)
class AppConfig:
    database_url: str
    data_dir: Path
    log_dir: Path
    config_file: Path
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def backup_dir(self) -> Path:
        """This database's own backups folder, `backups/<file name>-<digest of its path>`:
        each database's daily backup and retention count its own files only, and a second
        database with the same file name elsewhere does not share them."""
        from db.engine import display_url, sqlite_path

        path = sqlite_path(self.database_url)
        identity = os.path.realpath(path) if path else display_url(self.database_url)
        digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
        name = Path(path).stem if path else "server"
        return self.data_dir / "backups" / f"{name}-{digest}"

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir()) / APP_NAME / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def load_config(
    database_url: str | None = None, environ: Mapping[str, str] | None = None
) -> AppConfig:
    """Resolve settings in the precedence docs/interfaces.md gives (Configuration)."""
    environ = os.environ if environ is None else environ
    config_file = default_config_file()
    values: dict[str, Any] = {}
    if config_file.exists():
        try:
            values.update(tomllib.loads(config_file.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{config_file} is not valid TOML: {error}") from None
        except OSError as error:
            raise ConfigError(f"cannot read {config_file}: {error.strerror}") from None
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and not name.endswith(_SECRET_SUFFIXES):
            values[name[len(ENV_PREFIX) :].lower()] = value
    data_dir = Path(values.get("data_dir") or default_data_dir())
    url = database_url or values.get("database_url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise ConfigError("database_url must be a non-empty text")
    if not url:
        url = f"sqlite:///{data_dir / 'frontdesk.sqlite3'}"
    return AppConfig(
        database_url=url,
        data_dir=data_dir,
        log_dir=Path(values.get("log_dir") or default_log_dir()),
        config_file=config_file,
        values=values,
    )
