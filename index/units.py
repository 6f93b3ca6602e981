"""Search units (检索单元): what the index holds — evidence passages with their heading path and page,
table rows rendered as "row header，column header = value", and report claims — each with its
submission, region, year, file, role, document kind and observation points (the machine's suggestions
and the reviewer's confirmations kept apart)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from classify.audit import AuditResult
from corpora.lexicon.evidence import evidence_kind
from extract.model import Document, FileResult

_MIN_CHARS = 4


@dataclass
class Unit:
    id: str
    submission: str
    file: str
    kind: str  # passage, table_row, claim
    text: str
    region: str | None = None
    year: int | None = None
    framework: str | None = None
    role: str = "evidence"  # report, self_score, evidence
    page: int | None = None
    doc_kind: str | None = None  # 文件, 会议纪要, 统计表, 公告, 照片 …
    heading: str = ""
    points: list[str] = field(default_factory=list)  # suggested by the matcher
    confirmed: list[str] = field(default_factory=list)  # confirmed by a reviewer

    def as_dict(self) -> dict:
        return asdict(self)


def table_rows(doc: Document) -> list[tuple[int, str]]:
    """(page, "row header，column header = value；…") for every data row of every table."""
    out = []
    for block in doc.blocks:
        table = block.table
        if block.kind != "table" or table is None:
            continue
        rows: dict[int, list[str]] = {}
        for cell in table.cells:
            if (
                cell.row < table.header_rows
                or cell.col < table.header_cols
                or cell.merged_from
                or not cell.text.strip()
            ):
                continue
            label = "，".join(h for h in (cell.row_header, cell.col_header) if h)
            rows.setdefault(cell.row, []).append(f"{label} = {cell.text.strip()}" if label else cell.text.strip())
        out += [(block.page, "；".join(parts)) for _, parts in sorted(rows.items())]
    return out


def doc_kind(path: str, title: str | None, ocr: bool) -> str | None:
    """The kind of evidence a file is (文件, 会议纪要 …) by its path and title; 扫描件 for an unnamed scan."""
    return evidence_kind(f"{path} {title or ''}") or ("扫描件" if ocr else None)


def document_units(submission: str, doc: Document, base: dict) -> list[Unit]:
    """One document's passages (its title, paragraphs, list items and captions of four characters or more)
    and table rows; `base` holds the fields every unit of the file shares (file, role, points …)."""
    units: list[Unit] = []
    n = 0
    for block in doc.blocks:
        title = block.kind == "heading" and block.level == 0
        if not (title or block.kind in ("paragraph", "list_item", "caption")) or len(block.text.strip()) < _MIN_CHARS:
            continue
        n += 1
        heading = " / ".join(block.heading_path)
        unit_id = f"{submission}|{base['file']}|p{n}"
        units.append(Unit(unit_id, kind="passage", text=block.text, page=block.page, heading=heading, **base))
    for i, (page, text) in enumerate(table_rows(doc), 1):
        units.append(Unit(f"{submission}|{base['file']}|r{i}", kind="table_row", text=text, page=page, **base))
    return units


def claim_unit(
    common: dict, *, claim_id: str, file: str, text: str, page: int | None, section: list[str], point: str | None,
    confirmed: list[str] | None = None,
) -> Unit:  # fmt: skip
    """A report's claim (陈述) as a unit; `common` holds submission, region, year and framework."""
    return Unit(
        f"{common['submission']}|{file}|{claim_id}",
        kind="claim",
        text=text,
        page=page,
        heading=" / ".join(section),
        role="report",
        doc_kind="自评报告",
        points=[point] if point else [],
        confirmed=confirmed or [],
        file=file,
        **common,
    )


def content_key(files: list[FileResult]) -> str:
    """What makes two audits one submission: the same files, byte for byte (a folder and its ZIP alike)."""
    digests = sorted(f.sha256 or f.path for f in files)
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


def units_of(
    submission: str, result: AuditResult, files: list[FileResult], confirmed: dict[str, list[str]] | None = None
) -> list[Unit]:
    """The units of one audited submission. `confirmed` maps a file path or claim id to the points a
    reviewer confirmed."""
    confirmed = confirmed or {}
    common = {"submission": submission, "region": result.region, "year": result.year, "framework": result.framework.id}
    points_of = {e.path: sorted(e.points) for e in result.evidence}
    units: list[Unit] = []
    for f in files:
        doc = f.document
        if doc is None:
            continue
        role = "report" if f.path == result.report else "self_score" if f.path == result.sheet else "evidence"
        if role == "report":
            continue  # the report is indexed claim by claim
        kind = doc_kind(f.path, doc.meta.title, doc.ocr)
        base = {**common, "file": f.path, "role": role, "doc_kind": kind, "points": points_of.get(f.path, [])}
        units += document_units(submission, doc, base | {"confirmed": confirmed.get(f.path, [])})
    for c in result.claims:
        cl = c.claim
        units.append(
            claim_unit(
                common,
                claim_id=cl.id,
                file=cl.file,
                text=cl.text,
                page=cl.page,
                section=cl.section,
                point=c.point,
                confirmed=confirmed.get(cl.id, []),
            )
        )
    return units
