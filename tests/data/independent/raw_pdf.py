"""A report's raw text (furniture/<name>.raw.txt) laid out as a real PDF would be: hard line breaks inside
every paragraph, the page number (`— 3 —`) at the foot of each page — also in the middle of a sentence,
where the raw text puts it — and a running header on every page after the first. Test data only."""

from __future__ import annotations

import re
from pathlib import Path

PAGE_NUMBER = re.compile(r"^\s*[—\-－–]?\s*(?:\d+|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*[—\-－–]?\s*$")
LINES_PER_PAGE = 60


def pages_of(raw: str) -> list[list[str]]:
    """The raw text's lines, page by page; each page ends with its page-number line."""
    pages, current = [], []
    for line in raw.splitlines():
        if not line.strip():
            continue
        current.append(line.strip())
        if PAGE_NUMBER.match(line):
            pages.append(current)
            current = []
    if current:
        pages.append(current)
    return pages


def render(raw_path: Path, out: Path, running_header: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from corpora.samples.render import cjk_font_path

    if "RawCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("RawCJK", cjk_font_path(), subfontIndex=0))
    width, height = A4
    size, left = 14, 72
    c = canvas.Canvas(str(out), pagesize=A4)
    pages = pages_of(raw_path.read_text("utf-8"))
    header = running_header or pages[0][0]
    for number, page in enumerate(pages, 1):
        y = height - 80
        if number > 1:
            c.setFont("RawCJK", 10)
            c.drawCentredString(width / 2, height - 40, header)
        for line in page:
            if PAGE_NUMBER.match(line):
                c.setFont("RawCJK", 12)
                c.drawCentredString(width / 2, 40, line)
                continue
            c.setFont("RawCJK", size)
            for k, chunk in enumerate(_wrap(line, width - 2 * left, size, pdfmetrics)):
                x = left + (2 * size if k == 0 else 0)  # first-line indent, as official documents have
                c.drawString(x, y, chunk)
                y -= size * 1.6
            y -= size * 0.4
        c.showPage()
    c.save()
    return out


def _wrap(line: str, column: float, size: float, pdfmetrics) -> list[str]:
    """Lines filled to the column's width, as a word processor breaks them (the first one indented)."""
    out, current, room = [], "", column - 2 * size
    for ch in line:
        if current and pdfmetrics.stringWidth(current + ch, "RawCJK", size) > room:
            out.append(current)
            current, room = "", column
        current += ch
    return [*out, current] if current else out
