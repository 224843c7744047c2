"""Placeholder until issue 17's part lands (replaced by its own module)."""

from __future__ import annotations

import argparse

from app.cli.common import CommandError
from app.config import AppConfig


def merge_command(args: argparse.Namespace, config: AppConfig) -> int:
    raise CommandError("not built yet")


def erase_command(args: argparse.Namespace, config: AppConfig) -> int:
    raise CommandError("not built yet")
