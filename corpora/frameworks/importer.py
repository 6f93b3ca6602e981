"""Importing an official indicator table (评价指标体系表) into a framework.

Works on grids — rows of cell texts with merged cells already filled (extract's readers give them) — so
that it does not depend on file formats. Column names vary by province and are recognised by synonyms;
the hierarchy comes from the level columns (merged cells repeat a level's text down its rows) or, in a
one-column table, from dotted codes; the table's own codes become the ids, position gives ids where there
are none; standards are read from the prose. Problems are reported by row and column, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.frameworks.prose import read_prose
from corpora.frameworks.schema import EvidenceSpec, Framework, Node, Source
from corpora.text import match_form, parse_marker

ROLES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "评价项目", "a级指标", "一级", "评估项目", "评价领域"),
    "level2": ("二级指标", "评价内容", "b级指标", "二级", "评估内容"),
    "point": ("观测点", "评价要点", "c级指标", "三级指标", "考核要点", "评估要点", "评价指标", "指标内容", "检查要点"),
    "score": ("分值", "权重", "标准分", "分数", "满分", "赋分"),
    "rule": ("评分标准", "计分办法", "评价标准", "评分细则", "评分办法", "评分方法", "评估标准", "考核标准"),
    "evidence": ("佐证材料", "评价资料", "佐证资料", "备查资料", "支撑材料", "佐证"),
    "units": ("责任单位", "牵头单位", "责任部门", "牵头部门", "责任主体"),
    "method": ("评价方式", "评价方法", "指标类型", "类型", "指标性质"),
    "code": ("序号", "编号", "指标编号", "代码"),
}
ROLE_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "point": "观测点",
    "score": "分值",
    "rule": "评分标准",
    "evidence": "佐证材料",
    "units": "责任单位",
    "method": "评价方式",
    "code": "编号",
}
_GLOBAL_CODE = re.compile(r"^\s*([A-Za-z]\d+(?:[.．\-]\d+)*|\d+(?:[.．]\d+)+)\s*[、.．:：]?\s*(.*)$", re.S)
_LOCAL_CODE = re.compile(r"^\s*(\d+)\s*[、.．]\s*(.*)$", re.S)
_SCORE_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_EVIDENCE_KINDS = [
    ("会议纪要", ("会议纪要", "会议记录", "纪要")),
    ("工资测算表", ("工资",)),
    ("预决算表", ("预算", "决算")),
    ("公告", ("公告", "公报")),
    ("统计表", ("统计", "报表", "数据")),
    ("名单", ("名单", "花名册")),
    ("台账", ("台账", "记录")),
    ("照片", ("照片", "图片", "影像")),
    ("规划", ("规划",)),
    ("报告", ("报告", "总结")),
    ("文件", ("文件", "通知", "意见", "方案", "办法", "制度")),
]


@dataclass
class Problem:
    row: int | None  # 1-based row of the table
    column: str | None  # the column's role name
    message: str

    def __str__(self) -> str:
        where = (f"第{self.row}行" if self.row else "") + (f"「{self.column}」列" if self.column else "")
        return f"{where}：{self.message}" if where else self.message


@dataclass
class ImportResult:
    framework: Framework | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", match_form(text or ""))


def is_header(cell: str, names: tuple[str, ...]) -> bool:
    """A header cell names one of `names` (match form; 一级指标（分值） starts with 一级指标)."""
    text = _norm(cell)
    return any(text == n or text.startswith(n) for n in names)


def header_column(header: list[str], names: tuple[str, ...]) -> int | None:
    """The column whose header names the first of `names` that any column names."""
    for name in names:
        for i, cell in enumerate(header):
            if is_header(cell, (name,)):
                return i
    return None


def find_header(grid: list[list[str]]) -> tuple[int, dict[int, str]] | None:
    """The header row (within the first six) and its columns' roles; None if no row looks like one."""
    best: tuple[int, dict[int, str]] | None = None
    for r, row in enumerate(grid[:6]):
        roles: dict[int, str] = {}
        for c, cell in enumerate(row):
            for role, names in ROLES.items():
                if role not in roles.values() and is_header(cell, names):
                    roles[c] = role
                    break
        if (
            ({"point", "level1", "level2"} & set(roles.values()))
            and len(roles) >= 2
            and (best is None or len(roles) > len(best[1]))
        ):
            best = (r, roles)
    return best


