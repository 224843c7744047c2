"""Writing files users asked for (exports) so that a failure never leaves half a file."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
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


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection);
# tab and carriage return too, which some strip before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet shows it but never runs it: a client named "=HYPERLINK(…)"
    typed at the desk must not become a link when the export is opened. Such a cell gets
    a leading apostrophe (OWASP's advice); so does an E.164 phone number's "+"."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A CSV file's bytes: UTF-8 with a byte order mark (spreadsheets then read accents
    right), CRLF line ends, every cell made `spreadsheet_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
