"""Importing an official indicator table (评价指标体系表) into a framework.

Works on grids — rows of cell texts with merged cells already filled (extract's readers give them) — so
that it does not depend on file formats. Column names vary by province and are recognised by synonyms
(`--map` names the rest); the header may take two rows. Every row is first classified: blank, a repeated
header, a 合计 row, a 说明 note (often merged across the row, so its text fills every cell), a section row
spanning the table, a continuation of the row above, or an indicator row. Only indicator rows build the
tree; every other non-blank row is reported as skipped, by row. The hierarchy comes from the level columns
(merged cells repeat a level's text down its rows) or, in a one-column table, from dotted codes; the
table's own codes become the ids, position gives ids where there are none; standards are read from every
column of the row that can hold them. The import refuses only what cannot be used — no header, no point,
a point without a score, stated scores that contradict each other — naming rows and columns, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from corpora.frameworks.deductions import vetoes_in
from corpora.frameworks.prose import read_prose
from corpora.frameworks.schema import (
    EvidenceSpec,
    Flagged,
    Framework,
    Node,
    Source,
    SubPoint,
    effective_scores,
    score_conflicts,
)
from corpora.lexicon.evidence import evidence_kind
from corpora.text import join_lines, match_form, parse_marker
from corpora.text.numbers import chinese_number

# Header words by role. Hierarchy roles are ordered by depth; the deepest column a table has holds its points.
ROLES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "评价项目", "a级指标", "一级", "评估项目", "评价领域", "评价维度"),
    "level2": ("二级指标", "评价内容", "b级指标", "二级", "评估内容", "考核内容"),
    "level3": ("三级指标", "c级指标", "三级"),
    "point": (
        "观测点",
        "评价要点",
        "考核要点",
        "评估要点",
        "评估要素",
        "评价要素",
        "评价指标",
        "指标内容",
        "检查要点",
        "监测要点",
        "具体指标",
        "指标",
        "指标名称",
    ),
    "score": ("分值", "权重", "标准分", "分数", "满分", "赋分", "基准分"),
    "rule": (
        "评分标准",
        "计分办法",
        "评价标准",
        "评分细则",
        "评分办法",
        "评分方法",
        "评估标准",
        "考核标准",
        "评分说明",
        "赋分办法",
        "赋分标准",
        "计分标准",
        "考核办法",
    ),
    "evidence": ("佐证材料", "评价资料", "佐证资料", "备查资料", "备查材料", "支撑材料", "佐证", "查阅资料"),
    "units": ("责任单位", "牵头单位", "责任部门", "牵头部门", "责任主体", "配合单位"),
    "method": ("评价方式", "评价方法", "考核方式", "评估方式", "指标类型", "类型", "指标性质"),
    "code": ("序号", "编号", "指标编号", "代码"),
    "remark": ("备注",),
}
ROLE_NAMES = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "point": "观测点",
    "score": "分值",
    "rule": "评分标准",
    "evidence": "佐证材料",
    "units": "责任单位",
    "method": "评价方式",
    "code": "编号",
    "remark": "备注",
}
HIERARCHY = ("level1", "level2", "level3", "point")
HEADER_ROWS_SEARCHED = 40
_GLOBAL_CODE = re.compile(r"^\s*([A-Za-z]\d+(?:[.．\-]\d+)*|\d+(?:[.．]\d+)+)\s*[、.．:：]?\s*(.*)$", re.S)
_LOCAL_CODE = re.compile(r"^\s*(\d+)\s*(?:[、.．]|\s(?=[\u4e00-\u9fff]))\s*(.*)$", re.S)
# 党的领导（10分） / （分值：10分） / 教育保障（30%） in a table of weights
_SCORE_IN_NAME = re.compile(r"[（(]\s*(?:分值|满分|权重)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:分|%|％)\s*[)）]\s*$")
# 加分项（最高加3分）: the ceiling of a bonus block, not its score
_BONUS_CEILING = re.compile(r"[（(][^（()）]*?最(?:高|多)\s*(?:加|可加)?\s*(\d+(?:\.\d+)?)\s*分[^（()）]*[)）]\s*$")
_TOTAL = re.compile(r"^(?:合计|总计|总分|小计|总分值|满分|分值合计|合\s*计)")
_NOTE = re.compile(r"^(?:说明|注|备注|附注|填表说明|评分说明|有关说明)\s*\d*\s*[:：.．、]|^说明$|^注\s*\d")
_BRACKETED = re.compile(r"^(.*?)[（(](.+?)[)）](.*)$")


@dataclass
class Problem:
    row: int | str | None  # 1-based row of the table, or a label such as 第2个表格第3行
    column: str | None  # the column's role name
    message: str

    def __str__(self) -> str:
        row = _place(self.row) if self.row else ""
        where = row + (f"「{self.column}」列" if self.column else "")
        return f"{where}：{self.message}" if where else self.message


@dataclass
class ImportResult:
    framework: Framework | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", match_form(text or ""))


def _lookup(text: str, names: dict[str, tuple[str, ...]]) -> str | None:
    """The role whose name `text` is (exactly), else whose name `text` starts with (longest name first)."""
    exact = next((role for role, words in names.items() if text in words), None)
    if exact:
        return exact
    starts = [(len(w), role) for role, words in names.items() for w in words if text.startswith(w)]
    return max(starts)[1] if starts else None


def cell_role(cell: str, overrides: dict[str, str] | None = None) -> str | None:
    """The role a header cell names. 评价内容（观测点） is the point column (a hierarchy word in brackets
    says which level the column is); 分值（分） and 一级指标（分值） keep the word outside the brackets."""
    text = _norm(cell).strip("*：:")
    if overrides:
        for role, header in overrides.items():
            if text == _norm(header):
                return role
    if not text or len(text) > 20:
        return None
    if m := _BRACKETED.match(text):
        inner, outer = _lookup(m.group(2), ROLES), _lookup(m.group(1) + m.group(3), ROLES)
        if inner in HIERARCHY:
            return inner
        return outer or inner
    return _lookup(text, ROLES)


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


def _row_roles(row: list[str], overrides: dict[str, str] | None) -> dict[int, str]:
    return {c: role for c, cell in enumerate(row) if (role := cell_role(cell, overrides))}


def _usable(roles: dict[int, str]) -> bool:
    kinds = set(roles.values())
    return bool(kinds & set(HIERARCHY)) and len(kinds) >= 2


def _find_header(
    grid: list[list[str]], overrides: dict[str, str] | None = None
) -> tuple[int, int, dict[int, str]] | None:
    """(first row, last row, roles) of the header. A header may take two rows (评价指标 over 一级指标 |
    二级指标): the lower row's word wins where both rows name one."""
    best: tuple[int, int, int, dict[int, str]] | None = None  # (distinct roles, -last row, first row, roles)
    rows = grid[:HEADER_ROWS_SEARCHED]
    for r, row in enumerate(rows):
        single = _row_roles(row, overrides)
        candidates = [(r, single)]
        if r + 1 < len(rows) and single:
            lower = _row_roles(rows[r + 1], overrides)
            if lower and set(lower.values()) != set(single.values()):
                candidates.append((r + 1, {**single, **lower}))
        for end, roles in candidates:
            key = (len(set(roles.values())), -end)
            if _usable(roles) and (best is None or key > best[:2]):
                best = (key[0], key[1], r, roles)
    return (best[2], -best[1], best[3]) if best else None


