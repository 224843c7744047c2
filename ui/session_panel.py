"""One session opened from the schedule: its details, the status changes allowed from where
it is, cancelling with a reason (a late one marked late and charged the policy's fee unless a
supervisor waives it; what it charges shown before it is confirmed, as for a no-show), a
supervisor's fee waiver and price change, the offer to refund what became credit, and its
history from the audit log.

While open it follows `changed`: a change of its day's sessions reads it again, and when the
session's `revision` moved on without a write of this panel (another desk, the jobs leader,
the command line), a line says so and what changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.booking import CancelResult, Override, cancel, change_status
from app.booking.overrides import authorise_override
from app.booking.series_views import series_views
from app.i18n import translate
from app.money.fees import (
    CancellationPreview,
    PriceChange,
    cancellation_preview,
    change_price,
    no_show_preview,
    refund_credit,
    waive_fee,
)
from app.session_details import SessionDetails, session_details
from db.engine import Database
from db.enums import SessionStatus
from ui import locale_format, words
from ui.fee_dialogs import ChargeDialog, PriceDialog, RefundOffer
from ui.feedback import describe_error, say
from ui.operations import (
    CLIENTS,
    CLINIC,
    OUTBOX,
    SESSIONS,
    SETUP,
    follow_changes_while_open,
    run_in_background,
    run_write,
)
from ui.override_dialog import SupervisorDialog

STATUS_ACTIONS = {
    "confirmed": str(QT_TRANSLATE_NOOP("SessionPanel", "Mark &confirmed")),
    "in_progress": str(QT_TRANSLATE_NOOP("SessionPanel", "&Start session")),
    "completed": str(QT_TRANSLATE_NOOP("SessionPanel", "Mark co&mpleted")),
    "no_show": str(QT_TRANSLATE_NOOP("SessionPanel", "Mark &no-show")),
}


# What the panel shows of a session: its own row, its client's and the setup's names.
SHOWN_KINDS = frozenset({SESSIONS, CLIENTS, SETUP, CLINIC})
# Of those, the ones a change's days do not place: heard with a session's day, they still
# may touch this panel's client or names.
UNDATED_KINDS = SHOWN_KINDS - {SESSIONS}
ELSEWHERE_STYLE = (
    "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; border-radius: 3px;"
    " padding: 6px; font-weight: 600;"
)


def change_seen(before: SessionDetails, after: SessionDetails) -> str:
    """What another desk changed, in a few words (empty: nothing shown has changed)."""
    # Each part is a whole phrase of its own, so a translation can order its words.
    parts = []
    if after.moved_to is not None and before.moved_to is None:
        reference, start = after.moved_to
        moved = translate("SessionPanel", "moved to %s as %s")
        parts.append(moved % (locale_format.moment(start), reference))
    elif after.status != before.status:
        parts.append(words.status_word(after.status))
    if after.starts_at != before.starts_at:
        parts.append(translate("SessionPanel", "now at %s") % locale_format.moment(after.starts_at))
    if after.therapist != before.therapist:
        parts.append(translate("SessionPanel", "now with %s") % after.therapist)
    if after.room != before.room:
        parts.append(
            translate("SessionPanel", "room now %s") % after.room
            if after.room
            else translate("SessionPanel", "no room now")
        )
    return ", ".join(parts)


class SessionPanel(QDialog):
    loaded = Signal()
    series_requested = Signal(str)  # the session's reference: open its client's series
    open_requested = Signal(str)  # another session's reference (where this one was moved)
    profile_requested = Signal(str)  # the session's client's key: open their profile

    def __init__(
        self,
        database: Database,
        reference: str,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.reference, self.user, self.clock = database, reference, user, clock
        self.details: SessionDetails | None = None
        self._loading = False  # a read is on its way
        self._load_again = False  # and something changed meanwhile: its answer may be stale
        self._own_write = False  # this panel's write succeeded: the next revision is its own
        self._own_announcement = False  # and `run_write` is about to announce it
        self.setWindowTitle(self.tr("Session %s") % reference)
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.heading)
        # Said when another desk changed this session while it was open.
        elsewhere_row = QHBoxLayout()
        self.elsewhere = QLabel(self)
        self.elsewhere.setObjectName("changedElsewhere")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet(ELSEWHERE_STYLE)
        self.elsewhere.hide()
        elsewhere_row.addWidget(self.elsewhere, 1)
        self.open_moved_button = QPushButton(self)
        self.open_moved_button.hide()
        self.open_moved_button.clicked.connect(self._open_moved)
        elsewhere_row.addWidget(self.open_moved_button)
        layout.addLayout(elsewhere_row)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.actions_row = QHBoxLayout()
        layout.addLayout(self.actions_row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("History"), self))
        self.history = QTreeWidget(self)
        self.history.setAccessibleName(self.tr("History"))
        self.history.setHeaderLabels(
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("What"),
                self.tr("Booking"),
                self.tr("Details"),
            ]
        )
        self.history.setRootIsDecorated(False)
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.history, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status_buttons: dict[str, QPushButton] = {}
        self.cancel_button: QPushButton | None = None
        self.waive_fee_button: QPushButton | None = None
        self.price_button: QPushButton | None = None
        # the open confirmation of a cancellation or no-show, and the offer to refund credit
        self.charge_dialog: ChargeDialog | None = None
        self.refund_offer: RefundOffer | None = None
        self.series_text = ""
        self.load()
        follow_changes_while_open(self, self._data_changed)

    def _data_changed(self, kinds: frozenset[str], days: frozenset[date]) -> None:
        details = self.details
        if not kinds & SHOWN_KINDS:
            return
        if self._own_announcement:  # this panel's write, already being read again
            self._own_announcement = False
            return
        dated_only = not kinds & UNDATED_KINDS
        if dated_only and days and details is not None and details.starts_at.date() not in days:
            return  # the session's own changes name its day (clinic dates)
        self.load()

    def load(self) -> None:
        """Read the session again: now, or once the read on its way is back."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True

        def work() -> tuple[SessionDetails, str]:
            details = session_details(self.database, self.reference, self.clock())
            text = ""
            if details.in_series:
                views = series_views(
                    self.database, self.clock(), session_reference=details.reference
                )
                if views:
                    upcoming = ", ".join(locale_format.short_day(s) for s in views[0].next_starts)
                    text = views[0].summary + (f"; next: {upcoming}" if upcoming else "")
            return details, text

        run_in_background(work, self._loaded_with_series, self._load_failed, self)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self._failed(error)

    def _loaded_with_series(self, loaded: tuple[SessionDetails, str]) -> None:
        self._loading = False
        if self._load_again:  # read before the latest change: show only a fresh answer
            self._load_again = False
            self.load()
            return
        self.series_text = loaded[1]
        self._loaded(loaded[0])

    def _loaded(self, details: SessionDetails) -> None:
        before, self.details = self.details, details
        if self._own_write:
            self._own_write = False  # read after this panel's own write: its revision
        elif before is not None and details.revision != before.revision:
            self._show_changed_elsewhere(before, details)
        self.heading.setText(
            f"{locale_format.long_day_time(details.starts_at)}–"
            f"{locale_format.time_of_day(details.ends_at)} · {details.client_name}"
        )
        while self.form.rowCount():
            self.form.removeRow(0)
        rows = [
            (self.tr("Reference"), details.reference),
            (self.tr("Status"), words.status_word(details.status)),
            (self.tr("Client"), details.client_name),
            (self.tr("Phone"), details.client_phone or "—"),
            (self.tr("Email"), details.client_email or "—"),
            (self.tr("Therapist"), details.therapist),
            (self.tr("Service"), details.service),
            (self.tr("Room"), details.room or "—"),
            (self.tr("Type"), words.session_type_word(details.session_type)),
            (self.tr("Notes"), details.notes or "—"),
            (self.tr("Special requests"), details.special_requests or "—"),
        ]
        money = locale_format.amount(details.price_cents, details.currency)
        rows.append((self.tr("Price"), f"{money} {details.currency}"))
        if details.fee_cents is not None:
            fee = f"{locale_format.amount(details.fee_cents, details.currency)} {details.currency}"
            rows.append(
                (self.tr("Fee"), fee + (self.tr(" (waived)") if details.fee_waived else ""))
            )
        if details.overridden:
            rows.append((self.tr("Override"), details.override_reason or self.tr("yes")))
        if details.in_series:
            rows.append((self.tr("Series"), self.series_text or self.tr("recurring")))
        for label, value in rows:
            shown = QLabel(value, self)
            shown.setWordWrap(True)
            self.form.addRow(label, shown)
        self._build_actions(details)
        self.history.clear()
        for line in details.history:
            item = QTreeWidgetItem(
                [f"{line.at:%Y-%m-%d %H:%M}", line.actor, line.action, line.reference, line.detail]
            )
            item.setToolTip(4, line.detail)  # the whole line where the column cuts it
            self.history.addTopLevelItem(item)
        self.loaded.emit()

    def _show_changed_elsewhere(self, before: SessionDetails, after: SessionDetails) -> None:
        at = locale_format.time_of_day(self.clock().astimezone(after.starts_at.tzinfo))
        what = change_seen(before, after)
        if what:
            text = self.tr("Changed at another desk at %s: %s. Showing the latest.") % (at, what)
        else:
            text = self.tr("This session was changed at another desk at %s; showing the latest.")
            text %= at
        self.elsewhere.setText(text)
        self.elsewhere.show()
        if after.moved_to is not None:
            self.open_moved_button.setText(self.tr("Open %s") % after.moved_to[0])
            self.open_moved_button.show()

    def _open_moved(self) -> None:
        if self.details is not None and self.details.moved_to is not None:
            self.open_requested.emit(self.details.moved_to[0])
            self.accept()

    def _build_actions(self, details: SessionDetails) -> None:
        while (item := self.actions_row.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()  # until it is deleted: not drawn over the heading
                widget.deleteLater()
        self.status_buttons = {}
        for status in details.next_statuses:
            button = QPushButton(self.tr(STATUS_ACTIONS.get(status, status)), self)
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            self.actions_row.addWidget(button)
            self.status_buttons[status] = button
        self.series_button = QPushButton(self.tr("Recurring…"), self)
        self.series_button.setToolTip(self.tr("This client's recurring sessions"))
        self.series_button.clicked.connect(lambda: self.series_requested.emit(details.reference))
        self.actions_row.addWidget(self.series_button)
        self.profile_button = QPushButton(self.tr("Client &profile…"), self)
        self.profile_button.setToolTip(
            self.tr("%s's details, history and statistics") % details.client_name
        )
        self.profile_button.clicked.connect(lambda: self.profile_requested.emit(details.client_key))
        self.actions_row.addWidget(self.profile_button)
        self.cancel_button = None
        if details.cancellable:
            self.cancel_button = QPushButton(self.tr("Cance&l session…"), self)
            self.cancel_button.clicked.connect(self.ask_cancel)
            self.actions_row.addWidget(self.cancel_button)
        self.waive_fee_button = None
        if details.fee_cents is not None and not details.fee_waived:
            self.waive_fee_button = QPushButton(self.tr("Waive &fee…"), self)
            self.waive_fee_button.clicked.connect(self.ask_waive_fee)
            self.actions_row.addWidget(self.waive_fee_button)
        self.price_button = None
        if details.status != SessionStatus.CANCELLED.value:
            self.price_button = QPushButton(self.tr("Change p&rice…"), self)
            self.price_button.clicked.connect(self.ask_change_price)
            self.actions_row.addWidget(self.price_button)
        self.actions_row.addStretch(1)

    def set_status(self, status: str) -> None:
        if status == SessionStatus.NO_SHOW.value:  # say what it charges first
            run_in_background(
                lambda: no_show_preview(self.database, self.reference),
                self._confirm_no_show,
                self._failed,
                self,
            )
            return
        self._change_status(status)

    def _change_status(self, status: str) -> None:
        self._run(
            lambda: change_status(
                self.database,
                self.reference,
                SessionStatus(status),
                actor=self.user.username,
                now=self.clock(),
            ),
            words.marked(status),
        )

    def _confirm_no_show(self, preview: CancellationPreview) -> None:
        details = self.details
        if details is None:
            return
        dialog = ChargeDialog(
            self.tr("No-show"),
            self.tr("Mark %s as a no-show?") % details.reference,
            preview,
            self,
            confirm_text=self.tr("Mark &no-show"),
            ask_reason=False,
        )
        dialog.accepted.connect(lambda: self._change_status(SessionStatus.NO_SHOW.value))
        self._open_charge(dialog)

    def ask_cancel(self) -> None:
        """Say what the cancellation charges, then ask why (and a supervisor's waiver)."""
        if self.details is None:
            return
        reference, now = self.reference, self.clock()
        run_in_background(
            lambda: cancellation_preview(self.database, reference, now),
            self._confirm_cancel,
            self._failed,
            self,
        )

    def _confirm_cancel(self, preview: CancellationPreview) -> None:
        details = self.details
        if details is None:
            return
        dialog = ChargeDialog(
            self.tr("Cancel session"),
            self.tr("Why is %s cancelled?") % details.reference,
            preview,
            self,
            confirm_text=self.tr("Cancel &session"),
            ask_reason=True,
            supervisor_name=self.user.username if self.user.may_override else "",
        )
        dialog.accepted.connect(lambda: self.cancel_with(dialog.reason_text(), dialog.override))
        self._open_charge(dialog)

    def _open_charge(self, dialog: ChargeDialog) -> None:
        self.charge_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def cancel_with(self, reason: str, supervisor: Override | None = None) -> None:
        def done_text(result: object) -> str:
            assert isinstance(result, CancelResult)
            text = self.tr("Cancelled (marked late).") if result.late else self.tr("Cancelled.")
            if result.fee_cents is not None:
                text += " " + self.tr("Fee %s.") % self._money(result.fee_cents)
            if result.released_cents:
                text += " " + self.tr("%s became credit.") % self._money(result.released_cents)
                self._offer_refund(result.released_cents)
            return text

        self._run(
            lambda: cancel(
                self.database,
                self.reference,
                reason,
                actor=self.user.username,
                now=self.clock(),
                supervisor=supervisor,
            ),
            done_text,
        )

    # -- money: a supervisor's waiver, price and refund ------------------------------------

    def _money(self, cents: int) -> str:
        currency = self.details.currency if self.details is not None else "USD"
        return f"{locale_format.amount(cents, currency)} {currency}"

    def _supervisor(self, title: str, explanation: str) -> Override | None:
        """A supervisor's credentials and reason, asked now (checked by the write)."""
        dialog = SupervisorDialog(
            title,
            explanation,
            self,
            username=self.user.username if self.user.may_override else "",
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.override

    def _as_supervisor(self, override: Override) -> str:
        """In the background: the supervisor's username once the credentials hold."""
        return authorise_override(self.database, override, self.clock())

    def ask_waive_fee(self) -> None:
        details = self.details
        if details is None or details.fee_cents is None:
            return
        override = self._supervisor(
            self.tr("Waive fee"),
            self.tr(
                "Waive the fee of %s on %s? It is no longer owed; what was paid towards it"
                " becomes credit."
            )
            % (self._money(details.fee_cents), details.reference),
        )
        if override is not None:
            self.waive_fee_with(override)

    def waive_fee_with(self, override: Override) -> None:
        def done_text(released: object) -> str:
            assert isinstance(released, int)
            if released:
                self._offer_refund(released)
                return self.tr("Fee waived; %s became credit.") % self._money(released)
            return self.tr("Fee waived.")

        reference, now = self.reference, self.clock()
        self._run(
            lambda: waive_fee(
                self.database,
                reference,
                reason=override.reason,
                actor=self._as_supervisor(override),
                now=now,
            ),
            done_text,
        )

    def ask_change_price(self) -> None:
        details = self.details
        if details is None:
            return
        dialog = PriceDialog(
            details.reference,
            details.price_cents,
            details.currency,
            self,
            username=self.user.username if self.user.may_override else "",
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.override is not None:
            assert dialog.price_cents is not None
            self.change_price_with(dialog.price_cents, dialog.override)

    def change_price_with(self, price_cents: int, override: Override) -> None:
        def done_text(result: object) -> str:
            assert isinstance(result, PriceChange)
            text = self.tr("Price changed from %s to %s.") % (
                self._money(result.before_cents),
                self._money(result.after_cents),
            )
            if result.released_cents:
                self._offer_refund(result.released_cents)
                text += " " + self.tr("%s became credit.") % self._money(result.released_cents)
            return text

        reference, now = self.reference, self.clock()
        self._run(
            lambda: change_price(
                self.database,
                reference,
                price_cents,
                reason=override.reason,
                actor=self._as_supervisor(override),
                now=now,
            ),
            done_text,
        )

    def _offer_refund(self, cents: int) -> None:
        """Refund what became credit now (a supervisor signs in), or keep it as credit."""
        offer = RefundOffer(self._money(cents), self)
        self.refund_offer = offer

        def closed() -> None:
            refund = offer.chose_refund()
            offer.deleteLater()
            if refund:  # after this handler: a modal loop opened inside it let Qt delete
                QTimer.singleShot(0, lambda: self.ask_refund(cents))  # the offer under it

        offer.finished.connect(closed)
        offer.open()

    def ask_refund(self, cents: int) -> None:
        override = self._supervisor(
            self.tr("Refund"),
            self.tr("Refund %s of the client's credit, on the payments' own methods?")
            % self._money(cents),
        )
        if override is not None:
            self.refund_with(cents, override)

    def refund_with(self, cents: int, override: Override) -> None:
        def done_text(results: object) -> str:
            assert isinstance(results, list)
            receipts = ", ".join(result.receipt for result in results)
            return self.tr("Refunded %s (%s).") % (self._money(cents), receipts)

        reference, now = self.reference, self.clock()
        self._run(
            lambda: refund_credit(
                self.database,
                reference,
                cents,
                reason=override.reason,
                actor=self._as_supervisor(override),
                now=now,
            ),
            done_text,
        )

    def _run(self, work: Callable[[], object], done: str | Callable[[object], str]) -> None:
        def finished(result: object) -> None:
            self._say(done(result) if callable(done) else done)
            self._own_write = True
            self._own_announcement = True  # comes right after this: the read below covers it
            if self._loading:
                self._load_again = True  # that read may predate the write
            self.load()

        details = self.details
        run_write(
            work,
            finished,
            self._failed,
            kinds={SESSIONS, OUTBOX},
            days={details.starts_at.date()} if details else (),  # in the clinic's zone
            parent=self,
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)

    def _failed(self, error: Exception) -> None:
        self._say(describe_error(error), error=True)
