"""Plain text and CSV in UTF-8, GBK/GB18030 or whatever charset-normalizer recognises."""

from __future__ import annotations

import contextlib
import csv
import io

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.tables import table_from_grid

_TEXT_EXTS = {"txt", "text", "md", "csv", "tsv"}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM, else strict UTF-8, else strict GB18030 (a superset of GBK), else the
    best guess of charset-normalizer."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("unsupported", "undecodable bytes", message="无法识别文本文件的字符编码")
    return str(best), best.encoding


def _looks_textual(head: bytes) -> bool:
    return bool(head) and b"\x00" not in head[:4096].replace(b"\xff\xfe", b"").replace(b"\xfe\xff", b"")


class TextReader(Reader):
    name = "text"

    def bid(self, probe: Probe) -> float:
        if probe.ext in _TEXT_EXTS and (_looks_textual(probe.head) or probe.head[:2] in (b"\xff\xfe", b"\xfe\xff")):
            return 0.8
        return 0.2 if _looks_textual(probe.head) and not probe.zip_names else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        text, encoding = decode(probe.path.read_bytes())
        if not text.strip():
            raise ReadError("empty", "only whitespace", message="文件内容为空")
        is_table = probe.ext in {"csv", "tsv"}
        doc = Document(path=probe.name, format="csv" if is_table else "text", reader=self.name)
        builder = DocumentBuilder(doc)
        builder.page(1)
        if is_table:
            delimiter = "\t" if probe.ext == "tsv" else ","
            with contextlib.suppress(csv.Error):
                delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，").delimiter
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[: ctx.max_rows]
            builder.table(table_from_grid([list(r) for r in rows]))
        else:
            for line in text.splitlines():
                builder.text(line)
        if encoding not in ("utf-8", "utf-8-sig"):
            doc.warnings.append(f"文本编码为 {encoding}")
        return builder.finish()
