"""What the audit of one submission produces (初审结果): every claim with its matches and verdict, the
evidence files, the reconciled self-scores, the findings, the suggested scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from classify.evidence import EvidenceFile
from classify.findings import Finding, point_status
from classify.matcher import Match
from classify.selfscore import Reconciliation
from classify.suggest import Suggestion, VetoSuggestion
from classify.support import Verdict
from corpora.frameworks.schema import Framework
from extract.claims import Claim


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
    vetoes: list[VetoSuggestion] = field(default_factory=list)  # veto and downgrade items the findings suggest
    hints: dict[str, list[dict]] = field(default_factory=dict)  # point → evidence kinds required but not seen

    def point_status(self, point: str) -> str:
        placed = [c for c in self.claims if c.point == point]
        return point_status(
            files=sum(point in e.points for e in self.evidence),
            claims=len(placed),
            verdicts=[c.verdict.support for c in placed if c.verdict is not None],
            severe={f.kind for f in self.findings if f.observation_point == point and f.severity == "high"},
        )
