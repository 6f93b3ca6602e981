"""Facts from evidence tables (表格数据): each numeric body cell as (metric, subject, period, value, unit),
built from its row and column headers, so that a report's figure can be compared with the table it came
from. A metric the headers do not name is taken from the text just before the table (its caption)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpora.lexicon.metrics import find_metrics
from corpora.lexicon.stages import last_stage
from extract.model import Block, Document, Table
from extract.quantities import find_quantities

_HEADER_UNIT = re.compile(r"[（(]\s*(亿元|万元|千元|元|%|‰|人|万人|所|个|平方米|次|班)\s*[)）]")
_GROWTH = re.compile(r"增长|增幅|增减|同比|比上年")
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|‰|元|万元|亿元|人|所|个)?$")


@dataclass
class TableFact:
    metric: str | None
    subject: str | None
    period: str | None
    value: float
    unit: str | None
    comparison: str | None  # "change" for 增长率/增减 columns
    file: str
    page: int
    row: int  # 0-based cell position in the table
    col: int
    text: str  # the cell as written
    context: str  # its row and column headers


def _facts_of(block: Block, caption: str, doc: Document, year: int | None) -> list[TableFact]:
    table = block.table
    assert table is not None
    facts = []
    for cell in table.cells:
        if cell.row < table.header_rows or cell.col < table.header_cols or cell.merged_from:
            continue
        written = cell.text.strip()
        if not _NUMERIC.match(written):
            continue
        headers = f"{cell.row_header}{cell.col_header}"
        found = find_metrics(headers) or find_metrics(caption) or find_metrics(doc.meta.title or "")
        metric = found[0][0] if found else None
        spans = [(a, b) for _, a, b in find_metrics(headers)]
        unit_match = _HEADER_UNIT.search(headers)
        (q,) = find_quantities(written, None) or [None]
        if q is None:
            continue
        unit = q.unit or (unit_match.group(1) if unit_match else (metric.unit if metric else None))
        years = re.findall(r"((?:19|20)\d{2})\s*年", cell.col_header) or re.findall(
            r"((?:19|20)\d{2})\s*年", cell.row_header
        )
        period = years[-1] if years else (str(year) if year is not None else None)
        facts.append(
            TableFact(
                metric=metric.name if metric else None,
                subject=last_stage(headers, spans) or ("全县" if not (metric and metric.per_stage) else None),
                period=period,
                value=q.value,
                unit=unit,
                comparison="change" if _GROWTH.search(cell.col_header) else None,
                file=doc.path,
                page=block.page,
                row=cell.row,
                col=cell.col,
                text=written,
                context=f"{cell.row_header} / {cell.col_header}",
            )
        )
    return facts


def table_facts(doc: Document, year: int | None = None) -> list[TableFact]:
    """Every numeric fact of the document's tables."""
    facts: list[TableFact] = []
    previous = ""
    for block in doc.blocks:
        if block.kind == "table" and block.table is not None:
            facts += _facts_of(block, previous, doc, year)
        else:
            previous = block.text
    return facts


def spanning_rows(table: Table) -> list[str]:
    """The text of rows merged across the whole table — titles, notes, 填报单位 lines — once each."""
    out = []
    for row in table.grid()[table.header_rows :]:
        cells = {c.strip() for c in row}
        if len(row) > 1 and len(cells) == 1 and (text := next(iter(cells))):
            out.append(text)
    return out
