"""One audit run for the CLI and the web app: read the bundle, audit it against a framework, write the
contract's JSON report (schema jiaodu.audit/1, see service/schemas/audit-report.schema.json)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classify.audit import AuditResult, audit
from classify.suggest import NO_BASIS, Suggestion, totals
from corpora.frameworks.schema import Framework
from extract.model import FileResult
from extract.pipeline import ExtractOptions, extract_bundle

SCHEMA = "jiaodu.audit/1"
SAMPLE_LABELS = "jiaodu.sample-labels/1"


@dataclass
class AuditRun:
    name: str
    files: list[FileResult]
    result: AuditResult


def is_sample_labels(f: FileResult) -> bool:
    """The sample generator's answer key sits in its bundles; it is not evidence."""
    if not f.path.endswith(".json") or f.document is None:
        return False
    return SAMPLE_LABELS in f.document.text[:200]


def run_audit(
    source: Path,
    fw: Framework,
    options: ExtractOptions,
    *,
    workdir: Path | None = None,
    report: str | None = None,
    sheet: str | None = None,
    extract_progress: Callable[[int, int, str], None] | None = None,
    audit_progress: Callable[[str, int, int], None] | None = None,
) -> AuditRun:
    with tempfile.TemporaryDirectory(prefix="jiaodu-audit-", dir=workdir) as work:
        extracted = extract_bundle(source, Path(work), options, extract_progress)
    files = [f for f in extracted.files if not is_sample_labels(f)]
    kwargs = {"progress": audit_progress} if audit_progress else {}
    result = audit(fw, files, report=report, sheet=sheet, **kwargs)
    return AuditRun(source.name, files, result)


def _role(path: str, result: AuditResult) -> str:
    if path == result.report:
        return "report"
    if path == result.sheet:
        return "self_score"
    return "evidence"


def _suggested(s: Suggestion | None) -> dict:
    """A point's suggested score (建议得分) and the deductions behind it, as the contract extension."""
    if s is None:
        return {"suggested_score": None, "deductions": [], "score_basis": NO_BASIS}
    deductions = [d.as_contract() for d in s.deductions]
    return {"suggested_score": s.suggested, "deductions": deductions, "score_basis": s.basis}


def _totals(r) -> dict:
    """Self, suggested and reviewed totals (the machine leaves `reviewed` to the workbench's 核定分)."""
    return {**totals(r.suggestions), "reviewed": None}


def to_contract(run: AuditRun) -> dict:
    r = run.result
    points_of = {**r.filed, **{e.path: sorted(e.points) for e in r.evidence}}
    files = [
        {
            "path": f.path,
            "role": _role(f.path, r),
            "status": f.status,
            "pages": len(f.document.pages) if f.document is not None else 0,
            "observation_points": points_of.get(f.path, []),
            "error": f.error.message if f.error else None,
            "warnings": f.document.warnings if f.document is not None else [],
            "sha256": f.sha256,
        }
        for f in run.files
    ]
    claims = []
    for c in r.claims:
        v = c.verdict
        claims.append(
            {
                "id": c.claim.id,
                "text": c.claim.text,
                "file": c.claim.file,
                "page": c.claim.page,
                "section": c.claim.section,
                "kind": c.claim.kind,
                "needs_evidence": c.claim.needs_evidence,
                "observation_points": [{"id": m.point, "score": m.score, "reasons": m.reasons} for m in c.matches],
                "support": v.support if v else None,
                "support_reason": v.reason if v else None,
                "evidence": [
                    {"file": e.file, "page": e.page, "excerpt": e.excerpt} for e in (v.citations if v else [])
                ],
                "quantities": [q.as_contract() | {"subject": q.subject} for q in c.claim.quantities],
            }
        )
    points = []
    for node in r.framework.points():
        points.append(
            {
                "id": node.id,
                "name": node.name,
                "status": r.point_status(node.id),
                "claims": [c.claim.id for c in r.claims if c.point == node.id],
                "evidence_files": sorted(e.path for e in r.evidence if node.id in e.points),
                "evidence_hints": r.hints.get(node.id, []),
                "self_score": r.scores.points.get(node.id),
                "max_score": node.score,
                **_suggested(r.suggestions.get(node.id)),
            }
        )
    flags = [
        {
            "id": f.id,
            "kind": f.kind,
            "severity": f.severity,
            "observation_point": f.observation_point,
            "claim": f.claim,
            "file": f.file,
            "page": f.page,
            "message": f.message,
            "values": f.values,
            "rule": f.rule,
            "evidence": [{"file": e.file, "page": e.page, "excerpt": e.excerpt} for e in f.evidence],
        }
        for f in r.findings
    ]
    return {
        "schema": SCHEMA,
        "submission": {"name": run.name, "region": r.region, "year": r.year, "totals": _totals(r),
                       "vetoes": [v.as_contract() for v in r.vetoes]},
        "framework": {"id": r.framework.id, "name": r.framework.name},
        "files": files,
        "claims": claims,
        "observation_points": points,
        "flags": flags,
        "self_scores": {
            "opening_total": r.scores.opening_total,
            "opening_bonus": r.scores.opening_bonus,
            "disagreements": r.scores.disagreements,
        },
    }
