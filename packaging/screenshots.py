"""Regenerate the README's screenshots from the running app on the demo clinic.

Builds the demo clinic (seed 7, with its waiting clients) in a temporary SQLite file, opens
the real main window signed in as the demo supervisor with the clock at Tuesday 24 Nov 2026
10:20 New York time, and saves PNGs of the day-by-therapist view, the day-by-room view, the
week view, a drag in progress over an invalid target, the booking dialog, a session changed
at another desk, a client's profile, the inbox offering a freed start to waiting clients,
taking a payment, the Reports window (utilisation and revenue of the month), the sign-in,
a receipt (the printed document, as its PDF shows it), the first page of the day sheet, and
the day view and booking dialog with the desk in Spanish.

    make screenshots   (or: .venv/bin/python packaging/screenshots.py)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QPointF, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from app.auth.staff import StaffUser
from app.booking.lifecycle import cancel, change_status
from app.clients.editing import update_client
from app.clinic_file import import_clinic
from app.demo import build_demo_clinic
from app.demo.waitlist import add_demo_waitlist
from app.desk_calendar import DeskCalendar
from app.money.payments import PaymentRequest, take_payment
from app.money.receipts import load_receipt
from app.reports import ReportKind
from app.reports.daysheet import day_sheet
from app.waitlist import WaitlistRequest, add_entry
from db.engine import Database
from db.enums import Role, SessionStatus
from db.migrate import upgrade
from db.models import Client, Service, TherapySession
from ui.calendar_view import ViewMode
from ui.documents.daysheet import draw_day_sheet
from ui.documents.receipt import receipt_document
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.operations import INBOX, SESSIONS, WAITLIST, changes
from ui.reports_window import Period
from ui.translations import LanguageChoice, install_english, install_language

ROOT = Path(__file__).resolve().parent.parent
DEMO_NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
CLOCK = datetime(2026, 11, 24, 15, 20, tzinfo=UTC)  # Tue 10:20 in New York
DAY = date(2026, 11, 24)
OUT = ROOT / "packaging" / "screenshots"


def settle(app: QApplication, until: object = None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is None or until():  # type: ignore[operator]
            if until is None:
                time.sleep(0.05)
                app.processEvents()
            return
        time.sleep(0.01)
    raise TimeoutError("the window did not finish loading")


def save(widget: QWidget, name: str) -> None:
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        upgrade(database)
        import_clinic(database, build_demo_clinic(seed=7, now=DEMO_NOW), actor="demo", demo=True)
        add_demo_waitlist(database, seed=7, now=DEMO_NOW)  # as `frontdesk demo` does
        window = MainWindow(
            database, user=StaffUser("maria", "Maria Lopez", Role.SUPERVISOR), clock=lambda: CLOCK
        )
        window.resize(1440, 900)
        window.show()
        settle(app, lambda: window.calendar is not None)
        window.show_day(DAY)
        settle(app)
        view = window.calendar_view
        view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
        settle(app)
        save(window, "day-by-therapist.png")
        window.set_mode(ViewMode.ROOMS)
        settle(app)
        save(window, "day-by-room.png")
        window.set_mode(ViewMode.WEEK)
        window.therapist_box.setCurrentIndex(window.therapist_box.findText("Dr. Emily Carter"))
        settle(app)
        save(window, "week.png")

        # A drag in progress over a taken start: red, with the engine's reason below.
        window.set_mode(ViewMode.THERAPISTS)
        settle(app)
        calendar = window.calendar
        assert calendar is not None
        carter = next(t for t in calendar.therapists if t.name == "Dr. Emily Carter")
        mine = [
            c
            for c in calendar.sessions
            if c.therapist_id == carter.id and c.movable and c.starts_at.date() == DAY
        ]
        card, other = mine[0], mine[1]
        item, target = view.items_by_id[card.id], view.items_by_id[other.id]
        view._press = item.boundingRect().center()
        view._pressed_item = item
        view._grab_offset_minutes = 5
        view._dragging = True
        view.drag_to(
            card, QPointF(target.boundingRect().center().x(), target.boundingRect().top() + 12)
        )
        settle(app)
        save(window, "drag-invalid.png")
        view.cancel_drag()

        dialog = window.open_booking(carter.id)
        assert dialog is not None
        dialog.resize(900, 620)
        settle(app, lambda: dialog.calendar is not None and dialog.starts.count() > 3)
        dialog.client_search.setText("Harris")
        settle(app, lambda: dialog.client_list.count() > 1)
        dialog._client_chosen(dialog.client_list.item(0))
        free = next(
            row
            for row in range(dialog.starts.count())
            if (data := dialog.starts.item(row).data(256)) and data[1]
        )
        dialog.starts.setCurrentRow(free)
        settle(app)
        save(dialog, "booking-dialog.png")
        dialog.reject()

        # Another desk confirms a session whose panel is open here: the panel says so.
        scheduled = next(c for c in calendar.sessions if c.status == SessionStatus.SCHEDULED)
        panel = window.open_session(scheduled.reference)
        assert panel is not None
        settle(app, lambda: panel.details is not None)
        change_status(database, scheduled.reference, SessionStatus.CONFIRMED, actor="alex",
                      now=CLOCK)  # fmt: skip
        changes().announce({SESSIONS}, {scheduled.starts_at.date()})
        settle(app, lambda: panel.elsewhere.isVisible())
        settle(app)  # the rebuilt fields laid out
        save(panel, "changed-elsewhere.png")
        panel.reject()

        # The profile of the client with the most sessions, with a pinned note.
        with database.read() as session:
            busiest = session.execute(
                select(TherapySession.client_id)
                .group_by(TherapySession.client_id)
                .order_by(func.count().desc(), TherapySession.client_id)
                .limit(1)
            ).scalar_one()
        update_client(
            database,
            busiest,
            {
                "notes": "Needs step-free access. Invoice to employer assistance programme.",
                "emergency_contact": "Jamie Moore, +1 555 010 0200",
                "preferences": {"days": ["mon", "thu"], "times": "mornings"},
            },
            actor="maria",
            now=CLOCK,
        )
        profile = window.open_profile(busiest)
        assert profile is not None
        settle(app, lambda: profile.profile is not None)
        settle(app)
        save(profile, "client-profile.png")
        profile.reject()
        receipt(database, busiest)
        day_sheet_page(database)

        take_payment_shot(app, window, database, calendar)

        waitlist_inbox(app, window, database, calendar, carter.id)
        reports(app, window)
        window.close()

        # The sign-in of a demo database names its users (a real clinic's never does).
        login = LoginDialog(database, lambda: CLOCK, clinic="Riverside Therapy Center")
        login.show()
        settle(app, lambda: login.demo_hint.isVisible())
        save(login, "sign-in.png")
        login.reject()
        spanish_shots(app, database)
        database.dispose()


def spanish_shots(app: QApplication, database: Database) -> None:
    """The day view and the booking dialog with the desk in Spanish (View ▸ Language)."""
    install_language(LanguageChoice.SPANISH)
    window = MainWindow(
        database, user=StaffUser("maria", "Maria Lopez", Role.SUPERVISOR), clock=lambda: CLOCK
    )
    window.resize(1440, 900)
    window.show()
    settle(app, lambda: window.calendar is not None)
    window.show_day(DAY)
    settle(app)
    view = window.calendar_view
    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
    settle(app)
    save(window, "day-view-es.png")
    calendar = window.calendar
    assert calendar is not None
    carter = next(t for t in calendar.therapists if t.name == "Dr. Emily Carter")
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    dialog.resize(900, 620)
    settle(app, lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    dialog.client_search.setText("Harris")
    settle(app, lambda: dialog.client_list.count() > 1)
    dialog._client_chosen(dialog.client_list.item(0))
    free = next(
        row
        for row in range(dialog.starts.count())
        if (data := dialog.starts.item(row).data(256)) and data[1]
    )
    dialog.starts.setCurrentRow(free)
    settle(app)
    save(dialog, "booking-dialog-es.png")
    dialog.reject()
    window.close()
    install_english()


def take_payment_shot(
    app: QApplication, window: MainWindow, database: Database, calendar: DeskCalendar
) -> None:
    """Taking a payment for the day's first session not paid ahead, just completed: 320.00
    typed by card, the client's next session paid ahead by editing its row, the rest
    becoming credit."""
    done = next(
        c for c in sorted(calendar.sessions, key=lambda c: c.starts_at)
        if c.starts_at.date() == DAY and c.movable and not c.payment  # not paid ahead
    )  # fmt: skip
    for status in (SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED):
        change_status(database, done.reference, status, actor="maria", now=CLOCK)
    changes().announce({SESSIONS}, {DAY})
    dialog = window.dialogs.take_payment(done.reference)
    assert dialog is not None
    dialog.resize(820, 520)
    settle(app, lambda: dialog.account is not None)
    dialog.amount.setText("320.00")
    dialog._amount_edited()
    settle(app, lambda: dialog.allocated_cents() > 0)
    ahead = [s for s in dialog.account.sessions if not s.owes_now]  # type: ignore[union-attr]
    if ahead:
        dialog.shares[ahead[0].reference].setValue(ahead[0].outstanding_cents / 100)
    dialog.method.setCurrentIndex(dialog.method.findData("card"))
    settle(app)
    save(dialog, "payment-dialog.png")
    dialog.reject()
    if os.environ.get("SCREENSHOT_CARDS"):  # a look at the cards' markers, not in the README
        settle(app)
        window.grab().save(os.environ["SCREENSHOT_CARDS"])


def receipt(database: Database, client_id: int) -> None:
    """The client pays at the desk for what they owe, by card: the receipt as printed,
    drawn at about the width of an A4 page's text."""
    with database.read() as session:
        key = session.scalar(select(Client.key).where(Client.id == client_id))
    assert key is not None
    paid = take_payment(
        database,
        PaymentRequest(key, 30000, "card", reference="VISA ending 4242"),
        actor="alex",
        now=CLOCK,
    )
    document = receipt_document(load_receipt(database, paid.receipt))
    margin = 32
    document.setTextWidth(680)
    size = document.size().toSize()
    image = QImage(size.width() + 2 * margin, size.height() + 2 * margin,
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(margin, margin)
    document.drawContents(painter)
    painter.end()
    path = OUT / "receipt.png"
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def day_sheet_page(database: Database) -> None:
    """The day's first page of the whole clinic's day sheet (File ▸ Print day sheet…), drawn
    on a landscape A4 page's text area by the routine that paints the PDF."""
    width = 1000
    page = QSizeF(width, width * (210 - 36) / (297 - 38))  # A4 landscape less the margins
    margin = 32
    image = QImage(int(page.width()) + 2 * margin, int(page.height()) + 2 * margin,
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(margin, margin)
    draw_day_sheet(painter, page, lambda: False, day_sheet(database, DAY))
    painter.end()
    path = OUT / "day-sheet.png"
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def waitlist_inbox(
    app: QApplication,
    window: MainWindow,
    database: Database,
    calendar: DeskCalendar,
    carter_id: int,
) -> None:
    """Two more clients wait for Dr. Emily Carter's Wednesday morning, one of them for nine
    days and for any therapist; a session there is cancelled; the inbox offers the freed
    start with the demo's other offers, the longest waiting first."""
    wednesday = DAY + timedelta(days=1)
    freed = next(
        c for c in sorted(calendar.sessions, key=lambda c: c.starts_at)
        if c.therapist_id == carter_id and c.movable and c.starts_at.date() == wednesday
    )  # fmt: skip
    start = freed.starts_at
    minute = start.hour * 60 + start.minute
    with database.read() as session:
        service = session.scalar(select(Service).where(Service.key == "individual"))
        waiting = session.scalars(
            select(Client).where(Client.id != freed.client_id).order_by(Client.id).limit(2)
        ).all()
    assert service is not None
    for client, therapist, days_ago in ((waiting[0], None, 9), (waiting[1], carter_id, 2)):
        request = WaitlistRequest(
            client.id, service.id, therapist, 1 << wednesday.weekday(), minute,
            minute + service.duration_minutes, wednesday, wednesday,
        )  # fmt: skip
        add_entry(database, request, actor="alex", now=CLOCK - timedelta(days=days_ago))
    cancel(database, freed.reference, "client phoned", actor="alex", now=CLOCK)
    changes().announce({SESSIONS, WAITLIST, INBOX}, {wednesday})
    inbox = window.open_inbox()
    assert inbox is not None
    inbox.resize(1180, 360)
    settle(app, lambda: any(item.waitlist_id for item in inbox.items))
    inbox.tree.setCurrentItem(inbox.tree.topLevelItem(
        next(i for i, item in enumerate(inbox.items) if item.waitlist_id)
    ))  # fmt: skip
    settle(app)
    save(inbox, "inbox-waitlist.png")
    inbox.reject()


def reports(app: QApplication, window: MainWindow) -> None:
    """Clinic ▸ Reports on the month: utilisation by therapist, then revenue by therapist."""
    shown = window.open_reports()
    assert shown is not None
    for kind in (ReportKind.UTILISATION, ReportKind.REVENUE):
        shown.choose(kind=kind, by="therapist", period=Period.THIS_MONTH)
        settle(app, lambda k=kind: shown.report is not None and shown.report.kind == k
               and not shown.busy.isVisible())  # fmt: skip
        settle(app)
        save(shown, f"reports-{kind.value}.png")
    shown.reject()


if __name__ == "__main__":
    main()
    os._exit(0)
