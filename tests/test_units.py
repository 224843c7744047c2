"""Small pieces with exact rules: local time, passwords, money, contact details, logging."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.auth.passwords import hash_password, verify_password
from app.contact import normalise_email, normalise_phone
from app.logging_setup import configure_logging
from app.money import format_amount, parse_amount
from app.timezones import (
    NonexistentLocalTimeError,
    clinic_zone,
    day_start_utc,
    format_local,
    local_to_utc,
    parse_clock,
    parse_datetime,
)

NEW_YORK = clinic_zone("America/New_York")
MADRID = clinic_zone("Europe/Madrid")


def test_local_time_in_a_dst_gap_does_not_exist() -> None:
    with pytest.raises(NonexistentLocalTimeError, match="does not exist in America/New_York"):
        local_to_utc(datetime(2025, 3, 9, 2, 30), NEW_YORK)
    with pytest.raises(NonexistentLocalTimeError):
        local_to_utc(datetime(2025, 3, 30, 2, 0), MADRID)


def test_ambiguous_local_time_means_its_first_occurrence() -> None:
    assert local_to_utc(datetime(2025, 11, 2, 1, 30), NEW_YORK) == datetime(
        2025, 11, 2, 5, 30, tzinfo=UTC
    )
    assert local_to_utc(datetime(2025, 10, 26, 2, 30), MADRID) == datetime(
        2025, 10, 26, 0, 30, tzinfo=UTC
    )


def test_format_local_adds_an_offset_only_when_needed() -> None:
    first = datetime(2025, 11, 2, 5, 30, tzinfo=UTC)
    second = datetime(2025, 11, 2, 6, 30, tzinfo=UTC)
    assert format_local(first, NEW_YORK) == "2025-11-02T01:30"
    assert format_local(second, NEW_YORK) == "2025-11-02T01:30-05:00"
    for instant in (first, second):
        assert parse_datetime(format_local(instant, NEW_YORK), NEW_YORK) == instant


def test_day_start_is_local_midnight_and_days_can_be_23_or_25_hours() -> None:
    spring = day_start_utc(date(2025, 3, 10), NEW_YORK) - day_start_utc(date(2025, 3, 9), NEW_YORK)
    autumn = day_start_utc(date(2025, 11, 3), NEW_YORK) - day_start_utc(date(2025, 11, 2), NEW_YORK)
    assert spring.total_seconds() == 23 * 3600
    assert autumn.total_seconds() == 25 * 3600
    # Where midnight itself is skipped (Santiago, 2024-09-08), the day starts at 01:00.
    santiago = clinic_zone("America/Santiago")
    start = day_start_utc(date(2024, 9, 8), santiago)
    assert start.astimezone(santiago).hour == 1


def test_explicit_offsets_are_accepted() -> None:
    assert parse_datetime("2025-01-15T14:00+01:00", NEW_YORK) == datetime(
        2025, 1, 15, 13, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["9:00", "25:00", "12:60", "noon", "24:00"])
def test_bad_clock_times(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


def test_end_of_day_clock() -> None:
    assert parse_clock("24:00", allow_end_of_day=True) == 1440


@pytest.mark.parametrize("name", ["Mars/Base", "", "../../etc/passwd", "EST5EDT/x"])
def test_bad_timezones(name: str) -> None:
    with pytest.raises(ValueError, match="IANA timezone"):
        clinic_zone(name)


def test_passwords_are_salted_slow_hashes() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # salted
    assert first.startswith("scrypt$") and "correct horse" not in first
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsE", first)
    assert not verify_password("anything", None)
    assert not verify_password("anything", "md5$garbage")
    with pytest.raises(ValueError, match="at least 8"):
        hash_password("short")


def test_money() -> None:
    assert parse_amount("150.00") == 15000
    assert parse_amount(99.5) == 9950
    assert parse_amount(0) == 0
    assert format_amount(15005) == "150.05"
    assert (format_amount(-150), format_amount(-5), format_amount(0)) == ("-1.50", "-0.05", "0.00")
    for bad in ("abc", "-1", "1.001", "NaN", True):
        with pytest.raises(ValueError):
            parse_amount(bad)  # type: ignore[arg-type]
    assert parse_amount(" 1500 ") == 150000 and parse_amount("0.5") == 50


@pytest.mark.parametrize(
    "typed", ["1e3", "1E2", "1_000", "+10", "10.", ".5", "١٠", "１０", "10 00", "Infinity"]
)
def test_an_amount_is_plain_digits_with_one_decimal_point(typed: str) -> None:
    """A mistyped "1e3" must not become a 1,000.00 payment."""
    with pytest.raises(ValueError, match="is not an amount like"):
        parse_amount(typed)


def test_the_largest_amount_fits_every_databases_columns() -> None:
    """Amounts are INTEGER columns (PostgreSQL: 32 bits): a larger one is bad input, said
    in one sentence, never a database error."""
    assert parse_amount("10000000.00") == 10**9
    assert parse_amount("1000000000", "JPY") == 10**9
    for too_large in ("10000000.01", "25000000.00", "9" * 40):
        with pytest.raises(ValueError, match=r"is too large \(at most 10000000.00\)"):
            parse_amount(too_large)
    assert 10**9 < 2**31 - 1


def test_contact_normalisation() -> None:
    assert normalise_phone("(555) 123-4567") == "+15551234567"
    assert normalise_phone("612 34 56 78", "ES") == "+34612345678"
    assert normalise_email("  Sarah.Johnson@Example.COM ") == "sarah.johnson@example.com"
    with pytest.raises(ValueError):
        normalise_email("two@@signs.com")


def test_log_file_rotates_in_the_user_log_directory(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "frontdesk.log"
    logging.getLogger("frontdesk.test").info("session %s booked", 42)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "session 42 booked" in path.read_text()
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_frontdesk", False))
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert handler.maxBytes > 0 and handler.backupCount > 0


def test_log_file_masks_emails_and_phones_even_in_tracebacks(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        raise ValueError("Key (email)=(sarah.johnson@example.com) phone +1 555 123-4567")
    except ValueError:
        logging.getLogger("frontdesk.test").exception("refused for +15551234567")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text()
    assert "sarah.johnson" not in text and "555" not in text
    assert "refused for [phone]" in text and "Key (email)=([email]) phone [phone]" in text
