"""DocumentBuilder: readers feed it blocks in reading order; it keeps the heading stack, heading paths
and page offsets, so that every reader produces the same structure the same way."""

from __future__ import annotations

import re
from itertools import pairwise

from corpora.text import Marker, clean, parse_marker
from extract.furniture import attachment_item, furniture_reason, is_title_line, repeat_key, short_line
from extract.model import BBox, Block, Document, Page, Table

# Markers that number list items, never headings on their own.
_LIST_ONLY = {"ordinal", "circled", "article"}
_TERMINAL = "。；;！？!?，,："
_MAX_HEADING_CHARS = 40
_MAX_RUN_IN_CHARS = 30


def heading_rank(marker: Marker | None, outline_level: int | None) -> float | None:
    """The rank a heading takes in the stack. Explicit levels sit where conventional numbering does
    (level 1 ≙ 一、, level 2 ≙ （一）, level 3 ≙ 1.), so a styled report and its unstyled twin agree."""
    if marker is not None and marker.kind not in _LIST_ONLY:
        return marker.rank
    if outline_level is not None:
        return 2.0 + outline_level
    return None


# A score tag closing a heading: （分值10分，自评得9.5分） / (自评得9分) / （6分）
SCORE_TAG = re.compile(r"[（(][^（()）]*?\d+(?:\.\d+)?\s*分[^（()）]*[)）]\s*$")


def looks_like_heading(text: str, marker: Marker | None) -> bool:
    """A numbered line that is short and not a sentence (its score tag aside) reads as a heading."""
    if marker is None or marker.kind in _LIST_ONLY:
        return False
    body = SCORE_TAG.sub("", text[marker.end :]).strip()
    if not 0 < len(body) <= _MAX_HEADING_CHARS:
        return False
    if not any(ch in body for ch in _TERMINAL):
        return True
    # （一）加强党的全面领导，深化党建引领育人: two or three short phrases, no figure, no full stop
    phrases = re.split(r"[，,]", body)
    return (
        not any(ch in body for ch in _TERMINAL.replace("，", "").replace(",", ""))
        and len(phrases) in (2, 3)
        and all(2 <= len(p) <= 16 for p in phrases)
        and not re.search(r"\d", body)
    )


def split_run_in(text: str, marker: Marker | None) -> tuple[str, str] | None:
    """A run-in heading ("（二）加强教育保障。我县……"): the numbered first short sentence and the rest."""
    if marker is None or marker.kind in _LIST_ONLY:
        return None
    # A colon closes a run-in heading only at the upper levels (1.领导重视：……); after （1） or ① it
    # introduces the item's content (（2）生均公用经费：小学……).
    closers = "。:：" if marker.rank < 6 else "。"
    m = re.match(rf"[^。；;！？!?，,：:]{{2,{_MAX_RUN_IN_CHARS}}}[{closers}]", text[marker.end :])
    if not m:
        return None
    if re.search(r"\d", m.group(0)):
        return None  # (51)高中阶段毛入学率97.1%。… states a figure: an item, not a heading
    cut = marker.end + m.end()
    rest = text[cut:].strip()
    if len(rest) < 2:
        return None
    return text[: cut - 1].strip(), rest


class DocumentBuilder:
    def __init__(self, doc: Document):
        self.doc = doc
        self._stack: list[tuple[float, str]] = []
        self._page: Page | None = None

    def page(self, number: int, width: float | None = None, height: float | None = None, ocr: bool = False):
        self._finish_page()
        self._page = Page(number=number, width=width, height=height, ocr=ocr)
        return self._page

    @property
    def current(self) -> Page:
        if self._page is None:
            self.page(1)
        assert self._page is not None
        return self._page

    def title(self, text: str, bbox: BBox | None = None) -> None:
        """The document's title: a level-0 heading outside the heading path."""
        text = clean(text).strip()
        if text:
            self._add(Block("heading", text, self._page_no(), level=0, bbox=bbox))
            if not self.doc.meta.title:
                self.doc.meta.title = text

    def text(
        self,
        text: str,
        *,
        bbox: BBox | None = None,
        outline_level: int | None = None,
        heading: bool | None = None,
        list_level: int | None = None,
        ocr: bool = False,
        confidence: float | None = None,
    ) -> None:
        """One paragraph of running text. `outline_level` (1-based) comes from the format (outline level,
        built-in heading style); `heading` forces the decision when the layout says so (font size)."""
        text = clean(text).strip()
        if not text:
            return
        marker = parse_marker(text)
        extra = {"bbox": bbox, "ocr": ocr, "confidence": confidence}
        if outline_level is None and (reason := furniture_reason(text)):
            self._add(Block("furniture", text, self._page_no(), furniture=reason, **extra))
            return
        is_heading = heading if heading is not None else (outline_level is not None or looks_like_heading(text, marker))
        if is_heading:
            rank = heading_rank(marker, outline_level)
            self._heading(text, rank if rank is not None else 2.5, marker, **extra)
            return
        run_in = split_run_in(text, marker) if list_level is None else None
        if run_in:
            assert marker is not None
            self._heading(run_in[0], marker.rank, marker, **extra)
            self._add(Block("paragraph", run_in[1], self._page_no(), **extra))
            return
        if marker is not None or list_level is not None:
            level = list_level if list_level is not None else 1
            label = marker.label if marker else None
            self._add(Block("list_item", text, self._page_no(), level=level, marker=label, **extra))
        else:
            self._add(Block("paragraph", text, self._page_no(), **extra))

    def caption(self, text: str, bbox: BBox | None = None) -> None:
        text = clean(text).strip()
        if text:
            self._add(Block("caption", text, self._page_no(), bbox=bbox))

    def table(self, table: Table, bbox: BBox | None = None, ocr: bool = False) -> None:
        fill_headers(table)
        rendered = "\n".join("\t".join(row) for row in table.grid()).strip()
        self._add(Block("table", rendered, self._page_no(), table=table, bbox=bbox, ocr=ocr))

    def finish(self) -> Document:
        self._finish_page()
        _mark_title(self.doc)
        _mark_repeated(self.doc)
        _mark_attachments(self.doc)
        return self.doc

    # -- internals --------------------------------------------------------------------------------

    def _heading(self, text: str, rank: float, marker: Marker | None, **extra) -> None:
        while self._stack and self._stack[-1][0] >= rank:
            self._stack.pop()
        block = Block("heading", text, self._page_no(), level=len(self._stack) + 1, **extra)
        block.marker = marker.label if marker else None
        self._add(block)
        self._stack.append((rank, text))

    def _add(self, block: Block) -> None:
        page = self.current
        # A heading's path is its ancestors: _heading pushes it only after this call.
        block.heading_path = [t for _, t in self._stack]
        offset = len(page.text) + (1 if page.text else 0)
        page.text = f"{page.text}\n{block.text}" if page.text else block.text
        block.start, block.end = offset, offset + len(block.text)
        page.blocks.append(block)

    def _page_no(self) -> int:
        return self.current.number

    def _finish_page(self) -> None:
        if self._page is not None:
            self.doc.pages.append(self._page)
            self._page = None


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d,，.]+\s*(%|％|‰)?", text.strip()))


