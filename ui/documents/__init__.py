"""Printable documents (receipts, and later statements and reports): built as a
QTextDocument, then saved as PDF or sent to a printer by one shared module (pdf.py)."""
