"""DOCX: paragraphs and tables in document order (python-docx).

Heading levels come from the paragraph's outline level, then its style chain's outline level, then the
built-in heading style (by its fixed English `w:name`, never a localised display name), then Chinese
numbering. Pages follow Word's rendered page breaks where the file has them, else explicit breaks."""

from __future__ import annotations

import re
import zipfile

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.tables import table_from_grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)


class DocxReader(Reader):
    name = "docx"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "word/document.xml" in probe.zip_names else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(probe.path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError("corrupt", f"docx: {exc}") from exc
        except Exception as exc:  # lxml raises its own syntax errors for broken XML parts
            if type(exc).__module__.startswith("lxml"):
                raise ReadError("corrupt", f"docx XML: {exc}") from exc
            raise
        doc = Document(path=probe.name, format="docx", reader=self.name)
        core_title = (document.core_properties.title or "").strip()
        if core_title:
            doc.meta.title = core_title
        builder = DocumentBuilder(doc)
        body = document.element.body
        rendered_breaks = bool(body.findall(f".//{_W}lastRenderedPageBreak"))
        page = 1
        builder.page(page)
        for element in _body_elements(body):
            if element.tag == f"{_W}tbl":
                builder.table(_table(element))
                continue
            if not rendered_breaks and _ppr_flag(element, "pageBreakBefore"):
                page += 1
                builder.page(page)
            _paragraph(builder, document, element)
            breaks = _count_breaks(element, rendered_breaks)
            if breaks:
                page += breaks
                builder.page(page)
        return builder.finish()


def _body_elements(body):
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for child in body.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_elements(content)


def _ppr_flag(p, name: str) -> bool:
    ppr = p.find(f"{_W}pPr")
    return ppr is not None and ppr.find(f"{_W}{name}") is not None


def _count_breaks(p, rendered: bool) -> int:
    if rendered:
        return len(p.findall(f".//{_W}lastRenderedPageBreak"))
    return sum(1 for br in p.iter(f"{_W}br") if br.get(f"{_W}type") == "page")


def _paragraph(builder: DocumentBuilder, document, p) -> None:
    from docx.text.paragraph import Paragraph

    para = Paragraph(p, document)
    text = para.text
    if not text.strip():
        return
    style = para.style
    style_name = (style.name or "") if style is not None else ""
    if style_name.lower() == "title":
        builder.title(text)
        return
    level = _outline_level(p, style)
    if level is None:
        m = _HEADING_NAME.match(style_name)
        level = int(m.group(1)) if m else None
    num_pr = p.find(f"{_W}pPr/{_W}numPr")
    list_level = None
    if level is None and num_pr is not None:
        ilvl = num_pr.find(f"{_W}ilvl")
        list_level = int(ilvl.get(f"{_W}val", "0")) + 1 if ilvl is not None else 1
    builder.text(text, outline_level=level, list_level=list_level)


def _outline_level(p, style) -> int | None:
    """1-based outline level from the paragraph, else from its style and the styles it is based on;
    Word's value 9 means body text."""
    candidates = [p.find(f"{_W}pPr/{_W}outlineLvl")]
    seen = 0
    while style is not None and seen < 10:
        candidates.append(style.element.find(f"{_W}pPr/{_W}outlineLvl"))
        style = style.base_style
        seen += 1
    for el in candidates:
        if el is not None:
            value = int(el.get(f"{_W}val", "9"))
            return value + 1 if value < 9 else None
    return None


_BREAKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t"}


def _cell_text(tc) -> str:
    """A cell's paragraphs, one a line; a line break inside a paragraph (w:br) is a line break too."""
    parts = [
        "".join((el.text or "") if el.tag == f"{_W}t" else _BREAKS.get(el.tag, "") for el in p.iter())
        for p in tc.iter(f"{_W}p")
    ]
    return "\n".join(s for s in parts if s.strip())


def _table(tbl):
    """The grid of a w:tbl with horizontal (gridSpan) and vertical (vMerge) merges resolved."""
    texts: list[list[str | None]] = []
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(tbl.findall(f"{_W}tr")):
        row: list[str | None] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            row += [None] * int(before.get(f"{_W}val", "0"))
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            c0 = len(row)
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and r > 0:
                above = origins.get((r - 1, c0), (r - 1, c0))
                for k in range(span):
                    origins[(r, c0 + k)] = above
                row += [None] * span
            else:
                row.append(_cell_text(tc))
                for k in range(1, span):
                    origins[(r, c0 + k)] = (r, c0)
                row += [None] * (span - 1)
        texts.append(row)
    return table_from_grid(texts, origins)
