"""Checks that turn what the audit saw into findings (问题): files that could not be read, the arithmetic of
the evidence's own lines, each claim's figures and verdict (无佐证, 与佐证矛盾), and a "did not fall" claim
against a decline the evidence shows. A finding about a figure belongs to the point that governs its
metric."""

from __future__ import annotations

import re

from classify.checks import figure_checks, parts_total, sentence_checks
from classify.evidence import EvidenceFile, excerpt
from classify.findings import Citation, Finding
from classify.matcher import Matcher
from classify.results import ClaimResult
from classify.support import Verdict
from corpora.frameworks.schema import Framework
from corpora.lexicon.metrics import find_metrics
from corpora.text import clip
from extract.model import FileResult

Owners = dict[str, list[str]]  # metric → the points whose standard is about it

_NO_DECLINE = re.compile(r"(?:均|都|全部|全面)?(?:不低于上年|只增不减|比上年(?:有所)?增长|没有下降|未下降|逐年增长)")


def metric_owners(fw: Framework) -> Owners:
    """The points whose standard is about each metric (一般公共预算教育经费 → the 只增不减 point)."""
    owners: Owners = {}
    for node in fw.points():
        for metric in dict.fromkeys([node.metric, *(r.metric for r in node.rules)]):
            if metric:
                owners.setdefault(metric, []).append(node.id)
    return owners


def owner(metric: str | None, point: str | None, owners: Owners) -> str | None:
    """A finding about a figure belongs to the point that governs its metric; the claim's own point when
    that is one of them, or when no point governs it."""
    candidates = owners.get(metric or "", [])
    if not candidates or point in candidates:
        return point
    return candidates[0]


def unreadable_files(fw: Framework, files: list[FileResult], matcher: Matcher) -> tuple[list[Finding], dict]:
    """One finding per file that could not be read, or was read only in part; and for each unreadable file
    the observation points its path names (its folder is the only sign of what it was for)."""
    findings, filed = [], {}
    points = {p.id for p in fw.points()}
    for f in files:
        if f.status == "error" or f.document is None:
            why = f.error.message if f.error else "无法读取"
            filed[f.path] = [c for c in matcher.path_codes(f.path) if c in points]
            findings.append(
                Finding(
                    "unreadable_file",
                    f"文件「{f.path}」无法读取：{why}。",
                    observation_point=(filed[f.path] or [None])[0],
                    file=f.path,
                    rule="文件解析失败",
                )
            )
        elif f.document.partial:
            unread = "；".join(f.document.partial[:3])
            findings.append(
                Finding(
                    "unreadable_file",
                    f"文件「{f.path}」只读取了一部分（{unread}），未读取的部分未经核查，请人工查看。",
                    file=f.path,
                    severity="low",
                    rule="文件部分读取",
                )
            )
    return findings, filed


def evidence_checks(e: EvidenceFile, owners: Owners) -> list[Finding]:
    """The arithmetic of the evidence's own lines (a bulletin's stated rates against its figures)."""
    out = []
    point = e.matches[0].point if e.matches and e.points else None
    for block, figures in e.lines:
        where = {"file": e.path, "page": block.page}
        for f in figure_checks(figures, where, block.text):
            f.observation_point = owner(f.values.get("metric"), point, owners)
            f.evidence = [Citation(e.path, block.page, excerpt(block.text))]
            out.append(f)
    return out


