"""`frontdesk`: the command line for admins and scripts (docs/interfaces.md), and the one
composition root that starts the window and the `sync` services.

Exit status: 0 ok, 2 bad input, 3 refused by a rule, 1 anything else. Every module here
imports its heavy dependencies inside the command that needs them, so `--help`, `slots` or
`book` never load Qt or `sync` and start fast on a headless server.
"""

from app.cli.common import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_OK, EXIT_REFUSED, CommandError
from app.cli.entry import main
from app.cli.parser import build_parser

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_REFUSED",
    "CommandError",
    "build_parser",
    "main",
]
