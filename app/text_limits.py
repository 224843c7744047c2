"""One length limit per free-text field, read by every path that takes one: the clinic file
(`app.clinic_file.schema`), the command line (`--notes`, `--reason`), the use cases the desk
and the command line share (booking, cancelling, overriding, adding a client) and the desk's
own editors (their maximum lengths). Without one table a note typed at the command line
could be refused by the import of the exported file (docs/interfaces.md, Text limits).

The fields are named as in the clinic file (`section.field`), so the table reads as the
file's documentation does. Every text is also refused if it holds something that cannot be
written out again as UTF-8 (a lone surrogate, from a JSON `\\ud800` escape or a command-line
byte that is not UTF-8) or a NUL: nothing is stored that an export could not write.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from app.i18n import desk_formats, translate

TEXT_LIMITS: dict[str, int] = {
    "clinic.name": 200,
    "clinic.address": 500,
    "clinic.phone": 32,
    "clinic.email": 254,
    "rooms.name": 200,
    "services.name": 200,
    "therapists.name": 200,
    "therapists.email": 254,
    "therapists.google_calendar_id": 254,
    "exceptions.reason": 500,
    "blocks.reason": 500,
    "blocks.rrule": 500,
    "clients.name": 200,
    "clients.phone": 32,
    "clients.email": 254,
    "clients.emergency_contact": 300,
    "clients.language": 16,
    "clients.referral_source": 200,
    "clients.notes": 10000,
    "clients.preferences": 10000,  # the object written as JSON
    "users.display_name": 200,
    "users.password": 1024,
    "sessions.notes": 10000,
    "sessions.special_requests": 10000,
    "sessions.cancellation_reason": 500,  # also a late-cancellation waiver's reason
    "sessions.override_reason": 500,
    "sessions.fee_waived_by": 64,  # a username
    "sessions.fee_waiver_reason": 500,
    "payments.reference": 100,
    "payments.taken_by": 64,  # a username
    "payments.reason": 500,
}

# Deeper than any clinic file needs (a therapist's exception hours are 7 levels down), far
# below where reading or writing JSON would recurse out of the stack.
MAX_NESTING = 32


def limit_of(field: str) -> int:
    return TEXT_LIMITS[field]


def encodable(text: str) -> bool:
    """False for text UTF-8 cannot write: a lone surrogate from `\\ud800` in JSON or from a
    command-line byte that was not UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_problem(text: str, field: str) -> str | None:
    """Why `text` cannot be stored in `field`, or None: too long, not UTF-8, a NUL."""
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        return translate("Text", "is longer than {limit} characters ({length})").format(
            limit=desk_formats().number(limit), length=desk_formats().number(len(text))
        )
    if not encodable(text):
        return translate("Text", "is not valid text (a lone surrogate or a byte that is not UTF-8)")
    if "\x00" in text:
        return translate("Text", "contains a NUL character")
    return None


def check_text(text: str, field: str) -> str:
    """`text` if it may be stored in `field`; ValueError saying why not otherwise."""
    problem = text_problem(text, field)
    if problem is not None:
        raise ValueError(problem)
    return text


def unwritable_values(value: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """(path, problem) for every part of a JSON value that could not be written back out:
    a key or string that is not valid text or holds a NUL (PostgreSQL cannot store it), a
    number that is not finite, nesting deeper than MAX_NESTING. Paths continue `path` like
    `.preferences["k\\ud800"]` or `[2]`; a name that is not valid text is shown escaped.
    `depth`: how deep `value` already lies. Walked without recursion, so no depth breaks it."""
    stack: list[tuple[Any, str, int]] = [(value, path, depth)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_NESTING:
            yield (
                where,
                translate("Text", "is nested more than {max_nesting} levels deep").format(
                    max_nesting=MAX_NESTING
                ),
            )
            continue
        if isinstance(item, str):
            if not encodable(item):
                yield where, translate("Text", "is not valid text (a lone surrogate)")
            elif "\x00" in item:
                yield where, translate("Text", "contains a NUL character")
        elif isinstance(item, float):
            if not math.isfinite(item):
                yield where, translate("Text", "{item} is not a finite number").format(item=item)
        elif isinstance(item, dict):
            children = []
            for key, child in item.items():
                name = str(key)
                if not encodable(name):
                    name = escaped(name)
                    yield (
                        f'{where}["{name}"]',
                        translate("Text", "the name is not valid text (a lone surrogate)"),
                    )
                elif "\x00" in name:
                    name = name.replace("\x00", "\\u0000")
                    yield (
                        f'{where}["{name}"]',
                        translate("Text", "the name contains a NUL character"),
                    )
                step = f".{name}" if name.isidentifier() else f'["{name}"]'
                children.append((child, f"{where}{step}", depth + 1))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(
                (child, f"{where}[{index}]", depth + 1)
                for index, child in reversed(list(enumerate(item)))
            )


def escaped(text: str) -> str:
    """Text that may hold lone surrogates, printable: each one as `\\udXXX`."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
