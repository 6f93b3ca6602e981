"""Scoring a submission (计分与定等): roll-up of observation-point scores, extra components, bonus, grade
from the bands, vetoes and downgrades, and a grade quota across the submissions of one scope."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from corpora.frameworks.schema import Framework


@dataclass
class ScoreResult:
    total: float  # indicator tree + components + bonus
    by_node: dict[str, float]  # every node's rolled-up score
    bonus: float
    grade: str | None
    notes: list[str] = field(default_factory=list)  # why the grade is what it is, in Chinese


def grade_for(fw: Framework, total: float) -> str | None:
    for band in fw.grades:
        if (band.min is None or total >= band.min) and (band.max is None or total < band.max):
            return band.name
    return None


def _order(fw: Framework) -> list[str]:
    """The grade names, highest band first."""
    return [g.name for g in sorted(fw.grades, key=lambda g: -(g.min if g.min is not None else -math.inf))]


def _lower(fw: Framework, grade: str | None, steps: int = 1) -> str | None:
    """The grade `steps` below `grade` in the band order (highest band first)."""
    order = _order(fw)
    if grade not in order:
        return grade
    return order[min(order.index(grade) + steps, len(order) - 1)]


def score(
    fw: Framework,
    point_scores: dict[str, float],
    *,
    bonus: float = 0.0,
    components: dict[str, float] | None = None,
    triggered: list[str] | None = None,
) -> ScoreResult:
    """Total and grade of one submission. Point scores are clamped to [0, the point's score]; a missing
    point scores 0; the bonus is capped at the framework's ceiling; `triggered` names veto/downgrade ids."""
    notes: list[str] = []
    clamped: dict[str, float] = {}
    for p in fw.points():
        if p.bonus:
            continue
        raw = point_scores.get(p.id, 0.0)
        value = min(max(raw, 0.0), p.score or 0.0)
        if value != raw:
            notes.append(f"观测点 {p.id} 得分 {raw:g} 超出 0–{p.score:g}，按 {value:g} 计")
        clamped[p.id] = value
    by_node = {k: v for k, v in fw.roll_up(clamped).items() if not fw.node(k).bonus}
    tree_total = sum(by_node[n.id] for n in fw.roots() if not n.bonus)
    extra = 0.0
    for c in fw.components:
        value = min(max((components or {}).get(c.name, 0.0), 0.0), c.score)
        extra += value
    capped = min(max(bonus, 0.0), fw.bonus_max)
    if capped != bonus:
        notes.append(f"申请加分 {bonus:g} 分，上限 {fw.bonus_max:g} 分，按 {capped:g} 分计")
    total = round(tree_total + extra + capped, 4)
    grade = grade_for(fw, total)
    for flag in fw.vetoes:
        if flag.id in (triggered or []):
            if flag.effect == "fail":
                grade = _lower(fw, grade, len(fw.grades))
                notes.append(f"{flag.text}：一票否决，定为{grade}")
            elif flag.effect == "no_top":
                top = _order(fw)[0] if fw.grades else None
                if grade == top:
                    grade = _lower(fw, grade)
                    notes.append(f"{flag.text}：不得评为{top}，定为{grade}")
            else:
                grade = _lower(fw, grade)
                notes.append(f"{flag.text}：降低一个等次，定为{grade}")
    return ScoreResult(total, by_node, capped, grade, notes)


def quota_allowed(quota, members: int) -> int:
    """How many of `members` submissions in one scope may hold the quota's grade."""
    return math.floor(members * quota.max_share + 1e-9)


def apply_quotas(fw: Framework, results: dict[str, ScoreResult]) -> dict[str, ScoreResult]:
    """Apply the framework's quotas (优秀 ≤ 1/3 of a city's counties) to the results of one scope: the
    highest totals keep the grade, the others drop to `demote_to` (or the next band) with a note."""
    for quota in fw.quotas:
        holders = sorted((k for k, r in results.items() if r.grade == quota.grade), key=lambda k: -results[k].total)
        allowed = quota_allowed(quota, len(results))
        for name in holders[allowed:]:
            r = results[name]
            r.grade = quota.demote_to or _lower(fw, r.grade)
            scope = quota.scope or "同一范围"
            r.notes.append(
                f"{quota.grade}等次不超过{scope}总数的 {quota.max_share:.0%}（{len(results)} 个中至多 {allowed} 个），"
                f"按总分排序未进入名额，定为{r.grade}"
            )
    return results