def find_header(grid: list[list[str]], overrides: dict[str, str] | None = None) -> tuple[int, dict[int, str]] | None:
    """The header's last row index and its columns' roles, or None if no row looks like a header."""
    found = _find_header(grid, overrides)
    return (found[1], found[2]) if found else None


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


def parse_score(text: str) -> float | None:
    """A score as tables write it: 3, 3分, 2.5, +2, 两分, 3（加分）; None if it is not one."""
    text = re.sub(r"[（(][^)）]*[)）]", "", text).strip().lstrip("+＋").rstrip("分").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return chinese_number(text)


def _evidence(text: str) -> list[EvidenceSpec]:
    # a comma keeps a cue's note with it (统计表，覆盖率须达80%以上)
    cues = [c.strip() for c in re.split(r"[、；;\n]|\d+[.、．]|[①-⑳]", text) if c.strip()]
    by_kind: dict[str, list[str]] = {}
    for cue in cues:
        by_kind.setdefault(evidence_kind(cue) or "其他", []).append(cue)
    return [EvidenceSpec(kind=k, cues=v) for k, v in by_kind.items()]


def _units(text: str) -> list[str]:
    # 和/及 join two bodies (县教育局和县财政局), not the words of one name (县工业和信息化局)
    return [u.strip() for u in re.split(r"[、，,；;/\s]|(?:和|及)(?=[县市区省州旗盟])", text) if u.strip()]


