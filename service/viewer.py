"""The evidence viewer (佐证查看): a page of a stored file rendered as an image, and which of its blocks
hold a cited passage. Boxes come from the extraction's layout (PDF text, OCR lines of scans and images),
in points from the page's top-left corner; the page template turns them into highlight overlays."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rapidfuzz import fuzz

from corpora.text.normalize import match_form

RENDER_WIDTH = 1240  # pixels: sharp enough to read a scan, small enough to send
_IMAGE_FORMATS = {"image"}


def renderable(fmt: str | None) -> bool:
    return fmt in ("pdf", *_IMAGE_FORMATS)


def render_page(path: Path, fmt: str, page: int, width: int = RENDER_WIDTH) -> bytes:
    """PNG bytes of one page (1-based) of a PDF or an image file (multi-frame TIFF: one frame a page)."""
    from PIL import Image

    if fmt == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(pdf):
                raise IndexError(page)
            p = pdf[page - 1]
            scale = width / p.get_width()
            image = p.render(scale=min(scale, 4.0)).to_pil()
        finally:
            pdf.close()
    else:
        with Image.open(path) as img:
            if page > getattr(img, "n_frames", 1) or page < 1:
                raise IndexError(page)
            img.seek(page - 1)
            image = img.convert("RGB")
            if image.width > width:
                image = image.resize((width, round(image.height * width / image.width)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _pieces(excerpt: str) -> list[str]:
    """The parts of an excerpt worth finding: split at ellipses, normalised, long enough to mean something."""
    parts = [match_form(p) for p in excerpt.replace("...", "…").split("…")]
    return [p for p in parts if len(p) >= 2]


def _cells(excerpt: str) -> list[str]:
    """The parts of a table citation ("一般公共预算教育经费（万元） / 增长率：6.0%"): header and value texts."""
    return [t for t in (match_form(p) for p in re.split(r"[\s/／：:，,；;、|]+", excerpt)) if len(t) >= 2]


def matching_blocks(page: dict, excerpt: str | None) -> list[int]:
    """Indexes of the page's blocks that hold (part of) the excerpt: a passage of text, or for a table
    every cell text the citation names."""
    if not excerpt:
        return []
    pieces, cells = _pieces(excerpt), _cells(excerpt)
    if not pieces:
        return []
    found = []
    for i, block in enumerate(page.get("blocks", [])):
        text = match_form(block["text"])
        if len(text) < 2:
            continue
        if block.get("kind") == "table" and len(cells) >= 2 and all(c in text for c in cells):
            found.append(i)
            continue
        for piece in pieces:
            short, long_ = sorted((text, piece), key=len)
            if piece in text or (len(text) >= 6 and text in piece):
                found.append(i)
                break
            if len(short) >= 8 and fuzz.partial_ratio(short, long_) >= 88:
                found.append(i)
                break
    return found


def overlays(page: dict, indexes: list[int]) -> list[dict]:
    """Highlight boxes in percent of the page, drawn over the page image in a 100×100 SVG viewBox."""
    width, height = page.get("width") or 0, page.get("height") or 0
    if not width or not height:
        return []
    out = []
    for i in indexes:
        box = page["blocks"][i].get("bbox")
        if not box:
            continue
        x0, y0, x1, y1 = box
        out.append(
            {
                "left": round(100 * x0 / width, 3),
                "top": round(100 * y0 / height, 3),
                "width": round(100 * (x1 - x0) / width, 3),
                "height": round(100 * (y1 - y0) / height, 3),
            }
        )
    return out
