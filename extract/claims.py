"""Claims (自评陈述): the assertions of a self-evaluation report, one per sentence or list item, each with
its kind, the reason for that kind, its heading path, provenance and figures.

Plans, problems, background and boilerplate are kept, marked as not needing evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from corpora.text import parse_marker, split_sentences
from extract.model import Document
from extract.quantities import MONEY_UNITS, Quantity, block_figures

NO_EVIDENCE = {"plan", "problem", "background", "boilerplate"}
_MIN_CHARS = 6  # a shorter piece ("一是：") joins the next one

_SECTION_KINDS = [
    (re.compile(r"存在的?.{0,6}(?:问题|不足|困难)|主要问题|问题与不足|不足之处|薄弱环节"), "problem"),
    (re.compile(r"下一步|工作打算|努力方向|今后工作|工作计划"), "plan"),
    (re.compile(r"基本情况|县情|概况"), "background"),
]
_BOILERPLATE = re.compile(
    r"^(?:根据|按照|依据|依照|为贯彻|为落实).{0,80}(?:要求|精神|通知|办法|方案|部署|规定|意见)"
    r"|现将.{0,30}(?:报告|公告|通报)如下|总得分"
    r"|(?:如下|情况为|情况是|分别是|具体为)\s*[:：]\s*$"  # a lead-in: its list states the facts
)
_PLAN = re.compile(r"^(?:下一步|今后|下阶段|我县将|将继续|将进一步|计划|拟|力争)|^.{0,8}将(?:继续|进一步|持续)")
_PROBLEM = re.compile(
    r"^(?:[一二三四五六七八九十]是)?.{0,20}(?:不足(?![0-9一二三四五六七八九十百])|短板|薄弱|尚未|有待|仍然存在|仍需|不够|滞后|偏低|短缺)"
)
_MECHANISM = re.compile(r"建立|健全|完善|成立|印发|出台|制定|修订|组建|设立|责任制|《[^》]+》|〔\d{4}〕")
_DOCUMENT = re.compile(r"(?:印发|出台|制定|修订)《[^》]+》|〔\d{4}〕")
_FUNDING_WORDS = re.compile(r"经费|资金|补助|拨付|投入")
_PARITY = re.compile(r"教师.{0,20}(?:工资|收入).{0,30}公务员|公务员.{0,30}教师")
_ACTIVITY_UNITS = {"次", "场", "期", "节", "人次", "万人次"}


@dataclass
class Claim:
    id: str
    text: str
    kind: str  # mechanism, activity, funding, rate, growth, parity, plan, problem, background, boilerplate, other
    needs_evidence: bool
    reason: str  # which rule decided the kind
    file: str
    page: int
    start: int  # offsets in the page text
    end: int
    section: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)


def classify(text: str, section: list[str], quantities: list[Quantity]) -> tuple[str, str]:
    """(kind, reason) of one claim: its section first (问题 / 下一步 / 基本情况), then its wording and figures."""
    for heading in reversed(section):
        for pattern, kind in _SECTION_KINDS:
            if pattern.search(heading):
                return kind, f"所在章节「{heading}」"
    if marker := parse_marker(text):
        text = text[marker.end :]  # (57)下一步将…: the item's number is not its wording
    if _BOILERPLATE.search(text):
        return "boilerplate", "依据类套话（根据…要求）"
    if _PLAN.search(text):
        return "plan", "计划表述（下一步/将…）"
    if _PARITY.search(text) and quantities:
        return "parity", "教师工资与公务员工资对比"
    if any(q.unit in MONEY_UNITS for q in quantities):
        return "funding", "含金额（元/万元/亿元）"
    if m := _DOCUMENT.search(text):
        return "mechanism", f"制度文件（{m.group(0)}）"
    if any(q.comparison not in ("up", "down") and (q.unit in ("%", "‰") or q.metric) for q in quantities):
        return "rate", "含比率或指标水平"
    if any(q.comparison in ("up", "down") for q in quantities):
        return "growth", "含增减幅度（比上年增长/提高/下降）"
    if any(q.unit in _ACTIVITY_UNITS for q in quantities):
        return "activity", "含次数（次/场/期）"
    if quantities and (m := _FUNDING_WORDS.search(text)):
        return "funding", f"经费保障表述（{m.group(0)}）"
    if _PROBLEM.search(text):
        return "problem", "问题表述（不足/尚未/有待…）"
    if m := _MECHANISM.search(text):
        return "mechanism", f"制度机制表述（{m.group(0)}）"
    if quantities:
        return "other", "含数量"
    return "other", "一般陈述"


def _pieces(text: str) -> list[tuple[int, int]]:
    """Sentence spans, a too-short piece joined to the one after it."""
    spans = [(s.start, s.end) for s in split_sentences(text)]
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        start = pending if pending is not None else start
        if end - start < _MIN_CHARS:
            pending = start
            continue
        pending = None
        out.append((start, end))
    if pending is not None and spans:
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        else:
            out.append((pending, spans[-1][1]))
    return out


def _shifted(q: Quantity, delta: int) -> Quantity:
    """The figure with offsets in the claim's text."""
    return replace(q, start=q.start + delta, end=q.end + delta)


@dataclass
class _Paragraph:
    """A paragraph or list item as claims see it: a sentence the page broke off is joined back to it."""

    kind: str
    text: str
    page: int
    start: int
    heading_path: list[str]
    ocr: bool = False


_ENDED = re.compile(r"[。！？!?；;：:…”」）)]\s*$")


def paragraphs(doc: Document) -> list[_Paragraph]:
    """The document's paragraphs and list items in reading order, furniture left out, each sentence
    that a page break cut joined back together."""
    out: list[_Paragraph] = []
    open_end = False  # the last paragraph stopped mid-sentence and nothing but furniture came after it
    for page in doc.pages:
        for block in page.blocks:
            if block.kind == "furniture":
                continue
            if block.kind not in ("paragraph", "list_item") or block.text == doc.meta.title:
                open_end = False
                continue
            last = out[-1] if out else None
            if open_end and last and last.page < page.number and block.kind == "paragraph":
                last.text += block.text  # a sentence across a page break (…同口径增长 | — 3 — | 5.09%。)
            else:
                out.append(
                    _Paragraph(block.kind, block.text, page.number, block.start, list(block.heading_path), block.ocr)
                )
            open_end = not _ENDED.search(out[-1].text)
    return out


def extract_claims(doc: Document, year: int | None = None) -> list[Claim]:
    """The claims of a report, in reading order, with provenance and figures. Furniture (page numbers,
    文号, addressee, signature …) is never a claim; a sentence broken by a page is one claim."""
    claims: list[Claim] = []
    units = paragraphs(doc)
    figures_of = {id(p): f for p, f in block_figures(units, year)}  # periods and metrics carry over
    for para in units:
        figures = figures_of[id(para)]
        for start, end in _pieces(para.text):
            text = para.text[start:end]
            quantities = [_shifted(q, -start) for q in figures if start <= q.start < end]
            kind, reason = classify(text, para.heading_path, quantities)
            claims.append(
                Claim(
                    id=f"c{len(claims) + 1}",
                    text=text,
                    kind=kind,
                    needs_evidence=kind not in NO_EVIDENCE,
                    reason=reason,
                    file=doc.path,
                    page=para.page,
                    start=para.start + start,
                    end=para.start + end,
                    section=list(para.heading_path),
                    quantities=quantities,
                )
            )
    return claims
