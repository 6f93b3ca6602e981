"""The preliminary audit (市级初审) of one submission: the report's claims matched to observation points
and judged against the evidence, the numbers checked, the framework's rules applied, coverage and
self-scores weighed — every finding with its reason and citation. Steps run in order and report
progress; a file that could not be read becomes a finding, never a failure."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from classify.align import EvidenceText, passages_of
from classify.checks import (
    Figures,
    coverage,
    evidence_hints,
    figure_checks,
    parts_total,
    rule_checks,
    self_scores,
    sentence_checks,
)
from classify.evidence import EvidenceFile, build_evidence, excerpt
from classify.findings import Citation, Finding, dedupe, point_status
from classify.matcher import Match, Matcher
from classify.selfscore import Reconciliation, reconcile
from classify.suggest import Suggestion, suggest
from classify.support import Verdict, judge
from classify.targets import claim_target
from corpora.frameworks.schema import Framework
from corpora.lexicon.metrics import find_metrics
from corpora.text import clip
from extract.claims import Claim, extract_claims
from extract.model import FileResult
from extract.submission import find_report, find_sheet, report_region, report_year

Progress = Callable[[str, int, int], None]  # (step, done, total)



@dataclass
class ClaimResult:
    claim: Claim
    matches: list[Match]
    verdict: Verdict | None  # None for claims that need no evidence

    @property
    def point(self) -> str | None:
        return self.matches[0].point if self.matches else None


@dataclass
class AuditResult:
    framework: Framework
    year: int | None
    region: str | None
    report: str | None
    sheet: str | None
    claims: list[ClaimResult] = field(default_factory=list)
    evidence: list[EvidenceFile] = field(default_factory=list)
    scores: Reconciliation = field(default_factory=Reconciliation)
    findings: list[Finding] = field(default_factory=list)
    filed: dict[str, list[str]] = field(default_factory=dict)  # unreadable files: the codes their path gives
    suggestions: dict[str, Suggestion] = field(default_factory=dict)  # point → suggested score (建议得分)
    hints: dict[str, list[dict]] = field(default_factory=dict)  # point → evidence kinds required but not seen

    def point_status(self, point: str) -> str:
        placed = [c for c in self.claims if c.point == point]
        return point_status(
            files=sum(point in e.points for e in self.evidence),
            claims=len(placed),
            verdicts=[c.verdict.support for c in placed if c.verdict is not None],
            severe={f.kind for f in self.findings if f.observation_point == point and f.severity == "high"},
        )


def audit(
    fw: Framework,
    files: list[FileResult],
    *,
    report: str | None = None,
    sheet: str | None = None,
    year: int | None = None,
    matcher: Matcher | None = None,
    progress: Progress = lambda step, done, total: None,
) -> AuditResult:
    docs = {f.path: f.document for f in files if f.document is not None and f.status != "error"}
    report = report or find_report(docs)
    sheet = sheet or find_sheet(docs)
    report_doc = docs.get(report) if report else None
    year = year or (report_year(report_doc) if report_doc else None)
    result = AuditResult(fw, year, report_region(report_doc) if report_doc else None, report, sheet)
    matcher = matcher or Matcher(fw)

    for f in files:
        if f.status == "error" or f.document is None:
            why = f.error.message if f.error else "无法读取"
            result.filed[f.path] = [c for c in matcher.path_codes(f.path) if c in {p.id for p in fw.points()}]
            result.findings.append(
                Finding(
                    "unreadable_file",
                    f"文件「{f.path}」无法读取：{why}。",
                    observation_point=(result.filed[f.path] or [None])[0],
                    file=f.path,
                    rule="文件解析失败",
                )
            )
        elif f.document.partial:
            unread = "；".join(f.document.partial[:3])
            result.findings.append(
                Finding(
                    "unreadable_file",
                    f"文件「{f.path}」只读取了一部分（{unread}），未读取的部分未经核查，请人工查看。",
                    file=f.path,
                    severity="low",
                    rule="文件部分读取",
                )
            )

    evidence_docs = {p: d for p, d in docs.items() if p not in (report, sheet)}
    progress("匹配佐证材料", 0, len(evidence_docs))
    result.evidence = build_evidence(evidence_docs, matcher, year)
    progress("匹配佐证材料", len(evidence_docs), len(evidence_docs))
    owners = _metric_owners(fw)
    for e in result.evidence:
        result.findings += evidence_checks(e, owners)

    text = EvidenceText({e.path: passages_of(e.path, e.doc, year, e.lines) for e in result.evidence})
    claims = extract_claims(report_doc, year) if report_doc is not None else []
    # every claim about the work is placed on a point — problems and plans too, so a reviewer finds them
    # there — but only those that need evidence are judged against it; the figures of the 基本情况 (学校、
    # 学生、教师 counts) are checked too, though nothing is owed for them: a figure the evidence states backs
    # the claim, one it gives otherwise contradicts it, one it does not give is no finding
    placed = [c for c in claims if c.needs_evidence or c.kind in ("problem", "plan") or _counted(c)]
    ranked = dict(zip((c.id for c in placed), matcher.rank_claims([claim_target(c) for c in placed]), strict=True))
    for i, claim in enumerate(claims, 1):
        matches = _governed_first(claim, ranked.get(claim.id, []), owners)
        point = matches[0].point if matches else None
        verdict = judge(claim, point, result.evidence, text) if claim.needs_evidence or _counted(claim) else None
        if verdict is not None and not claim.needs_evidence and verdict.support not in ("supported", "contradicted"):
            verdict = None
        result.claims.append(ClaimResult(claim, matches, verdict))
        progress("核对陈述", i, len(claims))

    for c in result.claims:
        own = sentence_checks(c.claim, c.point) + parts_total(c.claim, c.point)
        for f in own:
            f.observation_point = _owner(f.values.get("metric"), c.point, owners)
        result.findings += own
        if c.verdict is None:
            continue
        if c.verdict.support == "contradicted":
            # A growth already shown wrong by its own figures is one fact, not a second contradiction.
            miscounted = {f.values.get("metric") for f in own if f.kind in ("arithmetic_error", "unit_error")}
            for f in _contradictions(c, miscounted):
                f.observation_point = _owner(f.values.get("metric"), c.point, owners)
                result.findings.append(f)
        elif c.verdict.support in ("unsupported", "partial"):
            result.findings.append(
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
    progress("规则核查", 0, 1)
    rules = rule_checks(fw, Figures(result.evidence, claims, year))
    result.findings += rules + _no_decline_claims(result.claims, rules)
    result.findings += coverage(fw, result.evidence)
    result.hints = evidence_hints(fw, result.evidence)
    result.scores = reconcile(fw, report_doc, docs.get(sheet) if sheet else None)
    result.findings += self_scores(fw, result.scores.points, result.findings)
    result.findings = dedupe(result.findings)
    result.suggestions = suggest(fw, result.scores.points, result.findings)
    progress("规则核查", 1, 1)
    return result


def _counted(claim: Claim) -> bool:
    """A sentence of the 基本情况 that states figures (共有幼儿园47所、在园幼儿8630人)."""
    return claim.kind == "background" and any(q.unit for q in claim.quantities)


_NO_DECLINE = re.compile(r"(?:均|都|全部|全面)?(?:不低于上年|只增不减|比上年(?:有所)?增长|没有下降|未下降|逐年增长)")


def _governed_first(claim: Claim, matches: list[Match], owners: dict[str, list[str]]) -> list[Match]:
    """A claim whose figures all measure one metric that exactly one point's standard governs belongs to
    that point, when the matcher ranks it among the first three (生均…分别为20018.65元 is the per-student
    point's, not the budget total's that the sentence before spoke of)."""
    metrics = {q.metric for q in claim.quantities if q.metric}
    governed = {p for m in metrics for p in owners.get(m, [])}
    if len(metrics) != 1 or len(governed) != 1:
        return matches
    (point,) = governed
    top = next((m for m in matches[:3] if m.point == point), None)
    if top is None or matches[0].point == point:
        return matches
    top.reasons = [f"数字的指标口径「{next(iter(metrics))}」由该观测点的量化标准规定", *top.reasons]
    top.score = max(top.score, matches[0].score)  # the order stays best first by score
    return [top, *(m for m in matches if m is not top)]


def _no_decline_claims(claims: list[ClaimResult], rules: list[Finding]) -> list[Finding]:
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


def evidence_checks(e: EvidenceFile, owners: dict[str, list[str]]) -> list[Finding]:
    """The arithmetic of the evidence's own lines (a bulletin's stated rates against its figures)."""
    out = []
    point = e.matches[0].point if e.matches and e.points else None
    for block, figures in e.lines:
        where = {"file": e.path, "page": block.page}
        for f in figure_checks(figures, where, block.text):
            f.observation_point = _owner(f.values.get("metric"), point, owners)
            f.evidence = [Citation(e.path, block.page, excerpt(block.text))]
            out.append(f)
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


def _metric_owners(fw: Framework) -> dict[str, list[str]]:
    """The points whose standard is about each metric (一般公共预算教育经费 → the 只增不减 point)."""
    owners: dict[str, list[str]] = {}
    for node in fw.points():
        for metric in dict.fromkeys([node.metric, *(r.metric for r in node.rules)]):
            if metric:
                owners.setdefault(metric, []).append(node.id)
    return owners


def _owner(metric: str | None, point: str | None, owners: dict[str, list[str]]) -> str | None:
    """A finding about a figure belongs to the point that governs its metric; the claim's own point when
    that is one of them, or when no point governs it."""
    candidates = owners.get(metric or "", [])
    if not candidates or point in candidates:
        return point
    return candidates[0]
