"""PDF: page text from PDFium (fast), tables from pdfplumber on the pages that draw ruling lines,
OCR for scanned pages and pages whose text layer is garbage."""

from __future__ import annotations

import logging

from corpora.text.chars import cjk_count, garbage_ratio
from extract import ocr
from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.layout import Line, PageMetrics, feed_lines, merge_fragments
from extract.model import BBox, Document, Table
from extract.readers.base import Probe, ReadContext, Reader
from extract.tables import table_from_grid

log = logging.getLogger(__name__)

OCR_SCALE = 2.5  # 180 dpi: RapidOCR's sweet spot for A4 pages
_MIN_RULINGS = 4  # path objects on a page before pdfplumber is asked for tables
_GARBAGE = 0.15
_SCANNED_COVER = 0.4  # image share of the page above which little text means "scanned"
_SCANNED_MAX_CJK = 40


class PdfReader(Reader):
    name = "pdf"

    def bid(self, probe: Probe) -> float:
        return 1.0 if b"%PDF-" in probe.head[:1024] else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(probe.path))
        except pdfium.PdfiumError as exc:
            code = "encrypted" if "password" in str(exc).lower() else "corrupt"
            raise ReadError(code, str(exc)) from exc
        plumber = None
        try:
            doc = Document(path=probe.name, format="pdf", reader=self.name)
            n_pages = len(pdf)
            if n_pages == 0:
                raise ReadError("empty", "PDF 没有页面", message="PDF 文件没有任何页面")
            if n_pages > ctx.max_pages:
                doc.not_read(f"共 {n_pages} 页，仅读取前 {ctx.max_pages} 页")
            builder = DocumentBuilder(doc)
            failed = 0
            for index in range(min(n_pages, ctx.max_pages)):
                try:
                    page = pdf[index]
                except pdfium.PdfiumError as exc:
                    failed += 1
                    doc.not_read(f"第 {index + 1} 页无法读取：{exc}")
                    continue
                width, height = page.get_size()
                builder.page(index + 1, width, height)
                fragments = _text_fragments(page, height)
                if ctx.ocr and _needs_ocr(page, fragments, width, height):
                    _ocr_page(builder, page, probe, index, ctx)
                    continue
                tables = []
                if _count_paths(page) >= _MIN_RULINGS:
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(str(probe.path))
                    tables = plumber_tables(plumber.pages[index])
                _feed_page(builder, fragments, tables, width, first_page=index == 0)
            if failed == min(n_pages, ctx.max_pages):
                raise ReadError("corrupt", "no page could be loaded")
            return builder.finish()
        finally:
            if plumber is not None:
                plumber.close()
            pdf.close()


def _text_fragments(page, height: float) -> list[Line]:
    """Text runs of the page's text layer, as PDFium segments them, in top-left coordinates."""
    textpage = page.get_textpage()
    try:
        out = []
        for k in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(k)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip():
                out.append(Line(text.replace("\r", "").replace("\n", ""), left, height - top, right, height - bottom))
        return out
    finally:
        textpage.close()


def _count_paths(page) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2))


def _image_cover(page, width: float, height: float) -> float:
    import pypdfium2.raw as pdfium_c

    area = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_pos()
        area += max(0.0, min(right, width) - max(left, 0)) * max(0.0, min(top, height) - max(bottom, 0))
    return area / (width * height) if width and height else 0.0


def _needs_ocr(page, fragments: list[Line], width: float, height: float) -> bool:
    """No text, garbage text (CID codes, private-use characters), or a page-sized image with little text."""
    text = "".join(f.text for f in fragments)
    if not text.strip() or garbage_ratio(text) > _GARBAGE:
        return True
    return cjk_count(text) < _SCANNED_MAX_CJK and _image_cover(page, width, height) > _SCANNED_COVER


def _ocr_page(builder: DocumentBuilder, page, probe: Probe, index: int, ctx: ReadContext) -> None:
    def render():
        return page.render(scale=OCR_SCALE).to_pil()

    lines = ocr.recognise_cached(render, f"{probe.sha256}-p{index + 1}", ctx.cache_dir, scale=OCR_SCALE)
    builder.current.ocr = True
    width = builder.current.width or 595.0
    feed_lines(builder, merge_fragments(lines), width, ocr=True, first_page=index == 0)


def plumber_tables(page) -> list[tuple[BBox, Table]]:
    """Tables pdfplumber finds on a page, with merged cells filled from the cells that cover them, and the
    geometry a citation needs: each cell's box and each row's band."""
    out = []
    for found in page.find_tables():
        rows = found.rows
        texts = found.extract()
        if not rows or not texts:
            continue
        col_x = sorted({cell[0] for row in rows for cell in row.cells if cell is not None})
        origins: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells):
                if cell is None:
                    origins[(r, c)] = _covering(rows, r, c, col_x, origins)
        boxes = [[BBox(*cell) if cell is not None else None for cell in row.cells] for row in rows]
        x0, top, x1, bottom = found.bbox
        table = table_from_grid(texts, origins, boxes)
        table.row_boxes = [_row_band(row, x0, x1) for row in rows]
        out.append((BBox(x0, top, x1, bottom), table))
    return out


def _row_band(row, x0: float, x1: float) -> BBox:
    """A row's band across the table: from its top to the bottom of its shortest cell, so that a cell
    merged down over the next rows does not stretch the band over them."""
    cells = [cell for cell in row.cells if cell is not None]
    return BBox(x0, min(c[1] for c in cells), x1, min(c[3] for c in cells))


def _covering(rows, r: int, c: int, col_x: list[float], origins) -> tuple[int, int]:
    """The origin of the merged region that covers the empty grid position (r, c)."""
    x = col_x[c] if c < len(col_x) else None
    for k in range(c - 1, -1, -1):
        cell = rows[r].cells[k]
        if cell is not None:
            if x is not None and cell[2] > x + 1:
                return (r, k)
            break
        if (r, k) in origins and origins[(r, k)][0] == r:
            return origins[(r, k)]
    for k in range(r - 1, -1, -1):
        if rows[k].cells[c] is not None:
            return (k, c)
        if (k, c) in origins:
            return origins[(k, c)]
    return (r, max(c - 1, 0))


def _feed_page(
    builder: DocumentBuilder,
    fragments: list[Line],
    tables: list[tuple[BBox, Table]],
    width: float,
    first_page: bool,
) -> None:
    """Text lines outside the tables, with each table placed where it stands on the page."""

    def inside(line: Line, box: BBox) -> bool:
        cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        return box.x0 - 1 <= cx <= box.x1 + 1 and box.y0 - 1 <= cy <= box.y1 + 1

    lines = [ln for ln in merge_fragments(fragments) if not any(inside(ln, box) for box, _ in tables)]
    if not lines and not tables:
        return
    metrics = PageMetrics.of(lines) if lines else None
    for box, table in sorted(tables, key=lambda t: t[0].y0):
        above = [ln for ln in lines if ln.y1 <= box.y0 + 1]
        feed_lines(builder, above, width, first_page=first_page, metrics=metrics)
        builder.table(table, bbox=box)
        lines = [ln for ln in lines if ln.y1 > box.y0 + 1]
        first_page = False
    feed_lines(builder, lines, width, first_page=first_page, metrics=metrics)
