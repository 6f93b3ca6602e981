"""Aligning a claim with the evidence passages that state the same fact (佐证比对).

Every passage of the evidence — a paragraph, a list item, a heading, a table row — is a candidate. A
passage covers a claim's key terms in proportion to how specific they are (a word that every evidence
file uses says little; 秘书组 says a lot), and states a claim's figure when it gives the same value in a
compatible unit (within the rounding of the stated figure; 三次 = 3次; a table cell without a unit). OCR'd
passages are compared tolerantly. The verdict rules live in `support.py`; this module only measures."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

from corpora.text import cut, match_form
from corpora.text.numbers import chinese_number
from extract.claims import paragraphs
from extract.model import Block, Document
from extract.quantities import Quantity, block_figures, find_quantities, rounding, to_base

_NUMBER = re.compile(r"(?<![\d〔\[])\d[\d,，]*(?:\.\d+)?(?![\d.]*\s*[年月日号时〕\]])")  # not a date or 文号
_CN_COUNT = re.compile(r"([零〇一二两三四五六七八九十百千]+)\s*(次|个|所|名|人|项|场|家|辆|节|批|轮)")
_WEEKDAYS = re.compile(r"(?:周|星期)一至(?:周|星期)?五")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# counters that count the same things: 96所 学校 = 96家 食堂 (a school has one canteen), 3名 = 3人
_COUNTS = ({"人", "名"}, {"所", "家", "个", "处", "座"}, {"次", "场", "场次", "节", "节次"})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that say nothing about which fact a sentence states (corpora/lexicon/stopwords.txt)."""
    text = resources.files("corpora.lexicon").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def key_terms(text: str) -> list[str]:
    """The words of a claim that carry its fact: two characters or more, not a number, not a stop word."""
    out = []
    for w in cut(text):
        if len(w) < 2 or not _HAN.search(w) or w in stop_words() or re.search(r"\d", w):
            continue
        if w not in out:
            out.append(w)
    return out


@dataclass
class Passage:
    file: str
    page: int
    text: str  # as written, for the citation
    form: str  # match form, no spaces
    ocr: bool
    values: list[tuple[float, str | None]] = field(default_factory=list)  # (value in base unit, base unit)
    table: int | None = None  # the table a row belongs to (its block's position), None for running text
    data: bool = False  # a table row that is an entry: not a header, total or note


def _values(text: str, quantities: list[Quantity]) -> list[tuple[float, str | None]]:
    values = [to_base(q.value, q.unit) for q in quantities]
    written = {q.value for q in quantities if q.unit}  # a number with its unit is not also a bare one
    bare = (float(n.replace(",", "").replace("，", "")) for n in _NUMBER.findall(text))
    values += [(v, None) for v in bare if v not in written]
    if _WEEKDAYS.search(text):
        values.append((5.0, "天"))  # 每周一至周五 is five days a week
    for m in _CN_COUNT.finditer(text):
        if (v := chinese_number(m.group(1))) is not None:
            values.append((v, m.group(2)))  # 第三次 counts meetings, not people
    return values


def passages_of(
    path: str, doc: Document, year: int | None, lines: list[tuple[Block, list[Quantity]]] | None = None
) -> list[Passage]:
    """The passages of one evidence file: its title, headings, paragraphs (a sentence a page cut joined
    back) and table rows (with their headers). `lines` are the paragraphs and their figures where the
    caller has them already."""
    lines = lines if lines is not None else list(block_figures(paragraphs(doc), year))

    def passage(text: str, page: int, ocr: bool, figures: list[Quantity], **where) -> Passage:
        return Passage(path, page, text, re.sub(r"\s+", "", match_form(text)), ocr, _values(text, figures), **where)

    out = [passage(doc.meta.title, 1, False, [])] if doc.meta.title else []
    out += [passage(para.text, para.page, para.ocr, figures) for para, figures in lines]
    for k, block in enumerate(doc.blocks):
        if block.kind == "heading" and block.text.strip():
            out.append(passage(block.text, block.page, block.ocr, []))
        elif block.kind == "table" and block.table is not None:
            for text, data in _row_texts(block):
                out.append(passage(text, block.page, block.ocr, find_quantities(text, year), table=k, data=data))
    return out


_UNIT_IN_HEADER = re.compile(r"[（(]\s*([^（()）\d]{1,4})\s*[)）]\s*$")
_SERIAL = re.compile(r"序\s*号|编\s*号|代\s*码|No\.?", re.I)
_TOTAL_ROW = re.compile(r"^\S{0,12}?(?:合\s*计|总\s*计|小\s*计)")
_NUMERIC = re.compile(r"[-+]?[\d,，]+(?:\.\d+)?")


