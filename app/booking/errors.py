"""How a booking use case says no."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session


class BookingInputError(ValueError):
    """The request itself is wrong (unknown key, bad time, missing reason): exit status 2."""


class BookingRefusedError(Exception):
    """A rule refuses the request; nothing was changed.

    `reason` is a slot status (`booked`, `blocked`, …) or `client_busy`, `room_busy`,
    `not_permitted`, `not_taking_new_clients`, `busy` (another desk held the database too
    long; docs/interfaces.md, Refusals); `alternatives` are the nearest available starts.
    """

    def __init__(
        self, reason: str, message: str, alternatives: list[datetime] | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.alternatives = alternatives or []
        # Set by a use case; called with a read session once the write transaction is over.
        self.find_alternatives: Callable[[Session], list[datetime]] | None = None
