"""Which file of a submission (材料包) is what: the self-evaluation report (自评报告), the self-score sheet
(自评表), and the year and region the report is about — guessed from names and content, each guess
overridable by the caller."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from extract.model import Document

_REPORT_NAME = re.compile(r"自评报告|自查报告|自评情况|履职报告|工作报告")
_SHEET_NAME = re.compile(r"自评表|自评分|评分表|打分表|自评得分")
_REGION = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:自治县|自治旗|县|区|旗|市))(?:人民政府|委员会|党委|政府|教育)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _is_report_format(doc: Document) -> bool:
    return doc.format in ("pdf", "docx", "doc", "odt", "rtf", "wps", "text")


def find_report(docs: dict[str, Document]) -> str | None:
    """The self-evaluation report: by name, else the document whose title says so, else the one with the
    most headings."""
    texts = {p: d for p, d in docs.items() if _is_report_format(d)}
    named = [p for p in texts if _REPORT_NAME.search(PurePosixPath(p).name)]
    if named:
        return min(named, key=lambda p: (p.count("/"), len(p)))
    titled = [p for p, d in texts.items() if d.meta.title and _REPORT_NAME.search(d.meta.title)]
    if titled:
        return titled[0]
    scored = [(sum(b.kind == "heading" for b in d.blocks), p) for p, d in texts.items()]
    return max(scored)[1] if scored else None


def find_sheet(docs: dict[str, Document]) -> str | None:
    """The self-score sheet: a spreadsheet by name, else one whose first lines speak of 自评."""
    sheets = {p: d for p, d in docs.items() if d.format in ("xlsx", "xls", "csv", "ods")}
    named = [p for p in sheets if _SHEET_NAME.search(PurePosixPath(p).name)]
    if named:
        return named[0]
    headed = [p for p, d in sheets.items() if "自评" in d.text[:400]]
    return headed[0] if headed else None


def report_year(doc: Document) -> int | None:
    """The year most named in the report's title and opening."""
    head = " ".join([doc.meta.title or "", doc.text[:400]])
    years = Counter(int(y) for y in _YEAR.findall(head))
    return years.most_common(1)[0][0] if years else None


def report_region(doc: Document) -> str | None:
    """The county or district whose government or bureau the report's opening names."""
    m = _REGION.search(" ".join([doc.meta.title or "", doc.text[:200]]))
    return m.group(1) if m else None
