"""HTML (网页, such as a government site's notice saved as a file): the text without its tags, headings
(h1–h6) as headings, list items as list items, tables as tables with merged cells filled; scripts and
styles dropped. Parsed with the standard library's html.parser, which never fetches anything."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.readers.text import decode
from extract.tables import table_from_grid

_HTML_EXTS = {"html", "htm", "xhtml", "shtml"}
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object"}
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote", "pre",
    "address", "figure", "figcaption", "form", "fieldset", "dl", "dt", "dd", "ul", "ol", "center",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class HtmlReader(Reader):
    name = "html"

    def bid(self, probe: Probe) -> float:
        if probe.zip_names or b"\x00" in probe.head[:4096]:
            return 0.0
        if _SNIFF.match(probe.head):
            return 0.9
        return 0.85 if probe.ext in _HTML_EXTS else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        text, _ = decode(probe.path.read_bytes())
        doc = Document(path=probe.name, format="html", reader=self.name)
        builder = DocumentBuilder(doc)
        builder.page(1)
        parser = _Parser(builder)
        parser.feed(text)
        parser.close()
        if parser.title:
            doc.meta.title = parser.title
        doc = builder.finish()
        if not doc.blocks:
            raise ReadError("empty", "no text outside tags", message="网页中没有可读取的文字")
        return doc


class _Table:
    """Rows of cells as they come, with their spans; laid on a grid when the table closes."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int, int]]] = []
        self.cell: list[str] | None = None  # the open cell's text
        self.spans = (1, 1)  # its rowspan and colspan

    def open_cell(self, spans: tuple[int, int]) -> None:
        self.close_cell()
        if not self.rows:
            self.rows.append([])
        self.cell, self.spans = [], spans

    def close_cell(self) -> None:
        if self.cell is None:
            return
        text = re.sub(r"[ \t\r\u00a0]+", " ", "".join(self.cell)).strip()
        self.rows[-1].append((re.sub(r"\s*\n\s*", "\n", text), *self.spans))
        self.cell = None

    def grid(self) -> tuple[list[list[str | None]], dict]:
        placed: dict[tuple[int, int], str] = {}
        origins: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in placed:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        placed[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
                        if (dr, dc) != (0, 0):
                            origins[(r + dr, c + dc)] = (r, c)
                c += colspan
        n_rows = max((r for r, _ in placed), default=-1) + 1
        n_cols = max((c for _, c in placed), default=-1) + 1
        texts = [[placed.get((r, c)) for c in range(n_cols)] for r in range(n_rows)]
        return texts, origins


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    return max(1, min(int(value), 100)) if value.strip().isdigit() else 1


class _Parser(HTMLParser):
    def __init__(self, builder: DocumentBuilder):
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.buffer: list[str] = []
        self.kind: tuple[str, int | None] = ("p", None)  # the open text block: p, h (level) or li (level)
        self.skipping = 0
        self.lists = 0
        self.tables: list[_Table] = []  # the open tables, innermost last
        self.in_title = False
        self.title = ""

    # -- text blocks outside tables

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        kind, level = self.kind
        if kind == "h":
            self.builder.text(text, outline_level=level)
        elif kind == "li":
            self.builder.text(text, list_level=level)
        else:
            self.builder.text(text)
        self.kind = ("p", None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += tag not in _VOID
            return
        if self.skipping:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "table":
            self._start_table()
        elif self.tables:
            self._table_tag(tag, attrs)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.kind = ("h", int(tag[1]))
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists += 1
        elif tag == "li":
            self.flush()
            self.kind = ("li", max(self.lists, 1))
        elif tag in _BLOCKS or tag in ("br", "hr"):
            self.flush()

    @property
    def cell(self) -> list[str] | None:
        return self.tables[-1].cell if self.tables else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.cell is not None:
            self.cell.append("\n")
        elif tag in ("br", "hr") and not self.tables and not self.skipping:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "title":
            self.in_title = False
        elif tag == "table":
            self._end_table()
        elif self.tables:
            if tag in ("td", "th"):
                self.tables[-1].close_cell()
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists = max(0, self.lists - 1)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li") or tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_title:
            self.title += data.strip()
        elif self.cell is not None:
            self.cell.append(data)
        elif not self.tables:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self._end_table()
        self.flush()

    # -- tables: a table inside a cell becomes that cell's text

    def _start_table(self) -> None:
        if self.cell is not None:
            self.cell.append(" ")
        elif not self.tables:
            self.flush()
        self.tables.append(_Table())

    def _table_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        table = self.tables[-1]
        if tag == "tr":
            table.close_cell()
            table.rows.append([])
        elif tag in ("td", "th"):
            table.open_cell((_span(attrs, "rowspan"), _span(attrs, "colspan")))
        elif tag in ("p", "div", "li", "br") and table.cell is not None:
            table.cell.append("\n" if tag == "br" else " ")

    def _end_table(self) -> None:
        table = self.tables.pop()
        table.close_cell()
        texts, origins = table.grid()
        if self.tables:  # nested: its text joins the enclosing cell, if any
            if self.cell is not None:
                self.cell.append(" ".join(t for row in texts for t in row if t))
            return
        if any(t for row in texts for t in row):
            self.builder.table(table_from_grid(texts, origins))
