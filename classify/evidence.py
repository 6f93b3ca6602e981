"""A submission's evidence (佐证材料) as the audit sees it: each readable file with its kind, the
observation points it was matched to, its passages and its figures (from tables and from text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classify.matcher import Match, Matcher
from classify.targets import file_target
from extract.claims import paragraphs
from extract.model import Block, Document
from extract.quantities import Quantity, block_figures, find_quantities, to_base
from extract.tablefacts import spanning_rows, table_facts

ASSIGN_SCORE = 0.5  # a file serves every point it matches at least this well
FILED_ELSEWHERE = 0.8  # a file filed under other codes also serves a point it matches this well
TOP_SCORE = 0.15  # and its best point, if that one is not a guess
EXCERPT = 120


@dataclass
class Fact:
    """A figure the evidence gives: metric, subject, period, value and unit, and where it stands."""

    metric: str | None
    subject: str | None
    period: str | None
    value: float
    unit: str | None
    file: str
    page: int | None
    excerpt: str
    source: str  # 表格 / 正文
    change: bool = False  # a growth or difference, not a level
    falling: bool = False  # a change downwards (下降46%, 增长-2.45%)
    text: str = ""  # the figure as written: 20871.96, 13.52亿元

    def base(self) -> tuple[float, str | None]:
        return to_base(self.value, self.unit)

    def stated(self) -> str:
        """The figure as its source writes it, with its unit: what a message quotes (never re-rounded)."""
        written = self.text or f"{self.value:.12g}"
        return written if not self.unit or self.unit in written else f"{written}{self.unit}"

    @classmethod
    def of(cls, q: Quantity, file: str, page: int | None, excerpt: str, source: str) -> Fact:
        """A figure read from running text (evidence or the report itself)."""
        return cls(q.metric, q.subject, q.period, q.value, q.unit, file, page, excerpt, source,
                   change=q.comparison in ("up", "down"),
                   falling=q.comparison == "down" or (q.comparison == "up" and q.value < 0), text=q.text)  # fmt: skip


@dataclass
class EvidenceFile:
    path: str
    doc: Document
    kind: str | None
    matches: list[Match]
    points: set[str] = field(default_factory=set)
    facts: list[Fact] = field(default_factory=list)
    lines: list[tuple[Block, list[Quantity]]] = field(default_factory=list)  # paragraphs and their figures

    def passages(self) -> list[Block]:
        return [b for b in self.doc.blocks if b.kind in ("paragraph", "list_item", "table", "heading", "caption")]


def excerpt(text: str, around: int | None = None) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if around is None or len(text) <= EXCERPT:
        return text[:EXCERPT]
    start = max(0, min(around - EXCERPT // 2, len(text) - EXCERPT))
    return text[start : start + EXCERPT]


def facts_of(doc: Document, year: int | None, lines: list[tuple[Block, list[Quantity]]] | None = None) -> list[Fact]:
    """Table cells first (they are what a report's figures come from), then figures in running text."""
    facts = [
        Fact(
            f.metric,
            f.subject,
            f.period,
            f.value,
            f.unit,
            doc.path,
            f.page,
            f"{f.context}：{f.text}",
            "表格",
            change=f.comparison == "change",
            text=f.text,
        )
        for f in table_facts(doc, year)
    ]
    for block in doc.blocks:  # a note written across a table (交流比例：11.1%；…) is running text
        for text in spanning_rows(block.table) if block.table is not None else []:
            quantities = find_quantities(text, year)
            facts += [Fact.of(q, doc.path, block.page, excerpt(text, q.start), "正文") for q in quantities]
    for block, figures in lines if lines is not None else block_figures(paragraphs(doc), year):
        for q in figures:
            facts.append(Fact.of(q, doc.path, block.page, excerpt(block.text, q.start), "正文"))
    return facts


def build_evidence(docs: dict[str, Document], matcher: Matcher, year: int | None) -> list[EvidenceFile]:
    """Every readable evidence file matched to its observation points, with its figures."""
    out = []
    leaves = {p.id for p in matcher.fw.points()}
    for path, doc in docs.items():
        target = file_target(path, doc)
        ranked = matcher.rank(target, "file", top=5)
        points = {m.point for m in ranked if m.score >= ASSIGN_SCORE}
        if ranked and ranked[0].score >= TOP_SCORE:
            points.add(ranked[0].point)
        if named := [c for c in matcher.path_codes(path) if c in leaves]:
            # the submitter filed it under these codes; content adds a point only when it is unmistakable
            points = set(named) | {m.point for m in ranked if m.score >= FILED_ELSEWHERE}
        lines = list(block_figures(paragraphs(doc), year))
        out.append(EvidenceFile(path, doc, target.kind, ranked, points, facts_of(doc, year, lines), lines))
    return out
