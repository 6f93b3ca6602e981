"""Loading, validating and listing frameworks. Every problem is reported in Chinese with where it is
(file line, indicator id, field), never as a stack trace."""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import yaml
from pydantic import ValidationError

from corpora.frameworks.schema import Framework, score_conflicts

FIELD_NAMES = {
    "id": "编号",
    "parent": "上级编号",
    "name": "名称",
    "score": "分值",
    "kind": "类型",
    "max_score": "满分",
    "scoring_rule": "评分标准",
    "deduction": "扣分",
    "rules": "量化规则",
    "metric": "指标口径",
    "value": "标准值",
    "comparator": "比较方式",
    "grades": "等次",
    "quotas": "名额限制",
    "indicators": "指标",
    "source": "来源",
    "jurisdiction": "地区",
    "level_evaluated": "评价对象层级",
    "evidence": "佐证材料",
    "sub_points": "子项",
    "responsible_units": "责任单位",
    "schema": "格式版本",
    "year": "年度",
    "min": "下限",
    "max": "上限",
    "notes": "说明",
}
_TOLERANCE = 0.01


class FrameworkError(Exception):
    """A framework file that cannot be used; `problems` are Chinese sentences a reviewer can act on."""

    def __init__(self, source: str, problems: list[str]):
        super().__init__(f"{source}: " + "；".join(problems))
        self.source = source
        self.problems = problems


def _describe(error: dict) -> str:
    kind, value = error["type"], _short(error.get("input"))
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"'{value}' 不是数字"
    if kind == "missing":
        return "缺少必填项"
    if kind == "extra_forbidden":
        return "不认识的字段"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{value}' 不是允许的取值（可用：{expected}）"
    if kind in ("string_type", "list_type", "dict_type", "model_type", "bool_parsing", "bool_type"):
        wanted = {"string": "文字", "list": "列表", "dict": "键值表", "model": "键值表", "bool": "true 或 false"}
        return f"应为{wanted[kind.split('_')[0]]}，而不是 '{value}'"
    return error["msg"]


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The 1-based line in the YAML source of the value at `loc`."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _place(data: dict, loc: tuple, tree: yaml.Node | None) -> str:
    parts = []
    line = _line_of(tree, loc)
    if line:
        parts.append(f"第{line}行")
    if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
        items = data.get("indicators") or []
        node_id = items[loc[1]].get("id") if loc[1] < len(items) and isinstance(items[loc[1]], dict) else None
        parts.append(f"指标 {node_id}" if node_id else f"第{loc[1] + 1}个指标")
        loc = loc[2:]
    field = next((k for k in reversed(loc) if isinstance(k, str)), None)
    if field:
        parts.append(f"「{FIELD_NAMES.get(field, field)}」")
    return " ".join(parts)


def check(fw: Framework) -> list[str]:
    """Semantic problems: ids, parents, scores that do not add up, incomplete rules, grades, quotas."""
    problems = []
    counts = Counter(n.id for n in fw.indicators)
    problems += [f"指标编号 {i} 重复出现 {c} 次" for i, c in counts.items() if c > 1]
    ids = set(counts)
    for n in fw.indicators:
        if n.parent is not None and n.parent not in ids:
            problems.append(f"指标 {n.id}「上级编号」：找不到上级指标 {n.parent}")
    if problems:
        return problems
    for n in fw.indicators:
        seen, parent = {n.id}, n.parent
        while parent is not None:
            if parent in seen:
                problems.append(f"指标 {n.id}「上级编号」：上下级关系成环")
                break
            seen.add(parent)
            parent = fw.node(parent).parent
    if problems:
        return problems
    points = fw.points()
    for p in points:
        if p.score is None and not p.bonus:
            problems.append(f"观测点 {p.id}「分值」：缺少分值")
        if p.sub_points and p.score is not None and abs(sum(s.score for s in p.sub_points) - p.score) > _TOLERANCE:
            problems.append(
                f"观测点 {p.id}「子项」：子项分值合计 {sum(s.score for s in p.sub_points):g}，与分值 {p.score:g} 不符"
            )
        for r in p.rules:
            if r.kind == "threshold" and (r.comparator is None or r.value is None):
                problems.append(f"观测点 {p.id}「量化规则」：阈值规则缺少比较方式或标准值")
            if r.kind in ("not_below", "grows_faster") and not r.other:
                problems.append(f"观测点 {p.id}「量化规则」：{r.kind} 规则缺少比较对象")
    total = sum(p.score or 0 for p in points if not p.bonus)
    if abs(total - fw.max_score) > _TOLERANCE:
        problems.append(f"观测点分值合计 {total:g}，与满分 {fw.max_score:g} 不符")
    for n, kid_total in score_conflicts(fw.indicators):
        problems.append(f"指标 {n.id}「分值」：下级分值合计 {kid_total:g}，与本级分值 {n.score:g} 不符")
    bands = sorted(fw.grades, key=lambda g: g.min if g.min is not None else float("-inf"))
    for a, b in pairwise(bands):
        if a.max is None or b.min is None or a.max > b.min + _TOLERANCE:
            problems.append(f"等次「{a.name}」与「{b.name}」的分数区间重叠")
    names = {g.name for g in fw.grades}
    for q in fw.quotas:
        if q.grade not in names:
            problems.append(f"名额限制：没有名为「{q.grade}」的等次")
    return problems


