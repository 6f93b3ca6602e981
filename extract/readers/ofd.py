"""OFD (GB/T 33190), the Chinese fixed-layout format of e-government documents: the text objects of
every page, placed by their boundaries. A ZIP of XML parts, parsed with defusedxml."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.layout import Line, feed_lines, merge_fragments
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader

_MM = 72.0 / 25.4
_MAX_PART = 50 * 1024 * 1024


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find_all(root, name: str):
    return [el for el in root.iter() if _local(el.tag) == name]


def _box(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


class OfdReader(Reader):
    name = "ofd"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "OFD.xml" in probe.zip_names else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        from defusedxml import ElementTree
        from defusedxml.common import DefusedXmlException

        try:
            with zipfile.ZipFile(probe.path) as z:

                def parse(name: str):
                    info = z.getinfo(name)
                    if info.file_size > _MAX_PART:
                        raise ReadError("too_large", f"OFD part {name} is {info.file_size} bytes")
                    return ElementTree.fromstring(z.read(name))

                root = parse("OFD.xml")
                doc_roots = [el.text.strip().lstrip("/") for el in _find_all(root, "DocRoot") if el.text]
                if not doc_roots:
                    raise ReadError("corrupt", "OFD.xml has no DocRoot")
                document_xml = parse(doc_roots[0])
                base = PurePosixPath(doc_roots[0]).parent
                page_box = _box(next((el.text for el in _find_all(document_xml, "PhysicalBox")), None))
                pages = [el.get("BaseLoc", "") for el in _find_all(document_xml, "Page")]
                doc = Document(path=probe.name, format="ofd", reader=self.name)
                builder = DocumentBuilder(doc)
                if len(pages) > ctx.max_pages:
                    doc.not_read(f"共 {len(pages)} 页，仅读取前 {ctx.max_pages} 页")
                for index, loc in enumerate(pages[: ctx.max_pages]):
                    content = parse(str(base / loc.lstrip("/")))
                    width = (page_box[2] if len(page_box) == 4 else 210.0) * _MM
                    builder.page(index + 1, width, (page_box[3] if len(page_box) == 4 else 297.0) * _MM)
                    feed_lines(builder, merge_fragments(_text_lines(content)), width, first_page=index == 0)
                return builder.finish()
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise ReadError("corrupt", f"OFD: {exc}") from exc
        except (ElementTree.ParseError, DefusedXmlException) as exc:
            raise ReadError("corrupt", f"OFD XML: {exc}") from exc


def _text_lines(content) -> list[Line]:
    out = []
    for obj in _find_all(content, "TextObject"):
        box = _box(obj.get("Boundary"))
        text = "".join(code.text or "" for code in obj if _local(code.tag) == "TextCode")
        if len(box) == 4 and text.strip():
            x, y, w, h = (v * _MM for v in box)
            out.append(Line(text, x, y, x + w, y + h))
    return out
