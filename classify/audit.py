"""The preliminary audit (市级初审) of one submission, as the list of its steps: tell the report and the
score sheet from the evidence, split the report into claims, match evidence and claims to observation
points, judge each claim against the evidence, then check — figures, claims, the framework's rules,
coverage and self-scores. Every finding comes from a check, with its reason and citation; a file that
could not be read becomes a finding, never a failure."""

from __future__ import annotations

from dataclasses import dataclass, field

from classify.align import EvidenceText, passages_of
from classify.checks import Figures, coverage, evidence_hints, rule_checks, self_scores
from classify.claimchecks import (
    Owners,
    claim_checks,
    evidence_checks,
    metric_owners,
    no_decline_claims,
    unreadable_files,
)
from classify.evidence import build_evidence
from classify.findings import dedupe
from classify.matcher import Match, Matcher
from classify.results import AuditResult, ClaimResult
from classify.selfscore import reconcile
from classify.suggest import suggest, suggest_vetoes
from classify.support import judge
from classify.targets import claim_target
from corpora.frameworks.schema import Framework
from extract.claims import Claim, extract_claims
from extract.model import Document, FileResult
from extract.steps import Progress, Stage, StepProgress, run_steps
from extract.submission import find_report, find_sheet, report_region, report_year

__all__ = ["AUDIT_STEPS", "AuditResult", "AuditState", "ClaimResult", "audit"]


@dataclass
class AuditState:
    """What the audit's steps share: the inputs, what earlier steps found, and the result being built."""

    fw: Framework
    matcher: Matcher
    files: list[FileResult] = field(default_factory=list)
    report: str | None = None  # overrides of the guesses (--report, --self-score, a known year)
    sheet: str | None = None
    year: int | None = None
    result: AuditResult | None = None
    docs: dict[str, Document] = field(default_factory=dict)
    owners: Owners = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    text: EvidenceText | None = None
    matches: dict[str, list[Match]] = field(default_factory=dict)  # claim id → points, best first

    @property
    def report_doc(self) -> Document | None:
        assert self.result is not None
        return self.docs.get(self.result.report) if self.result.report else None


class IdentifyFiles:
    """Which file is the report, which the score sheet; the year and region the report is about."""

    name, stage, weight = "识别自评报告与自评表", Stage.EXTRACT, 0.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        s.docs = {f.path: f.document for f in s.files if f.document is not None and f.status != "error"}
        report = s.report or find_report(s.docs)
        sheet = s.sheet or find_sheet(s.docs)
        report_doc = s.docs.get(report) if report else None
        year = s.year or (report_year(report_doc) if report_doc else None)
        region = report_region(report_doc) if report_doc else None
        s.result = AuditResult(s.fw, year, region, report, sheet)
        s.owners = metric_owners(s.fw)


class UnreadableFiles:
    name, stage, weight = "记录无法读取的文件", Stage.EXTRACT, 0.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        assert s.result is not None
        s.result.findings, s.result.filed = unreadable_files(s.fw, s.files, s.matcher)


class SplitClaims:
    name, stage, weight = "拆分自评报告", Stage.CLAIMS, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        assert s.result is not None
        doc = s.report_doc
        s.claims = extract_claims(doc, s.result.year) if doc is not None else []


class MatchEvidence:
    name, stage, weight = "匹配佐证材料", Stage.MATCH, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        r = s.result
        assert r is not None
        evidence_docs = {p: d for p, d in s.docs.items() if p not in (r.report, r.sheet)}
        r.evidence = build_evidence(evidence_docs, s.matcher, r.year)
        s.text = EvidenceText({e.path: passages_of(e.path, e.doc, r.year, e.lines) for e in r.evidence})


class MatchClaims:
    # every claim about the work is placed on a point — problems and plans too, so a reviewer finds them
    # there — and so are the figures of the 基本情况 (学校、学生、教师 counts), checked below
    name, stage, weight = "匹配陈述", Stage.MATCH, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        placed = [c for c in s.claims if c.needs_evidence or c.kind in ("problem", "plan") or _counted(c)]
        ranked = s.matcher.rank_claims([claim_target(c) for c in placed])
        ranked_of = dict(zip((c.id for c in placed), ranked, strict=True))
        s.matches = {c.id: _governed_first(c, ranked_of.get(c.id, []), s.owners) for c in s.claims}


class VerifyClaims:
    """Only claims that need evidence are judged against it; a 基本情况 figure the evidence states backs the
    claim, one it gives otherwise contradicts it, one it does not give is no finding."""

    name, stage, weight = "核对陈述", Stage.VERIFY, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        r = s.result
        assert r is not None and s.text is not None
        for i, claim in enumerate(s.claims, 1):
            matches = s.matches[claim.id]
            point = matches[0].point if matches else None
            needed = claim.needs_evidence or _counted(claim)
            verdict = judge(claim, point, r.evidence, s.text) if needed else None
            if verdict and not claim.needs_evidence and verdict.support not in ("supported", "contradicted"):
                verdict = None
            r.claims.append(ClaimResult(claim, matches, verdict))
            progress(i / len(s.claims), claim.id)


class CheckEvidenceFigures:
    name, stage, weight = "核查佐证中的数字", Stage.CHECK, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        assert s.result is not None
        for e in s.result.evidence:
            s.result.findings += evidence_checks(e, s.owners)


class CheckClaims:
    name, stage, weight = "核查陈述", Stage.CHECK, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        assert s.result is not None
        for c in s.result.claims:
            s.result.findings += claim_checks(c, s.owners)


class CheckRules:
    name, stage, weight = "规则核查", Stage.CHECK, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        r = s.result
        assert r is not None
        rules = rule_checks(s.fw, Figures(r.evidence, s.claims, r.year))
        r.findings += rules + no_decline_claims(r.claims, rules)
        r.findings += coverage(s.fw, r.evidence)
        r.hints = evidence_hints(s.fw, r.evidence)


class CheckSelfScores:
    name, stage, weight = "核查自评分", Stage.CHECK, 1.0

    def run(self, s: AuditState, progress: StepProgress) -> None:
        r = s.result
        assert r is not None
        r.scores = reconcile(s.fw, s.report_doc, s.docs.get(r.sheet) if r.sheet else None)
        r.findings += self_scores(s.fw, r.scores.points, r.findings)
        r.findings = dedupe(r.findings)
        r.suggestions = suggest(s.fw, r.scores.points, r.findings)
        r.vetoes = suggest_vetoes(s.fw, r.findings)


AUDIT_STEPS = [
    IdentifyFiles(),
    UnreadableFiles(),
    SplitClaims(),
    MatchEvidence(),
    MatchClaims(),
    VerifyClaims(),
    CheckEvidenceFigures(),
    CheckClaims(),
    CheckRules(),
    CheckSelfScores(),
]


def audit(
    fw: Framework,
    files: list[FileResult],
    *,
    report: str | None = None,
    sheet: str | None = None,
    year: int | None = None,
    matcher: Matcher | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """The audit of files already read: AUDIT_STEPS in order on one state."""
    state = AuditState(fw, matcher or Matcher(fw), files, report, sheet, year)
    run_steps(AUDIT_STEPS, state, progress)
    assert state.result is not None
    return state.result


def _counted(claim: Claim) -> bool:
    """A sentence of the 基本情况 that states figures (共有幼儿园47所、在园幼儿8630人)."""
    return claim.kind == "background" and any(q.unit for q in claim.quantities)


def _governed_first(claim: Claim, matches: list[Match], owners: Owners) -> list[Match]:
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
