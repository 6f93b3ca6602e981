"""Reading standards out of the prose of official tables (评分标准 / 计分办法):
"达到85%以上", "控制在1%以内", "不低于当地公务员", "逐年只增不减", "每缺一项扣0.5分", "一票否决",
"(1)…1分；(2)…0.6分"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.frameworks.schema import Rule, SubPoint
from corpora.lexicon.metrics import find_metrics
from corpora.lexicon.stages import last_stage, stages_in
from corpora.text import match_form

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(%|‰|个百分点|元|万元|亿元|人|名|所|平方米|m2|㎡|次|个)?"
_BEFORE = [
    (re.compile(r"(?:不低于|不少于|不小于|达到|达|≥|>=|大于等于|大于或等于)\s*$"), ">="),
    (re.compile(r"(?:不超过|不高于|不大于|控制在|≤|<=|小于等于|小于或等于)\s*$"), "<="),
    (re.compile(r"(?:高于|超过|大于|多于|>)\s*$"), ">"),
    (re.compile(r"(?:低于|少于|小于|<)\s*$"), "<"),
]
_AFTER = [
    (re.compile(r"^\s*(?:以上|及以上|或以上)"), ">="),
    (re.compile(r"^\s*(?:以内|以下|及以下|或以下)"), "<="),
]
_NO_DECREASE = re.compile(r"只增不减|逐年增长|逐年提高|不得下降|不减少|不低于上年|不低于上一年")
_NOT_BELOW_CIVIL = re.compile(r"不低于(?:当地)?公务员")
_GROWS_FASTER = re.compile(r"高于(?:财政)?经常性(?:财政)?收入(?:的)?增长")
_DEDUCTION = re.compile(r"每(?:缺|少|有|发现|出现|降低|下降)?[^，,。；;]{0,12}?扣\s*" + _NUM + r"\s*分")
_SUB_POINT = re.compile(
    r"[(（]\s*(\d+)\s*[)）]\s*([^（(；;。]+?)\s*[（(]?\s*" + _NUM + r"\s*分\s*[)）]?(?=[；;。，,\s]|$)"
)


@dataclass
class Reading:
    """What the prose of one observation point says, machine-readably."""

    metric: str | None = None
    rules: list[Rule] = field(default_factory=list)
    deduction: float | None = None
    veto: bool = False
    sub_points: list[SubPoint] = field(default_factory=list)


def _thresholds(form: str, metric, skip: list[tuple[int, int]]) -> list[Rule]:
    rules = []
    for m in re.finditer(_NUM + r"\s*" + _UNIT, form):
        if any(a <= m.start() < b for a, b in skip):
            continue  # a figure inside a metric's name (56人以上大班额)
        value, unit = float(m.group(1)), m.group(2)
        tail = form[m.end() : m.end() + 3]
        if tail.startswith(("分", "年", "月", "日", "项", "条")):
            continue  # a score, a date, a count of items: not a standard
        head = form[max(0, m.start() - 8) : m.start()]
        if re.search(r"扣\s*$|得\s*$|第\s*$|每[^,;。]{0,4}$", head):
            continue  # a deduction step (每超过0.5个百分点), a score, an ordinal
        comparator = next((c for p, c in _BEFORE if p.search(head)), None)
        comparator = comparator or next((c for p, c in _AFTER if p.search(form[m.end() :])), None)
        if comparator is None:
            continue
        before = form[: m.start()].split(",")[-1]
        rules.append(
            Rule(
                kind="threshold",
                metric=metric.name,
                comparator=comparator,
                value=value,
                unit=unit.replace("㎡", "平方米").replace("m2", "平方米") if unit else metric.unit,
                stages=[stage] if metric.per_stage and (stage := last_stage(before)) else [],
                text=m.group(0),
            )
        )
    return rules


def read_prose(text: str, metric_hint: str | None = None) -> Reading:
    """The rules, deduction, veto and sub-points in a scoring text, clause by clause. A clause without a
    metric of its own continues the previous one; `metric_hint` (the point's name) is the first."""
    reading = Reading(veto="一票否决" in text)
    hinted = find_metrics(metric_hint) if metric_hint else []
    current = hinted[0][0] if hinted else None
    first_named = None
    for clause in re.split(r"[；;。\n]", text):
        form = match_form(clause)
        found = [f for f in find_metrics(clause) if f[0].name != "经常性财政收入"]
        if found:
            current = found[0][0]
            first_named = first_named or current
        if _NOT_BELOW_CIVIL.search(form):
            reading.rules.append(Rule(kind="not_below", metric="教师年均工资", other="公务员年均工资", text=clause))
            continue
        if current is None:
            continue
        if _GROWS_FASTER.search(form):
            reading.rules.append(Rule(kind="grows_faster", metric=current.name, other="经常性财政收入", text=clause))
        if _NO_DECREASE.search(form):
            stages = stages_in(form) if current.per_stage else []
            reading.rules.append(Rule(kind="no_decrease", metric=current.name, stages=stages, text=clause))
        reading.rules += _thresholds(form, current, [(a, b) for _, a, b in find_metrics(clause)])
    named = first_named or current
    reading.metric = reading.rules[0].metric if reading.rules else (named.name if named else None)
    if m := _DEDUCTION.search(match_form(text)):
        reading.deduction = float(m.group(1))
    reading.sub_points = [
        SubPoint(id=n, name=name.strip(), score=float(score)) for n, name, score in _SUB_POINT.findall(text)
    ]
    return reading
