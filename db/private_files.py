"""Files and folders readable by their owner only, whatever the umask.

The clinic's data (the database, its backups, the log) sits in the user's folders on a PC
that others may log in to: files are 0600 and the folders we create 0700. SQLite gives its
`-wal`, `-shm` and `-journal` files the mode of the database file, so a private database
file keeps its siblings private too. On Windows the modes mean little; the calls are harmless.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(folder: Path) -> Path:
    """Create `folder` and any missing parent as 0700; folders that exist are left as they
    are (a folder the user chose may be shared on purpose)."""
    missing = []
    level = folder
    while not level.exists():
        missing.append(level)
        if level.parent == level:
            break
        level = level.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # another process made it at the same moment: theirs is ours too
        os.chmod(created, PRIVATE_FOLDER)  # the umask may have taken bits away
    return folder


def open_private(path: str | Path, flags: int) -> int:
    """`os.open` that creates the file 0600 and makes an existing one of ours 0600: a file
    from an older version, or copied in by hand, stops being readable by others."""
    descriptor = os.open(path, flags | os.O_CREAT, PRIVATE_FILE)
    try:
        if hasattr(os, "fchmod") and os.fstat(descriptor).st_mode & 0o077:
            os.fchmod(descriptor, PRIVATE_FILE)
    except PermissionError:
        pass  # another user's file: whether it is shared is theirs to decide
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def private_file(path: str | Path) -> None:
    """Make sure `path` exists as a private file (empty if new), before a library that
    knows nothing of modes (SQLite, the logging module) opens it."""
    os.close(open_private(path, os.O_RDWR))


def make_private(path: str | Path) -> None:
    """Take the group's and others' access away from an existing file, if they have any."""
    if os.stat(path).st_mode & 0o077:
        os.chmod(path, PRIVATE_FILE)
