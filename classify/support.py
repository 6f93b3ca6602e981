"""Support verdicts (佐证支撑判断): each claim that needs evidence is aligned with the evidence that
states the same fact (`align.py` measures terms and figures per file) — the files of the claim's own
point first, then all. Supported: a file states its figures (within their rounding, in a compatible unit,
counted by a table's rows, or following from two stated figures) or, for a claim without figures, most of
its weighted words. Contradicted: the evidence gives another value for the same metric, subject and
period, or lists an item as pending against a claim that all is done. Partial: some of its figures are
stated, naming which. Unsupported: none, saying which files were searched and what was not found. Too
little evidence is never a contradiction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from classify.align import EvidenceText, Passage, coverage, key_terms, passages_of, specific, states_value
from classify.evidence import EvidenceFile, Fact, excerpt
from classify.findings import Citation
from corpora.lexicon.metrics import same_subject
from corpora.text import match_form
from extract.claims import Claim
from extract.quantities import Quantity, rounding, to_base, unit_slip

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


def _same_unit(q: Quantity, fact: Fact) -> bool:
    """The two measure in one base unit (人 and 名 count the same people)."""
    unit_a, unit_b = q.base()[1], fact.base()[1]
    return unit_a == unit_b or {unit_a, unit_b} <= {"人", "名"}


def same_value(q: Quantity, fact: Fact) -> bool:
    if not _same_unit(q, fact):
        return False
    a, b = q.base()[0], fact.base()[0]
    tolerance = max(rounding(q.text, q.unit), rounding(f"{fact.value:.12g}", fact.unit)) + 1e-9
    return abs(a - b) <= tolerance


def _comparable(q: Quantity, fact: Fact) -> bool:
    """Same metric, period and subject (a county-wide fact stands for a figure without a stage), and both
    levels or both changes."""
    if q.metric is None or fact.metric != q.metric or fact.change != (q.comparison in ("up", "down")):
        return False
    if not _same_unit(q, fact):
        return False  # 8.9平方米 and 1.18人 are two metrics, whatever the text called them
    if q.period and fact.period and q.period != fact.period:
        return False
    return same_subject(q.metric, q.subject, fact.subject)


def _cite(fact: Fact) -> Citation:
    return Citation(fact.file, fact.page, fact.excerpt)


def _cite_file(ev: EvidenceFile, needle: str | None = None) -> Citation:
    for block in ev.passages():
        if needle is None or needle in match_form(block.text):
            pos = match_form(block.text).find(needle) if needle else None
            return Citation(ev.path, block.page, excerpt(block.text, pos))
    return Citation(ev.path, 1, ev.doc.meta.title or "")


SUPPORTED = 0.55  # share of a figure-less claim's weighted key terms one evidence file must state
LOCAL = 0.3  # a passage this close to the claim, giving its figure, states it wherever it stands
LOOSE = 0.15  # below this a file on another matter is not read at all
TOPICAL = 0.3  # a file this close is about the claim's fact, whether or not it gives its figures
_PENDING = re.compile(r"整改中|未完成|未整改|尚未|正在整改|未到位|推进中|未落实|未达标")
_ALL_DONE = re.compile(r"全部|均已|全面完成|已完成|到位|全覆盖|100%")


@dataclass
class _Alignment:
    passage: Passage | None = None
    cover: float = 0.0
    terms: list[str] = field(default_factory=list)
    figures: list[Quantity] = field(default_factory=list)

    def key(self) -> tuple:
        return (len(self.figures), round(self.cover, 6))


def align(claim: Claim, files: list[EvidenceFile], text: EvidenceText, point: str | None = None) -> _Alignment:
    """The evidence file that states most of the claim's figures and key terms — a fact is often spread
    over a document's rows or paragraphs — and, for the citation, its passage that states most of them.
    A stated change (提高4.8个百分点, 压减率93.6%) counts as stated when it follows from two figures that the
    claim or the file gives. A file of the claim's own point needs less in common to count."""
    weights = text.weights(key_terms(claim.text))
    numbers = [q for q in claim.quantities if q.unit]
    best = _Alignment()
    for e in files:
        passages = text.files.get(e.path, [])
        if not passages:
            continue
        cover, found = coverage(weights, passages)
        near = point is not None and point in e.points
        if weights and cover < LOOSE and not near:
            continue  # the files of the claim's own point are read whatever the words they share
        figures = [q for q in numbers if states_value(q, passages) or _follows(q, claim, passages)]
        if not weights or near or cover >= TOPICAL:  # 3个小区…全部移交 against a ledger of three rows
            figures += [q for q in numbers if q not in figures and _counted(q, claim, passages)]
        if figures:  # the claim's own figures stand here: a bare 3 beside them is its 3家
            holding = [p for p in passages if any(states_value(q, [p]) for q in figures)]
            figures += [q for q in numbers if q not in figures and states_value(q, holding, bare_small=True)]
            figures.sort(key=numbers.index)
        if weights and not near and cover < SUPPORTED:
            # in a file on another matter a 100% or a 3 says nothing, unless the very passage that gives
            # it speaks of the claim's matter (…共安排县委常委会5次研究…); an unround figure is specific
            figures = [q for q in figures if specific(q) or any(_speaks(q, p, weights) for p in passages)]
        cited = max(passages, key=lambda p: (sum(states_value(q, [p]) for q in figures), coverage(weights, [p])[0]))
        candidate = _Alignment(cited, cover, found, figures)
        if candidate.key() > best.key():
            best = candidate
    return best


