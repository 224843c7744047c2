"""The shared PDF writer: an A4 PDF whose text reads back, written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument

from ui.documents.pdf import DocumentWriteError, save_pdf

A4_POINTS = (595, 842)


def _document() -> QTextDocument:
    document = QTextDocument()
    document.setHtml("<h1>Harbour Clinic</h1><p>Receipt RC-2026-000001</p>")
    return document


def test_save_pdf_writes_an_a4_pdf_whose_text_reads_back(qapp: object, tmp_path: Path) -> None:
    target = tmp_path / "receipt.pdf"
    save_pdf(_document(), target)

    reader = PdfReader(target)
    # pypdf reads word gaps as tabs: compare words, not spacing
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Harbour Clinic" in text
    assert "RC-2026-000001" in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert [path.name for path in tmp_path.iterdir()] == ["receipt.pdf"]


def test_save_pdf_replaces_an_older_file_whole(qapp: object, tmp_path: Path) -> None:
    target = tmp_path / "receipt.pdf"
    target.write_bytes(b"old")
    save_pdf(_document(), target)
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("make_folder", ["missing", "a file"])
def test_save_pdf_into_a_folder_it_cannot_use_says_so_and_leaves_nothing(
    qapp: object, tmp_path: Path, make_folder: str
) -> None:
    folder = tmp_path / "out"
    if make_folder == "a file":
        folder.write_text("not a folder")
    with pytest.raises(DocumentWriteError) as raised:
        save_pdf(_document(), folder / "receipt.pdf")
    assert str(folder) in str(raised.value.strerror)
    assert sorted(path.name for path in tmp_path.iterdir()) == (
        ["out"] if make_folder == "a file" else []
    )


def test_print_document_asks_for_a_printer_and_a_cancel_prints_nothing(qtbot: Any) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.documents.pdf import print_document

    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        asked.append(type(dialog).__name__)
        assert isinstance(dialog, QPrintDialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    assert print_document(parent, _document()) is False
    assert asked == ["QPrintDialog"]