def split_code(text: str) -> tuple[str | None, str, bool]:
    """(code, name, global) of a cell: 'A1 党的领导' → ('A1', '党的领导', True); '2.1.3 普惠园' → global;
    '1、制度' → ('1', '制度', False); '（一）领导' → (None, '领导', False)."""
    text = text.strip()
    if m := _GLOBAL_CODE.match(text):
        return m.group(1).replace("．", "."), m.group(2).strip(), True
    if m := _LOCAL_CODE.match(text):
        return m.group(1), m.group(2).strip(), False
    marker = parse_marker(text)
    if marker is not None and marker.kind in ("cn_top", "cn_paren", "arabic_paren", "circled"):
        return None, text[marker.end :].strip(), False
    return None, text, False


def _number(text: str) -> float | None:
    text = text.strip().rstrip("分").strip()
    return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


def _evidence(text: str) -> list[EvidenceSpec]:
    cues = [c.strip() for c in re.split(r"[、；;，,\n]|\d+[.、．]", text) if c.strip()]
    by_kind: dict[str, list[str]] = {}
    for cue in cues:
        kind = next((k for k, words in _EVIDENCE_KINDS if any(w in cue for w in words)), "其他")
        by_kind.setdefault(kind, []).append(cue)
    return [EvidenceSpec(kind=k, cues=v) for k, v in by_kind.items()]


def _units(text: str) -> list[str]:
    return [u.strip() for u in re.split(r"[、，,；;/\s]|及|和", text) if u.strip()]


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.rows: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.bad_score: set[str] = set()  # reported once as "not a number", not again as "missing"
        self.counters: dict[str | None, int] = {}

    def add(self, row: int, parent: str | None, code: str | None, is_global: bool, name: str, **fields) -> Node:
        self.counters[parent] = self.counters.get(parent, 0) + 1
        position = f"{parent}.{self.counters[parent]}" if parent else str(self.counters[parent])
        node_id = code if (code and is_global) else position
        if node_id in self.rows:
            self.problems.append(Problem(row, "编号", f"编号 {node_id} 与第{self.rows[node_id]}行重复"))
            node_id = f"{node_id}#{row}"
        node = Node(id=node_id, parent=parent, name=name, **fields)
        self.nodes.append(node)
        self.rows[node_id] = row
        return node


def import_grid(
    grid: list[list[str]],
    *,
    framework_id: str,
    name: str,
    source_file: str,
    jurisdiction: str = "未注明",
    level_evaluated: str = "未注明",
) -> ImportResult:
    """A framework from one table. `grid[r][c]` is the text of row r, column c (merged cells filled)."""
    header = find_header(grid)
    if header is None:
        return ImportResult(
            None, [Problem(None, None, "没有找到表头：需要“一级指标/二级指标/观测点（评价要点）/分值”等列")]
        )
    head_row, roles = header
    col = {role: c for c, role in roles.items()}
    b = _Builder()
    current: dict[str, tuple[str, str] | None] = {"level1": None, "level2": None}  # role → (text, node id)

    def cell(row: list[str], role: str) -> str:
        c = col.get(role)
        return (row[c] if c is not None and c < len(row) else "").strip()

    level_roles = [r for r in ("level1", "level2") if r in col]
    for r in range(head_row + 1, len(grid)):
        row, row_no = grid[r], r + 1
        if not any(t.strip() for t in row) or _norm(" ".join(row)) == _norm(" ".join(grid[head_row])):
            continue  # blank rows, and a header repeated on a new page
        parent: str | None = None
        for i, role in enumerate(level_roles):
            text = cell(row, role)
            if not text:
                parent = current[role][1] if current[role] else parent
                continue
            if current[role] is None or current[role][0] != text:
                code, label, is_global = split_code(text)
                score = None
                if m := _SCORE_IN_NAME.search(label):
                    score, label = float(m.group(1)), label[: m.start()].strip()
                node = b.add(row_no, parent, code, is_global, label, score=score)
                current[role] = (text, node.id)
                for deeper in level_roles[i + 1 :]:
                    current[deeper] = None
            parent = current[role][1]
        point_text = cell(row, "point") if "point" in col else ""
        if "point" not in col:
            # Two-column tables: the deepest level column names the point; its score is on the row.
            if not level_roles:
                continue
            deepest = level_roles[-1]
            node = next(n for n in b.nodes if n.id == current[deepest][1])
            _fill(b, node, row, row_no, cell)
            continue
        if not point_text:
            continue
        code, label, is_global = split_code(point_text)
        if code is None and "code" in col:
            code, _, is_global = split_code(cell(row, "code") + " x")
        if not level_roles and code and is_global and "." in code:
            parent = _code_parent(b, code)
        node = b.add(row_no, parent, code, is_global, label)
        _fill(b, node, row, row_no, cell)
    return _finish(b, grid, framework_id, name, source_file, jurisdiction, level_evaluated)


