"""One run of a submission (材料包) for the CLI's `jiaodu audit` and the workbench's pipeline alike: the
list of its steps — intake, extract, the audit's steps (claims, match, verify, check), index — run by
`run_submission`; and the contract's JSON report of a run (schema jiaodu.audit/1, see
service/schemas/audit-report.schema.json)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classify.audit import AUDIT_STEPS, AuditResult, AuditState
from classify.matcher import Matcher
from classify.suggest import NO_BASIS, Suggestion, totals
from corpora.frameworks.schema import Framework
from extract.intake import Bundle, open_bundle
from extract.model import FileResult
from extract.pipeline import ExtractOptions, read_files
from extract.steps import Progress, Stage, Step, StepProgress, run_steps

SCHEMA = "jiaodu.audit/1"


@dataclass
class AuditRun:
    """What a run leaves: the bundle's name, its files as read, the audit, the search-index key it is under."""

    name: str
    files: list[FileResult]
    result: AuditResult
    indexed_as: str | None = None


@dataclass
class IndexTarget:
    """Where a run's search units go: the data folder, the key (from the bundle's name and its audit) and
    whether the copy is provisional (`jiaodu audit`) or lasting (the workbench's)."""

    home: Path
    key: Callable[[str, AuditResult], str]
    provisional: bool = False


@dataclass
class SubmissionRun:
    """The state the run's steps share."""

    source: Path  # a folder or an archive
    unpack_to: Path  # where an archive's files are written
    name: str
    options: ExtractOptions
    audit: AuditState
    shown: str | None = None  # the name the submitter knows an archive by
    index: IndexTarget | None = None
    bundle: Bundle | None = None
    indexed_as: str | None = None

    @property
    def files(self) -> list[FileResult]:
        return self.audit.files

    @property
    def result(self) -> AuditResult:
        assert self.audit.result is not None
        return self.audit.result


class Intake:
    name, stage, weight = "接收材料", Stage.INTAKE, 1.0

    def run(self, run: SubmissionRun, progress: StepProgress) -> None:
        run.bundle = open_bundle(run.source, run.unpack_to, run.options.limits, run.shown)
        progress(1.0, f"{len(run.bundle.files)} 个文件")


class Extract:
    name, stage, weight = "解析文件", Stage.EXTRACT, 1.0

    def run(self, run: SubmissionRun, progress: StepProgress) -> None:
        assert run.bundle is not None

        def on_file(done: int, total: int, name: str) -> None:
            progress(done / max(total, 1), name)

        run.audit.files = read_files(run.bundle.files, run.options, on_file)


class Audit:
    """One of the audit's steps, on the run's audit state."""

    def __init__(self, step: Step):
        self.step, self.name, self.stage, self.weight = step, step.name, step.stage, step.weight

    def run(self, run: SubmissionRun, progress: StepProgress) -> None:
        self.step.run(run.audit, progress)


class Index:
    name, stage, weight = "写入检索索引", Stage.INDEX, 1.0

    def run(self, run: SubmissionRun, progress: StepProgress) -> None:
        from index.search import SearchIndex
        from index.units import content_key, units_of

        if run.index is None:
            return
        key = run.index.key(run.name, run.result)
        units = units_of(key, run.result, run.files)
        index = SearchIndex(run.index.home)
        run.indexed_as = index.put(key, units, content=content_key(run.files), provisional=run.index.provisional)


STEPS: list[Step] = [Intake(), Extract(), *(Audit(s) for s in AUDIT_STEPS), Index()]


def run_submission(
    source: Path,
    fw: Framework,
    options: ExtractOptions,
    *,
    unpack_to: Path,
    name: str | None = None,
    shown: str | None = None,
    report: str | None = None,
    sheet: str | None = None,
    index: IndexTarget | None = None,
    progress: Progress | None = None,
) -> SubmissionRun:
    """The one run of a submission: STEPS in order. `report` and `sheet` override which file is which."""
    state = AuditState(fw, Matcher(fw), report=report, sheet=sheet)
    run = SubmissionRun(source, unpack_to, name or source.name, options, state, shown, index)
    run_steps(STEPS, run, progress)
    return run


def run_audit(
    source: Path,
    fw: Framework,
    options: ExtractOptions,
    *,
    workdir: Path | None = None,
    report: str | None = None,
    sheet: str | None = None,
    index: IndexTarget | None = None,
    progress: Progress | None = None,
) -> AuditRun:
    """A run whose unpacked files are temporary (`jiaodu audit`, tests, benchmarks)."""
    with tempfile.TemporaryDirectory(prefix="jiaodu-audit-", dir=workdir) as work:
        run = run_submission(
            source, fw, options, unpack_to=Path(work), report=report, sheet=sheet, index=index, progress=progress
        )
    return AuditRun(run.name, run.files, run.result, run.indexed_as)


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
