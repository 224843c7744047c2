"""The day sheet PDF of a large clinic's day is written in under a second (issue 19's
target), in both layouts, as the desk's Save as PDF… and `frontdesk daysheet --pdf` write it;
and a name too long for its column wraps inside it rather than being cut."""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from benchmarks.daysheet_pdf import fifty_therapists_day, time_day_sheet_pdf
from ui.documents.daysheet import write_day_sheet_pdf


def test_fifty_therapists_day_sheet_pdf_is_written_in_under_a_second(
    qapp: Any, tmp_path: Path
) -> None:
    sheet = fifty_therapists_day()
    for per_therapist in (False, True):
        path = tmp_path / f"sheet-{per_therapist}.pdf"
        time_day_sheet_pdf(sheet, path, per_therapist=per_therapist)  # warm-up
        runs = [time_day_sheet_pdf(sheet, path, per_therapist=per_therapist) for _ in range(3)]
        assert statistics.median(runs) < 1.0, runs
        pages = [page.extract_text() for page in PdfReader(path).pages]
        # "Individual Therapy" takes two lines: the whole day runs onto 40-odd pages
        assert 40 <= len(pages) <= 50 or per_therapist
        titled = [page for page in pages if "Therapist: Dr." in " ".join(page.split())]
        assert len(titled) == (50 if per_therapist else 0)


def test_a_long_name_wraps_within_its_column_and_is_printed_whole(
    qapp: Any, tmp_path: Path
) -> None:
    sheet = fifty_therapists_day()
    long_name = "Maximiliana Alexandra Featherstonehaugh Montgomery"
    rows = (replace(sheet.rows[0], client=long_name), *sheet.rows[1:3])
    path = tmp_path / "sheet.pdf"
    write_day_sheet_pdf(replace(sheet, rows=rows), path)
    (page,) = PdfReader(path).pages
    text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
    # the name's words come out on lines of their own, all of them, before the next row
    words = [text.find(word) for word in long_name.split()]
    assert -1 not in words and words == sorted(words), text
    assert words[-1] < text.find("Client 1-0"), text
