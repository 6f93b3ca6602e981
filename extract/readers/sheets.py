"""Spreadsheets: XLSX (openpyxl, cached formula values) and legacy XLS (xlrd). Each sheet is a page
holding one table, with merged cells filled."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.tables import origins_of_regions, table_from_grid


def format_value(value, number_format: str = "General") -> str:
    """A cell value as a reviewer sees it: integers without .0, percentages as 85.3%, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | int):
        if "%" in number_format:
            decimals = len(m.group(1)) if (m := re.search(r"\.(0+)", number_format)) else 0
            return f"{value * 100:.{decimals}f}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}" if isinstance(value, float) else str(value)
    return str(value).strip()


def _trim(rows: list[list[str | None]]) -> list[list[str | None]]:
    """Drop empty trailing rows and columns (sheets often claim a larger used range)."""
    while rows and not any((v or "").strip() for v in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, v in enumerate(row) if (v or "").strip()), default=0)
    return [row[:width] for row in rows]


def _sheet_page(builder: DocumentBuilder, number: int, name: str, rows, merges, truncated: bool) -> None:
    builder.page(number)
    builder.caption(f"工作表：{name}")
    rows = _trim(rows)
    if rows:
        n_rows = len(rows)
        merges = [(r0, c0, min(r1, n_rows - 1), c1) for r0, c0, r1, c1 in merges if r0 < n_rows]
        builder.table(table_from_grid(rows, origins_of_regions(merges)))
    if truncated:
        builder.doc.not_read(f"工作表「{name}」行数过多，仅读取前 {len(rows)} 行")


class XlsxReader(Reader):
    name = "xlsx"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "xl/workbook.xml" in probe.zip_names else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(str(probe.path), data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            raise ReadError("corrupt", f"xlsx: {exc}") from exc
        doc = Document(path=probe.name, format="xlsx", reader=self.name)
        builder = DocumentBuilder(doc)
        try:
            for number, ws in enumerate(wb.worksheets, start=1):
                n_rows = min(ws.max_row or 0, ctx.max_rows)
                rows = [
                    [format_value(c.value, c.number_format) for c in row]
                    for row in ws.iter_rows(min_row=1, max_row=n_rows)
                ]
                merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
                _sheet_page(builder, number, ws.title, rows, merges, (ws.max_row or 0) > ctx.max_rows)
        finally:
            wb.close()
        return builder.finish()


class XlsReader(Reader):
    name = "xls"

    def bid(self, probe: Probe) -> float:
        return 1.0 if probe.ole_streams & {"Workbook", "Book"} else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        import xlrd

        try:
            book = xlrd.open_workbook(str(probe.path), formatting_info=True, on_demand=True)
        except xlrd.XLRDError as exc:
            code = "encrypted" if "encrypt" in str(exc).lower() else "corrupt"
            raise ReadError(code, f"xls: {exc}") from exc
        except (OSError, ValueError, IndexError, AssertionError) as exc:
            raise ReadError("corrupt", f"xls: {exc}") from exc
        doc = Document(path=probe.name, format="xls", reader=self.name)
        builder = DocumentBuilder(doc)
        try:
            for number in range(book.nsheets):
                sh = book.sheet_by_index(number)
                n_rows = min(sh.nrows, ctx.max_rows)
                rows = [[_xls_value(book, sh.cell(r, c)) for c in range(sh.ncols)] for r in range(n_rows)]
                merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
                _sheet_page(builder, number + 1, sh.name, rows, merges, sh.nrows > ctx.max_rows)
        finally:
            book.release_resources()
        return builder.finish()


def _xls_value(book, cell) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return format_value(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError):
            return format_value(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return format_value(cell.value)
