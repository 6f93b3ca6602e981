"""Self-scores (自评分) from the three places a submission states them — score tags on report headings,
the report's opening total (自评总得分X分，其中申请加分Y分), and the self-score sheet — reconciled with
the framework and with each other; every disagreement is a Chinese sentence with where it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.frameworks.importer import header_column
from corpora.frameworks.schema import Framework
from corpora.text import match_form, parse_marker
from extract.builder import SCORE_TAG
from extract.model import Document

_NUM = r"(\d+(?:\.\d+)?)"
_TAG_SELF = re.compile(r"自评(?:得分|得|分)?(?:为)?\s*" + _NUM + r"\s*分")
_TAG_MAX = re.compile(r"(?:分值|满分|标准分)\s*(?:为)?\s*" + _NUM + r"\s*分|^[（(]\s*" + _NUM + r"\s*分\s*[)）]$")
_OPENING_TOTAL = re.compile(r"自评(?:总得分|总分|得分)(?:为)?\s*" + _NUM + r"\s*分")
_OPENING_BONUS = re.compile(r"(?:申请)?加分\s*" + _NUM + r"\s*分")
_ID_HEADERS = ("观测点编号", "指标编号", "编号", "代码", "序号")
_NAME_HEADERS = ("观测点名称", "指标名称", "观测点", "评价要点", "评价内容", "指标")
_MAX_HEADERS = ("分值", "标准分", "满分", "权重")
_SELF_HEADERS = ("自评分", "自评得分", "自评分值", "自评")


@dataclass
class StatedScore:
    """One self-score as the submission states it."""

    source: str  # heading, sheet
    label: str  # the heading or the sheet row's name
    score: float
    max_score: float | None = None
    node: str | None = None  # the framework node it belongs to, when known
    file: str = ""
    page: int | None = None
    row: int | None = None  # 1-based sheet row


@dataclass
class Reconciliation:
    points: dict[str, float] = field(default_factory=dict)  # the sheet's score per observation point
    headings: list[StatedScore] = field(default_factory=list)
    opening_total: float | None = None
    opening_bonus: float | None = None
    disagreements: list[str] = field(default_factory=list)


def heading_scores(doc: Document) -> list[StatedScore]:
    """Scores tagged on headings: （分值10分，自评得9.5分）."""
    out = []
    for block in doc.blocks:
        if block.kind != "heading" or not (tag := SCORE_TAG.search(block.text)):
            continue
        own = _TAG_SELF.search(tag.group(0))
        if own is None:
            continue
        top = _TAG_MAX.search(tag.group(0))
        maximum = float(top.group(1) or top.group(2)) if top else None
        label = block.text[: tag.start()].strip()
        out.append(StatedScore("heading", label, float(own.group(1)), maximum, file=doc.path, page=block.page))
    return out


def opening_scores(doc: Document) -> tuple[float | None, float | None]:
    """(total, bonus) stated before the first section heading."""
    head = []
    for block in doc.blocks:
        if block.kind == "heading" and block.level:
            break
        head.append(block.text)
    text = "".join(head)
    total = _OPENING_TOTAL.search(text)
    bonus = _OPENING_BONUS.search(text)
    return (float(total.group(1)) if total else None, float(bonus.group(1)) if bonus else None)


def sheet_scores(doc: Document) -> tuple[list[StatedScore], list[str]]:
    """The rows of a self-score sheet (编号 / 观测点 / 分值 / 自评分), and its problems by row."""
    for block in doc.blocks:
        if block.table is None:
            continue
        grid = block.table.grid()
        for h, header in enumerate(grid[:5]):
            own = header_column(header, _SELF_HEADERS)
            ident, name = header_column(header, _ID_HEADERS), header_column(header, _NAME_HEADERS)
            if own is None or (ident is None and name is None):
                continue
            top = header_column(header, _MAX_HEADERS)
            rows, problems = [], []
            for r in range(h + 1, len(grid)):
                row = grid[r]
                value = row[own].strip()
                label = row[name].strip() if name is not None else ""
                code = row[ident].strip() if ident is not None else None
                if not value and not label and not code:
                    continue
                try:
                    score = float(value.rstrip("分"))
                except ValueError:
                    problems.append(f"自评表第{r + 1}行「自评分」：'{value}' 不是数字")
                    continue
                maximum = None
                if top is not None:
                    try:
                        maximum = float(row[top].rstrip("分"))
                    except ValueError:
                        maximum = None
                rows.append(
                    StatedScore(
                        "sheet",
                        label or code or "",
                        score,
                        maximum,
                        node=code or None,
                        file=doc.path,
                        page=block.page,
                        row=r + 1,
                    )
                )
            return rows, problems
    return [], ["没有找到自评表（需要“编号/观测点”和“自评分”列）"]


def _node_for_heading(fw: Framework, label: str) -> str | None:
    marker = parse_marker(label)
    name = match_form(label[marker.end :] if marker else label)
    for node in fw.indicators:
        if node.id and re.search(rf"(?<![\w.]){re.escape(node.id)}(?![\w.])", label):
            return node.id
    for node in fw.indicators:
        form = match_form(node.name)
        if form == name or (len(form) >= 4 and (form in name or name in form)):
            return node.id
    return None


def reconcile(fw: Framework, report: Document | None, sheet: Document | None) -> Reconciliation:
    """The self-scores of one submission against the framework and against each other."""
    result = Reconciliation()
    points = {p.id: p for p in fw.points() if not p.bonus}
    if sheet is not None:
        rows, problems = sheet_scores(sheet)
        result.disagreements += problems
        for row in rows:
            if row.node not in points:
                where = f"自评表第{row.row}行"
                result.disagreements.append(f"{where}的编号 {row.node or '（空）'} 不是指标体系中的观测点")
                continue
            point = points[row.node]
            result.points[row.node] = row.score
            if point.score is not None and row.score > point.score:
                result.disagreements.append(
                    f"自评表第{row.row}行：观测点 {row.node} 自评 {row.score:g} 分，高于分值 {point.score:g} 分"
                )
        for pid in points:
            if pid not in result.points and rows:
                result.disagreements.append(f"观测点 {pid}「{points[pid].name}」在自评表中没有自评分")
    if report is not None:
        result.opening_total, result.opening_bonus = opening_scores(report)
        result.headings = heading_scores(report)
        rolled = fw.roll_up(result.points)
        for stated in result.headings:
            stated.node = _node_for_heading(fw, stated.label)
            if stated.node is None or not result.points:
                continue
            sheet_total = rolled[stated.node]
            if abs(sheet_total - stated.score) > 0.01:
                result.disagreements.append(
                    f"报告标题「{stated.label}」自评得 {stated.score:g} 分，自评表中该项合计 {sheet_total:g} 分"
                    f"（第{stated.page}页）"
                )
        if result.opening_total is not None and result.points:
            sheet_total = round(sum(result.points.values()) + (result.opening_bonus or 0), 4)
            if abs(sheet_total - result.opening_total) > 0.01:
                result.disagreements.append(
                    f"报告开头自评总得分 {result.opening_total:g} 分，自评表合计 {sheet_total:g} 分"
                )
    return result
