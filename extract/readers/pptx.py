"""PPTX (演示文稿): one page per slide; the slide's title as a heading, its text frames as paragraphs or list
items, its tables as tables (python-pptx). Shapes are read in the slide's order, groups opened."""

from __future__ import annotations

import zipfile

from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.tables import table_from_grid


class PptxReader(Reader):
    name = "pptx"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "ppt/presentation.xml" in probe.zip_names else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        from pptx import Presentation
        from pptx.exc import PackageNotFoundError

        try:
            deck = Presentation(str(probe.path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError("corrupt", f"pptx: {exc}") from exc
        except Exception as exc:  # lxml raises its own syntax errors for broken XML parts
            if type(exc).__module__.startswith("lxml"):
                raise ReadError("corrupt", f"pptx XML: {exc}") from exc
            raise
        doc = Document(path=probe.name, format="pptx", reader=self.name)
        core_title = (deck.core_properties.title or "").strip()
        if core_title:
            doc.meta.title = core_title
        builder = DocumentBuilder(doc)
        for number, slide in enumerate(deck.slides, 1):
            if number > ctx.max_pages:
                doc.not_read(f"只读取了前 {ctx.max_pages} 张幻灯片")
                break
            builder.page(number)
            title = slide.shapes.title
            if title is not None and title.has_text_frame and title.text_frame.text.strip():
                builder.text(title.text_frame.text, outline_level=1)
            for shape in _shapes(slide.shapes):
                if shape is title:
                    continue
                _shape(builder, shape)
        return builder.finish()


def _shapes(shapes):
    """Every shape, with the members of groups in place of the group."""
    for shape in shapes:
        if getattr(shape, "shapes", None) is not None and shape.shape_type is not None and not shape.has_text_frame:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _shape(builder: DocumentBuilder, shape) -> None:
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        if any(any(t.strip() for t in row) for row in rows):
            builder.table(table_from_grid(rows))
        return
    if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
        return
    for paragraph in shape.text_frame.paragraphs:
        text = "".join(run.text for run in paragraph.runs) or paragraph.text
        if text.strip():
            # an indented bullet is a list item at its level; a top-level paragraph is running text
            builder.text(text, list_level=paragraph.level + 1 if paragraph.level else None)
