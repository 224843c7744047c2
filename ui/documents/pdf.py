"""One way to put a document on paper: a PDF file or the printer. Every printable document
(receipt, statement, report) is a QTextDocument handed to these two functions, so page size,
margins and the atomic write live in one place."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.files import write_whole

# Millimetres: room for a printer's unprintable edge and a hole punch on the left.
MARGINS_MM = QMarginsF(20, 18, 18, 18)
PDF_RESOLUTION = 300
_application: list[QApplication] = []  # the command line's, kept alive while it runs


class DocumentWriteError(OSError):
    """The PDF could not be written; the message names the folder and says why, in words
    the person at the desk can act on (describe_error shows an OSError's strerror)."""


def _page_layout(landscape: bool = False) -> QPageLayout:
    """A4 with the margins; landscape for a document whose table needs the width (the day
    sheet's eight columns)."""
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def pdf_bytes(document: QTextDocument, *, landscape: bool = False) -> bytes:
    """The document as a PDF on A4, rendered in memory (so a failed write leaves no file)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(_page_layout(landscape))
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("Clinic Front Desk")
    document.print_(writer)
    del writer  # ends the PDF (writes the trailer) into the buffer
    buffer.close()
    return bytes(data.data())


def save_pdf(document: QTextDocument, path: Path, *, landscape: bool = False) -> None:
    """Write the document to `path` as a PDF, atomically: a temporary file next to it is
    renamed over it, so a reader never sees half a receipt. A folder that is missing or not
    writable raises DocumentWriteError with a plain message; nothing is left behind."""
    content = pdf_bytes(document, landscape=landscape)
    folder = path.parent
    if not folder.is_dir():
        raise DocumentWriteError(errno.ENOENT, f"The folder {folder} does not exist.")
    try:
        write_whole(path, content)
    except PermissionError as error:
        raise DocumentWriteError(
            error.errno or errno.EACCES,
            f"The PDF could not be saved: the folder {folder} is not writable.",
        ) from error
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DocumentWriteError(
            error.errno or errno.EIO, f"The PDF could not be saved to {path}: {reason}."
        ) from error


def print_document(parent: QWidget, document: QTextDocument, *, landscape: bool = False) -> bool:
    """Ask which printer (the system dialog) and print the document on A4 with the same
    margins (and orientation) as the PDF. Returns False when the person cancels the dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_page_layout(landscape))
    printer.setDocName(
        document.metaInformation(QTextDocument.MetaInformation.DocumentTitle) or "Document"
    )
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document.print_(printer)
    return True


def document_application() -> QGuiApplication:
    """The Qt application documents need (fonts, layout) when no window runs: the command
    line's `--pdf` options. Without a display (a server, an SSH session) Qt draws offscreen,
    so a PDF can be made anywhere. A QApplication (a QGuiApplication that also allows
    widgets), so a process that makes a PDF can still open a dialog later (tests do)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application.append(QApplication(["frontdesk"]))
    return _application[0]