MAX_TEXT_CHARS = 5_000_000  # a framework file is a few hundred kilobytes; anything this big is not one
MAX_NODES = 200_000  # YAML nodes after aliases are expanded: the shipped frameworks need about 10,000


def _expanded_size(node: yaml.Node, seen: dict[int, int], limit: int) -> int:
    """How many nodes `node` stands for once every alias is expanded, counted without expanding anything
    (an alias is the same node object again, so each node is measured once); stops early past `limit`."""
    if id(node) in seen:
        return seen[id(node)]
    seen[id(node)] = limit + 1  # a node that contains itself is unbounded
    size = 1
    children = node.value if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    for child in children:
        size += _expanded_size(child, seen, limit)
        if size > limit:
            break
    seen[id(node)] = size
    return size


def _documents(text: str) -> list[tuple[object, yaml.Node]]:
    """Each YAML document of the text with its node tree, refusing texts whose aliases expand beyond
    MAX_NODES before anything is built from them (a few hundred bytes of nested aliases can stand for
    gigabytes)."""
    if len(text) > MAX_TEXT_CHARS:
        raise FrameworkYAMLError(f"文件过大（超过 {MAX_TEXT_CHARS // 1_000_000} 百万字符），不是指标体系文件")
    loader = yaml.SafeLoader(text)
    seen: dict[int, int] = {}
    out = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            if _expanded_size(node, seen, MAX_NODES) > MAX_NODES:
                raise FrameworkYAMLError("YAML 别名（&/*）展开后过大，疑似“别名炸弹”，已拒绝")
            data = loader.construct_document(node)
            if data is not None:
                out.append((data, node))
    finally:
        loader.dispose()
    return out


class FrameworkYAMLError(Exception):
    """A YAML text refused before it is built (too large, alias bomb)."""


