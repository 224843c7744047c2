"""Writing files users asked for (exports) so that a failure never leaves half a file."""

from __future__ import annotations

from pathlib import Path


def write_whole(target: Path, content: bytes) -> None:
    """Write next to the target, then rename over it; on failure nothing is left behind
    and the error (an OSError) is the caller's to put in words."""
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(content)
        partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
