"""The evidence viewer (佐证查看): a page of a stored file rendered as an image, and which of its blocks
hold a cited passage — in a table, which row holds the cited figure. Boxes come from the extraction's
layout (PDF text and table rows, OCR lines of scans and images), in points from the page's top-left
corner; the page template turns them into highlight overlays."""

from __future__ import annotations

import io
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from corpora.text.normalize import match_form

log = logging.getLogger("jiaodu.viewer")

RENDER_WIDTH = 1240  # pixels: sharp enough to read a scan, small enough to send
MAX_PIXELS = 12_000_000  # one rendered page, whatever its shape (a 310 × 200,000 pt page included)
MAX_SIDE = 10_000  # pixels on either side
RENDER_MEMORY = 1 << 30  # address space of the rendering process
RENDER_TIMEOUT = 30.0  # seconds for one page
_IMAGE_FORMATS = {"image"}


class RenderError(Exception):
    """A page that could not be drawn within the budgets (Chinese message)."""


def renderable(fmt: str | None) -> bool:
    return fmt in ("pdf", *_IMAGE_FORMATS)


def fit_scale(width: float, height: float, target: int = RENDER_WIDTH) -> float:
    """Pixels per unit for a page of `width` × `height` units: `target` pixels wide, at most 4× its size,
    and never more than MAX_PIXELS in all or MAX_SIDE on a side — a page's shape cannot buy memory."""
    if width <= 0 or height <= 0:
        raise RenderError("页面尺寸无效")
    return min(target / width, 4.0, (MAX_PIXELS / (width * height)) ** 0.5, MAX_SIDE / width, MAX_SIDE / height)


def render_page(path: Path, fmt: str, page: int, width: int = RENDER_WIDTH) -> bytes:
    """PNG bytes of one page (1-based) of a PDF or an image file (multi-frame TIFF: one frame a page),
    within the pixel budget. Run it through `PageRenderer`, never in the web process."""
    from PIL import Image

    if fmt == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(pdf):
                raise IndexError(page)
            p = pdf[page - 1]
            image = p.render(scale=fit_scale(p.get_width(), p.get_height(), width)).to_pil()
        finally:
            pdf.close()
    else:
        with Image.open(path) as img:
            if page > getattr(img, "n_frames", 1) or page < 1:
                raise IndexError(page)
            img.seek(page - 1)
            scale = min(1.0, fit_scale(img.width, img.height, width))
            size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
            img.draft("RGB", size)  # JPEG decodes at a reduced size directly
            image = img.convert("RGB")
            if image.size != size:
                image = image.resize(size)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


class PageRenderer:
    """Page images for the viewer, drawn in one memory-limited worker process (a hostile page fails there,
    not in the web process) and kept in a cache folder keyed by the file's checksum."""

    def __init__(self, cache: Path, memory: int = RENDER_MEMORY, timeout: float = RENDER_TIMEOUT):
        self.cache, self.memory, self.timeout = cache, memory, timeout
        self._pool = None
        self._lock = threading.Lock()

    def png(self, path: Path, fmt: str, page: int, sha256: str) -> bytes:
        """The page's PNG; IndexError for a page out of range, RenderError when it cannot be drawn."""
        key = self.cache / f"{sha256}-{page}-{RENDER_WIDTH}.png"
        if key.is_file():
            return key.read_bytes()
        data = self._draw(path, fmt, page)
        self.cache.mkdir(parents=True, exist_ok=True)
        partial = key.with_suffix(f".{os.getpid()}-{threading.get_ident()}.part")
        partial.write_bytes(data)
        os.replace(partial, key)
        return data

    def _draw(self, path: Path, fmt: str, page: int) -> bytes:
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        try:
            return self._worker().schedule(render_page, args=(path, fmt, page), timeout=self.timeout).result()
        except (IndexError, RenderError):
            raise
        except FutureTimeout:
            raise RenderError(f"该页渲染超时（超过 {self.timeout:.0f} 秒）") from None
        except MemoryError:
            raise RenderError("该页过大，渲染所需内存超出上限") from None
        except ProcessExpired:
            raise RenderError("渲染进程异常退出（文件可能已损坏）") from None
        except Exception:
            log.warning("%s 第 %s 页无法绘制", path, page, exc_info=True)
            raise RenderError("该页无法渲染（文件可能已损坏）") from None

    def _worker(self):
        import multiprocessing

        from pebble import ProcessPool

        from extract.pipeline import worker_init

        with self._lock:
            if self._pool is None or not self._pool.active:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPool(
                    max_workers=1, context=context, initializer=worker_init, initargs=(self.memory,)
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None


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


@dataclass(frozen=True)
class RowMark:
    """A table row (表格行) that holds a citation: the block, the row, and the cells stating a cited figure."""

    block: int
    row: int
    cells: tuple[int, ...] = ()


def _holds(cells: list[str], piece: str) -> bool:
    return any(piece in c for c in cells)


def matching_rows(page: dict, excerpt: str | None, blocks: list[int]) -> list[RowMark]:
    """The body rows of the marked table blocks that hold the citation: a row that holds every part of it
    (the row's own header, the figure) that the header rows do not (the column's header). Rows holding
    more parts as whole cells come first; a citation spread over several body rows (a table quoted as a
    passage) marks no row, so the whole table stays marked."""
    pieces = _cells(excerpt or "")
    out: list[RowMark] = []
    for i in blocks:
        rows = page["blocks"][i].get("rows") or []
        forms = [[match_form(t) for t in row["cells"]] for row in rows]
        pairs = list(zip(rows, forms, strict=True))
        in_header = {p for p in pieces for row, f in pairs if row.get("header") and _holds(f, p)}
        found = []
        for k, (row, f) in enumerate(pairs):
            held = [p for p in pieces if _holds(f, p)]
            if row.get("header") or not held or any(p not in held and p not in in_header for p in pieces):
                continue
            figures = tuple(c for c, t in enumerate(f) if t in held and re.search(r"\d", t))
            found.append(((sum(p in f for p in held), len(held)), RowMark(i, k, figures)))
        best = max((score for score, _ in found), default=None)
        out += [mark for score, mark in found if score == best]
    return out


def _percent(box: list[float], width: float, height: float, kind: str) -> dict:
    x0, y0, x1, y1 = box
    return {
        "kind": kind,
        "left": round(100 * x0 / width, 3),
        "top": round(100 * y0 / height, 3),
        "width": round(100 * (x1 - x0) / width, 3),
        "height": round(100 * (y1 - y0) / height, 3),
    }


def overlays(page: dict, indexes: list[int], rows: list[RowMark] | None = None) -> list[dict]:
    """Highlight boxes in percent of the page, drawn over the page image in a 100×100 SVG viewBox. A table
    with a marked row that has a box gets an outline ("table"), the row ("row") and the cells of the cited
    figure ("cell"); any other marked block its own box ("block")."""
    width, height = page.get("width") or 0, page.get("height") or 0
    if not width or not height:
        return []
    out = []
    for i in indexes:
        block = page["blocks"][i]
        marks = [m for m in rows or [] if m.block == i and block["rows"][m.row].get("bbox")]
        if not block.get("bbox") and not marks:
            continue
        if not marks:
            out.append(_percent(block["bbox"], width, height, "block"))
            continue
        if block.get("bbox"):
            out.append(_percent(block["bbox"], width, height, "table"))
        for m in marks:
            row = block["rows"][m.row]
            out.append(_percent(row["bbox"], width, height, "row"))
            boxes = row.get("cell_boxes") or []
            out += [_percent(boxes[c], width, height, "cell") for c in m.cells if c < len(boxes) and boxes[c]]
    return out
