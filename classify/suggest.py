"""Suggested scores (建议得分): what each observation point should score by the framework's own rules,
given the audit's findings. Every deduction cites the finding and the rule text it applied; where no rule
decides, the suggestion is the self-score and says 无扣分依据. The reviewer's 核定分 is stored apart
(service/) and never changes these."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from classify.findings import Finding
from corpora.frameworks.deductions import Part, no_evidence_rule, parts_of
from corpora.frameworks.schema import Framework, Node
from corpora.text.normalize import match_form

NO_BASIS = "无扣分依据"
# a serious finding on the point whose cost the scoring rule does not state: the reviewer decides
TO_REVIEW = "有严重问题，但评分标准未规定相应扣分，请审核员核定"
_DECLINE_WORDS = ("下降", "只增不减", "不低于上年", "比上年", "增长")


@dataclass
class Deduction:
    amount: float
    finding: str  # the finding's id
    rule: str  # the rule text applied, as written
    reason: str  # how the amount follows, in Chinese

    def as_contract(self) -> dict:
        return {"amount": self.amount, "finding": self.finding, "rule": self.rule, "reason": self.reason}


@dataclass
class Suggestion:
    point: str
    self_score: float | None
    max_score: float | None
    suggested: float | None
    deductions: list[Deduction] = field(default_factory=list)
    basis: str = NO_BASIS


def suggest(fw: Framework, self_scores: dict[str, float | None], findings: list[Finding]) -> dict[str, Suggestion]:
    """Point id → suggestion, for every observation point of the framework."""
    by_point: dict[str, list[Finding]] = {}
    for f in findings:
        if f.observation_point:
            by_point.setdefault(f.observation_point, []).append(f)
    undone = no_evidence_rule(fw.notes)
    return {p.id: _suggest(p, self_scores.get(p.id), by_point.get(p.id, []), undone) for p in fw.points()}


def _suggest(node: Node, self_score: float | None, findings: list[Finding], undone: str | None) -> Suggestion:
    top = node.score
    deductions = _deductions(node, findings, undone, top)
    if self_score is None or not deductions:
        basis = TO_REVIEW if any(f.severity == "high" for f in findings) else NO_BASIS
        return Suggestion(node.id, self_score, top, self_score, deductions, basis)
    ceiling = top if top is not None else self_score
    suggested = round(min(self_score, max(0.0, ceiling - sum(d.amount for d in deductions))), 2)
    return Suggestion(node.id, self_score, top, suggested, deductions, "按评分标准扣分")


def _deductions(node: Node, findings: list[Finding], undone: str | None, top: float | None) -> list[Deduction]:
    nothing = next((f for f in findings if f.kind == "missing_evidence" and f.severity == "high"), None)
    if nothing is not None and undone and top:
        return [Deduction(top, nothing.id, undone, "该观测点没有任何佐证材料，按说明以未完成计分（0分）")]
    parts = parts_of(node)
    if not parts:
        return []
    out: list[Deduction] = []
    counted: set[tuple] = set()  # one fact costs once: a decline and the claim it contradicts
    declined: dict[int, set[str]] = {}  # part → the stages already deducted
    # what each part has still to lose (扣完为止); a part scored per stage loses per stage
    left = {p.text: p.score for p in parts if p.per_stage is None}
    for f in sorted(findings, key=lambda f: f.kind != "decline"):
        fact = (f.values.get("metric"), f.values.get("subject"), f.values.get("period"))
        if f.values.get("metric") and fact in counted:
            continue
        got = _deduction(parts, f, declined)
        if got is None:
            continue
        counted.add(fact)
        room = left.get(got.rule)
        if room is not None:
            if room <= 0:
                continue
            if got.amount > room:
                got.amount, got.reason = round(room, 2), f"{got.reason}；该项仅剩 {room:g} 分，扣完为止"
            left[got.rule] = round(room - got.amount, 6)
        out.append(got)
    return out


def _deduction(parts: list[Part], f: Finding, declined: dict[int, set[str]]) -> Deduction | None:
    if f.kind == "threshold_not_met":
        return _shortfall(parts, f)
    if f.kind == "decline":
        return _decline(parts, f, declined)
    if f.kind == "contradicted_claim":
        return _item(parts, f)
    return None


def _shortfall(parts: list[Part], f: Finding) -> Deduction | None:
    """A standard missed: so much per unit short where the rule says so, else the clause's score where it
    says 不得分 (or the clause has nothing else to lose)."""
    standard, current = f.values.get("threshold"), f.values.get("current")
    if standard is None:  # below another figure (不低于公务员工资) or growing slower (三个增长)
        return _comparison(parts, f)
    part = _part_stating(parts, standard) or _part_about(parts, f)
    if part is None or current is None:
        return None
    short = abs(float(standard) - float(current))
    if part.per_unit is not None:
        unit, per = part.per_unit
        units = math.ceil(short / unit - 1e-9) if part.round_up else short / unit
        amount = min(round(units * per, 2), part.score if part.score is not None else math.inf)
        how = f"与标准相差 {round(short, 6):.12g}，按“{part.per_unit_text}”扣 {amount:g} 分"
        return Deduction(amount, f.id, part.text, how) if amount > 0 else None
    if part.score is not None and (part.zero or part.per_item is None):
        return Deduction(part.score, f.id, part.text, f"未达到该项标准，该项 {part.score:g} 分不得分")
    if part.per_item is not None:
        return Deduction(part.per_item, f.id, part.text, f"有一项未达到标准，按该项规定扣 {part.per_item:g} 分")
    return None


def _comparison(parts: list[Part], f: Finding) -> Deduction | None:
    """A figure below the one it must not be below, or a growth below the one it must exceed: no unit of
    shortfall to count, so the clause's score where it scores nothing on a failure."""
    part = _part_about(parts, f) or (parts[0] if len(parts) == 1 else None)
    if part is None or part.score is None or not (part.zero or (part.per_item is None and part.per_unit is None)):
        return None
    return Deduction(part.score, f.id, part.text, f"未达到该项要求，该项 {part.score:g} 分不得分")


