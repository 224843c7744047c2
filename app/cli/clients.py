"""`frontdesk clients …`: which module does each action (docs/interfaces.md, Clients)."""

from __future__ import annotations

import argparse

from app.cli.client_profile import archive_command, show_command
from app.cli.client_records import erase_command, merge_command
from app.config import AppConfig


def clients_command(args: argparse.Namespace, config: AppConfig) -> int:
    actions = {
        "show": show_command,
        "archive": archive_command,
        "merge": merge_command,
        "erase": erase_command,
    }
    return actions[args.clients_command](args, config)
