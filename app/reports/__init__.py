"""Reports (SPEC F8, docs/reports.md): utilisation, attendance and revenue over a period,
and the day sheet. The same figures for the desk's window and `frontdesk report`."""

from app.reports.figures import CREDIT_KEY, no_clinic, run_report
from app.reports.model import (
    BAR_COLUMN,
    COLUMNS,
    GROUPINGS,
    WEEK_SERIES,
    Cell,
    Report,
    ReportInputError,
    ReportKind,
    Week,
    weeks_of,
)

__all__ = [
    "BAR_COLUMN",
    "COLUMNS",
    "CREDIT_KEY",
    "GROUPINGS",
    "WEEK_SERIES",
    "Cell",
    "Report",
    "ReportInputError",
    "ReportKind",
    "Week",
    "no_clinic",
    "run_report",
    "weeks_of",
]
