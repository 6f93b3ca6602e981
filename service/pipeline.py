"""The pipeline of one uploaded submission (处理流程): the one run of service/audit_run.py (intake → extract →
claims → match → verify → check → index) under the workbench's bookkeeping.

Each stage writes its name and percent to the submission's row, so the web app and the API show progress
while a worker runs. The uploaded original is only ever read: its checksum is verified before every run,
and everything derived from it (unpacked files, layouts, the report, index units) is replaced as a whole
when the run finishes — a run that dies leaves the previous results and the original untouched.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sqlalchemy import delete, select

from extract.model import BBox, Document, Table
from extract.pipeline import ExtractOptions
from extract.readers.base import file_sha256
from extract.steps import Stage
from service.audit_run import AuditRun, IndexTarget, run_submission, to_contract
from service.db import Result, Review, Store, StoredFile, Submission, now
from service.frameworks import resolve
from service.runs import claim, remove, remove_dead_runs, run_folders
from service.scores import decisions, graded

log = logging.getLogger("jiaodu.pipeline")

UNKNOWN_COUNTY = "待识别"  # a county to be taken from the report (jiaodu submit without --county)
STAGE_NAMES = {s.value: s.label for s in Stage} | {"done": "完成", "failed": "失败"}


class PipelineError(Exception):
    """A submission that cannot be processed, with a Chinese reason for the reviewer."""


def work_dir(home: Path, submission_id: int) -> Path:
    return home / "submissions" / str(submission_id)


def index_key(submission_id: int) -> str:
    return f"sub-{submission_id}"


class Reporter:
    """Writes stage and percent to the submission's row, at most every half second within a stage."""

    def __init__(self, store: Store, submission_id: int):
        self.store = store
        self.id = submission_id
        self.last = (None, 0.0)

    def __call__(self, stage: Stage, fraction: float = 0.0, message: str = "") -> None:
        start, end = stage.span
        moment = time.monotonic()
        if stage == self.last[0] and moment - self.last[1] < 0.5 and fraction < 1.0:
            return
        self.last = (stage, moment)
        with self.store.session() as db:
            sub = db.get(Submission, self.id)
            if sub is None:
                return
            sub.stage = stage.value
            sub.percent = round(start + (end - start) * max(0.0, min(fraction, 1.0)), 1)
            sub.message = message[-200:]
            db.commit()


def _box(b: BBox | None) -> list[float] | None:
    return [b.x0, b.y0, b.x1, b.y1] if b else None


