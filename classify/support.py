"""Support verdicts (佐证支撑判断): for each claim that needs evidence, the submission's own evidence
is searched — the files matched to the claim's observation point first, then all — and the claim is
supported (the same document, or the same number for the same metric, subject and period, within
the rounding of the stated figure), partial (evidence on the topic without the specific fact),
contradicted (the evidence gives another value for the same metric, subject and period) or
unsupported. Too little evidence is never a contradiction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from classify.evidence import EvidenceFile, Fact, excerpt
from classify.findings import Citation
from corpora.text import match_form
from extract.claims import Claim
from extract.quantities import Quantity, rounding, unit_slip

_TITLE = re.compile(r"《([^《》]{4,})》")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")


@dataclass
class Mismatch:
    quantity: Quantity
    fact: Fact
    unit_slip: bool  # off by ~10⁴: a unit error rather than another value


@dataclass
class Verdict:
    support: str  # supported, partial, unsupported, contradicted
    reason: str
    citations: list[Citation] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)


def same_value(q: Quantity, fact: Fact) -> bool:
    a, unit_a = q.base()
    b, unit_b = fact.base()
    if unit_a != unit_b and not (unit_a in ("人", "名") and unit_b in ("人", "名")):
        return False
    tolerance = max(rounding(q.text, q.unit), rounding(f"{fact.value:.12g}", fact.unit)) + 1e-9
    return abs(a - b) <= tolerance


def _comparable(q: Quantity, fact: Fact) -> bool:
    """Same metric, period and subject (a county-wide fact stands for a figure without a stage), and both
    levels or both changes."""
    if q.metric is None or fact.metric != q.metric or fact.change != (q.comparison in ("up", "down")):
        return False
    if q.base()[1] != fact.base()[1] and not ({q.base()[1], fact.base()[1]} <= {"人", "名"}):
        return False  # 8.9平方米 and 1.18人 are two metrics, whatever the text called them
    if q.period and fact.period and q.period != fact.period:
        return False
    return (q.subject or "全县") == (fact.subject or "全县")


def _cite(fact: Fact) -> Citation:
    return Citation(fact.file, fact.page, fact.excerpt)


def _cite_file(ev: EvidenceFile, needle: str | None = None) -> Citation:
    for block in ev.passages():
        if needle is None or needle in match_form(block.text):
            pos = match_form(block.text).find(needle) if needle else None
            return Citation(ev.path, block.page, excerpt(block.text, pos))
    return Citation(ev.path, 1, ev.doc.meta.title or "")


def judge(claim: Claim, point: str | None, evidence: list[EvidenceFile]) -> Verdict:
    """The verdict on one claim against the evidence, nearest files first."""
    near = [e for e in evidence if point in e.points]
    ordered = near + [e for e in evidence if point not in e.points]
    numbers = [q for q in claim.quantities if q.metric and q.unit]
    matched, mismatches = [], []
    for q in numbers:
        candidates = [f for e in ordered for f in e.facts if _comparable(q, f)]
        equal = next((f for f in candidates if same_value(q, f)), None)
        if equal is not None:
            matched.append(equal)
        elif candidates:
            best = candidates[0]
            mismatches.append(Mismatch(q, best, unit_slip(q.base()[0], best.base()[0])))
    if mismatches:
        cites = [_cite(m.fact) for m in mismatches]
        fact = mismatches[0]
        return Verdict(
            "contradicted",
            f"{fact.quantity.metric}：陈述 {fact.quantity.text}，佐证为 {fact.fact.value:.12g}{fact.fact.unit or ''}",
            cites,
            mismatches,
        )
    if matched and len(matched) >= max(1, len(numbers) // 2):
        return Verdict("supported", f"佐证中有相同数字（{matched[0].source}）", [_cite(f) for f in matched[:3]])
    form = match_form(claim.text)
    titles = [m.group(1) for m in _TITLE.finditer(form)]
    for e in ordered:
        head = match_form(e.doc.text[:3000])
        names = match_form(f"{e.doc.meta.title or ''} {e.path}")
        for title in titles:
            if title in names or title in head:
                return Verdict("supported", f"佐证中有同名文件《{title}》", [_cite_file(e, title)])
        for m in _DOC_NUMBER.finditer(form):
            own = e.doc.meta.title
            # The same 文号 on a document with another title is another document (or a typo).
            if m.group(0) in head and not (
                titles and own and max(fuzz.partial_ratio(t, match_form(own)) for t in titles) < 80
            ):
                return Verdict("supported", f"佐证中有同一文号「{m.group(0)}」", [_cite_file(e, m.group(0))])
    counts = [q for q in claim.quantities if not q.metric and q.unit]
    for q in counts:
        for e in near:
            for f in e.facts:
                if f.unit == q.unit and same_value(q, f):
                    return Verdict("supported", f"佐证中有相同数字 {q.text}", [_cite(f)])
    if near:
        first = near[0]
        return Verdict("partial", f"有该观测点的佐证（{first.path}），但未见陈述中的具体事实", [_cite_file(first)])
    return Verdict("unsupported", "没有与该陈述对应的佐证材料")
