"""Writing files users asked for (exports) so that a failure never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

from db.private_files import open_private


def write_whole(target: Path, content: bytes) -> None:
    """Write next to the target, then rename over it; on failure nothing is left behind
    and the error (an OSError) is the caller's to put in words. The file is readable by its
    owner only (an export holds client data, docs/interfaces.md, Private files)."""
    partial = target.with_name(target.name + ".partial")
    try:
        descriptor = open_private(partial, os.O_WRONLY | os.O_TRUNC)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