@dataclass
class _Layout:
    """Which columns hold what: the hierarchy columns by depth, the point column, the score column of each
    hierarchy column, and the prose columns."""

    roles: dict[int, str]
    levels: list[int]
    point: int
    scores: dict[int, int]  # hierarchy column → its score column

    @classmethod
    def of(cls, roles: dict[int, str]) -> _Layout:
        kinds = set(roles.values())
        if {"level3", "point"} <= kinds and "rule" not in kinds:
            # 三级指标 | 评价要点 with no rule column: the 三级指标 is the point, its 评价要点 the standard
            roles = {c: ("rule" if r == "point" else "point" if r == "level3" else r) for c, r in roles.items()}
        hierarchy = sorted((HIERARCHY.index(r), c) for c, r in roles.items() if r in HIERARCHY)
        columns = [c for _, c in hierarchy]
        point, levels = columns[-1], columns[:-1]
        score_cols = sorted(c for c, r in roles.items() if r == "score")
        scores: dict[int, int] = {}
        if len(score_cols) == 1:
            scores[point] = score_cols[0]
        for s in score_cols if len(score_cols) > 1 else ():
            left = [h for h in columns if h < s]
            owner = max(left) if left else min(columns)
            scores.setdefault(owner, s)
        return cls(roles, levels, point, scores)

    def columns(self, role: str) -> list[int]:
        return sorted(c for c, r in self.roles.items() if r == role)

    def score_text(self, row: list[str], col: int) -> str:
        """The text of the score cell that belongs to hierarchy column `col` ("" if it has none)."""
        return row[self.scores[col]] if col in self.scores else ""


class _Builder:
    def __init__(self, label) -> None:
        self.label = label
        self.nodes: list[Node] = []
        self.rows: dict[str, int | str] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.counters: dict[str | None, int] = {}
        self.unscored: set[str] = set()  # points whose score could not be read (reported once)
        self.ceilings: list[float] = []  # the most a bonus block may add (加分项（最高加3分）)
        self.notes: list[str] = []  # the table's 说明 rows, as written

    def add(self, r: int, parent: str | None, code: str | None, is_global: bool, name: str, **fields) -> Node:
        self.counters[parent] = self.counters.get(parent, 0) + 1
        position = f"{parent}.{self.counters[parent]}" if parent else str(self.counters[parent])
        node_id = code if (code and is_global) else position
        if node_id in self.rows:
            self.problems.append(Problem(self.label(r), "编号", f"编号 {node_id} 与{_place(self.rows[node_id])}重复"))
            node_id = f"{node_id}#{r + 1}"
        node = Node(id=node_id, parent=parent, name=name, **fields)
        self.nodes.append(node)
        self.rows[node_id] = self.label(r)
        return node

    def skip(self, r: int, what: str, text: str) -> None:
        self.warnings.append(Problem(self.label(r), None, f"{what}，未作为指标读取：「{_excerpt(text)}」"))