def _code_parent(b: _Builder, code: str) -> str | None:
    """In a one-column table (1 / 1.1 / 1.1.1) the parent is the longest code prefix already seen."""
    parts = code.split(".")
    for k in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:k])
        if prefix in b.rows:
            return prefix
    return None


def _fill(b: _Builder, node: Node, row: list[str], row_no: int, cell) -> None:
    score_text = cell(row, "score")
    if score_text:
        score = _number(score_text)
        if score is None:
            b.problems.append(Problem(row_no, "分值", f"'{score_text}' 不是数字"))
            b.bad_score.add(node.id)
        else:
            node.score = score
    rule = cell(row, "rule")
    node.scoring_rule = rule
    reading = read_prose(rule, metric_hint=node.name)
    node.rules, node.deduction, node.veto, node.sub_points = (
        reading.rules,
        reading.deduction,
        reading.veto,
        reading.sub_points,
    )
    node.metric = reading.metric if reading.rules else None
    method = cell(row, "method")
    node.kind = "定量" if "定量" in method else "定性" if "定性" in method else ("定量" if node.rules else "定性")
    node.bonus = "加分" in node.name or "加分" in method
    if evidence := cell(row, "evidence"):
        node.evidence = _evidence(evidence)
    if units := cell(row, "units"):
        node.responsible_units = _units(units)


def _finish(b: _Builder, grid, framework_id, name, source_file, jurisdiction, level_evaluated) -> ImportResult:
    parents = {n.parent for n in b.nodes}
    points = [n for n in b.nodes if n.id not in parents]
    warnings = []
    for p in points:
        if p.score is None and not p.bonus and p.id not in b.bad_score:
            b.problems.append(Problem(b.rows[p.id], "分值", f"观测点「{p.name}」没有分值"))
        if p.sub_points and p.score is not None and abs(sum(s.score for s in p.sub_points) - p.score) > 0.01:
            warnings.append(Problem(b.rows[p.id], "评分标准", "子项分值合计与分值不符，已保留子项原文"))
            p.sub_points = []
    for n in b.nodes:
        kids = [k for k in b.nodes if k.parent == n.id and not k.bonus]
        total = sum(k.score or 0 for k in kids)
        if kids and n.score is not None and abs(total - n.score) > 0.01:
            b.problems.append(Problem(b.rows[n.id], "分值", f"「{n.name}」{n.score:g}分，下级合计 {total:g}分"))
    if not points:
        b.problems.append(Problem(None, None, "表中没有观测点"))
    if b.problems:
        return ImportResult(None, b.problems, warnings)
    fw = Framework(
        id=framework_id,
        name=name,
        jurisdiction=jurisdiction,
        level_evaluated=level_evaluated,
        source=Source(document=name, imported_from=source_file),
        max_score=round(sum(p.score or 0 for p in points if not p.bonus), 4),
        indicators=b.nodes,
    )
    return ImportResult(fw, [], warnings)
