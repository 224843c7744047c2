"""benchmarks/clients.py runs, quick, on both databases and prints figures that make sense
(not a timed test: the figures are the benchmark's to judge, on a quiet machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PG_HOST

ROOT = Path(__file__).resolve().parent.parent
TIMINGS = re.compile(r"p50 ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms \(([\d,]+) calls\)")


def timings(line: str) -> tuple[float, float, float, int]:
    found = TIMINGS.search(line)
    assert found is not None, line
    p50, p95, worst, calls = found.groups()
    return float(p50), float(p95), float(worst), int(calls.replace(",", ""))


def test_a_quick_run_prints_sane_figures_on_both_databases(postgres_server: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "clients.py"), "--quick", "--pg-host", PG_HOST],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    sections = re.split(r"\n(?=SQLite:|PostgreSQL:)", result.stdout.strip())
    assert [section.split(":")[0] for section in sections] == ["SQLite", "PostgreSQL"]
    for section in sections:
        lines = section.splitlines()
        built = re.search(r"built 1,000 clients \((\d+) archived, (\d+) of them erased\) and"
                          r" 4,000 sessions", lines[0])  # fmt: skip
        assert built is not None and int(built[1]) > int(built[2]) > 0, lines[0]
        found = re.search(r"found (\d+) of (\d+) clients", section)
        assert found is not None and found[1] == found[2] != "0"
        keystrokes = re.search(r"20 queries, ([\d,]+) keystrokes each", section)
        assert keystrokes is not None
        typed = int(keystrokes[1].replace(",", ""))
        for name in ("before issue 17", "find_clients now"):
            line = next(line for line in lines if line.strip().startswith(name))
            p50, p95, worst, calls = timings(line)
            assert 0 < p50 <= p95 <= worst and calls == typed
        kinds = [line.split()[0] for line in lines if re.search(r"→ .*keystrokes", line)]
        assert kinds == ["surname", "first", "full", "phone", "email", "key", "reference"]
        profile = next(line for line in lines if "profile of a client" in line)
        assert "with 60 sessions" in profile and timings(profile)[3] == 3
        waitlist = next(line for line in lines if "waitlist" in line)
        assert "50 open entries" in waitlist and timings(waitlist)[3] == 3
        assert re.search(r"\d+ new matches in all", waitlist)