def _place(label: int | str) -> str:
    return f"第{label}行" if isinstance(label, int) else label


def _excerpt(text: str, limit: int = 24) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit] + "…"


def import_grid(
    grid: list[list[str]],
    *,
    framework_id: str,
    name: str | None,
    source_file: str,
    jurisdiction: str = "未注明",
    level_evaluated: str = "未注明",
    overrides: dict[str, str] | None = None,
    row_labels: list[str] | None = None,
) -> ImportResult:
    """A framework from one table. `grid[r][c]` is the text of row r, column c (merged cells filled).
    `overrides` maps a role's Chinese name or key (观测点 / point) to a header text the synonyms miss;
    `row_labels` names the rows in messages (default 第N行)."""
    roles_by_key = {_role_key(k): v for k, v in (overrides or {}).items()}
    if None in roles_by_key:
        return ImportResult(None, [Problem(None, None, _unknown_roles(overrides or {}))])
    header = _find_header(grid, roles_by_key)
    if header is None:
        return ImportResult(None, [Problem(None, None, _no_header(grid))])
    head_start, head_end, roles = header
    layout = _Layout.of(roles)

    def label(r: int) -> int | str:
        return row_labels[r] if row_labels else r + 1

    b = _Builder(label)
    if head_start > 0:
        b.warnings.append(
            Problem(None, None, f"表头（{_place(label(head_start))}）以上 {head_start} 行是标题或说明，未作为指标读取")
        )
    _read_rows(b, grid, head_end, layout)
    name = name or _title(grid[:head_start]) or PurePosixPath(source_file).stem
    return _finish(b, framework_id, name, source_file, jurisdiction, level_evaluated)


def _title(rows: list[list[str]]) -> str | None:
    """The table's own title above its header (江岭省2022年度县级人民政府履行教育职责评价指标体系): a row of
    one text (merged across the row) that names an evaluation or an indicator system."""
    for row in rows:
        texts = {t.strip() for t in row if t and t.strip()}
        if len(texts) == 1 and re.search(r"指标|评价|评估|体系|标准", (text := texts.pop())) and len(text) <= 60:
            return text
    return None


def _role_key(name: str) -> str | None:
    if name in ROLE_NAMES:
        return name
    return next((k for k, v in ROLE_NAMES.items() if v == name), None) or next(
        (k for k, words in ROLES.items() if _norm(name) in words), None
    )


def _unknown_roles(overrides: dict[str, str]) -> str:
    bad = [k for k in overrides if _role_key(k) is None]
    known = "、".join(ROLE_NAMES.values())
    return f"--map 中的 {'、'.join(bad)} 不是可指定的列（可用：{known}）"


def _no_header(grid: list[list[str]]) -> str:
    seen = []
    for r, row in enumerate(grid[:HEADER_ROWS_SEARCHED]):
        cells = [c.strip() for c in row if c.strip() and len(c.strip()) <= 20]
        if len(cells) >= 2:
            seen.append(f"第{r + 1}行：{' | '.join(cells[:10])}")
        if len(seen) >= 6:
            break
    looked = f"查看了前 {min(len(grid), HEADER_ROWS_SEARCHED)} 行"
    saw = ("；看到的列：" + "；".join(seen)) if seen else "，其中没有像列名的单元格"
    return (
        f"没有找到表头：需要“一级指标/二级指标/观测点（评价要点）/分值”等列，{looked}{saw}。"
        "如列名不同，可用 --map 指定，例如 --map 观测点=评价内容（观测点） --map 分值=标准分"
    )


