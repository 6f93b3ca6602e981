"""The framework schema (指标体系数据格式), version `jiaodu.framework/1`.

A framework is a flat list of nodes with parent ids — 一级指标 → 二级指标 → 观测点 — plus what is needed to
score a submission against it: maximum score, extra components (e.g. a committee score), a bonus ceiling,
grade bands, quotas, veto and downgrade items."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "jiaodu.framework/1"
Comparator = Literal[">=", ">", "<=", "<", "=="]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Rule(_Model):
    """A machine-readable standard of a quantitative point (量化标准).

    - threshold: `metric` `comparator` `value` `unit` (覆盖率 >= 80 %);
    - no_decrease: `metric` must not fall against the previous period, for each of `stages` if given;
    - not_below: `metric` >= `other` (教师年均工资 not below 公务员年均工资);
    - grows_faster: the growth of `metric` > the growth of `other` (三个增长)."""

    kind: Literal["threshold", "no_decrease", "not_below", "grows_faster"]
    metric: str
    comparator: Comparator | None = None
    value: float | None = None
    unit: str | None = None
    other: str | None = None
    stages: list[str] = Field(default_factory=list)
    text: str = ""  # the prose it was read from


class SubPoint(_Model):
    """A scored part of an observation point (2 points split 1 / 0.6 / 0.4)."""

    id: str
    name: str
    score: float


class EvidenceSpec(_Model):
    """A kind of evidence the point expects (佐证材料), with the cues that name it."""

    kind: str  # 文件, 会议纪要, 统计表, 公告, 名单, 台账, 照片, 工资测算表, 预决算表, 规划, 报告, 其他
    cues: list[str] = Field(default_factory=list)
    required: bool = False


class Node(_Model):
    """An indicator (指标) or observation point (观测点)."""

    id: str
    parent: str | None = None
    name: str
    description: str = ""
    kind: Literal["定性", "定量"] | None = None
    score: float | None = None
    sub_points: list[SubPoint] = Field(default_factory=list)
    scoring_rule: str = ""  # 评分标准, as written
    deduction: float | None = None  # 每缺一项扣 X 分
    responsible_units: list[str] = Field(default_factory=list)
    evidence: list[EvidenceSpec] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    metric: str | None = None
    rules: list[Rule] = Field(default_factory=list)
    bonus: bool = False  # 加分项
    veto: bool = False  # 一票否决


def effective_scores(nodes: list[Node]) -> dict[str, float | None]:
    """Each node's score, where an unscored indicator passes its children's sum through (二级 without a
    score between a scored 一级 and scored points); None where a point has none."""
    kids: dict[str | None, list[Node]] = {}
    for n in nodes:
        kids.setdefault(n.parent, []).append(n)
    out: dict[str, float | None] = {}

    def eff(n: Node) -> float | None:
        if n.id not in out:
            below = [k for k in kids.get(n.id, []) if not k.bonus]
            if n.score is not None or not below:
                out[n.id] = n.score
            else:
                scores = [eff(k) for k in below]
                out[n.id] = None if any(s is None for s in scores) else round(sum(scores), 6)  # type: ignore[arg-type]
        return out[n.id]

    for n in nodes:
        eff(n)
    return out


def score_conflicts(nodes: list[Node]) -> list[tuple[Node, float]]:
    """Indicators whose stated score differs from their children's (unscored levels passed through);
    only where every child's score is known — anything else is not a conflict but a gap."""
    effective = effective_scores(nodes)
    out = []
    for n in nodes:
        below = [k for k in nodes if k.parent == n.id and not k.bonus]
        if n.score is None or not below or any(effective[k.id] is None for k in below):
            continue
        total = round(sum(effective[k.id] or 0 for k in below), 6)
        if abs(total - n.score) > 0.01:
            out.append((n, total))
    return out


class Source(_Model):
    document: str  # the title of the document the framework comes from
    doc_number: str | None = None  # 文号
    seed: str | None = None  # the seed file it was constructed from
    constructed: bool = False  # built from a seed's areas, not the official per-point table
    imported_from: str | None = None  # the table file it was imported from
    note: str = ""


class Grade(_Model):
    """A grade band: `min` <= total < `max` (open ends where None)."""

    name: str
    min: float | None = None
    max: float | None = None


class Quota(_Model):
    """At most `max_share` of the submissions in one scope may get `grade` (优秀 ≤ 1/3 of a city's counties)."""

    grade: str
    max_share: float
    scope: str = ""
    demote_to: str | None = None


class Component(_Model):
    """A scored part outside the indicator tree (e.g. 省政府教育督导委员会合议评价 5 分)."""

    name: str
    score: float


class Flagged(_Model):
    """A veto (一票否决), downgrade (降等) or no-top-grade (不得评为优秀) trigger, checked apart from the score."""

    id: str
    text: str
    effect: Literal["fail", "downgrade", "no_top"] = "downgrade"
    # the points whose standard, found unmet, is the trigger (两个只增不减未落实 → the two funding points);
    # the audit then suggests the item and a reviewer confirms or clears it. Empty: only a reviewer can tell
    points: list[str] = Field(default_factory=list)


class Framework(_Model):
    schema_: Literal["jiaodu.framework/1"] = Field(SCHEMA, alias="schema")
    id: str
    name: str
    jurisdiction: str
    level_evaluated: str  # 区县 / 盟市 / 区 / 县
    year: int | None = None
    version: str = "1"
    source: Source
    max_score: float  # the indicator tree's total
    components: list[Component] = Field(default_factory=list)
    bonus_max: float = 0.0
    grades: list[Grade] = Field(default_factory=list)
    quotas: list[Quota] = Field(default_factory=list)
    vetoes: list[Flagged] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # the table's 说明 (scoring policy in prose), as written
    indicators: list[Node]

    # -- the tree --------------------------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        for n in self.indicators:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def children(self, node_id: str | None) -> list[Node]:
        return [n for n in self.indicators if n.parent == node_id]

    def roots(self) -> list[Node]:
        return self.children(None)

    def points(self) -> list[Node]:
        """The observation points: the leaves of the tree."""
        parents = {n.parent for n in self.indicators}
        return [n for n in self.indicators if n.id not in parents]

    def depth(self, node: Node) -> int:
        depth, parent = 1, node.parent
        while parent is not None:
            depth += 1
            parent = self.node(parent).parent
        return depth

    def roll_up(self, leaf_scores: dict[str, float]) -> dict[str, float]:
        """Every node's score: a point's own (0 if absent), an indicator's the sum of its children's,
        bonus items left out."""
        rolled: dict[str, float] = {}

        def roll(node: Node) -> float:
            if node.id not in rolled:
                kids = self.children(node.id)
                total = sum(roll(k) for k in kids if not k.bonus) if kids else leaf_scores.get(node.id, 0.0)
                rolled[node.id] = round(total, 6)
            return rolled[node.id]

        for root in self.roots():
            roll(root)
        return rolled

    def total_possible(self) -> float:
        return self.max_score + sum(c.score for c in self.components) + self.bonus_max