def _decline(parts: list[Part], f: Finding, declined: dict[int, set[str]]) -> Deduction | None:
    """A figure that fell: one stage's share where the rule scores stages (每个学段1分，下降的学段不得分),
    else the clause's score where a decline scores nothing."""
    candidates = [p for p in parts if any(w in p.text for w in _DECLINE_WORDS)] or parts
    stage = str(f.values.get("subject") or "")
    named = [p for p in candidates if stage and stage in p.text and p.score is not None]
    part = named[0] if len(named) == 1 else candidates[0]  # （2）小学（0.6分）: the stage's own part
    if part.per_stage is not None:
        seen = declined.setdefault(parts.index(part), set())
        if stage in seen:
            return None
        seen.add(stage)
        why = f"{stage or '该学段'}比上年下降，该学段 {part.per_stage:g} 分不得分"
        return Deduction(part.per_stage, f.id, part.text, why)
    if part.zero and part.score is not None:
        return Deduction(part.score, f.id, part.text, f"比上年下降，该项 {part.score:g} 分不得分")
    return None


def _item(parts: list[Part], f: Finding) -> Deduction | None:
    """A claim the evidence contradicts, on a clause that deducts per item found wanting (每有一项未完成
    整改扣0.5分): one item. Figures that still meet a standard cost nothing (they are not a shortfall)."""
    if f.values.get("metric"):
        return None  # a figure: its decline or shortfall finding carries the deduction
    part = _part_about(parts, f, wanted=lambda p: p.per_item is not None)
    if part is None or part.per_item is None:
        return None
    return Deduction(part.per_item, f.id, part.text, f"佐证显示有一项未完成，按“每有一项扣{part.per_item:g}分”扣分")


def _part_stating(parts: list[Part], standard) -> Part | None:
    if standard is None:
        return None
    found = [p for p in parts if any(abs(n - float(standard)) < 1e-6 for n in p.numbers)]
    return found[0] if len(found) == 1 else None


def _part_about(parts: list[Part], f: Finding, wanted=lambda p: True) -> Part | None:
    """The part whose text the finding's shares most (at least three two-character sequences, so that
    教师年均工资…低于公务员 finds …教师平均工资收入水平不低于当地公务员…), among those `wanted`."""
    mine = _pairs(f"{f.values.get('metric') or ''}{f.message}")
    best, best_n = None, 2
    for p in parts:
        if not wanted(p):
            continue
        n = len(mine & _pairs(p.form))
        if n > best_n:
            best, best_n = p, n
    return best


def _pairs(text: str) -> set[str]:
    """The two-character sequences of the Chinese in a text's match form."""
    runs = re.findall(r"[\u4e00-\u9fff]+", match_form(text))
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}


_UNMET = ("decline", "threshold_not_met")  # findings that a point's standard is not met


@dataclass
class VetoSuggestion:
    """A veto or downgrade item the findings suggest (两个只增不减未落实 on a decline): a reviewer confirms
    (认定) or clears it; until cleared it counts."""

    id: str
    text: str
    effect: str
    points: list[str]  # the points whose standard is unmet
    findings: list[str]
    reason: str

    def as_contract(self) -> dict:
        return {"id": self.id, "text": self.text, "effect": self.effect, "points": self.points,
                "findings": self.findings, "reason": self.reason}  # fmt: skip


def suggest_vetoes(fw: Framework, findings: list[Finding]) -> list[VetoSuggestion]:
    """The framework's veto and downgrade items whose linked points have a standard found unmet."""
    out = []
    for v in fw.vetoes:
        hits = [f for f in findings if f.kind in _UNMET and f.observation_point in v.points]
        if hits:
            points = list(dict.fromkeys(f.observation_point for f in hits))
            why = f"观测点 {'、'.join(points)} 的标准未达到（{len(hits)} 项问题），符合“{v.text}”情形"
            out.append(VetoSuggestion(v.id, v.text, v.effect, points, [f.id for f in hits], why))
    return out


def totals(suggestions: dict[str, Suggestion]) -> dict[str, float | None]:
    """The self and suggested totals over the points (None when no point has a self-score)."""
    selves = [s.self_score for s in suggestions.values() if s.self_score is not None]
    suggested = [s.suggested for s in suggestions.values() if s.suggested is not None]
    return {
        "self": round(sum(selves), 2) if selves else None,
        "suggested": round(sum(suggested), 2) if suggested else None,
    }
