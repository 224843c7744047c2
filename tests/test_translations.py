"""The desk in Spanish (docs/translations.md): the language chosen per desk, the window and
the booking dialog in it, a refusal from `app` through `app.i18n`, and dates and amounts
written the Spanish way, while English stays exactly as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox

from app.agenda import day_agenda
from app.auth.staff import StaffUser
from app.booking.wording import block_word, room_taken
from app.clinic_file import ImportSummary
from app.reports import ReportKind, run_report
from app.reports.daysheet import day_sheet
from app.session_details import session_details
from db.engine import Database
from db.enums import Role
from tests.booking_support import at
from tests.money_support import overridden_then_waived
from ui import locale_format, words
from ui.client_admin import counted
from ui.documents.daysheet import written_date
from ui.documents.report import report_html
from ui.main_window import MainWindow
from ui.report_chart import ReportChart
from ui.session_item import SessionItem
from ui.setup_fields import USER_FIELDS
from ui.setup_table import FragmentTable
from ui.status_bar import DeskStatusBar
from ui.sync_panel import SyncPanel
from ui.translations import (
    LANGUAGE_KEY,
    LanguageChoice,
    chosen_language,
    install_english,
    install_language,
    resolved_language,
    save_language,
)

DAY = date(2026, 11, 24)  # a Tuesday with sessions in the demo clinic


@pytest.fixture
def spanish(qapp) -> Iterator[None]:
    """This desk set to Spanish, as View ▸ Language keeps it, installed as at start-up."""
    save_language(LanguageChoice.SPANISH)
    assert install_language() == "es"
    yield
    install_english()


def test_the_computers_language_counts_as_spanish_only_when_it_is_spanish() -> None:
    mexico = QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert resolved_language(LanguageChoice.SYSTEM, mexico) == "es"
    assert resolved_language(LanguageChoice.SYSTEM, german) == "en"
    assert resolved_language(LanguageChoice.ENGLISH, mexico) == "en"
    assert resolved_language(LanguageChoice.SPANISH, german) == "es"


def test_the_choice_is_kept_per_desk_and_defaults_to_the_computers(qapp) -> None:
    from ui.desk_settings import desk_settings

    assert chosen_language() == LanguageChoice.SYSTEM
    save_language(LanguageChoice.SPANISH)
    assert chosen_language() == LanguageChoice.SPANISH
    desk_settings().setValue(LANGUAGE_KEY, "klingon")  # a later version's choice, say
    assert chosen_language() == LanguageChoice.SYSTEM


def test_main_window_menus_and_day_view_in_spanish(qtbot, demo_database: Database, spanish) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Archivo", "&Sesión", "&Ver", "&Clínica", "A&yuda"]
    view_menu = window.menuBar().actions()[2].menu()
    language = next(a.menu() for a in view_menu.actions() if a.text() == "&Idioma")
    assert [a.text() for a in language.actions()] == [
        "English",
        "Español",
        "El idioma del equipo",
    ]
    assert window.menus.language_actions[LanguageChoice.SPANISH].isChecked()
    window.show_day(DAY)
    assert window.day_label.text() == "martes, 24 de noviembre de 2026"
    expected = day_agenda(demo_database, DAY)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(expected))
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Hora", "Terapeuta", "Cliente"]
    first = expected[0]
    assert window.model.index(0, 0).data() == f"{first.starts_at:%H:%M}–{first.ends_at:%H:%M}"
    statuses = {window.model.index(row, 5).data() for row in range(window.model.rowCount())}
    assert statuses <= {"Programada", "Confirmada", "En curso", "Completada", "Cancelada",
                        "No se presentó"}  # fmt: skip
    window.close()


def test_booking_dialog_in_spanish(qtbot, demo_database: Database, spanish) -> None:
    window = MainWindow(demo_database, user=StaffUser("maria", "Maria Lopez", Role.SUPERVISOR))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.calendar is not None)
    dialog = window.open_booking()
    assert dialog is not None
    assert dialog.windowTitle() == "Nueva reserva"
    assert dialog.book_button.text() == "&Reservar"
    dialog.reject()
    window.close()


def test_a_refusal_from_the_domain_reads_in_the_desks_language(qapp) -> None:
    assert room_taken("Sala 2") == "Sala 2 is taken at that time"  # no translator: English
    install_language(LanguageChoice.SPANISH)
    try:
        assert room_taken("Sala 2") == "Sala 2 está ocupada a esa hora"
    finally:
        install_english()
    assert room_taken("Sala 2") == "Sala 2 is taken at that time"


def test_dates_times_and_amounts_the_spanish_way(spanish) -> None:
    assert locale_format.day_heading(DAY) == "martes, 24 de noviembre de 2026"
    assert locale_format.moment(datetime(2026, 11, 24, 14, 5)) == "mar 24 nov 14:05"
    assert locale_format.time_of_day(time(18, 30)) == "18:30"  # the 24-hour clock
    assert locale_format.amount(4000, "EUR") == "40,00"
    assert locale_format.amount(123450, "EUR") == "1234,50"
    assert locale_format.amount(1234550, "EUR") == "12.345,50"
    assert locale_format.amount(-150, "EUR") == "-1,50"
    assert locale_format.amount(1500, "JPY") == "1500"
    assert locale_format.typed_amount("1.234,50") == "1234.50"
    assert locale_format.typed_amount("40.50") == "40.50"
    assert QLocale().firstDayOfWeek() == Qt.DayOfWeek.Monday


def test_english_reads_exactly_as_before(qapp) -> None:
    install_language(LanguageChoice.ENGLISH)
    try:
        assert locale_format.day_heading(DAY) == "Tuesday 24 November 2026"
        assert locale_format.moment(datetime(2026, 11, 4, 14, 5)) == "Wed 04 Nov 14:05"
        assert locale_format.amount(123450, "USD") == "1234.50"
        assert locale_format.typed_amount("1.234,50") == "1.234,50"  # refused as before
    finally:
        install_english()


def test_choosing_a_language_keeps_it_and_reopens_the_window_when_agreed(
    qtbot, demo_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    assert window.menus.language_actions[LanguageChoice.SYSTEM].isChecked()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.menus.language_actions[LanguageChoice.SPANISH].trigger()
    assert chosen_language() == LanguageChoice.SPANISH
    assert window.isVisible() and not window.relaunch_requested  # from the next start
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.menus.language_actions[LanguageChoice.ENGLISH].trigger()
    assert chosen_language() == LanguageChoice.ENGLISH
    assert window.relaunch_requested and not window.isVisible()  # ui.launch builds it again


ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "frontdesk_es.ts"
QT_TOOLS = Path(sys.executable).parent  # pyside6-lupdate / -lrelease beside the venv's Python


def _untranslated(ts: Path) -> list[str]:
    """Every message of `ts` not ready to ship: unfinished, empty, obsolete or vanished."""
    problems = []
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = (
                [f.text for f in forms]
                if forms
                else [translation.text if translation is not None else None]
            )
            if kind is not None or not all(texts):
                problems.append(f"{name}: {message.findtext('source')!r} ({kind or 'empty'})")
    return problems


def test_every_message_in_the_sources_is_translated(tmp_path: Path) -> None:
    """The extractor over today's sources into a copy of the committed .ts: a string added
    without its Spanish (unfinished), or one the code no longer has (obsolete), fails."""
    copy = tmp_path / TS_FILE.name
    shutil.copy(TS_FILE, copy)
    sources = sorted(
        str(p.relative_to(ROOT)) for d in ("ui", "app") for p in (ROOT / d).rglob("*.py")
    )
    subprocess.run(
        [
            str(QT_TOOLS / "pyside6-lupdate"),
            "-silent",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(copy),
        ],
        cwd=ROOT,
        check=True,
    )
    problems = _untranslated(copy)
    assert not problems, (
        f"{len(problems)} messages need a translation (make translations):\n"
        + "\n".join(problems[:40])
    )


def test_the_committed_qm_is_the_compiled_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "frontdesk_es.qm"
    subprocess.run(
        [str(QT_TOOLS / "pyside6-lrelease"), "-silent", str(TS_FILE), "-qm", str(compiled)],
        check=True,
    )
    assert compiled.read_bytes() == TS_FILE.with_suffix(".qm").read_bytes(), "run make translations"


# -- the leftovers of issue 20: words, dates and counts ui used to show in English --------


class _RecordingPainter(QPainter):
    """A real painter on an image that also keeps every text drawn, so a test reads what a
    chart wrote without reading pixels."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]  # noqa: N802
        self.texts.extend(a for a in args if isinstance(a, str))
        super().drawText(*args)  # type: ignore[call-overload]


