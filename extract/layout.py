"""From positioned lines (a PDF text layer or OCR) to paragraphs and headings."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

from corpora.text import join_lines, parse_marker
from corpora.text.chars import is_wide
from extract.builder import DocumentBuilder, looks_like_heading
from extract.furniture import furniture_reason
from extract.model import BBox

_TERMINAL = "。；;！？!?："
_PARA_END = "。；;！？!?：:…”」』）)"


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.y0, self.x1, self.y1)


def bounding_box(lines: list[Line]) -> BBox:
    """The box around a group of lines."""
    box = lines[0].bbox
    for ln in lines[1:]:
        box = box.union(ln.bbox)
    return box


def mean_confidence(lines: list[Line]) -> float | None:
    """The mean OCR confidence of a group of lines; None for a text layer."""
    scores = [ln.confidence for ln in lines if ln.confidence is not None]
    return sum(scores) / len(scores) if scores else None


def merge_fragments(fragments: list[Line]) -> list[Line]:
    """Fragments on the same baseline (overlapping by more than half their height) form one line."""
    lines: list[list[Line]] = []
    for frag in sorted(fragments, key=lambda f: (round(f.y0, 1), f.x0)):
        if not frag.text.strip():
            continue
        for line in lines:
            ref = line[0]
            overlap = min(ref.y1, frag.y1) - max(ref.y0, frag.y0)
            if overlap > 0.5 * min(ref.height, frag.height):
                line.append(frag)
                break
        else:
            lines.append([frag])
    out = []
    for parts in lines:
        parts.sort(key=lambda f: f.x0)
        text = parts[0].text.strip()
        size = max(f.height for f in parts)  # a flat glyph (一, ——) has a box far lower than the line
        for prev, frag in pairwise(parts):
            gap = frag.x0 - prev.x1
            # Chinese text has no word spaces: between wide characters only a column gap is one
            wide = is_wide(text[-1:] or " ") or is_wide(frag.text.strip()[:1] or " ")
            text += (" " if gap > (2.0 if wide else 0.8) * size else "") + frag.text.strip()
        box = bounding_box(parts)
        out.append(Line(text, box.x0, box.y0, box.x1, box.y1, mean_confidence(parts)))
    return sorted(out, key=lambda ln: (ln.y0, ln.x0))


def _ends_paragraph(line: Line, right: float, body: float) -> bool:
    """A line that stops short of the right margin ends its paragraph if it ends a sentence; without
    terminal punctuation it may just have wrapped early before an unbreakable number or Latin word."""
    short = right - line.x1
    tail = line.text.rstrip()[-1:]
    return (short > 2 * body and tail in _PARA_END) or short > 8 * body


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Para:
    def __init__(self, first: Line):
        self.lines = [first]

    @property
    def text(self) -> str:
        return join_lines(ln.text for ln in self.lines)

    @property
    def bbox(self) -> BBox:
        return bounding_box(self.lines)

    @property
    def height(self) -> float:
        return statistics.mean(ln.height for ln in self.lines)


@dataclass
class PageMetrics:
    """The body text's line height, its usual gap between lines (the leading differs from document to
    document), and the text column's margins on one page."""

    body: float
    gap: float
    left: float
    right: float

    @classmethod
    def of(cls, lines: list[Line]) -> PageMetrics:
        weights = [h for ln in lines for h in [ln.height] * max(1, len(ln.text))]
        body = statistics.median(weights)
        gaps = [b.y0 - a.y1 for a, b in pairwise(lines) if 0 <= b.y0 - a.y1 < 3 * body]
        return cls(
            body=body,
            gap=statistics.median(gaps) if gaps else 0.5 * body,
            left=_percentile([ln.x0 for ln in lines], 0.1),
            right=_percentile([ln.x1 for ln in lines], 0.9),
        )


def feed_lines(
    builder: DocumentBuilder,
    lines: list[Line],
    page_width: float,
    *,
    ocr: bool = False,
    first_page: bool = False,
    metrics: PageMetrics | None = None,
) -> None:
    """Group lines into paragraphs (by gaps, indents, short last lines, markers and font size) and feed
    them to the builder. Larger text reads as a heading; large centred text at the top of the first page
    as the title. `metrics` default to those of `lines`."""
    if not lines:
        return
    m = metrics or PageMetrics.of(lines)
    body, left, right = m.body, m.left, m.right
    paragraph_gap = m.gap + 0.5 * body

    paras: list[_Para] = []
    for line in lines:
        if paras:
            prev = paras[-1].lines[-1]
            # A large line that wraps onto a centred one (a long title or heading) stays one paragraph.
            wrapped_big = (
                prev.height > 1.2 * body
                and abs(line.height - prev.height) <= 0.1 * prev.height
                and line.y0 - prev.y1 <= prev.height
                and prev.text.rstrip()[-1:] not in _PARA_END
                and right - prev.x1 < 2 * prev.height
            )
            # a line of nothing but closing punctuation (。 ；) ends the line above; its glyphs are low
            tail = bool(re.fullmatch(r"[。；;，,、！？!?：:”’」』）)】…]+", line.text.strip()))
            new = not tail and (
                line.y0 - prev.y1 > paragraph_gap
                or abs(line.height - prev.height) > 0.25 * body
                or parse_marker(line.text) is not None
                or (line.x0 > left + 1.2 * body and not wrapped_big)
                or _ends_paragraph(prev, right, body)
                or furniture_reason(line.text) is not None  # a signature or date line under the last sentence
                or (  # a numbered heading line that stops short, then the text under it
                    len(paras[-1].lines) == 1
                    and right - prev.x1 > 2 * body
                    and looks_like_heading(prev.text, parse_marker(prev.text))
                )
            )
            if not new:
                paras[-1].lines.append(line)
                continue
        paras.append(_Para(line))

    for i, para in enumerate(paras):
        text = para.text
        box = para.bbox
        big = para.height > 1.2 * body
        short = len(text) <= 60 and not any(ch in text for ch in _TERMINAL)
        centred = all(abs((ln.x0 + ln.x1) / 2 - page_width / 2) < 0.08 * page_width for ln in para.lines) and (
            para.lines[-1].x0 > left + body
        )
        if (
            first_page
            and i < 4
            and big
            and short
            and (centred or i == 0)  # a title as wide as the page is not visibly centred
            and not text.endswith("文件")
            and not builder.doc.meta.title
        ):
            builder.title(text, bbox=box)
        else:
            builder.text(
                text, bbox=box, heading=True if big and short else None, ocr=ocr, confidence=mean_confidence(para.lines)
            )