def _speaks(q: Quantity, passage: Passage, weights: dict[str, float]) -> bool:
    return states_value(q, [passage]) and coverage(weights, [passage])[0] >= LOCAL


def _counted(q: Quantity, claim: Claim, passages: list[Passage]) -> bool:
    """A small count that a table of the file gives by its rows: as many entries as the count, or as
    many entries naming the thing counted (县委常委会会议…2次 → two rows that name 县委常委会)."""
    if not (float(q.value).is_integer() and 0 < q.value <= 30 and q.unit in _COUNTERS):
        return False
    tables: dict[int, list[Passage]] = {}
    for p in passages:
        if p.table is not None and p.data:
            tables.setdefault(p.table, []).append(p)
    clause = re.split(r"[，,；;。]", claim.text[: q.start])[-1]
    named = [t for t in key_terms(clause) if len(t) >= 3]
    for rows in tables.values():
        if len(rows) == q.value or any(sum(t in r.form for r in rows) == q.value for t in named):
            return True
    return False


_COUNTERS = {"个", "所", "家", "次", "场", "项", "名", "人", "处", "辆", "批"}


def _follows(q: Quantity, claim: Claim, passages: list[Passage]) -> bool:
    """A change the claim states that two figures (the claim's own levels or the file's) give."""
    if q.comparison not in ("up", "down") and not re.search(r"率\s*(?:为|达到?)?\s*$", claim.text[: q.start]):
        return False
    same_unit = q.unit not in ("%", "个百分点")  # 较上年提高2.4平方米: a difference in the figure's own unit
    own = [x.value for x in claim.quantities if x is not q and x.comparison is None and x.unit]
    pairs = [(a, b) for a in own for b in own if a != b]
    for p in passages:
        unit = to_base(1, q.unit)[1] if same_unit else None
        values = [v for v, u in p.values if u in (None, "%", unit)][:12]
        pairs += [(a, b) for a in values for b in values if a != b]  # two figures of one row or sentence
        pairs += [(a, b) for a in own for b in values] + [(b, a) for a in own for b in values]
    tolerance = rounding(q.text, None) + 1e-9
    for a, b in pairs:
        if (q.unit == "个百分点" or same_unit) and abs(abs(b - a) - q.value) <= tolerance:
            return True
        if q.unit == "%" and a and abs(abs(b - a) / a * 100 - q.value) <= tolerance:
            return True
    return False