def test_session_cards_say_their_status_in_spanish(qtbot, demo_database: Database, spanish) -> None:
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None)
    window.show_day(DAY)
    qtbot.waitUntil(
        lambda: any(isinstance(i, SessionItem) for i in window.calendar_view.scene().items())
    )
    cards = [i for i in window.calendar_view.scene().items() if isinstance(i, SessionItem)]
    spanish_words = {"programada", "confirmada", "en curso", "completada", "no se presentó"}
    for card in cards:
        status_line = card.toolTip().splitlines()[3]
        assert status_line.rsplit(" · ", 1)[1] in spanish_words, card.toolTip()
    assert {words.status_badge(s) for s in ("scheduled", "in_progress", "no_show")} == {
        "Programada",
        "En curso",
        "No se presentó",
    }
    window.close()


def test_the_booking_dialog_offers_session_types_in_spanish(
    qtbot, demo_database: Database, spanish
) -> None:
    window = MainWindow(demo_database, user=StaffUser("maria", "Maria Lopez", Role.SUPERVISOR))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.calendar is not None)
    dialog = window.open_booking()
    assert dialog is not None
    types = [dialog.session_type.itemText(i) for i in range(dialog.session_type.count())]
    assert types == ["Seguimiento", "Inicial", "Urgencia"]
    dialog.reject()
    window.close()


