"""The one document model (文档模型) every reader produces and every later stage reads.

Everything keeps its provenance: the Document knows its path inside the bundle; a Block knows its page,
its character offsets in that page's text, its bounding box where the format has one, and its heading
path. Citations, highlights and exports come from here, never from re-parsing the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table", "caption", "furniture"]
FileStatus = Literal["ok", "ocr", "error"]


@dataclass
class BBox:
    """A rectangle in points, origin at the page's top-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass
class Cell:
    """A table cell (单元格). Merged regions are filled: every covered cell repeats the origin's text."""

    row: int
    col: int
    text: str
    merged_from: tuple[int, int] | None = None  # the origin of the merged region this cell belongs to
    row_header: str = ""  # the header columns' text on this row
    col_header: str = ""  # the header rows' text above this column, " / "-joined
    bbox: BBox | None = None  # where the format has geometry (PDF); a merged region's cells share its box


@dataclass
class Table:
    """A table (表格): cells on a grid; with the PDF's geometry, each row's band and each cell's box, so a
    citation of one figure can mark its row rather than the whole table."""

    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: int = 0
    header_cols: int = 0
    row_boxes: list[BBox] = field(default_factory=list)  # each row's band across the table (PDF), else empty

    def grid(self) -> list[list[str]]:
        rows = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            rows[c.row][c.col] = c.text
        return rows


@dataclass
class Block:
    """A unit of text (块): heading, paragraph, list item, table or caption."""

    kind: BlockKind
    text: str
    page: int  # 1-based
    start: int = 0  # offsets in Page.text
    end: int = 0
    level: int | None = None  # heading depth (1 = top) or list nesting
    marker: str | None = None  # the numbering as written (一, 3, 1.2.3, ①)
    heading_path: list[str] = field(default_factory=list)
    bbox: BBox | None = None
    table: Table | None = None
    ocr: bool = False
    confidence: float | None = None  # mean OCR confidence
    furniture: str | None = None  # why a "furniture" block is one: 页码, 文号, 主送, 落款, 页眉页脚 …


@dataclass
class Page:
    number: int
    blocks: list[Block] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    ocr: bool = False
    text: str = ""


@dataclass
class DocMeta:
    title: str | None = None
    doc_number: str | None = None  # 文号, e.g. 湘政教督办〔2021〕13号
    issuer: str | None = None  # 发文机关
    dates: list[str] = field(default_factory=list)  # ISO dates found in the text, in order


@dataclass
class Document:
    path: str  # path inside the bundle, "/"-separated
    format: str  # pdf, docx, xlsx, xls, doc, image, text, csv, ofd …
    reader: str
    pages: list[Page] = field(default_factory=list)
    meta: DocMeta = field(default_factory=DocMeta)
    warnings: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)  # parts of the file not read, and why (also in warnings)

    def not_read(self, why: str) -> None:
        """Record a part of the file left unread (a page cap, a page that failed): the audit tells the
        reviewer that part was not checked."""
        self.warnings.append(why)
        self.partial.append(why)

    @property
    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)


ErrorCode = Literal["corrupt", "encrypted", "empty", "unsupported", "timeout", "too_large", "crashed", "no_text"]


@dataclass
class FileError:
    """Why a file could not be read: a code, a Chinese reason for the reviewer, a technical detail."""

    code: ErrorCode
    message: str
    detail: str = ""


@dataclass
class FileResult:
    """The outcome for one file of a bundle: a Document or an error, never nothing."""

    path: str
    size: int
    sha256: str
    status: FileStatus
    document: Document | None = None
    error: FileError | None = None
    seconds: float = 0.0


# Formats without pages of their own (a Word report is one flow of text) and workbooks (a page is a sheet).
_UNPAGED = (".docx", ".doc", ".wps", ".odt", ".rtf", ".txt", ".csv", ".html", ".htm", ".pptx")
_WORKBOOKS = (".xlsx", ".xls", ".et", ".ods")


def place(path: str | None, page: int | None) -> str:
    """How a citation names its place in a file: 第N页 in paged files, 第N个工作表 in workbooks, nothing in
    Word or text files — they have no pages, and 第1页 on every citation into a report misleads."""
    suffix = PurePosixPath(path or "").suffix.lower()
    if not page or suffix in _UNPAGED:
        return ""
    return f"第{page}个工作表" if suffix in _WORKBOOKS else f"第{page}页"
