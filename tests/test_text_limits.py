"""One limit per free-text field (app.text_limits), walked on every path that takes text:
the clinic file (and so the setup editors, which speak it), the use cases the desk and the
command line share, the desk's widgets, and the command line's options."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.auth.staff import StaffUser
from app.clinic_file.document import KnownKeys, parse_document
from app.clinic_file.errors import ClinicFileError
from app.text_limits import TEXT_LIMITS
from db.engine import Database
from db.enums import Role
from db.models import Client, TherapySession
from tests.booking_support import SUPERVISOR_PASSWORD, booking_clinic
from tests.test_cli import Runner, run, run_in_process
from tests.test_clinic_file import _minimal, _session

NOW = datetime(2025, 1, 10, 13, 0, tzinfo=UTC)
START = datetime(2025, 1, 13, 15, 0, tzinfo=UTC)  # Monday 10:00 in New York, free
ADMIN = StaffUser("maria", "Maria", Role.ADMIN)


def _file_with(field: str, value: Any) -> dict[str, Any]:
    """The minimal clinic file with `field` ("section.name" of the table) set to `value`."""
    section, name = field.split(".")
    data = _minimal()
    if section == "clinic":
        data["clinic"][name] = value
    elif section in ("rooms", "services", "therapists", "clients"):
        data[section][0][name] = value
    elif section == "exceptions":
        data["therapists"][0]["exceptions"] = [
            {"date": "2025-01-20", "available": False, name: value}
        ]
    elif section == "blocks":
        block = {"start": "2025-01-13T09:00", "end": "2025-01-13T10:00", "type": "meeting"}
        data["therapists"][0]["blocks"] = [{**block, name: value}]
    elif section == "users":
        data["users"] = [{"username": "maria", "role": "admin", name: value}]
    elif section == "sessions":
        data["sessions"] = [{**_session("BK-2025-000001", "2025-01-13T09:00"), name: value}]
    elif section == "payments":
        data["payments"] = [
            {"receipt": "RC-2025-000001", "kind": "payment", "client": "sj", "amount": "1.00",
             "method": "cash", "taken_at": "2025-01-13T09:00", name: value}
        ]  # fmt: skip
    else:
        raise AssertionError(f"the test does not know where {field} goes in the file")
    return data


def _text_of_length(field: str, length: int) -> Any:
    """A value of `field` whose length (as the limit counts it) is `length`."""
    if field.endswith("email"):
        return "a" * (length - len("@example.org")) + "@example.org"
    if field == "clients.preferences":
        return {"k": "x" * (length - len('{"k": ""}'))}
    return "x" * length


def _problems(data: dict[str, Any]) -> list[str]:
    try:
        parse_document(data, KnownKeys())
    except ClinicFileError as error:
        return [str(p) for p in error.problems]
    return []


@pytest.mark.parametrize("field", list(TEXT_LIMITS))
def test_the_clinic_file_holds_every_field_to_its_limit(field: str) -> None:
    limit = TEXT_LIMITS[field]
    name = field.split(".")[1]
    over = _problems(_file_with(field, _text_of_length(field, limit + 1)))
    assert any(f".{name}: is longer than {limit:,} characters" in p for p in over), over
    at_limit = _problems(_file_with(field, _text_of_length(field, limit)))
    assert not any("longer than" in p for p in at_limit), at_limit


@pytest.fixture
def booked_clinic(sqlite_database: Database) -> Database:
    from app.clinic_file import import_clinic

    import_clinic(sqlite_database, booking_clinic())
    return sqlite_database


def _sessions(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(TherapySession)) or 0


# The fields the desk and the command line store through the use cases (the setup editors
# go through the clinic file's parser, walked above).
USE_CASE_FIELDS = (
    "sessions.notes",
    "sessions.special_requests",
    "sessions.override_reason",
    "sessions.cancellation_reason",
    "clients.name",
    "clients.phone",
    "clients.email",
)


@pytest.mark.parametrize("field", USE_CASE_FIELDS)
def test_the_use_cases_hold_their_texts_to_the_same_limits(
    booked_clinic: Database, field: str
) -> None:
    from app.booking import BookingInputError, BookingRequest, Override, book, cancel
    from app.clients.adding import ClientInputError, create_client

    limit = TEXT_LIMITS[field]
    too_long = _text_of_length(field, limit + 1)
    request = BookingRequest("carter", "c1", "individual", START)
    if field.startswith("clients."):
        details = {"name": "New Person", "phone": None, "email": "new@example.org"}
        details[field.split(".")[1]] = too_long
        with pytest.raises(ClientInputError, match=f"longer than {limit:,} characters"):
            create_client(booked_clinic, **details, actor="maria", now=NOW)  # type: ignore[arg-type]
        with booked_clinic.read() as session:
            assert session.scalar(select(Client.id).where(Client.name == "New Person")) is None
        return
    if field == "sessions.cancellation_reason":
        booked = book(booked_clinic, request, actor="cli", now=NOW)
        with pytest.raises(BookingInputError, match=f"longer than {limit:,} characters"):
            cancel(booked_clinic, booked.reference, too_long, actor="cli", now=NOW)
        return
    override = None
    if field == "sessions.override_reason":
        override = Override("maria", SUPERVISOR_PASSWORD, too_long)
    else:
        request = BookingRequest(
            "carter", "c1", "individual", START, **{field.split(".")[1]: too_long}
        )
    with pytest.raises(BookingInputError, match=f"longer than {limit:,} characters"):
        book(booked_clinic, request, actor="cli", now=NOW, override=override)
    assert _sessions(booked_clinic) == 0


def test_a_lone_surrogate_never_reaches_the_database_through_a_use_case(
    booked_clinic: Database,
) -> None:
    from app.booking import BookingInputError, BookingRequest, book
    from app.clients.adding import ClientInputError, create_client

    request = BookingRequest("carter", "c1", "individual", START, notes="caf\udce9")
    with pytest.raises(BookingInputError, match="not valid text"):
        book(booked_clinic, request, actor="cli", now=NOW)
    with pytest.raises(ClientInputError, match="not valid text"):
        create_client(booked_clinic, "Ana \ud800", None, "a@example.org", actor="x", now=NOW)
    assert _sessions(booked_clinic) == 0


def test_the_desks_fields_stop_at_the_same_limits(qtbot, demo_database: Database) -> None:
    from ui.booking_dialog import BookingDialog
    from ui.override_dialog import SupervisorDialog
    from ui.setup_dialog import ClinicSetupDialog

    dialog = BookingDialog(demo_database, ADMIN, lambda: NOW, day=NOW.date())
    qtbot.addWidget(dialog)
    supervisor = SupervisorDialog("Override", "why")
    qtbot.addWidget(supervisor)
    picker = dialog.client_picker
    widgets = {
        "sessions.notes": dialog.notes,
        "sessions.special_requests": dialog.requests,
        "sessions.override_reason": supervisor.reason,
        "clients.name": picker.new_name,
        "clients.phone": picker.new_phone,
        "clients.email": picker.new_email,
    }
    setup = ClinicSetupDialog(demo_database, ADMIN, lambda: NOW)
    qtbot.addWidget(setup)
    setup.show()
    qtbot.waitUntil(lambda: setup.setup is not None, timeout=10_000)
    assert setup.clinic_page is not None
    for name, edit in setup.clinic_page.edits.items():
        if f"clinic.{name}" in TEXT_LIMITS:
            widgets[f"clinic.{name}"] = edit
    assert len(widgets) == 10
    for field, widget in widgets.items():
        widget.setText("x" * (TEXT_LIMITS[field] + 5))
        assert len(widget.text()) == TEXT_LIMITS[field], field

    # The setup tables are checked by the clinic file's parser: Save stays off, field named.
    for section in ("rooms", "services", "users"):
        page = setup.pages[section]
        limit = TEXT_LIMITS[f"{section}.{'display_name' if section == 'users' else 'name'}"]
        row = page.table.add_row({})
        identity = "username" if section == "users" else "key"
        page.table.set_cell(row, identity, "new1")
        column = "display_name" if section == "users" else "name"
        page.table.set_cell(row, column, "x" * (limit + 1))
        assert not page.save_button.isEnabled()
        assert f"{section}[new1].{column}: is longer than {limit:,}" in page.message.text()


# The command line's free texts and the field each fills.
CLI_TEXT_OPTIONS = {
    ("book", "--notes"): "sessions.notes",
    ("book", "--reason"): "sessions.override_reason",
    ("cancel", "--reason"): "sessions.cancellation_reason",
}


@pytest.fixture
def cli_db(tmp_path: Path, sqlite_url: str) -> str:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(booking_clinic()))
    assert run_in_process("--db", sqlite_url, "import", str(path)).returncode == 0
    return sqlite_url


def _book(db: str, *extra: str, runner: Runner = run_in_process) -> Any:
    return runner(
        "--db", db, "book", "--therapist", "carter", "--client", "c1", "--service",
        "individual", "--start", "2025-01-13T10:00", "--now", "2025-01-10T08:00", "--json",
        *extra, env={"FRONTDESK_PASSWORD": SUPERVISOR_PASSWORD},
    )  # fmt: skip


@pytest.mark.parametrize(("command", "option"), list(CLI_TEXT_OPTIONS))
def test_the_command_line_holds_its_texts_to_the_same_limits(
    cli_db: str, command: str, option: str
) -> None:
    limit = TEXT_LIMITS[CLI_TEXT_OPTIONS[command, option]]
    too_long = "x" * (limit + 1)
    if command == "book":
        extra = ["--override", "--as", "maria"] if option == "--reason" else []
        result = _book(cli_db, *extra, option, too_long)
    else:
        booked = _book(cli_db)
        assert booked.returncode == 0, booked.stderr
        reference = json.loads(booked.stdout)["reference"]
        result = run_in_process("--db", cli_db, "cancel", reference, "--reason", too_long)
    assert result.returncode == 2, result.stderr
    assert f"{option} is longer than {limit:,} characters" in result.stderr
    exported = json.loads(run_in_process("--db", cli_db, "export", "-").stdout)
    assert all(s["status"] == "scheduled" for s in exported["sessions"])
    assert len(exported["sessions"]) == (0 if command == "book" else 1)


def test_notes_the_command_line_takes_survive_export_and_import(
    cli_db: str, tmp_path: Path
) -> None:
    """Real processes."""
    longest = "n" * TEXT_LIMITS["sessions.notes"]
    assert _book(cli_db, "--notes", longest, runner=run).returncode == 0
    out = tmp_path / "out.json"
    assert run("--db", cli_db, "export", str(out)).returncode == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    imported = run("--db", fresh, "import", str(out))
    assert imported.returncode == 0, imported.stderr


def test_the_desks_date_fields_offer_only_the_years_a_date_may_lie_in(
    qtbot, demo_database: Database
) -> None:
    """Qt's date fields reach 9999-12-31, where loading the week or month after it overflows;
    they offer 1900–2999, as the command line and the clinic file accept."""
    from datetime import date

    from app.desk_calendar import load_desk_calendar
    from ui.booking_dialog import BookingDialog
    from ui.day_bar import DayBar
    from ui.series_dialog import SeriesForm

    dialog = BookingDialog(demo_database, ADMIN, lambda: NOW, day=NOW.date())
    qtbot.addWidget(dialog)
    bar = DayBar()
    qtbot.addWidget(bar)
    calendar = load_desk_calendar(demo_database, NOW.date(), NOW.date(), NOW)
    form = SeriesForm(calendar, "x")
    qtbot.addWidget(form)
    for edit in (dialog.date, bar.date_edit, form.start_date, form.until):
        assert edit.minimumDate().toPython() == date(1900, 1, 1)
        assert edit.maximumDate().toPython() == date(2999, 12, 31)