def test_the_day_sheet_writes_its_date_in_spanish(demo_database: Database, spanish) -> None:
    sheet = day_sheet(demo_database, DAY)
    assert written_date(sheet) == "martes, 24 de noviembre de 2026"


def test_the_report_chart_and_paper_read_in_spanish(qapp, demo_database: Database, spanish) -> None:
    report = run_report(demo_database, ReportKind.REVENUE, "therapist", date(2026, 11, 2), DAY)
    chart = ReportChart()
    chart.set_report(report)
    image = QImage(720, 520, QImage.Format.Format_ARGB32)
    painter = _RecordingPainter(image)
    chart.paint(painter, QRectF(0, 0, 720, 520))
    painter.end()
    assert "2 nov" in painter.texts and "9 nov" in painter.texts  # the weeks' labels
    assert "Cobrado por terapeuta" in painter.texts
    html = report_html(report, "Clínica", None)
    assert "Informe de ingresos" in html
    assert "lun 2 nov 2026 – mar 24 nov 2026 · Por terapeuta." in html
    assert any(
        f"{total},00" in html for total in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    )


def test_counts_and_credential_sentences_in_spanish(
    qtbot, demo_database: Database, spanish
) -> None:
    assert counted(1, "session", "sessions") == "1 sesión"
    assert counted(3, "audit entry", "audit entries") == "3 registros de auditoría"
    assert block_word("sick_leave") == "baja por enfermedad"  # a start list's reason
    panel = SyncPanel(demo_database)
    qtbot.addWidget(panel)
    assert panel._credentials() is None
    assert panel.message.text() == (
        "Introduzca primero el usuario y la contraseña de un supervisor."
    )


def test_counts_and_statuses_stay_english_without_spanish(qapp) -> None:
    install_language(LanguageChoice.ENGLISH)
    try:
        assert counted(1, "session", "sessions") == "1 session"
        assert counted(3, "session", "sessions") == "3 sessions"
        assert words.status_word("no_show") == "no show"
        assert block_word("sick_leave") == "sick leave"
        assert words.marked("in_progress") == "Marked in progress."
        assert locale_format.day_with_year(date(2026, 11, 2)) == "Mon 2 Nov 2026"
        assert locale_format.percent(0.574) == "57.4 %"
    finally:
        install_english()


def test_setup_tables_and_the_session_menu_in_spanish(
    qtbot, demo_database: Database, spanish
) -> None:
    table = FragmentTable(USER_FIELDS)
    qtbot.addWidget(table)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Usuario", "Nombre", "Rol", "Activo",
                       "Nueva contraseña (en blanco: sin cambios)"]  # fmt: skip
    table.add_row({"role": "front_desk"})
    roles = table.cellWidget(0, 2)
    assert isinstance(roles, QComboBox)
    assert [roles.itemText(i) for i in range(roles.count())] == [
        "recepción",
        "supervisor",
        "administrador",
    ]
    window = MainWindow(demo_database)
    qtbot.addWidget(window)
    menu = window.dialogs.session_menu("BK-2026-000001", "scheduled")
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["&Abrir", "&Cancelar…", "Registrar &cobro…", "Cambiar el &precio…"]
    window.close()


def test_a_sessions_history_reads_in_spanish(booking_database: Database, spanish) -> None:
    """The session panel's History: what happened and its details in words, the clinic's
    names, the start and the amounts the Spanish way."""
    reference = overridden_then_waived(booking_database)
    history = session_details(booking_database, reference, at("2025-01-15T09:00")).history
    assert [(line.action, line.detail) for line in history] == [
        (
            "reservada",
            "mié 15 ene 2025 10:00 · estado programada · sala Room 2 · terapeuta Dr. Carter"
            " · excepción autorizada por maria: horario bloqueado · “Crisis session”",
        ),
        ("cancelada", "estado cancelada · tardía · cargo 25,00 · “ill”"),
        ("cargo condonado", "cargo condonado por maria · “in hospital”"),
    ]


