"""Writers for the project's own sample documents (样例文件): text PDFs, scanned pages, DOCX, XLSX.

Nothing here copies a third-party document: every file is drawn from text given by the caller.
"""

from __future__ import annotations

import glob
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CID_FONT = "STSong-Light"  # reportlab's built-in Chinese CID font (not embedded)
_FONT_GLOBS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/**/*CJK*.tt?",
]


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class TableSpec:
    rows: list[list[str]]
    merges: Sequence[tuple[int, int, int, int]] = ()  # (row0, col0, row1, col1), inclusive


Item = str | Heading | TableSpec


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """A TrueType font with Chinese glyphs (Debian's fonts-wqy-microhei, installed by `make`)."""
    for pattern in _FONT_GLOBS:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    raise FileNotFoundError("没有找到中文字体：请安装 fonts-wqy-microhei（make setup 会安装）")


def _register_cid_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))


def text_pdf(path: Path, items: Sequence[Item], title: str | None = None) -> Path:
    """A text PDF laid out like an office document: wrapped paragraphs (hard line breaks inside
    sentences), larger headings, and ruled tables with merged cells."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_cid_font()
    body = ParagraphStyle("body", fontName=CID_FONT, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=CID_FONT, fontSize=9, leading=12, wordWrap="CJK")
    heads = {
        lvl: ParagraphStyle(
            f"h{lvl}",
            fontName=CID_FONT,
            fontSize=size,
            leading=size * 1.6,
            spaceBefore=6,
            spaceAfter=4,
            wordWrap="CJK",
        )
        for lvl, size in ((1, 15), (2, 13), (3, 12))
    }
    title_style = ParagraphStyle("title", fontName=CID_FONT, fontSize=18, leading=28, alignment=1, spaceAfter=12)
    story: list = []
    if title:
        story.append(Paragraph(title, title_style))
    for item in items:
        if isinstance(item, Heading):
            story.append(Paragraph(item.text, heads[min(item.level, 3)]))
        elif isinstance(item, TableSpec):
            data = [[Paragraph(v, cell) for v in row] for row in item.rows]
            table = Table(data, repeatRows=1)
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in item.merges]
            table.setStyle(TableStyle(style))
            story += [table, Spacer(1, 8)]
        else:
            story.append(Paragraph(item, body))
    path.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=72,
        rightMargin=72,
        topMargin=72,
        bottomMargin=72,
        title=title or "",
    ).build(story)
    return path


def page_image(
    lines: Sequence[str],
    *,
    noise: float = 0.0,
    skew: float = 0.0,
    seed: int = 0,
    size: tuple[int, int] = (1240, 1754),
    font_px: int = 30,
):
    """A scanned-looking A4 page (150 dpi) of `lines` drawn with a CJK font, optionally noisy and skewed."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(cjk_font_path(), font_px)
    img = Image.new("L", size, 250)
    draw = ImageDraw.Draw(img)
    y = 150
    for line in lines:
        draw.text((120, y), line, font=font, fill=25)
        y += int(font_px * 1.9)
    if noise:
        px = img.load()
        for _ in range(int(size[0] * size[1] * noise)):
            x, yy = rng.randrange(size[0]), rng.randrange(size[1])
            px[x, yy] = rng.choice((0, 90, 200))
        img = img.filter(ImageFilter.GaussianBlur(0.6))
    if skew:
        img = img.rotate(skew, fillcolor=250, resample=Image.Resampling.BICUBIC)
    return img


def scanned_pdf(path: Path, pages: Sequence[Sequence[str]], **kw) -> Path:
    """An image-only PDF: each page a scanned image, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    for i, lines in enumerate(pages):
        buf = io.BytesIO()
        page_image(lines, seed=i, **kw).save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return path


def docx(
    path: Path, items: Sequence[Item], *, styled: bool = True, outline: bool = False, title: str | None = None
) -> Path:
    """A Word document. `styled`: headings use the built-in heading styles; `outline`: headings are plain
    paragraphs carrying an outline level; neither: headings are recognisable by their numbering only."""
    import docx as python_docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = python_docx.Document()
    if title and styled:
        document.add_heading(title, level=0)
    elif title:
        document.add_paragraph(title)
    for item in items:
        if isinstance(item, Heading):
            if styled:
                document.add_heading(item.text, level=item.level)
            else:
                para = document.add_paragraph(item.text)
                if outline:
                    lvl = OxmlElement("w:outlineLvl")
                    lvl.set(qn("w:val"), str(item.level - 1))
                    para._p.get_or_add_pPr().append(lvl)
        elif isinstance(item, TableSpec):
            n_cols = max(len(r) for r in item.rows)
            table = document.add_table(rows=len(item.rows), cols=n_cols)
            covered = {
                (r, c)
                for r0, c0, r1, c1 in item.merges
                for r in range(r0, r1 + 1)
                for c in range(c0, c1 + 1)
                if (r, c) != (r0, c0)
            }
            for r, row in enumerate(item.rows):
                for c, value in enumerate(row):
                    if (r, c) not in covered:
                        table.cell(r, c).text = value
            for r0, c0, r1, c1 in item.merges:
                keep = table.cell(r0, c0).text
                table.cell(r0, c0).merge(table.cell(r1, c1)).text = keep
        else:
            document.add_paragraph(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def xlsx(path: Path, sheets: dict[str, TableSpec], formulas: dict[str, dict[str, str]] | None = None) -> Path:
    """A workbook with one table per sheet; `formulas` puts formulas in cells (sheet → {A1: "=…"})."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, spec in sheets.items():
        ws = wb.create_sheet(name)
        for row in spec.rows:
            ws.append([_cell_value(v) for v in row])
        for r0, c0, r1, c1 in spec.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for ref, formula in (formulas or {}).get(name, {}).items():
            ws[ref] = formula
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def _cell_value(value: str):
    try:
        return int(value) if value.isdigit() else float(value)
    except ValueError:
        return value
