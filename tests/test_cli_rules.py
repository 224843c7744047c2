"""`frontdesk import` and `frontdesk slots` as scripts use them, for the rules a clinic file
must keep: blocks repeat at most daily (and an old database holding one that repeats more
often stays usable), sessions respect rooms and overlaps (docs/interfaces.md, Import). The
imports run in-process (`main`, as the script runs it); the timed listing in a real process."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import BlockedTime
from tests.test_cli import run, run_in_process


def _imported(tmp_path: Path, data: dict[str, Any]) -> str:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(data))
    result = run_in_process("--db", db, "import", str(path))
    assert result.returncode == 0, result.stderr
    return db


def _refused(db: str, tmp_path: Path, data: dict[str, Any]) -> str:
    """Import `data` expecting bad input (exit 2) that changes nothing; stderr."""
    before = run_in_process("--db", db, "export", "-").stdout
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run_in_process("--db", db, "import", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert run_in_process("--db", db, "export", "-").stdout == before
    return result.stderr


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        (
            "FREQ=SECONDLY",
            "a recurring block can repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or "
            "YEARLY); for several times a day add one block per time",
        ),
        # Accepted before: the first booking to meet it waited seconds for dateutil's search.
        (
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "this rule never happens (e.g. 30 February): no date from the block's start "
            "(2025-01-13) matches it",
        ),
    ],
    ids=["every-second", "never-happens"],
)
def test_import_refuses_a_block_rule_the_engine_cannot_bound(
    tmp_path: Path, contract_clinic: dict, rule: str, said: str
) -> None:
    db = _imported(tmp_path, contract_clinic)
    contract_clinic["therapists"][0]["blocks"][0]["rrule"] = rule
    stderr = _refused(db, tmp_path, contract_clinic)
    assert f"therapists[carter].blocks[1].rrule: {said}" in stderr


def test_slots_stay_fast_with_a_too_frequent_rule_an_older_database_holds(
    tmp_path: Path, contract_clinic: dict
) -> None:
    # The contract's Monday 09:00–10:00 meeting, made to repeat every second the way an
    # older version let it be stored: a 30-day listing took about a minute.
    db = _imported(tmp_path, contract_clinic)
    database = Database(db)
    with database.write() as session:
        block = session.scalars(select(BlockedTime).where(BlockedTime.rrule.is_not(None))).one()
        block.rrule = "FREQ=SECONDLY"
    database.dispose()
    began = time.monotonic()
    result = run("--db", db, "slots", "--therapist", "carter", "--service", "individual",
                 "--date", "2025-01-13", "--days", "30", "--now", "2025-01-10T08:00",
                 "--json")  # fmt: skip
    elapsed = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    assert elapsed < 15, elapsed
    days = {d["date"]: d["slots"] for d in json.loads(result.stdout)["days"]}
    first = {s["start"][11:16]: s["status"] for s in days["2025-01-13"]}
    assert first["09:00"] == "blocked"  # its first occurrence still blocks
    later = {s["start"][11:16]: s["status"] for s in days["2025-01-27"]}  # 20th: a day off
    assert later["09:00"] == "available"


def test_import_refuses_a_family_session_in_a_room_without_the_feature(
    tmp_path: Path, contract_clinic: dict
) -> None:
    db = _imported(tmp_path, contract_clinic)
    contract_clinic["rooms"].append({"key": "r101", "name": "Room 101", "features": []})
    family = {"key": "family", "name": "Family Therapy", "duration_minutes": 60,
              "required_features": ["family"]}  # fmt: skip
    contract_clinic["services"].append(family)
    contract_clinic["sessions"].append({"reference": "BK-2025-000002", "therapist": "carter",
                                        "client": "sjohnson", "service": "family",
                                        "start": "2025-01-16T10:00", "room": "r101"})  # fmt: skip
    stderr = _refused(db, tmp_path, contract_clinic)
    assert (
        'sessions[BK-2025-000002].room: room "r101" lacks family, which service "family" requires'
    ) in stderr


def test_import_refuses_a_session_over_a_saved_one_naming_both(
    tmp_path: Path, contract_clinic: dict
) -> None:
    db = _imported(tmp_path, contract_clinic)  # BK-2025-000001: carter, 15 Jan 14:00–14:50
    overlapping = {"reference": "BK-2025-000002", "therapist": "carter", "client": "sjohnson",
                   "service": "individual", "start": "2025-01-15T14:55"}  # fmt: skip
    stderr = _refused(db, tmp_path, {"sessions": [overlapping]})
    assert 'sessions[BK-2025-000002]: therapist "carter" already has session BK-2025-000001' in (
        stderr
    )
    assert "Sarah" not in stderr and "555" not in stderr
