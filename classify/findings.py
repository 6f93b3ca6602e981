"""Findings (问题): what the audit flags, as data. The CLI summary, the JSON report, the web page and the
Word and Excel exports all render these same objects."""

from __future__ import annotations

from dataclasses import dataclass, field

# The contract's closed vocabulary, with the severity each kind has unless a check says otherwise.
FLAG_KINDS = {
    "missing_evidence": "high",
    "unsupported_claim": "medium",
    "contradicted_claim": "high",
    "arithmetic_error": "medium",
    "unit_error": "medium",
    "decline": "high",
    "threshold_not_met": "high",
    "self_score_inflated": "medium",
    "unreadable_file": "medium",
}
KIND_NAMES = {
    "missing_evidence": "缺少佐证",
    "unsupported_claim": "陈述无佐证",
    "contradicted_claim": "陈述与佐证矛盾",
    "arithmetic_error": "计算错误",
    "unit_error": "单位错误",
    "decline": "不增反降",
    "threshold_not_met": "未达标准",
    "self_score_inflated": "自评分偏高",
    "unreadable_file": "文件无法读取",
}
SEVERITY_NAMES = {"high": "严重", "medium": "一般", "low": "提示"}
POINT_STATUS_NAMES = {"supported": "有支撑", "partial": "部分支撑", "unsupported": "缺少支撑", "missing": "未涉及"}


@dataclass
class Citation:
    """Where a reviewer can see it: a file, a page and the passage."""

    file: str
    page: int | None
    excerpt: str


@dataclass
class Finding:
    kind: str
    message: str  # one Chinese sentence a reviewer can act on
    observation_point: str | None = None
    claim: str | None = None
    file: str | None = None
    page: int | None = None
    severity: str = ""
    values: dict = field(default_factory=dict)
    rule: str = ""  # which check raised it, for the reviewer who asks why
    evidence: list[Citation] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind {self.kind}")
        self.severity = self.severity or FLAG_KINDS[self.kind]

    def key(self) -> tuple:
        """One flag per fact: findings with the same key are the same fact said twice."""
        fact = tuple(sorted((k, str(v)) for k, v in self.values.items() if k in ("metric", "subject", "period")))
        return (self.kind, self.observation_point, self.file if not self.claim else None, fact or self.claim)


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Keep the first finding of each fact, numbered f1, f2, … in order."""
    seen: set = set()
    out = []
    for f in findings:
        if f.key() in seen:
            continue
        seen.add(f.key())
        f.id = f"f{len(out) + 1}"
        out.append(f)
    return out


# Findings that say the evidence goes against a point: while one stands, the point is not 有支撑.
AGAINST_KINDS = {"contradicted_claim", "decline", "threshold_not_met"}


def point_status(files: int, claims: int, verdicts: list[str], severe: set[str]) -> str:
    """A point's status (观测点状态) from its evidence files, the claims placed on it, their support
    verdicts and the kinds of its standing high-severity findings. 未涉及 (missing) only when neither the
    report nor the evidence speaks of it; a point the report claims without evidence lacks support."""
    if not files:
        return "unsupported" if claims else "missing"
    backed = any(v in ("supported", "partial") for v in verdicts)
    if not severe & AGAINST_KINDS and all(v == "supported" for v in verdicts):
        return "supported"
    return "partial" if backed else "unsupported"
