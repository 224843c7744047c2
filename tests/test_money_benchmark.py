"""benchmarks/money.py runs, quick, on both databases and prints figures that make sense
(not a timed test: the figures are the benchmark's to judge, on a quiet machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PG_HOST
from tests.test_clients_benchmark import timings

ROOT = Path(__file__).resolve().parent.parent


def test_a_quick_run_prints_sane_figures_on_both_databases(postgres_server: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "money.py"), "--quick", "--pg-host", PG_HOST],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sections = re.split(r"\n(?=SQLite:|PostgreSQL:)", result.stdout.strip())
    assert [section.split(":")[0] for section in sections] == ["SQLite", "PostgreSQL"]
    for section in sections:
        lines = section.splitlines()
        assert "a client of 60 sessions and 30 payments" in lines[0], lines[0]
        for name in ("client_balance", "propose_allocation"):
            line = next(line for line in lines if line.strip().startswith(name))
            p50, p95, worst, calls = timings(line)
            assert 0 < p50 <= p95 <= worst and calls == 5
        cpu = re.search(r"CPU time .*: client_balance ([\d.]+) ms, propose_allocation ([\d.]+) ms",
                        section)  # fmt: skip
        assert cpu is not None and float(cpu[1]) > 0 and float(cpu[2]) > 0, section
        alone, at_once = [
            timings(line) for line in lines if line.strip().startswith("take_payment")
        ]
        assert 0 < alone[0] <= alone[1] <= alone[2] and alone[3] == 5
        assert 0 < at_once[0] <= at_once[1] <= at_once[2] and at_once[3] == 8 * 5
        rate = re.search(r"(\d+) payments/s while .*; 0 errors", section)
        assert rate is not None and int(rate[1]) > 0, section
        # the account's 30 receipts, the lone desk's 6 and the desks' 48 (one each to warm),
        # numbered without a gap
        assert "PASS receipts gapless: 84 receipts, 0 missing or repeated" in section