def _read_rows(b: _Builder, grid: list[list[str]], head_end: int, layout: _Layout) -> None:
    header_forms = [_norm(c) for c in grid[head_end]]
    current: dict[int, tuple[str, str] | None] = dict.fromkeys(layout.levels)  # column → (text, node id)
    section: str | None = None  # a row spanning the table that names an area above the level columns
    notes: str | None = None  # "total" after a 合计 row, "note" after a note: single-text rows are notes then
    last_point: Node | None = None
    point_texts: dict[str, str] = {}  # point id → the full text of its row's point cell
    width = max(len(r) for r in grid)
    for r in range(head_end + 1, len(grid)):
        row = [(t or "").strip() for t in grid[r]] + [""] * (width - len(grid[r]))
        filled = [(c, t) for c, t in enumerate(row) if t]
        if not filled:
            continue
        forms = [_norm(t) for t in row]
        if sum(1 for f, h in zip(forms, header_forms, strict=False) if f and f == h) >= max(2, len(filled) // 2):
            b.skip(r, "重复的表头", " | ".join(t for _, t in filled[:4]))
            continue
        first_text = filled[0][1]
        if _TOTAL.match(_norm(first_text)) or any(_TOTAL.match(_norm(t)) and len(_norm(t)) <= 5 for _, t in filled):
            b.skip(r, "合计行", " ".join(dict.fromkeys(t for _, t in filled)))
            notes = "total"
            continue
        distinct = {_norm(t) for _, t in filled}
        if len(distinct) == 1:
            text = filled[0][1]
            spanning = len(filled) >= 2 and len(filled) >= len(layout.roles) - 1
            bonus_block = notes == "total" and "加分" in text and len(_norm(text)) <= 40
            if not bonus_block and (notes or _NOTE.match(_norm(text)) or len(_norm(text)) > 40):
                b.skip(r, "说明文字", text)
                b.notes.append(text)
                notes = "note"
                continue
            if spanning and _names_its_own_area(grid, r, layout):
                b.skip(r, "分区标题（下方各行自带一级指标）", text)
                continue
            if spanning:
                section = _add_indicator(b, r, None, text).id
                current = dict.fromkeys(layout.levels)
                notes = None
                continue
            if last_point is not None and layout.roles.get(filled[0][0]) in ("rule", "evidence", "units"):
                _continue_point(last_point, layout.roles[filled[0][0]], text)
                continue
        notes = None
        if not layout.levels and (area := _area_row(row, layout)):
            # 序号 一 / 二 marks an area and 1…N its points, all in one 指标 column
            stated = parse_score(layout.score_text(row, layout.point))
            section = _add_indicator(b, r, None, area, stated).id
            continue
        parent, created = section, None
        for i, col in enumerate(layout.levels):
            text = row[col]
            if not text:
                parent = current[col][1] if current[col] else parent
                continue
            if current[col] is None or current[col][0] != text:
                stated = parse_score(layout.score_text(row, col))
                created = _add_indicator(b, r, parent, text, stated)
                current[col] = (text, created.id)
                for deeper in layout.levels[i + 1 :]:
                    current[deeper] = None
            parent = current[col][1]
        point_text = row[layout.point]
        if not point_text:
            if created is not None and created.score is None:
                created.score = parse_score(layout.score_text(row, layout.point))
            continue
        if last_point is not None and last_point.parent == parent and point_texts.get(last_point.id) == point_text:
            _merge_row(last_point, row, layout)
            continue
        code, name, is_global = split_code(point_text)
        name = join_lines(name.splitlines())  # a name broken by hand in a narrow column
        if code is None and (code_cols := layout.columns("code")):
            code, _, is_global = split_code(row[code_cols[0]] + " x")
        if not layout.levels and code and is_global and "." in code:
            parent = _code_parent(b, code)
        node = b.add(r, parent, code, is_global, name)
        point_texts[node.id] = point_text
        _fill(b, node, row, r, layout)
        last_point = node


def _names_its_own_area(grid: list[list[str]], r: int, layout: _Layout) -> bool:
    """A banner over a block (加分项（最高加5分）) whose rows name their own top level: not a level itself."""
    if not layout.levels:
        return False
    top = layout.levels[0]
    below = next((row for row in grid[r + 1 :] if any((t or "").strip() for t in row)), None)
    return below is not None and top < len(below) and bool((below[top] or "").strip())


def _area_row(row: list[str], layout: _Layout) -> str | None:
    """The name of an area when the row's 序号 is a Chinese numeral (一 / （二）) in a one-column table."""
    codes = layout.columns("code")
    if not codes or not row[layout.point]:
        return None
    mark = row[codes[0]].strip()
    return row[layout.point] if re.fullmatch(r"[(（]?[一二三四五六七八九十]+[)）]?[、.．]?", mark) else None


def _add_indicator(b: _Builder, r: int, parent: str | None, text: str, stated: float | None = None) -> Node:
    """An indicator from its cell: code, name (broken by hand over lines in a narrow column, joined) and
    the score written in it (党的领导（10分）) or beside it; a bonus block's ceiling is kept apart."""
    code, name, is_global = split_code(join_lines(text.splitlines()))
    if ceiling := _BONUS_CEILING.search(name):
        b.ceilings.append(float(ceiling.group(1)))
        name = name[: ceiling.start()].strip()
    score = None
    if m := _SCORE_IN_NAME.search(name):
        score, name = float(m.group(1)), name[: m.start()].strip()
    return b.add(r, parent, code, is_global, name, score=score if score is not None else stated)


def _code_parent(b: _Builder, code: str) -> str | None:
    """In a one-column table (1 / 1.1 / 1.1.1) the parent is the longest code prefix already seen."""
    parts = code.split(".")
    for k in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:k])
        if prefix in b.rows:
            return prefix
    return None