def judge(claim: Claim, point: str | None, evidence: list[EvidenceFile], text: EvidenceText | None = None) -> Verdict:
    """The verdict on one claim against the evidence, nearest files first: supported where a passage
    states its fact, contradicted where the evidence gives another value (or a pending item against a
    claim that all is done), partial where only some of its figures are stated, unsupported otherwise."""
    near = [e for e in evidence if point in e.points]
    ordered = near + [e for e in evidence if point not in e.points]
    text = text or EvidenceText({e.path: passages_of(e.path, e.doc, None) for e in evidence})
    numbers = [q for q in claim.quantities if q.unit]
    best = align(claim, ordered, text, point)
    mismatches = [m for m in _mismatches(claim, ordered) if m.quantity not in best.figures]
    if mismatches:
        cites = [_cite(m.fact) for m in mismatches]
        first = mismatches[0]
        return Verdict(
            "contradicted",
            f"{first.quantity.metric}：陈述 {first.quantity.text}，"
            f"佐证为 {first.fact.stated()}",
            cites,
            mismatches,
        )
    if (pending := _pending(claim, near, text)) is not None:
        return pending
    if named := _named_document(claim, ordered):
        return named
    cite = [Citation(best.passage.file, best.passage.page, excerpt(best.passage.text))] if best.passage else []
    terms = "、".join(best.terms[:6])
    if len(best.figures) < len(numbers) and not any(map(specific, best.figures)):
        best.figures = []  # a 4所 found beside a missing 1080个 backs none of the claim's facts
    if numbers and best.figures:
        shown = "、".join(q.text for q in best.figures)
        if len(best.figures) == len(numbers):
            return Verdict("supported", f"佐证「{best.passage.file}」有相同数字 {shown}（相同词语：{terms}）", cite)
        unseen = [q for q in numbers if q not in best.figures]
        missing = "、".join(q.text for q in unseen)
        if _derived(unseen, best.figures):
            why = f"佐证「{best.passage.file}」有相同数字 {shown}；{missing}由其计算（计算是否正确另行核查）"
            return Verdict("supported", why, cite)
        return Verdict("partial", f"佐证有 {shown}，但未见 {missing}", cite)
    if not numbers and best.cover >= SUPPORTED:
        why = f"佐证「{best.passage.file}」说明了同一事实（相同词语：{terms}，覆盖 {best.cover:.0%}）"
        return Verdict("supported", why, cite)
    searched = len(ordered)
    if numbers:
        what = "、".join(q.text for q in numbers)
        near_miss = cite if best.cover >= TOPICAL else []
        return Verdict("unsupported", f"已查 {searched} 个佐证文件，未见陈述中的 {what}", near_miss)
    lacking = [t for t in key_terms(claim.text) if t not in best.terms][:4]
    return Verdict(
        "unsupported",
        f"已查 {searched} 个佐证文件，最接近的段落只覆盖陈述的 {best.cover:.0%}，未见「{'、'.join(lacking)}」",
        cite if best.cover >= TOPICAL else [],
    )


def _derived(unseen: list[Quantity], found: list[Quantity]) -> bool:
    """Whether the figures the evidence does not state are changes (增长10.1%) computed from levels it does
    state (2654.0万元 → 2868.5万元): the evidence backs the claim, the arithmetic check judges the rate."""
    levels = [q for q in found if q.comparison is None]
    return bool(unseen) and all(q.comparison in ("up", "down") for q in unseen) and len(levels) >= 2


def _mismatches(claim: Claim, ordered: list[EvidenceFile]) -> list[Mismatch]:
    """Figures of the claim for which the evidence gives the same metric, subject and period with another
    value (and none with the same)."""
    out = []
    for q in claim.quantities:
        if not (q.metric and q.unit):
            continue
        candidates = [f for e in ordered for f in e.facts if _comparable(q, f)]
        if candidates and not any(same_value(q, f) for f in candidates):
            best = candidates[0]
            out.append(Mismatch(q, best, unit_slip(q.base()[0], best.base()[0])))
    return out


def _pending(claim: Claim, near: list[EvidenceFile], text: EvidenceText) -> Verdict | None:
    """A claim that everything is done, against a passage about the same matter that lists an item as
    still pending (整改中, 未完成)."""
    if not _ALL_DONE.search(claim.text):
        return None
    weights = text.weights(key_terms(claim.text))
    for e in near:
        passages = text.files.get(e.path, [])
        topical = any(coverage(weights, [p])[0] >= TOPICAL for p in passages)
        for p in passages if topical else []:
            if (m := _PENDING.search(p.form)) and not _PENDING.search(match_form(claim.text)):
                return Verdict(
                    "contradicted",
                    f"陈述称已全部完成，佐证「{e.path}」中仍有事项为“{m.group(0)}”",
                    [Citation(p.file, p.page, excerpt(p.text))],
                )
    return None


def _named_document(claim: Claim, ordered: list[EvidenceFile]) -> Verdict | None:
    """A claim that names a document (《title》 or a 文号) is backed by that document."""
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
    return None
