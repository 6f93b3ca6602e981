"""Writing reviewers' spreadsheets safely: text a submission supplied (file names, excerpts) is never a
formula. An Excel cell is stored as text whatever it starts with; a CSV cell that a spreadsheet would
read as a formula (=, +, -, @) is quoted with a leading apostrophe, the usual neutralisation."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def append_text_row(ws, values: list) -> None:
    """Append a row to an openpyxl worksheet; strings stay strings (openpyxl would store '=…' as a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
            cell.data_type = "s"


def csv_safe(values: list) -> list:
    """A CSV row whose text cells no spreadsheet will evaluate."""
    return [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in values]
