"""Entry point of the bundled `frontdesk` program (the command line; `gui` by default)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