def _joined(row: list[str], layout: _Layout, role: str) -> str:
    seen: list[str] = []
    for c in layout.columns(role):
        if row[c] and row[c] not in seen:
            seen.append(row[c])
    return "\n".join(seen)


def _fill(b: _Builder, node: Node, row: list[str], r: int, layout: _Layout) -> None:
    score_text = layout.score_text(row, layout.point)
    method = _joined(row, layout, "method")
    node.veto = "一票否决" in score_text or "否决" in method
    if score_text:
        node.score = parse_score(score_text)
        if node.score is None and not node.veto:
            b.problems.append(Problem(b.label(r), "分值", f"'{_excerpt(score_text)}' 不是数字"))
            b.unscored.add(node.id)
    node.bonus = "加分" in node.name or "加分" in method or score_text.startswith(("+", "＋"))
    node.scoring_rule = _joined(row, layout, "rule")
    node.description = _joined(row, layout, "remark")
    if evidence := _joined(row, layout, "evidence"):
        node.evidence = _evidence(evidence)
    if units := _joined(row, layout, "units"):
        node.responsible_units = _units(units)
    _read_standards(node)
    node.kind = "定量" if "定量" in method else "定性" if "定性" in method else ("定量" if node.rules else "定性")


def _read_standards(node: Node) -> None:
    """Rules, deduction, veto and sub-points from the scoring rule, the point's own text and its evidence
    cues — standards are written in any of them; a rule written twice is kept once."""
    reading = read_prose(node.scoring_rule, metric_hint=node.name)
    extra = [read_prose(node.name, metric_hint=node.name)]
    if cues := "；".join(c for e in node.evidence for c in e.cues):
        extra.append(read_prose(cues, metric_hint=node.name))
    rules, keys = [], set()
    for rule in reading.rules + [r for x in extra for r in x.rules]:
        key = (rule.kind, rule.metric, rule.comparator, rule.value, rule.unit, tuple(rule.stages), rule.other)
        if key not in keys:
            keys.add(key)
            rules.append(rule)
    node.rules = rules
    node.deduction = reading.deduction if reading.deduction is not None else extra[0].deduction
    node.veto = node.veto or reading.veto or extra[0].veto
    node.sub_points = reading.sub_points or extra[0].sub_points
    node.metric = rules[0].metric if rules else None


