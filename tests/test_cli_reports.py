"""`frontdesk report cashup` as scripts run it (real processes), on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from db.engine import Database
from tests.test_cli import run
from tests.test_money_cashup import a_day_of_money


@pytest.fixture(params=["sqlite", "postgresql"])
def money_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = Database(url)
    a_day_of_money(database)
    database.dispose()
    yield url


def test_cashup_json_is_the_contracts_shape_with_the_days_sums(money_url: str) -> None:
    result = run("--db", money_url, "report", "cashup", "--date", "2026-11-24", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "date": "2026-11-24",
        "by_method": {"cash": 7000, "card": 15000, "transfer": 7000, "other": 4000},
        "by_user": {"alex": 24000, "maria": 9000},
        "refunds_cents": 4500,
        "expected_cash_cents": 4500,
    }


def test_cashup_prints_a_table_for_a_person(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    a_day_of_money(database)
    database.dispose()
    result = run("--db", sqlite_url, "report", "cashup", "--date", "2026-11-24")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["Cash-up", "2026-11-24", "(USD)"]
    assert ["cash", "70.00"] in lines and ["taken", "by", "maria", "90.00"] in lines
    assert ["refunds", "-45.00"] in lines and ["expected", "cash", "45.00"] in lines


@pytest.mark.parametrize("day", ["2026-13-01", "yesterday", "0999-01-01"])
def test_a_bad_date_exits_2_naming_the_option(sqlite_url: str, day: str) -> None:
    result = run("--db", sqlite_url, "report", "cashup", "--date", day, "--json")
    assert result.returncode == 2
    assert result.stdout == "" and "--date" in result.stderr


def test_a_database_without_a_clinic_is_refused(sqlite_url: str) -> None:
    result = run("--db", sqlite_url, "report", "cashup", "--date", "2026-11-24", "--json")
    assert result.returncode == 3 and "no clinic" in result.stderr
