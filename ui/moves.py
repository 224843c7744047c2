"""Moving a session on the schedule. A drop the engine allowed is made; one that only rules a
supervisor may override are in the way of is offered to supervisors and admins (their
credentials and a reason); anything else is refused with the reason, and with the nearest
free starts when the booking transaction refused it. Moves can be undone, newest first,
each as a move of its own (re-checked like any other)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from app.auth.staff import StaffUser
from app.booking import BookingRefusedError, BookingResult, Override, reschedule
from app.booking.new_clients import NOT_TAKING_NEW_CLIENTS
from app.desk_calendar import DeskCalendar, SessionCard
from ui import locale_format
from ui.calendar_view import DropTarget
from ui.operations import OUTBOX, SESSIONS, run_write
from ui.override_dialog import SupervisorDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class UndoMove:
    """How to put a moved session back: its new reference and where it came from."""

    reference: str
    start: datetime
    therapist: str | None  # set when the move changed the therapist
    room: str | None  # set when the move named a room
    moved_to: datetime  # where the move put it (its day changes too when undone)


class SessionMoves(QObject):
    undo_available = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.undo_moves: list[UndoMove] = []

    def forget(self) -> None:
        """Another user signed in: they cannot undo what the last one moved."""
        self.undo_moves.clear()
        self.undo_available.emit(False)

    def request_move(self, card: SessionCard, target: DropTarget) -> None:
        """A session was dropped: move it if the engine said yes; offer an override only to
        supervisors and admins when nothing but overridable rules are in the way."""
        user, calendar = self.window.require_user(), self.window.calendar
        if user is None or calendar is None:
            return
        check = target.check
        if check.allowed:
            self.move(card, target, calendar=calendar)
            return
        if check.overridable and user.may_override:
            # The schedule may be read again while the dialog is open: the drop's week stays.
            override = self._ask_override(user, check.message, card.reference)
            if override is not None:
                self.move(card, target, override, calendar=calendar)
            return
        self._refused(check.message)

    def _ask_override(self, user: StaffUser, message: str, reference: str) -> Override | None:
        """A supervisor's credentials and reason for moving `reference` anyway, or None."""
        dialog = SupervisorDialog(
            self.tr("Override"),
            self.tr("%s.\n\nMove %s there anyway as an emergency?")
            % (message[:1].upper() + message[1:], reference),
            self.window,
            username=user.username,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.override
        return None

    def move(
        self,
        card: SessionCard,
        target: DropTarget,
        override: Override | None = None,
        *,
        calendar: DeskCalendar | None = None,
    ) -> None:
        """Move `card` to `target`; `calendar` is the week the drop was made on (default:
        the one shown now)."""
        calendar, user = calendar or self.window.calendar, self.window.user
        if calendar is None or user is None:
            return
        column = target.column
        therapist = None
        if column.therapist_id is not None and column.therapist_id != card.therapist_id:
            therapist = calendar.therapist_by_id[column.therapist_id].key
        room = None
        if column.room_id:
            room = calendar.room_by_id[column.room_id].key
        undo = UndoMove(
            reference="",
            start=card.starts_at,
            therapist=calendar.therapist_by_id[card.therapist_id].key if therapist else None,
            room=calendar.room_by_id[card.room_id].key if room and card.room_id else None,
            moved_to=target.start,
        )
        self.window.statusBar().showMessage(self.tr("Moving %s…") % card.reference)

        def moved(result: BookingResult) -> str:
            self.undo_moves.append(replace(undo, reference=result.reference))
            self.undo_available.emit(True)
            return self.tr("Moved to %s (%s, was %s). Ctrl+Z undoes.") % (
                locale_format.moment(target.start),
                result.reference,
                card.reference,
            )

        self._reschedule(
            user, card.reference, target.start, card.starts_at, moved, therapist, room, override
        )

    def undo_move(self) -> None:
        """Put the last moved session back where it was (a move of its own, re-checked)."""
        user = self.window.user
        if not self.undo_moves or user is None:
            return
        last = self.undo_moves.pop()
        self.undo_available.emit(bool(self.undo_moves))
        self._reschedule(
            user,
            last.reference,
            last.start,
            last.moved_to,
            lambda result: (
                self.tr("Move undone: back at %s (%s).")
                % (locale_format.moment(last.start), result.reference)
            ),
            last.therapist,
            last.room,
        )

    def _reschedule(
        self,
        user: StaffUser,
        reference: str,
        start: datetime,
        was: datetime,
        said: Callable[[BookingResult], str],
        therapist: str | None = None,
        room: str | None = None,
        override: Override | None = None,
    ) -> None:
        """A move off the UI thread; the schedule reloads (it hears of the change) and
        selects the moved session."""
        window = self.window

        def done(result: BookingResult) -> None:
            window.statusBar().showMessage(said(result), 15_000)
            window.schedule.select_after_load(result.session_id)

        def failed(error: Exception) -> None:
            # The drag cannot foresee who the client is new to: a limited therapist's refusal
            # arrives from the turn, and a supervisor may still override it there.
            if (
                override is None
                and user.may_override
                and isinstance(error, BookingRefusedError)
                and error.reason == NOT_TAKING_NEW_CLIENTS
            ):
                window.refresh()
                again = self._ask_override(user, error.message, reference)
                if again is not None:
                    self._reschedule(user, reference, start, was, said, therapist, room, again)
                return
            self._failed(error)

        run_write(
            lambda: reschedule(
                window.database,
                reference,
                start,
                actor=user.username,
                now=window.clock(),
                therapist=therapist,
                room=room,
                override=override,
            ),
            done,
            failed,
            kinds={SESSIONS, OUTBOX},
            days={was.date(), start.date()},  # both in the clinic's zone, as the views have them
            parent=self,
        )

    def _failed(self, error: Exception) -> None:
        self.window.refresh()  # whatever was in the way is shown as it is now
        if isinstance(error, BookingRefusedError):
            self._refused(error.message, error.alternatives)
        elif isinstance(error, PermissionError):
            self._refused(self.tr("those are not a supervisor's or admin's credentials"))
        else:
            self.window.show_error(error)

    def _refused(self, message: str, alternatives: list[datetime] | None = None) -> None:
        text = self.tr("Not moved: %s.") % message
        calendar = self.window.calendar
        if alternatives and calendar is not None:
            text += self.tr(" Nearest free: %s.") % ", ".join(
                locale_format.weekday_time(a.astimezone(calendar.zone)) for a in alternatives
            )
        self.window.statusBar().showMessage(text, 20_000)
        self.window.warn(text)
