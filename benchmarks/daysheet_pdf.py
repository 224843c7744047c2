"""Day sheet PDF timings (issue 19's target: "Day sheet PDF for 50 therapists: < 1 s").

Builds a day of 50 therapists × 10 sessions directly as a `DaySheet` (reading it from the
database is measured by benchmarks/reports.py) and writes it with `write_day_sheet_pdf`, the
function the desk's Save as PDF… and `frontdesk daysheet --pdf` call, in both layouts: the
whole clinic (one table across ~27 landscape pages) and one therapist per page (50 pages).
Prints the first (cold) run of each layout, then the median of 5 runs after one warm-up.

    .venv/bin/python benchmarks/daysheet_pdf.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports.daysheet import DaySheet, DaySheetRow
from db.enums import SessionStatus
from ui.documents.daysheet import write_day_sheet_pdf
from ui.documents.pdf import document_application

THERAPISTS = 50
SESSIONS_EACH = 10
RUNS = 5
TARGET_SECONDS = 1.0
DAY = date(2026, 11, 24)


def fifty_therapists_day() -> DaySheet:
    """Every therapist busy from 08:00 with ten 50-minute sessions, a tenth cancelled."""
    start = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    rows = tuple(
        DaySheetRow(
            reference=f"BK-2026-{therapist * SESSIONS_EACH + slot:06d}",
            starts_at=start + timedelta(hours=slot),
            ends_at=start + timedelta(hours=slot, minutes=50),
            client=f"Client {therapist}-{slot}",
            service="Individual Therapy",
            therapist_key=f"t{therapist}",
            therapist=f"Dr. Therapist {therapist:02d}",
            room=f"Room {therapist}",
            status=SessionStatus.CANCELLED if slot == 4 else SessionStatus.SCHEDULED,
            late_cancellation=False,
            due_cents=0 if slot == 4 else 15000,
        )
        for slot in range(SESSIONS_EACH)
        for therapist in range(THERAPISTS)
    )
    return DaySheet(DAY, "Benchmark Clinic", "USD", "", rows)


def time_day_sheet_pdf(sheet: DaySheet, path: Path, *, per_therapist: bool) -> float:
    """Seconds to write the sheet's PDF, as the desk and the command line do."""
    began = time.perf_counter()
    write_day_sheet_pdf(sheet, path, per_therapist=per_therapist)
    return time.perf_counter() - began


def main() -> None:
    document_application()
    sheet = fifty_therapists_day()
    print(f"Day sheet PDF, {THERAPISTS} therapists × {SESSIONS_EACH} sessions "
          f"(target < {TARGET_SECONDS:.0f} s):")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for per_therapist, label in ((False, "whole clinic"), (True, "one therapist per page")):
            path = Path(folder) / f"sheet-{per_therapist}.pdf"
            cold = time_day_sheet_pdf(sheet, path, per_therapist=per_therapist)
            runs = [time_day_sheet_pdf(sheet, path, per_therapist=per_therapist)
                    for _ in range(RUNS)]  # fmt: skip
            median = statistics.median(runs)
            verdict = "ok" if max(cold, median) < TARGET_SECONDS else "TOO SLOW"
            print(f"  {label:24} first run {cold * 1000:6.0f} ms, "
                  f"median of {RUNS} {median * 1000:6.0f} ms  {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