def _short(value: object, limit: int = 40) -> str:
    """A rejected value as quoted in a message: never the whole of a large input."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字符）"


def load_text(text: str, source: str) -> list[Framework]:
    """All frameworks in a YAML text (one per YAML document), validated."""
    try:
        pairs = _documents(text)
    except FrameworkYAMLError as exc:
        raise FrameworkError(source, [str(exc)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行：" if mark else ""
        raise FrameworkError(source, [f"{where}YAML 格式错误（{_short(getattr(exc, 'problem', exc), 80)}）"]) from None
    docs, trees = [d for d, _ in pairs], [t for _, t in pairs]
    if not docs:
        raise FrameworkError(source, ["文件中没有指标体系"])
    frameworks, problems = [], []
    for data, tree in zip(docs, trees, strict=True):
        if not isinstance(data, dict):
            problems.append("指标体系应为键值表")
            continue
        try:
            fw = Framework.model_validate(data)
        except ValidationError as exc:
            problems += [f"{_place(data, tuple(e['loc']), tree)}：{_describe(e)}" for e in exc.errors()]
            continue
        problems += [f"{fw.id}：{p}" for p in check(fw)]
        frameworks.append(fw)
    if problems:
        raise FrameworkError(source, problems)
    return frameworks


def load_file(path: Path) -> list[Framework]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(str(path), [f"无法读取文件（{exc}）"]) from None
    return load_text(text, str(path))


def shipped() -> list[Framework]:
    """The frameworks that come with jiaodu (corpora/frameworks/data/*.yaml), in file order."""
    return list(_shipped())


@cache
def _shipped() -> tuple[Framework, ...]:
    """Read once per process: the shipped files do not change while it runs (parsing them takes ~0.15 s)."""
    out = []
    folder = resources.files("corpora.frameworks").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out += load_text(entry.read_text("utf-8"), entry.name)
    return tuple(out)


def load(ref: str) -> Framework:
    """A framework by shipped id, or from a YAML file path (its only framework, or the one whose id
    follows '#': fw.yaml#hn-2021-county-leaders)."""
    path_part, _, wanted = ref.partition("#")
    path = Path(path_part)
    if path.suffix in (".yaml", ".yml") and path.exists():
        frameworks = load_file(path)
        if wanted:
            for fw in frameworks:
                if fw.id == wanted:
                    return fw
            raise FrameworkError(ref, [f"文件中没有编号为 {wanted} 的指标体系"])
        if len(frameworks) > 1:
            raise FrameworkError(ref, [f"文件中有多个指标体系，请用 {path_part}#编号 指明其一"])
        return frameworks[0]
    for fw in shipped():
        if fw.id == ref:
            return fw
    known = "、".join(fw.id for fw in shipped())
    raise FrameworkError(ref, [f"没有编号为 {ref} 的内置指标体系（可用：{known}）"])


def render_tree(fw: Framework) -> str:
    """The framework as an indented tree a reviewer can read."""
    lines = [f"{fw.name}（{fw.id}）满分 {fw.max_score:g}" + "".join(f" + {c.name} {c.score:g}" for c in fw.components)]

    def walk(parent: str | None, indent: int) -> None:
        for n in fw.children(parent):
            bits = [f"{n.score:g}分" if n.score is not None else "", n.kind or "", "加分" if n.bonus else ""]
            rule = "；".join(rule_text(r) for r in n.rules)
            extra = "，".join(b for b in bits if b)
            lines.append(
                f"{'  ' * indent}{n.id} {n.name}" + (f"（{extra}）" if extra else "") + (f" ⟨{rule}⟩" if rule else "")
            )
            walk(n.id, indent + 1)

    walk(None, 1)
    return "\n".join(lines)


def rule_text(r) -> str:
    """A machine-readable standard in one line (覆盖率 >= 80%, 生均经费[小学、初中] 只增不减)."""
    stages = f"[{'、'.join(r.stages)}]" if r.stages else ""
    if r.kind == "threshold":
        return f"{r.metric}{stages} {r.comparator} {r.value:g}{r.unit or ''}"
    if r.kind == "no_decrease":
        return f"{r.metric}{stages} 只增不减"
    if r.kind == "not_below":
        return f"{r.metric} 不低于 {r.other}"
    return f"{r.metric} 增长高于 {r.other}"


_RULE_KINDS = {"threshold": "阈值", "no_decrease": "只增不减", "not_below": "不低于", "grows_faster": "三个增长"}


def summary(fw: Framework) -> list[str]:
    """What a framework holds, in the lines that import, validate and show all print: levels and nodes per
    level, total score, standards, deductions, vetoes, sub-points, evidence cues, responsible units."""
    points = fw.points()
    depths = Counter(fw.depth(n) for n in fw.indicators)
    leaf_depths = Counter(fw.depth(p) for p in points)
    levels = "，".join(
        f"第{d}级 {depths[d]} 个" + (f"（其中观测点 {leaf_depths[d]} 个）" if 0 < leaf_depths[d] < depths[d] else "")
        for d in sorted(depths)
    )
    bonus = [p for p in points if p.bonus]
    extra = "".join(f" + {c.name} {c.score:g}" for c in fw.components)
    total = f"满分 {fw.max_score:g}{extra}" + (f"，加分项 {len(bonus)} 个（最多 {fw.bonus_max:g} 分）" if bonus else "")
    rules = [r for p in points for r in p.rules]
    kinds = Counter(r.kind for r in rules)
    by_kind = "、".join(f"{_RULE_KINDS[k]} {kinds[k]}" for k in _RULE_KINDS if kinds[k])
    cues = sum(len(e.cues) for p in points for e in p.evidence)
    return [
        f"层级：{max(depths) if depths else 0} 级，{levels}；观测点 {len(points)} 个",
        total,
        f"量化标准：{sum(1 for p in points if p.rules)} 个观测点 {len(rules)} 条"
        + (f"（{by_kind}）" if by_kind else ""),
        f"扣分规则 {sum(1 for p in points if p.deduction is not None)} 个观测点，"
        f"子项计分 {sum(1 for p in points if p.sub_points)} 个，一票否决 {sum(1 for p in points if p.veto)} 个",
        f"佐证材料要求：{sum(1 for p in points if p.evidence)} 个观测点 {cues} 条；"
        f"责任单位：{sum(1 for p in points if p.responsible_units)} 个观测点",
    ]
