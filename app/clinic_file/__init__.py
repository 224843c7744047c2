"""The clinic file (JSON): the format in docs/interfaces.md for importing and exporting a clinic."""

from app.clinic_file.errors import ClinicFileError, Problem
from app.clinic_file.exporter import export_clinic, export_setup
from app.clinic_file.importer import ImportSummary, import_clinic
from app.clinic_file.reader import read_clinic_json

__all__ = [
    "ClinicFileError",
    "ImportSummary",
    "Problem",
    "export_clinic",
    "export_setup",
    "import_clinic",
    "read_clinic_json",
]
