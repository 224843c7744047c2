"""A large clinic's day sheet: one page per therapist when asked (the count line included),
and a name too long for its column wraps inside it rather than being cut."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from benchmarks.daysheet_pdf import fifty_therapists_day
from ui.documents.daysheet import write_day_sheet_pdf


def test_each_therapist_gets_one_page_and_the_whole_day_none_titled(
    qapp: Any, tmp_path: Path
) -> None:
    # twelve of the benchmark's fifty therapists (its speed is measured by
    # benchmarks/daysheet_pdf.py, not here)
    full = fifty_therapists_day()
    twelve = sorted({row.therapist_key for row in full.rows})[:12]
    sheet = replace(full, rows=tuple(r for r in full.rows if r.therapist_key in twelve))
    for per_therapist in (False, True):
        path = tmp_path / f"sheet-{per_therapist}.pdf"
        write_day_sheet_pdf(sheet, path, per_therapist=per_therapist)
        pages = [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]
        titled = [page for page in pages if "Therapist: Dr." in page]
        if per_therapist:  # ten sessions and the count line fit on the therapist's one page
            assert len(pages) == len(titled) == 12
            assert all("10 sessions" in page for page in pages)
        else:
            assert titled == [] and "120 sessions" in pages[-1]


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