def fill_headers(table: Table) -> None:
    """Guess header rows and columns and give every body cell the text of its headers."""
    grid = table.grid()
    if not grid:
        return
    header_rows = 0
    for row in grid[: min(3, len(grid) - 1)]:
        filled = [t for t in row if t.strip()]
        if filled and not any(_numeric(t) for t in filled):
            header_rows += 1
        else:
            break
        # A header row without merged cells is the last header row.
        if len(set(row)) == len(row):
            break
    body = grid[header_rows:]
    first_col = [r[0] for r in body if r and r[0].strip()]
    header_cols = 1 if table.n_cols > 1 and first_col and not any(_numeric(t) for t in first_col) else 0
    table.header_rows, table.header_cols = header_rows, header_cols
    for cell in table.cells:
        heads = []
        for r in range(header_rows):
            t = grid[r][cell.col].strip()
            if t and t not in heads:
                heads.append(t)
        cell.col_header = " / ".join(heads)
        cell.row_header = " / ".join(
            dict.fromkeys(grid[cell.row][c].strip() for c in range(header_cols) if grid[cell.row][c].strip())
        )


def _mark_title(doc: Document) -> None:
    """A title over one or two plain lines at the top of the first page (no font told the layout):
    the line ending in 报告/公告/通知… and the short line before it become the level-0 title."""
    if not doc.pages:
        return
    blocks = doc.pages[0].blocks[:10]
    for k, block in enumerate(blocks):
        if block.kind in ("table", "caption") or (block.kind == "heading" and block.level):
            return  # the body has begun
        if block.kind != "paragraph" or not is_title_line(block.text):
            continue
        first = k - 1 if k > 0 and blocks[k - 1].kind == "paragraph" and short_line(blocks[k - 1].text) else k
        lines = blocks[first : k + 1]
        for line in lines:
            line.kind, line.level = "heading", 0
        if not doc.meta.title:
            doc.meta.title = "".join(b.text for b in lines)
        return


def _mark_repeated(doc: Document) -> None:
    """Running headers and footers: the same first or last line (digits aside) on two pages or more."""
    if len(doc.pages) < 2:
        return
    ends: dict[str, list[Block]] = {}
    for page in doc.pages:
        text_blocks = [b for b in page.blocks if b.kind in ("paragraph", "heading", "list_item", "furniture")]
        for block in {id(b): b for b in text_blocks[:1] + text_blocks[-1:]}.values():
            if len(block.text) <= 60:
                ends.setdefault(repeat_key(block.text), []).append(block)
    repeated = {key for key, blocks in ends.items() if len({b.page for b in blocks}) >= 2}
    for b in doc.blocks:
        if b.kind in ("paragraph", "heading") and not b.level and repeat_key(b.text) in repeated:
            b.kind, b.furniture = "furniture", "页眉页脚"


def _mark_attachments(doc: Document) -> None:
    """The numbered titles that follow an 附件 line (附件：1.…统计表 / 2.…情况表) are the list's own lines."""
    blocks = doc.blocks
    for before, block in pairwise(blocks):
        if before.kind == "furniture" and before.furniture == "附件" and attachment_item(block.text):
            block.kind, block.furniture = "furniture", "附件"
