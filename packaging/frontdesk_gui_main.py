"""Entry point of the bundled `frontdesk-gui` launcher: the window, without a console."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
