"""Search units (检索单元): what the index holds — evidence passages with their heading path and page,
table rows rendered as "row header，column header = value", and report claims — each with its
submission, region, year, file, role, document kind and observation points (the machine's suggestions
and the reviewer's confirmations kept apart)."""

from __future__ import annotations

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
        kind = evidence_kind(f"{f.path} {doc.meta.title or ''}")
        if doc.ocr and kind is None:
            kind = "扫描件"
        base = {**common, "file": f.path, "role": role, "doc_kind": kind, "points": points_of.get(f.path, [])}
        base["confirmed"] = confirmed.get(f.path, [])
        n = 0
        for block in doc.blocks:
            title = block.kind == "heading" and block.level == 0
            if (
                not (title or block.kind in ("paragraph", "list_item", "caption"))
                or len(block.text.strip()) < _MIN_CHARS
            ):
                continue
            n += 1
            units.append(
                Unit(
                    f"{submission}|{f.path}|p{n}",
                    kind="passage",
                    text=block.text,
                    page=block.page,
                    heading=" / ".join(block.heading_path),
                    **base,
                )
            )
        for i, (page, text) in enumerate(table_rows(doc), 1):
            units.append(Unit(f"{submission}|{f.path}|r{i}", kind="table_row", text=text, page=page, **base))
    for c in result.claims:
        units.append(
            Unit(
                f"{submission}|{c.claim.file}|{c.claim.id}",
                kind="claim",
                text=c.claim.text,
                page=c.claim.page,
                heading=" / ".join(c.claim.section),
                role="report",
                doc_kind="自评报告",
                points=[c.point] if c.point else [],
                confirmed=confirmed.get(c.claim.id, []),
                **{**common, "file": c.claim.file},
            )
        )
    return units