def _spans(table: Table) -> dict[tuple[int, int], tuple[int, int] | None]:
    """Merged regions as HTML draws them: the origin's (rowspan, colspan), None for the cells it covers.
    A region that is not a full rectangle keeps its cells apart (their texts repeat the origin's)."""
    covered: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for c in table.cells:
        if c.merged_from is not None:
            covered.setdefault(c.merged_from, []).append((c.row, c.col))
    out: dict[tuple[int, int], tuple[int, int] | None] = {}
    for (r0, c0), cells in covered.items():
        r1, c1 = max(r for r, _ in cells), max(c for _, c in cells)
        region = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        if region == set(cells):
            out[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            out.update(dict.fromkeys(cells))
    return out


def _rows(table: Table) -> list[dict]:
    """A table's rows for the viewer: cell texts, whether it is a header row, merged regions, and where the
    format has geometry the row's band and each cell's box — a citation of one figure marks its row."""
    boxes = {(c.row, c.col): c.bbox for c in table.cells}
    spans = _spans(table)
    out = []
    for r, texts in enumerate(table.grid()):
        row: dict = {"cells": texts, "header": r < table.header_rows}
        if spans:
            row["span"] = [spans.get((r, c), (1, 1)) for c in range(len(texts))]
        if r < len(table.row_boxes):
            row["bbox"] = _box(table.row_boxes[r])
            row["cell_boxes"] = [_box(boxes.get((r, c))) for c in range(len(texts))]
        out.append(row)
    return out


def layout_of(doc: Document | None) -> list[dict]:
    """What the evidence viewer needs of a document: per page its size and blocks with boxes; a table
    block also its rows (with their boxes where the format has them)."""
    if doc is None:
        return []
    pages = []
    for p in doc.pages:
        blocks = []
        for b in p.blocks:
            block = {"text": b.text, "kind": b.kind, "bbox": _box(b.bbox)}
            if b.table is not None:
                block["rows"] = _rows(b.table)
            blocks.append(block)
        pages.append({"number": p.number, "width": p.width, "height": p.height, "ocr": p.ocr, "blocks": blocks})
    return pages


def process(store: Store, home: Path, submission_id: int, options: ExtractOptions | None = None) -> None:
    """Run the whole pipeline for one submission under its claim; failures are recorded on the row, never
    raised."""
    with claim(work_dir(home, submission_id)):
        _process(store, home, submission_id, options)


def _process(store: Store, home: Path, submission_id: int, options: ExtractOptions | None) -> None:
    with store.session() as db:
        sub = db.get(Submission, submission_id)
        if sub is None:
            return
        sub.status, sub.stage, sub.percent, sub.error, sub.message = "running", Stage.INTAKE.value, 0.0, None, ""
        sub.attempts += 1
        db.commit()
    report = Reporter(store, submission_id)
    try:
        _run(store, home, submission_id, options or ExtractOptions(), report)
    except Exception as exc:
        log.exception("材料包 #%s 处理失败", submission_id)
        reason = str(exc) if isinstance(exc, PipelineError) else f"处理出错：{type(exc).__name__}: {exc}"
        with store.session() as db:
            sub = db.get(Submission, submission_id)
            if sub is not None:
                sub.status, sub.error = "failed", reason[:2000]
                db.commit()


def _run(store: Store, home: Path, submission_id: int, options: ExtractOptions, report: Reporter) -> None:
    with store.session() as db:
        sub = db.get(Submission, submission_id)
        upload = home / sub.upload_path
        expected, name, framework_id, shown = sub.upload_sha256, sub.name, sub.framework_id, sub.upload_name
    report(Stage.INTAKE, 0.0, "校验原始材料")
    if not upload.is_file() or file_sha256(upload) != expected:
        raise PipelineError("原始材料缺失或校验值不符，无法处理；请重新上传")
    fw = resolve(framework_id, home)
    # A fresh folder per run: a run that dies half-way leaves the previous run's files in place.
    root = work_dir(home, submission_id)
    with store.session() as db:
        remove_dead_runs(db, submission_id, root, home)
    run_dir = root / f"run-{time.time_ns()}"
    target = IndexTarget(home, lambda name, result: index_key(submission_id))
    run = run_submission(
        upload, fw, options, unpack_to=run_dir / "files", name=name, shown=shown, index=target, progress=report
    )
    files, result = run.files, run.result
    contract = to_contract(AuditRun(name, files, result))
    with store.session() as db:  # a re-run keeps the reviewers' 核定分: the grade counts them
        reviews = db.scalars(select(Review).where(Review.submission_id == submission_id).order_by(Review.id))
        scored = graded(fw, contract, decisions(reviews))
    assert run.bundle is not None
    stored_at = {b.name: b.path for b in run.bundle.files if b.path is not None}
    severities = [f["severity"] for f in contract["flags"]]
    with store.session() as db:
        superseded = run_folders(db, submission_id, root, home) - {run_dir}
        db.execute(delete(StoredFile).where(StoredFile.submission_id == submission_id))
        db.execute(delete(Result).where(Result.submission_id == submission_id))
        for f in files:
            path = stored_at.get(f.path)
            db.add(
                StoredFile(
                    submission_id=submission_id,
                    path=f.path,
                    stored=path.relative_to(home).as_posix() if path else None,
                    sha256=f.sha256,
                    size=f.size,
                    status=f.status,
                    format=f.document.format if f.document else None,
                    ocr=bool(f.document and f.document.ocr),
                    layout=layout_of(f.document),
                )
            )
        db.add(Result(submission_id=submission_id, report=contract))
        sub = db.get(Submission, submission_id)
        sub.year = result.year or sub.year
        if sub.county == UNKNOWN_COUNTY and result.region:
            sub.county = result.region
        sub.total, sub.grade = round(scored.total, 2), scored.grade
        sub.flags_high, sub.flags_medium, sub.flags_low = (severities.count(s) for s in ("high", "medium", "low"))
        sub.status, sub.stage, sub.percent, sub.message, sub.finished_at = "done", "done", 100.0, "", now()
        db.commit()
    remove(superseded)