def claim_checks(c: ClaimResult, owners: Owners) -> list[Finding]:
    """A claim's own arithmetic and units, then what its verdict says: contradicted by the evidence, or
    without (or with only related) evidence."""
    own = sentence_checks(c.claim, c.point) + parts_total(c.claim, c.point)
    for f in own:
        f.observation_point = owner(f.values.get("metric"), c.point, owners)
    out = list(own)
    if c.verdict is None:
        return out
    if c.verdict.support == "contradicted":
        # A growth already shown wrong by its own figures is one fact, not a second contradiction.
        miscounted = {f.values.get("metric") for f in own if f.kind in ("arithmetic_error", "unit_error")}
        for f in _contradictions(c, miscounted):
            f.observation_point = owner(f.values.get("metric"), c.point, owners)
            out.append(f)
    elif c.verdict.support in ("unsupported", "partial"):
        out.append(
            Finding(
                "unsupported_claim",
                f"陈述「{clip(c.claim.text, 40)}」{'只有相关材料，' if c.verdict.support == 'partial' else ''}"
                f"没有佐证材料说明同一事实。",
                **_at(c),
                severity="low" if c.verdict.support == "partial" else "medium",
                rule=c.verdict.reason,
                evidence=c.verdict.citations,
            )
        )
    return out


def no_decline_claims(claims: list[ClaimResult], rules: list[Finding]) -> list[Finding]:
    """A claim that a figure did not fall (均不低于上年, 只增不减得到落实) against a decline the evidence shows:
    the claim is contradicted, with the decline's figures as the citation."""
    out = []
    declines = [f for f in rules if f.kind == "decline"]
    for c in claims:
        if c.verdict is None or c.verdict.support == "contradicted" or not _NO_DECLINE.search(c.claim.text):
            continue
        named = {m.name for m, _, _ in find_metrics(c.claim.text)} | {q.metric for q in c.claim.quantities}
        hit = next((f for f in declines if f.values.get("metric") in named), None)
        if hit is None:
            continue
        cite = Citation(hit.file or "", hit.page, hit.message)
        c.verdict = Verdict("contradicted", f"陈述称未下降，但{hit.message}", [cite])
        out.append(
            Finding(
                "contradicted_claim",
                f"报告称「{clip(c.claim.text, 40)}」，但{hit.message}",
                observation_point=hit.observation_point or c.point,
                claim=c.claim.id,
                file=c.claim.file,
                page=c.claim.page,
                values=dict(hit.values),
                rule="陈述“未下降”与佐证中的下降不符",
                evidence=[cite],
            )
        )
    return out


def _at(c: ClaimResult) -> dict:
    """Where a finding about a claim points the reviewer: its point, the claim, its file and page."""
    return {"observation_point": c.point, "claim": c.claim.id, "file": c.claim.file, "page": c.claim.page}


def _contradictions(c: ClaimResult, miscounted: set) -> list[Finding]:
    assert c.verdict is not None
    if not c.verdict.mismatches:
        # contradicted by what the evidence says, not by a figure: a pending item against "all done"
        return [
            Finding(
                "contradicted_claim",
                f"报告称「{clip(c.claim.text, 40)}」，但{c.verdict.reason}。",
                **_at(c),
                rule="陈述与佐证所载事实不一致",
                evidence=c.verdict.citations,
            )
        ]
    out = []
    for m in c.verdict.mismatches:
        q, fact = m.quantity, m.fact
        if q.metric in miscounted:
            continue
        if m.unit_slip:
            out.append(
                Finding(
                    "unit_error",
                    f"陈述中的「{q.text}」与佐证的{fact.stated()}相差约一万倍，单位可能写错。",
                    **_at(c),
                    values={"metric": q.metric, "written": q.unit, "evidence": fact.value, "evidence_unit": fact.unit},
                    rule="与佐证数值量级不一致",
                )
            )
            continue
        out.append(
            Finding(
                "contradicted_claim",
                f"报告称{q.metric}为{q.text}，佐证「{fact.file}」为{fact.stated()}，两者不一致。",
                **_at(c),
                values={
                    "metric": q.metric,
                    "subject": q.subject,
                    "period": q.period,
                    "reported": q.value,
                    "evidence": fact.value,
                    "evidence_file": fact.file,
                    "evidence_page": fact.page,
                },
                rule="同一指标、学段、年度的数字应与佐证一致",
                evidence=[c.verdict.citations[0]] if c.verdict.citations else [],
            )
        )
    return out