def test_the_clock_warning_and_an_imports_summary_in_spanish(
    qtbot, demo_database: Database, spanish
) -> None:
    bar = DeskStatusBar(demo_database, None)
    qtbot.addWidget(bar)
    bar.show_clock_offset(timedelta(days=2, hours=3))
    assert bar.clock_label.text() == (
        "El reloj de este PC va 2 días atrasado respecto al del servidor de la base de datos;"
        " la recepción usa la hora del servidor"
    )
    bar.show_clock_offset(-timedelta(minutes=95))
    assert bar.clock_label.text().startswith("El reloj de este PC va 1 h 35 min adelantado")
    summary = ImportSummary(created={"rooms": 2}, updated={"therapists": 1})
    assert (
        summary.describe()
        == "salas: 2 nuevos, 0 actualizados; terapeutas: 0 nuevos, 1 actualizados"
    )
    assert ImportSummary().describe() == (
        "no cambió nada (la base de datos ya coincide con el archivo)"
    )
    assert block_word("meeting") == "reunión"


def test_the_clock_warning_in_english_as_before(qtbot, demo_database: Database) -> None:
    bar = DeskStatusBar(demo_database, None)
    qtbot.addWidget(bar)
    for offset, words_shown in (
        (timedelta(days=1, hours=2), "1 day behind"),
        (timedelta(days=3), "3 days behind"),
        (-timedelta(minutes=60), "1 h ahead of"),
        (-timedelta(minutes=61), "1 h 1 min ahead of"),
        (timedelta(minutes=5), "5 min behind"),
    ):
        bar.show_clock_offset(offset)
        assert bar.clock_label.text() == (
            f"This PC's clock is {words_shown} the database server's;"
            " the desk uses the server's time"
        )


def test_what_the_sweep_found_still_english_reads_in_spanish(
    qtbot, demo_database: Database, spanish
) -> None:
    """Each of these was English at a Spanish desk (a sweep over every window)."""
    from datetime import UTC

    from sqlalchemy import select

    from app.contact import normalise_email
    from app.feeds import FeedScope, feed_choices
    from app.inbox import _notice_detail
    from db.models import Therapist, TherapySession
    from ui.day_sheet_dialog import DaySheetDialog
    from ui.month_preview import MonthPreview

    with demo_database.read() as session:
        carter = session.scalar(select(Therapist.id).where(Therapist.key == "carter"))
        first = session.scalar(select(TherapySession.reference).order_by(TherapySession.id))
    now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    preview = MonthPreview(demo_database, lambda: now, therapist_id=carter, month=DAY)
    qtbot.addWidget(preview)
    headers = [preview.grid.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers[0].startswith("lun") and headers[6].startswith("dom")
    assert (preview.tr("%n free", "", 1), preview.tr("%n free", "", 3)) == ("1 libre", "3 libres")
    sheet = DaySheetDialog(demo_database, DAY, [], [])
    qtbot.addWidget(sheet)
    assert any("Hoja del día" in label.text() for label in sheet.findChildren(QLabel))
    by_method = run_report(demo_database, ReportKind.REVENUE, "method", date(2026, 11, 2), DAY)
    assert {row[1] for row in by_method.rows} >= {"Efectivo", "Tarjeta"}
    assert (words.method_word("transfer"), words.effect_word("reminder")) == (
        "Transferencia",
        "recordatorio",
    )
    assert feed_choices(demo_database)[0][1] == "Toda la clínica"
    assert FeedScope("therapist", "carter").describe() == "terapeuta carter"
    assert _notice_detail("(stored)", "dst_gap") == (
        "esa hora no existe en esta fecha (los relojes se adelantan) (cambio de hora)"
    )
    assert _notice_detail("Dr. Carter …", "cap_reached") == "Dr. Carter … (límite diario alcanzado)"
    with pytest.raises(ValueError, match=r"como nombre@ejemplo\.com"):
        normalise_email("x@")
    imported = session_details(demo_database, first, now).history[0]
    assert imported.action == "importada"
    assert imported.detail.endswith("“importación del archivo de la clínica”")


def test_no_translated_call_hides_inside_an_f_string() -> None:
    """The extractor cannot see `f"{self.tr('Day sheet')}"`: it stayed English unnoticed."""
    hidden = [
        f"{path}:{number}"
        for path in sorted(Path("ui").rglob("*.py")) + sorted(Path("app").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""\bf(["']).*\{[^}]*\b(tr|translate)\(""", line)
    ]
    assert hidden == []


def test_the_windows_error_lines_and_hours_checks_in_spanish(spanish) -> None:
    """Found by the second sweep: a file the OS refused, an unexpected error, a setup
    page's hours."""
    from ui.feedback import describe_error

    missing = FileNotFoundError(2, "No such file or directory")
    assert describe_error(missing).startswith("No se pudo leer ni escribir el archivo: ")
    assert describe_error(RuntimeError("x")) == (
        "Algo salió mal: RuntimeError. Los detalles están en el archivo de registro."
    )
    from app.clinic_file.times import _weekday_word

    assert _weekday_word(0) == "lunes"
