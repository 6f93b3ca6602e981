"""Build the indicator-table corpus (评价指标体系表): every case of `cases.py` written as the table file
of its shape (.xlsx, .docx, and .xls/.doc converted with LibreOffice).

    python -m tests.data.tables.build OUT_DIR        # write every table file into OUT_DIR
    python -m tests.data.tables.build --expected     # rewrite the <case>.yaml answer keys from cases.py
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tests.data.tables.cases import Case, Ind, Point, all_cases, expected, max_score

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2022, 12, 20, 9, 0, 0)
SOFFICE_TIMEOUT = 180

# A data row is ("data", path, point); any other row is ("cells", {column: value}, [(first, last) merged]).
Row = tuple
LEVEL_KEYS = ("L1", "L2", "L3")


def num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def score_value(value: float | None, as_text: bool):
    if value is None:
        return None
    if as_text:
        return num(value)
    return int(value) if float(value).is_integer() else value


def full_width(text: str) -> str:
    """ASCII digits, letters and signs in full-width form (１２, ８５％, ０．５), as mirrored pages write them."""
    return "".join(chr(ord(ch) + 0xFEE0) if 0x21 <= ord(ch) <= 0x7E else ch for ch in text)


def broken(name: str) -> str:
    """A name typed into a narrow Word column with a manual line break after every two characters."""
    parts = [name[i : i + 2] for i in range(0, len(name), 2)]
    if len(parts) > 1 and len(parts[-1]) == 1:
        parts[-2:] = [parts[-2] + parts[-1]]
    return "\n".join(parts)


def ind_label(node: Ind, *, code: bool = False, score: str | None = "（{}分）") -> str:
    text = f"{node.code} {node.name}" if code and node.code else node.name
    if score and node.score is not None:
        text += score.format(num(node.score))
    return text


def data_rows(tree) -> list[Row]:
    rows: list[Row] = []

    def go(nodes, path):
        for node in nodes:
            if isinstance(node, Point):
                rows.append(("data", path, node))
            else:
                go(node.children, [*path, node])

    go(tree, [])
    return rows


def total_row(label_col: int, score_col: int, total: float, as_text: bool = False, label: str = "合计") -> Row:
    merges = [(label_col, score_col - 1)] if score_col - 1 > label_col else []
    return ("cells", {label_col: label, score_col: score_value(total, as_text)}, merges)


def spanning(text: str, ncols: int) -> Row:
    return ("cells", {0: text}, [(0, ncols - 1)])


def level_groups(rows: list[Row], depth: int) -> list[tuple[int, int, Ind]]:
    """(first, last, node) runs of consecutive data rows under the same level-`depth` indicator."""
    groups, start, current = [], None, None
    for i, row in enumerate([*rows, ("end",)]):
        node = row[1][depth] if row[0] == "data" and len(row[1]) > depth else None
        if node is not current:
            if current is not None:
                groups.append((start, i - 1, current))
            start, current = i, node
    return groups


class Layout:
    """How one case writes a data row: the column keys and the cell texts."""

    def __init__(
        self,
        keys: list[str],
        labels: dict[int, Callable[[Ind], str]],
        *,
        ev_sep: str = "、",
        unit_sep: str = "、",
        point_code: bool = False,
        scores_as_text: bool = False,
        note: Callable[[Point], str] | None = None,
        score_fmt: Callable[[Point], object] | None = None,
    ):
        self.keys, self.labels = keys, labels
        self.ev_sep, self.unit_sep = ev_sep, unit_sep
        self.point_code, self.scores_as_text, self.note = point_code, scores_as_text, note
        self.score_fmt = score_fmt
        self.seq = 0

    def levels(self) -> dict[int, int]:
        """column → depth of the indicator shown there."""
        return {c: int(k[1]) - 1 for c, k in enumerate(self.keys) if k in LEVEL_KEYS}

    def value(self, key: str, path: list[Ind], point: Point):
        if key in LEVEL_KEYS:
            depth = int(key[1]) - 1
            return self.labels[depth](path[depth])
        if key == "point":
            return f"{point.code} {point.name}" if self.point_code else point.name
        if key == "score":
            if self.score_fmt:
                return self.score_fmt(point)
            return score_value(point.score, self.scores_as_text)
        if key == "rule":
            return point.rule
        if key == "ev":
            return self.ev_sep.join(point.evidence)
        if key == "units":
            return self.unit_sep.join(point.units)
        if key == "method":
            return point.method
        if key == "seq":
            self.seq += 1
            return self.seq
        if key == "code":
            return point.code
        if key == "note":
            return self.note(point) if self.note else ""
        if key == "blank":  # a column the table leaves to be filled in (自评得分, 自评说明)
            return ""
        raise KeyError(key)


# -- xlsx -----------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def xlsx_rows(ws, top: int, layout: Layout, rows: list[Row]) -> int:
    """Write rows from `top`; level cells merged over their points. Returns the next free row."""
    ncols = len(layout.keys)
    for i, row in enumerate(rows):
        r = top + i
        if row[0] == "data":
            _, path, point = row
            for c, key in enumerate(layout.keys):
                if key in LEVEL_KEYS:
                    continue
                ws.cell(r, c + 1, layout.value(key, path, point))
        else:
            _, cells, merges = row
            for c, value in cells.items():
                ws.cell(r, c + 1, value)
            for first, last in merges:
                ws.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        for c in range(ncols):
            ws.cell(r, c + 1).border = BOX
            ws.cell(r, c + 1).alignment = WRAP
    for c, depth in layout.levels().items():
        for first, last, node in level_groups(rows, depth):
            ws.cell(top + first, c + 1, layout.labels[depth](node)).alignment = CENTER
            if last > first:
                ws.merge_cells(start_row=top + first, start_column=c + 1, end_row=top + last, end_column=c + 1)
    return top + len(rows)


def xlsx_header(ws, row: int, headers: list[str]) -> None:
    for c, text in enumerate(headers, 1):
        cell = ws.cell(row, c, text)
        cell.font, cell.border, cell.alignment = Font(bold=True), BOX, CENTER


def xlsx_line(
    ws, row: int, text: str, ncols: int, *, merge: bool = True, bold: bool = False, size: int = 11, height_rows: int = 1
) -> None:
    cell = ws.cell(row, 1, text)
    cell.font = Font(bold=bold, size=size)
    if merge:
        ws.merge_cells(start_row=row, start_column=1, end_row=row + height_rows - 1, end_column=ncols)
        cell.alignment = CENTER if bold else WRAP


def xlsx_widths(ws, widths: list[float]) -> None:
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width


def new_workbook(title: str = "指标体系") -> tuple[Workbook, object]:
    wb = Workbook()
    wb.properties.creator = "教育督导室"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = title
    return wb, ws


STD_KEYS = ["L1", "L2", "point", "score", "rule", "ev", "units"]
STD_HEAD = ["一级指标", "二级指标", "评价要点", "分值", "评分标准", "佐证材料", "责任单位"]
STD_WIDTHS = [16, 16, 44, 7, 40, 26, 18]


def scored(fmt: str = "（{}分）", code: bool = False) -> Callable[[Ind], str]:
    return lambda node: ind_label(node, code=code, score=fmt)


def plain(node: Ind) -> str:
    return node.name


def render_t01(case: Case, path: Path) -> None:
    wb, ws = new_workbook("评价指标")
    layout = Layout(STD_KEYS, {0: scored(code=True), 1: scored(code=True)}, point_code=True)
    n = len(STD_KEYS)
    f = case.furniture
    ws.cell(1, 1, f["attachment"])
    xlsx_line(ws, 2, case.title, n, bold=True, size=16, height_rows=2)
    xlsx_line(ws, 4, f["issuer"], n)
    ws.cell(4, 1).alignment = CENTER
    xlsx_header(ws, 5, STD_HEAD)
    rows = [*data_rows(case.tree), total_row(0, 3, max_score(case.tree))]
    rows += [spanning(note, n) for note in f["notes"]]
    xlsx_rows(ws, 6, layout, rows)
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t02(case: Case, path: Path) -> None:
    wb, ws = new_workbook()
    keys = STD_KEYS
    layout = Layout(keys, {0: plain, 1: plain}, ev_sep="\n")
    n = len(keys)
    xlsx_line(ws, 1, case.title, n, bold=True, size=16)
    r = 2
    for note in case.furniture["notes_before"]:
        ws.cell(r, 1, note)
        r += 1
    r += 1  # an empty row between the notes and the table
    xlsx_header(ws, r, ["一级指标", "二级指标", "观测点", "分值", "评分标准", "佐证材料", "责任单位"])
    end = xlsx_rows(ws, r + 1, layout, data_rows(case.tree))
    ws.cell(end + 1, 1, case.furniture["note_after"])
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t03(case: Case, path: Path) -> None:
    wb, ws = new_workbook("三级指标")

    def note(p: Point) -> str:
        if "一般公共预算教育经费逐年只增不减" in p.rule:
            return "约束性指标"
        return "定量指标" if p.rules else ""

    keys = ["score", "seq", "L1", "L2", "point", "rule", "units", "note"]
    layout = Layout(keys, {0: scored("\n（{}分）"), 1: scored()}, note=note)
    xlsx_line(ws, 1, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 2, ["分值", "序号", "一级指标", "二级指标", "三级指标", "评分标准", "责任单位", "备注"])
    total = ("cells", {0: score_value(max_score(case.tree), False), 1: "合计"}, [(1, 4)])
    xlsx_rows(ws, 3, layout, [*data_rows(case.tree), total])
    xlsx_widths(ws, [7, 6, 14, 14, 44, 40, 20, 10])
    save_xlsx(wb, path)


def render_t04(case: Case, path: Path) -> None:
    wb, ws = new_workbook()
    keys = ["L1", "L2", "point", "score", "rule", "method", "ev", "units"]
    layout = Layout(keys, {0: scored(), 1: scored()}, ev_sep="；")
    n = len(keys)
    ws.cell(1, 1, case.furniture["attachment"])
    xlsx_line(ws, 2, case.title, n, bold=True, size=16)
    # two header rows: 评价指标 spans 一级指标|二级指标; the other headers span both rows
    xlsx_header(ws, 3, ["评价指标", None, "评价要点", "分值", "评价标准", "评价方式", "佐证材料", "责任单位"])
    xlsx_header(ws, 4, ["一级指标", "二级指标", None, None, None, None, None, None])
    ws.merge_cells("A3:B3")
    for c in range(3, n + 1):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    xlsx_rows(ws, 5, layout, [*data_rows(case.tree), total_row(0, 3, max_score(case.tree))])
    xlsx_widths(ws, [16, 16, 44, 7, 40, 14, 26, 18])
    save_xlsx(wb, path)


def render_t05(case: Case, path: Path) -> None:
    wb, ws = new_workbook("学前教育")
    keys = ["L1", "point", "score", "rule", "ev"]
    layout = Layout(keys, {0: scored()})
    ws.cell(1, 1, case.furniture["attachment"])
    xlsx_line(ws, 2, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 3, ["评价指标", "评价内容（观测点）", "分值", "评分标准", "佐证材料"])
    xlsx_rows(ws, 4, layout, [*data_rows(case.tree), total_row(0, 2, max_score(case.tree))])
    xlsx_widths(ws, [16, 50, 7, 40, 30])
    save_xlsx(wb, path)


def render_t06(case: Case, path: Path) -> None:
    wb, ws = new_workbook()
    layout = Layout(
        STD_KEYS, {0: lambda n: f"{n.code} {n.name}", 1: lambda n: f"{n.code} {n.name}"}, unit_sep="，", point_code=True
    )
    xlsx_line(ws, 1, case.title, len(STD_KEYS), bold=True, size=16)
    xlsx_header(ws, 2, ["一级指标", "二级指标", "评价内容", "分值", "评分办法", "佐证材料", "责任单位"])
    xlsx_rows(ws, 3, layout, data_rows(case.tree))
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t07(case: Case, path: Path) -> None:
    wb, ws = new_workbook()
    keys = ["L1", "L2", "point", "score", "ev", "units"]
    layout = Layout(keys, {0: plain, 1: plain}, ev_sep="\n", scores_as_text=True)
    xlsx_line(ws, 1, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 2, ["一级指标", "二级指标", "评价要点", "分值", "佐证材料", "责任单位"])
    xlsx_rows(ws, 3, layout, data_rows(case.tree))
    xlsx_widths(ws, [16, 16, 60, 7, 26, 18])
    save_xlsx(wb, path)


def render_t08(case: Case, path: Path) -> None:
    wb, ws = new_workbook()
    layout = Layout(STD_KEYS, {0: scored(), 1: scored()})
    n = len(STD_KEYS)
    ws.cell(1, 1, case.furniture["attachment"])
    xlsx_line(ws, 2, case.title, n, bold=True, size=16)
    xlsx_header(ws, 3, STD_HEAD)
    main, bonus = case.tree[:-1], case.tree[-1:]
    rows = [*data_rows(main), total_row(0, 3, max_score(main)), spanning(case.furniture["bonus_banner"], n)]
    rows += data_rows(bonus)
    xlsx_rows(ws, 4, layout, rows)
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t09(case: Case, path: Path) -> None:
    wb, ws = new_workbook("评分细则")
    layout = Layout(STD_KEYS, {0: scored(), 1: scored()}, ev_sep="；")
    xlsx_line(ws, 1, case.title, len(STD_KEYS), bold=True, size=16)
    xlsx_header(ws, 2, STD_HEAD)
    end = xlsx_rows(ws, 3, layout, [*data_rows(case.tree), total_row(0, 3, max_score(case.tree))])
    ws.cell(end, 1, case.furniture["note_after"])
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t14(case: Case, path: Path) -> None:
    wb, ws = new_workbook("督导评估方案")
    keys = ["L1", "L2", "code", "point", "score", "rule", "ev"]
    layout = Layout(keys, {0: scored(code=True), 1: scored(code=True)}, ev_sep="；")
    xlsx_line(ws, 1, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 2, ["一级指标", "二级指标", "编号", "评估要素", "权重", "计分办法", "佐证资料"])
    end = xlsx_rows(ws, 3, layout, data_rows(case.tree))
    ws.cell(end, 1, case.furniture["note_after"])
    xlsx_widths(ws, [18, 18, 7, 44, 7, 40, 30])
    save_xlsx(wb, path)


def render_t15(case: Case, path: Path) -> None:
    wb, ws = new_workbook("Sheet1")
    layout = Layout(STD_KEYS, {0: scored("({}分)"), 1: plain}, ev_sep=";", scores_as_text=True)
    xlsx_line(ws, 1, case.title, len(STD_KEYS), bold=True, size=16)
    xlsx_header(ws, 2, STD_HEAD)
    end = xlsx_rows(ws, 3, layout, [*data_rows(case.tree), total_row(0, 3, max_score(case.tree), as_text=True)])
    for i, note in enumerate(case.furniture["notes"]):
        ws.cell(end + 1 + i, 1, note)
    xlsx_widths(ws, STD_WIDTHS)
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    save_xlsx(wb, path)


def save_xlsx(wb: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(fixed_zip(buffer.getvalue()))


def fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, so that a build is byte-for-byte repeatable."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 12, 20, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2022-12-20T09:00:00Z", content)
            dst.writestr(fixed, content)
    return out.getvalue()


# -- docx -----------------------------------------------------------------------------------------


def new_document() -> Document:
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "教育督导室"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "宋体", Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    return doc


def para(doc: Document, text: str, *, bold: bool = False, size: int | None = None, center: bool = False) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def repeat_header(row) -> None:
    """Mark a table row as a header row repeated on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def docx_table(
    doc: Document,
    headers: list[str],
    layout: Layout,
    rows: list[Row],
    *,
    repeat: bool = False,
    widths: list[float] | None = None,
    header: bool = True,
):
    """A Word table: the header row (left out for a table that continues another), then `rows`."""
    top = 1 if header else 0
    table = doc.add_table(rows=top + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        for c, text in enumerate(headers):
            cell = table.cell(0, c)
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
    if repeat:
        repeat_header(table.rows[0])
    for i, row in enumerate(rows, top):
        if row[0] == "data":
            _, path, point = row
            for c, key in enumerate(layout.keys):
                if key not in LEVEL_KEYS:
                    value = layout.value(key, path, point)
                    table.cell(i, c).text = "" if value is None else str(value)
        else:
            _, cells, merges = row
            for c, value in cells.items():
                table.cell(i, c).text = "" if value is None else str(value)
            for first, last in merges:
                text = table.cell(i, first).text
                merged = table.cell(i, first).merge(table.cell(i, last))
                merged.text = text
    for c, depth in layout.levels().items():
        for first, last, node in level_groups(rows, depth):
            cell = table.cell(top + first, c)
            if last > first:
                cell = cell.merge(table.cell(top + last, c))
            cell.text = layout.labels[depth](node)
    if widths:
        for c, width in enumerate(widths):
            for row in table.rows:
                row.cells[c].width = Cm(width)
    return table


def save_docx(doc: Document, path: Path) -> None:
    # Word always ends the body with a paragraph; without one, LibreOffice drops a final table on export
    if doc.element.body[-2].tag == qn("w:tbl"):
        doc.add_paragraph()
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(fixed_zip(buffer.getvalue()))


DOC_WIDTHS = [3.0, 3.0, 7.5, 1.4, 6.5, 3.6, 2.6]


def render_t10(case: Case, path: Path) -> None:
    doc = new_document()
    para(doc, case.furniture["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    layout = Layout(STD_KEYS, {0: scored(), 1: plain})
    rows = [*data_rows(case.tree), total_row(0, 3, max_score(case.tree))]
    docx_table(doc, STD_HEAD, layout, rows, widths=DOC_WIDTHS)
    save_docx(doc, path)


def render_t11(case: Case, path: Path) -> None:
    doc = new_document()
    para(doc, case.furniture["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    para(doc, case.furniture["issuer"], center=True)
    layout = Layout(STD_KEYS, {0: scored(), 1: scored()}, ev_sep="\n")
    for i, area in enumerate(case.tree):
        rows = data_rows([area])
        if i == len(case.tree) - 1:
            rows.append(total_row(0, 3, max_score(case.tree)))
        docx_table(doc, STD_HEAD, layout, rows, repeat=True, widths=DOC_WIDTHS)
        if i < len(case.tree) - 1:
            doc.add_paragraph()
    save_docx(doc, path)


def render_t12(case: Case, path: Path) -> None:
    doc = new_document()
    para(doc, case.title, bold=True, size=16, center=True)
    keys = ["seq", "L1", "L2", "point", "score", "rule", "ev", "units"]
    layout = Layout(keys, {0: scored(), 1: plain}, ev_sep="；", unit_sep="/")
    headers = ["序号", "一级指标", "二级指标", "考核要点", "标准分", "评分细则", "备查材料", "牵头单位"]
    rows = [*data_rows(case.tree), total_row(0, 4, max_score(case.tree), label="总计")]
    docx_table(doc, headers, layout, rows, widths=[1.2, 2.6, 2.6, 6.5, 1.4, 6.0, 4.0, 2.6])
    save_docx(doc, path)


def render_t13(case: Case, path: Path) -> None:
    doc = new_document()
    para(doc, case.furniture["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    layout = Layout(STD_KEYS, {0: scored(), 1: scored()})
    rows = data_rows(case.tree)
    after = case.furniture["repeat_after"]
    cut = max(i for i, row in enumerate(rows) if row[1][1].name == after) + 1
    rows = [*rows[:cut], ("cells", dict(enumerate(STD_HEAD)), []), *rows[cut:]]
    rows.append(total_row(0, 3, max_score(case.tree)))
    docx_table(doc, STD_HEAD, layout, rows, repeat=True, widths=DOC_WIDTHS)
    save_docx(doc, path)


def render_t16(case: Case, path: Path) -> None:
    doc = new_document()
    para(doc, case.title, bold=True, size=16, center=True)
    keys = ["L1", "L2", "point", "rule", "score", "method"]
    layout = Layout(keys, {0: scored(), 1: plain})
    headers = ["一级指标", "二级指标", "三级指标", "评价要点", "分  值", "考核方式"]
    rows = [*data_rows(case.tree), total_row(0, 4, max_score(case.tree))]
    docx_table(doc, headers, layout, rows, widths=[3.0, 3.0, 4.0, 11.0, 1.6, 3.0])
    save_docx(doc, path)


# -- t17–t22 --------------------------------------------------------------------------------------

CN_NUMERALS = "一二三四五六七八九十"


def docx_grid(doc: Document, rows: list[list[str]], widths: list[float], bold_rows: set[int] = frozenset()):
    """A plain Word table of text rows, without merged cells; the first row is the header."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = r == 0 or r in bold_rows
            cell.width = Cm(widths[c])
    return table


def render_t17(case: Case, path: Path) -> None:
    """序号 | 指标 | 分值 | 赋分办法: the 序号 column alone tells an area (一, 二) from a point (1…N)."""
    doc = new_document()
    para(doc, case.furniture["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    rows = [["序号", "指  标", "分值", "赋分办法"]]
    bold, seq = set(), 0
    for i, area in enumerate(case.tree):
        bold.add(len(rows))
        rows.append([CN_NUMERALS[i], area.name, num(area.score), ""])
        for point in area.children:
            seq += 1
            rows.append([str(seq), point.name, num(point.score), point.rule])
    rows.append(["", "合计", num(max_score(case.tree)), ""])
    docx_grid(doc, rows, [1.4, 5.0, 1.4, 16.0], bold)
    para(doc, case.furniture["note_after"])
    save_docx(doc, path)


def render_t18(case: Case, path: Path) -> None:
    wb, ws = new_workbook("评价指标")
    keys = ["L1", "L2", "L3", "point", "score", "rule", "ev"]
    layout = Layout(keys, {0: plain, 1: plain, 2: plain}, ev_sep="；", score_fmt=lambda p: f"{num(p.score)}分")
    xlsx_line(ws, 1, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 2, ["一级指标", "二级指标", "三级指标", "观测点", "分值", "评分标准", "佐证材料"])
    xlsx_rows(ws, 3, layout, [*data_rows(case.tree), total_row(0, 4, max_score(case.tree))])
    xlsx_widths(ws, [12, 12, 14, 44, 7, 40, 28])
    save_xlsx(wb, path)


def render_t19(case: Case, path: Path) -> None:
    f = case.furniture
    doc = new_document()
    para(doc, f["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    para(doc, f["mirror"], center=True)
    layout = Layout(
        STD_KEYS,
        {0: lambda n: f"{n.name}（{full_width(num(n.score))}分）", 1: plain},
        score_fmt=lambda p: full_width(num(p.score)),
    )
    total = ("cells", {0: "合計", 3: full_width(num(max_score(case.tree)))}, [(0, 2)])
    docx_table(doc, f["headers"], layout, [*data_rows(case.tree), total], widths=DOC_WIDTHS)
    para(doc, f["note_after"])
    save_docx(doc, path)


def render_t20(case: Case, path: Path) -> None:
    wb, guide = new_workbook("填表说明")
    for r, line in enumerate(case.furniture["guide"], 1):
        guide.cell(r, 1, line).font = Font(bold=r == 1, size=14 if r == 1 else 11)
    xlsx_widths(guide, [90])
    ws = wb.create_sheet("评价指标")
    layout = Layout(STD_KEYS, {0: scored(), 1: scored()}, ev_sep="；")
    n = len(STD_KEYS)
    xlsx_line(ws, 1, case.title, n, bold=True, size=16)
    xlsx_header(ws, 2, STD_HEAD)
    rows = [*data_rows(case.tree), total_row(0, 3, max_score(case.tree)), spanning(case.furniture["note_after"], n)]
    xlsx_rows(ws, 3, layout, rows)
    xlsx_widths(ws, STD_WIDTHS)
    save_xlsx(wb, path)


def render_t21(case: Case, path: Path) -> None:
    wb, ws = new_workbook("监测指标")
    f = case.furniture
    keys = ["L1", "point", "score", "rule", "ev"]

    def area(node: Ind) -> str:
        return f"{node.name}（{num(node.score)}%）" if node.score is not None else f["bonus_label"]

    def weight(point: Point):
        return f"+{num(point.score)}" if point.bonus else score_value(point.score, False)

    layout = Layout(keys, {0: area}, ev_sep="；", score_fmt=weight)
    ws.cell(1, 1, f["attachment"])
    xlsx_line(ws, 2, case.title, len(keys), bold=True, size=16)
    xlsx_header(ws, 3, ["一级指标", "二级指标", "权重（%）", "评价标准", "佐证材料"])
    main, bonus = case.tree[:-1], case.tree[-1:]
    rows = [*data_rows(main), total_row(0, 2, max_score(main)), *data_rows(bonus)]
    xlsx_rows(ws, 4, layout, rows)
    xlsx_widths(ws, [18, 44, 9, 44, 28])
    save_xlsx(wb, path)


def render_t22(case: Case, path: Path) -> None:
    """A self-evaluation form split in two Word tables; the second one continues without a header row."""
    f = case.furniture
    doc = new_document()
    para(doc, f["attachment"], bold=True)
    para(doc, case.title, bold=True, size=16, center=True)
    para(doc, f["county_line"])
    keys = ["seq", "L1", "L2", "point", "score", "rule", "blank", "blank", "ev"]
    headers = ["序号", "一级指标", "二级指标", "评价要点", "分值", "评分标准", "自评得分", "自评说明", "佐证材料"]
    labels = {0: lambda n: f"{broken(n.name)}\n（{num(n.score)}分）", 1: lambda n: broken(n.name)}
    layout = Layout(keys, labels, ev_sep="；")
    rows = data_rows(case.tree)
    cut = next(i for i, row in enumerate(rows) if row[2].name == f["split_after"]) + 1
    widths = [1.0, 1.6, 1.6, 6.4, 1.2, 6.0, 1.4, 2.6, 4.0]
    docx_table(doc, headers, layout, rows[:cut], widths=widths)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para(doc, "续表")
    rest = [*rows[cut:], total_row(0, 4, max_score(case.tree)), spanning(f["signature"], len(keys))]
    docx_table(doc, headers, layout, rest, widths=widths, header=False)
    save_docx(doc, path)


RENDER = {
    "t01": render_t01,
    "t02": render_t02,
    "t03": render_t03,
    "t04": render_t04,
    "t05": render_t05,
    "t06": render_t06,
    "t07": render_t07,
    "t08": render_t08,
    "t09": render_t09,
    "t10": render_t10,
    "t11": render_t11,
    "t12": render_t12,
    "t13": render_t13,
    "t14": render_t14,
    "t15": render_t15,
    "t16": render_t16,
    "t17": render_t17,
    "t18": render_t18,
    "t19": render_t19,
    "t20": render_t20,
    "t21": render_t21,
    "t22": render_t22,
}
SOURCE_FORMAT = {"xls": "xlsx", "doc": "docx"}
SOFFICE_FILTER = {"xls": "xls:MS Excel 97", "doc": "doc:MS Word 97", "xlsx": "xlsx", "docx": "docx"}


# -- LibreOffice ----------------------------------------------------------------------------------


def soffice_convert(files: list[Path], target: str, out_dir: Path, timeout: int = SOFFICE_TIMEOUT) -> None:
    """Convert `files` to `target` (xls, doc, xlsx, docx) into `out_dir` with one LibreOffice run and a
    private profile, so that parallel runs do not share a lock."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write .xls and .doc files")
    with tempfile.TemporaryDirectory(prefix="jiaodu-soffice-") as profile:
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            SOFFICE_FILTER[target],
            "--outdir",
            str(out_dir),
            *map(str, files),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": profile})
    missing = [f.name for f in files if not (out_dir / f"{f.stem}.{target}").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing} to {target}")


# -- the corpus -----------------------------------------------------------------------------------


def build_all(out_dir: Path) -> dict[str, Path]:
    """Write every table of the corpus into `out_dir`; {case name: file}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    built: dict[str, Path] = {}
    to_convert: dict[str, list[Path]] = {}
    with tempfile.TemporaryDirectory(prefix="jiaodu-tables-") as tmp:
        for case in all_cases():
            render = RENDER[case.name[:3]]
            source = SOURCE_FORMAT.get(case.fmt)
            if source is None:
                render(case, out_dir / case.file)
            else:
                staged = Path(tmp) / f"{case.name}.{source}"
                render(case, staged)
                to_convert.setdefault(case.fmt, []).append(staged)
            built[case.name] = out_dir / case.file
        for target, files in to_convert.items():
            soffice_convert(files, target, out_dir)
    return built


# -- answer keys ----------------------------------------------------------------------------------

_FLOW_UNSAFE = set(",[]{}:#&*!|>'\"%@`")


def _scalar(value, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return num(value)
    text = str(value)
    plain_ok = (
        text
        and text == text.strip()
        and "\n" not in text
        and not (flow and _FLOW_UNSAFE & set(text))
        and ": " not in text
        and " #" not in text
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and yaml.safe_load(text) == text
    )
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value, flow=True)


def to_yaml(key: dict) -> str:
    """The answer key in the corpus' YAML layout: nodes as blocks, rules and sub-points one per line."""
    lines = [f"{k}: {_scalar(key[k])}" for k in ("case", "file", "about", "max_score")]
    lines.append("skipped:" + ("" if key["skipped"] else " []"))
    lines += [f"  - {_scalar(s)}" for s in key["skipped"]]
    lines.append("nodes:")
    for node in key["nodes"]:
        first = True
        for k, v in node.items():
            prefix = "  - " if first else "    "
            first = False
            if k in ("rules", "sub_points"):
                lines.append(f"{prefix}{k}:" + ("" if v else " []"))
                lines += [f"      - {_flow(item)}" for item in v]
            elif isinstance(v, list):
                lines.append(f"{prefix}{k}: {_flow(v)}")
            else:
                lines.append(f"{prefix}{k}: {_scalar(v)}")
    return "\n".join(lines) + "\n"


def write_expected(directory: Path = HERE) -> list[Path]:
    written = []
    for case in all_cases():
        key = expected(case)
        text = to_yaml(key)
        assert yaml.safe_load(text) == key, case.name  # the layout must load back to the same data
        path = Path(directory) / f"{case.name}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def answer_keys(directory: Path = HERE) -> dict[str, dict]:
    """The committed answer keys, {case name: the content of <case>.yaml}."""
    keys = {}
    for path in sorted(Path(directory).glob("t[0-9][0-9]_*.yaml")):
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys[key["case"]] = key
    return keys


def main(argv: list[str]) -> int:
    if argv == ["--expected"]:
        for path in write_expected():
            print(path)
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    for name, path in build_all(Path(argv[0])).items():
        print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
