"""`python -m app.cli`, as the tests and a checkout without the installed script run it."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
