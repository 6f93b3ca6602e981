"""Word documents in the layout of official documents (公文格式, after GB/T 9704): A4 with the standard margins,
a 2号 title in 小标宋, 主送 on its own line, a 3号 仿宋 body with two characters' first-line indent and a fixed
28-point line, 一、 headings in 黑体 and （一） headings in 楷体, all in black, and the 落款 with its date at the
end. Fonts are named as offices have them, each with a fallback Word takes where it is missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# role → (font, fallback), size in points
FONTS = {
    "title": (("方正小标宋简体", "华文中宋"), 22),  # 二号
    "body": (("仿宋_GB2312", "仿宋"), 16),  # 三号
    "h1": (("黑体", "SimHei"), 16),
    "h2": (("楷体_GB2312", "楷体"), 16),
    "table": (("仿宋_GB2312", "仿宋"), 12),  # 小四: a table of scores in 三号 would not fit
}
LINE = Pt(28)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Gongwen:
    def __init__(self):
        import docx

        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        self._font_table()

    def _font_table(self) -> None:
        """Declare each font with its fallback (w:altName) in the package's font table."""
        from lxml import etree

        part = next(r.target_part for r in self.doc.part.rels.values() if r.reltype.endswith("/fontTable"))
        root = etree.fromstring(part.blob)
        for (name, fallback), _ in FONTS.values():
            if root.find(f"{{{root.nsmap['w']}}}font[@{{{root.nsmap['w']}}}name='{name}']") is not None:
                continue
            font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): fallback})
            etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _paragraph(self, text: str, role: str, *, align=None, indent: bool = False, bold: bool = False):
        (name, _), size = FONTS[role]
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing, fmt.space_before, fmt.space_after = LINE, Pt(0), Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        style_run(run, name, size, bold)
        return p

    def title(self, text: str) -> None:
        self._paragraph(text, "title", align=WD_ALIGN_PARAGRAPH.CENTER)
        self._paragraph("", "body")

    def addressee(self, text: str) -> None:
        self._paragraph(f"{text}：", "body")

    def heading(self, text: str, level: int = 1) -> None:
        self._paragraph(text, "h1" if level == 1 else "h2", indent=True)

    def para(self, text: str) -> None:
        self._paragraph(text, "body", indent=True)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        (name, _), size = FONTS["table"]
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for row_cells, texts, bold in [(table.rows[0].cells, header, True)] + [
            (table.add_row().cells, r, False) for r in rows
        ]:
            for cell, text in zip(row_cells, texts, strict=True):
                cell.text = ""
                style_run(cell.paragraphs[0].add_run(text), name, size, bold)

    def signature(self, issuer: str, day: date) -> None:
        """落款: the issuing body and the date, right-aligned, after a blank line."""
        self._paragraph("", "body")
        for text in (issuer, chinese_date(day)):
            p = self._paragraph(text, "body", align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(16 * 4)

    def save(self, out: Path) -> Path:
        out.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(out))
        return out


def style_run(run, name: str, size: float, bold: bool = False) -> None:
    """A run in `name` for Chinese and Latin text alike, in black."""
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


__all__ = ["FONTS", "Gongwen", "chinese_date"]