def _row_texts(block: Block) -> list[tuple[str, bool]]:
    """A table's rows as text, each cell after its column header, a number followed by the unit its row
    or column header gives (压减率（%） 93.62 → 93.62%), so that a bare cell is not taken for another unit."""
    assert block.table is not None
    rows: dict[int, list[str]] = {}
    raw: dict[int, set[str]] = {}
    for cell in block.table.cells:
        raw.setdefault(cell.row, set()).add(cell.text.strip())
        header = cell.col_header.split(" / ")[-1] if cell.col_header else ""
        if _SERIAL.fullmatch(header.strip()):
            continue  # a row's running number is not one of its figures
        text = cell.text.strip()
        if _NUMERIC.fullmatch(text):
            unit = _UNIT_IN_HEADER.search(header) or _UNIT_IN_HEADER.search(cell.row_header)
            text += unit.group(1) if unit else ""
        piece = f"{header}{text}" if header and header != cell.text else text
        rows.setdefault(cell.row, []).append(piece)
    table = block.table
    out = []
    for r, cells in sorted(rows.items()):
        first = next((c for c in cells if c), "")
        data = r >= table.header_rows and len(raw[r] - {""}) > 1 and not _TOTAL_ROW.match(first)
        out.append(("，".join(dict.fromkeys(p for p in cells if p)), data))
    return [(t, d) for t, d in out if t.strip()]


class EvidenceText:
    """All passages of a submission's evidence, with document frequencies for term weights."""

    def __init__(self, files: dict[str, list[Passage]]):
        self.files = files
        self._forms = {path: "\n".join(p.form for p in ps) for path, ps in files.items()}
        self.n = max(1, len(files))
        self._cache: dict[str, int] = {}

    def df(self, term: str) -> int:
        if term not in self._cache:
            self._cache[term] = sum(1 for form in self._forms.values() if term in form)
        return self._cache[term]

    def weights(self, terms: list[str]) -> dict[str, float]:
        return {t: math.log(1 + self.n / (1 + self.df(t))) + 0.2 for t in terms}


def present(term: str, passage: Passage) -> bool:
    if term in passage.form:
        return True
    return passage.ocr and len(term) >= 3 and fuzz.partial_ratio(term, passage.form) >= 80


def _share_present(term: str, passages: list[Passage]) -> float:
    """How much of a long term the passages state: 1 if whole; for a term of five characters or more
    (适龄残疾儿童少年义务教育入学率, one word to the segmenter) the share of its character pairs that one
    passage has, counted from one half up."""
    if any(present(term, p) for p in passages):
        return 1.0
    if len(term) < 5:
        return 0.0
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    best = max((sum(1 for x in pairs if x in p.form) / len(pairs) for p in passages), default=0.0)
    return best if best >= 0.5 else 0.0


def coverage(weights: dict[str, float], passages: list[Passage]) -> tuple[float, list[str]]:
    """The weighted share of the terms that the passages (one, or a window) contain, and which."""
    total = sum(weights.values())
    if not total:
        return 0.0, []
    shares = {t: _share_present(t, passages) for t in weights}
    return sum(weights[t] * shares[t] for t in weights) / total, [t for t in weights if shares[t]]


def specific(q: Quantity) -> bool:
    """A figure unlikely to stand anywhere by chance: decimals, or three digits that are not round
    (828个, 97.8%; not 100% or 2000人次)."""
    return not float(q.value).is_integer() or (q.value >= 100 and q.value % 10 != 0)


def states_value(q: Quantity, passages: list[Passage], bare_small: bool = False) -> bool:
    """A passage gives the claim's figure: the same value within its rounding, in the same base unit, or
    with no unit of its own (a table cell); small counts must carry a unit."""
    value, unit = q.base()
    tolerance = rounding(q.text, q.unit) + 1e-9
    as_written = tolerance * (q.value / value) if value else tolerance  # the same, in the unit written
    for p in passages:
        for v, u in p.values:
            if abs(v - value) > tolerance and not (u is None and abs(v - q.value) <= as_written):
                continue
            if u is None and value < 10 and float(value).is_integer() and not bare_small:
                continue  # a bare 3 in a table says nothing about 3次, unless the claim's other figures stand there
            if u is None or u == unit or any({u, unit} <= family for family in _COUNTS):
                return True
    return False