def _continue_point(point: Node, role: str, text: str) -> None:
    """A row holding only more rule, evidence or unit text for the point above (a row split across pages)."""
    if role == "rule":
        point.scoring_rule = f"{point.scoring_rule}\n{text}".strip()
        _read_standards(point)
    elif role == "evidence":
        point.evidence += _evidence(text)
        _read_standards(point)
    else:
        point.responsible_units += _units(text)


def _merge_row(point: Node, row: list[str], layout: _Layout) -> None:
    """A second row of the same point (its cell merged down): more rule text, and a score of its own is
    a sub-point."""
    rule = _joined(row, layout, "rule")
    if rule and rule not in point.scoring_rule:
        point.scoring_rule = f"{point.scoring_rule}\n{rule}".strip()
        _read_standards(point)
    score_text = layout.score_text(row, layout.point)
    score = parse_score(score_text) if score_text else None
    repeated = not point.sub_points and score == point.score  # the score cell merged down with the point
    if score is not None and point.score is not None and not repeated:
        if not point.sub_points:
            point.sub_points = [SubPoint(id="1", name=point.scoring_rule.split("\n")[0], score=point.score)]
        point.sub_points.append(SubPoint(id=str(len(point.sub_points) + 1), name=rule, score=score))
        point.score = round(sum(s.score for s in point.sub_points), 4)


def _inherit_bonus(nodes: list[Node]) -> None:
    """Everything under a 加分项 indicator is a bonus item."""
    by_id = {n.id: n for n in nodes}
    for n in nodes:
        parent = by_id.get(n.parent) if n.parent else None
        while parent is not None and not n.bonus:
            n.bonus = parent.bonus or "加分" in parent.name
            parent = by_id.get(parent.parent) if parent.parent else None


def _finish(b: _Builder, framework_id, name, source_file, jurisdiction, level_evaluated) -> ImportResult:
    _inherit_bonus(b.nodes)
    parents = {n.parent for n in b.nodes}
    points = [n for n in b.nodes if n.id not in parents]
    for p in points:
        if p.score is None and p.sub_points:
            p.score = round(sum(s.score for s in p.sub_points), 4)
        if p.score is None and not p.bonus and not p.veto and p.id not in b.unscored:
            b.problems.append(Problem(b.rows[p.id], "分值", f"观测点「{_excerpt(p.name)}」没有分值"))
        if p.sub_points and p.score is not None and abs(sum(s.score for s in p.sub_points) - p.score) > 0.01:
            b.warnings.append(Problem(b.rows[p.id], "评分标准", "子项分值合计与分值不符，已保留子项原文"))
            p.sub_points = []
    for n, total in score_conflicts(b.nodes):
        b.problems.append(Problem(b.rows[n.id], "分值", f"「{_excerpt(n.name)}」{n.score:g}分，下级合计 {total:g}分"))
    if not points:
        b.problems.append(Problem(None, None, "表中没有观测点：表头下没有一行在观测点列中有文字"))
    if b.problems:
        return ImportResult(None, b.problems, b.warnings)
    by_id = {n.id: n for n in b.nodes}
    bonus_roots = [n for n in b.nodes if n.bonus and not (n.parent and by_id[n.parent].bonus)]
    fw = Framework(
        id=framework_id,
        name=name,
        jurisdiction=jurisdiction,
        level_evaluated=level_evaluated,
        source=Source(document=name, imported_from=source_file),
        max_score=round(sum(p.score or 0 for p in points if not p.bonus), 4),
        bonus_max=sum(b.ceilings) or round(sum(effective_scores(b.nodes).get(n.id) or 0 for n in bonus_roots), 4),
        vetoes=[Flagged(id=p.id, text=p.name, effect="fail", points=[p.id]) for p in points if p.veto]
        + vetoes_in(b.notes, points),
        notes=b.notes,
        indicators=b.nodes,
    )
    return ImportResult(fw, [], b.warnings)

