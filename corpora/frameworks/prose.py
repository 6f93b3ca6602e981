"""Reading standards out of the prose of official tables (评分标准 / 计分办法):
"达到85%以上", "控制在1%以内", "不低于当地公务员", "逐年只增不减", "每缺一项扣0.5分", "一票否决",
"(1)…1分；(2)…0.6分"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.frameworks.schema import Rule, SubPoint
from corpora.lexicon.metrics import MetricDef, by_name, find_metrics
from corpora.lexicon.stages import last_stage, stages_in, stages_listed
from corpora.text import match_form

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(%|‰|个百分点|元|万元|亿元|人|名|所|平方米|m2|㎡|次|个|学时|小时)?"
_BEFORE = [
    (re.compile(r"(?:不(?:得|应|能)?低于|不(?:得|应)?少于|不小于|达到|达|≥|>=|大于等于|大于或等于)\s*$"), ">="),
    (re.compile(r"(?:不(?:得|应)?超过|不(?:得|应)?高于|不大于|控制在|≤|<=|小于等于|小于或等于)\s*$"), "<="),
    (re.compile(r"(?:高于|超过|大于|多于|>)\s*$"), ">"),
    (re.compile(r"(?:低于|少于|小于|<)\s*$"), "<"),
]
_AFTER = [
    (re.compile(r"^\s*(?:以上|及以上|或以上)"), ">="),
    (re.compile(r"^\s*(?:以内|以下|及以下|或以下)"), "<="),
]
# 高于上年: must rise, a flat year fails (a no_decrease rule with a strict comparator)
_RISES = re.compile(r"(?<!不)高于上(?:一)?年|比上年有所(?:提高|增长)")
_NO_DECREASE = re.compile(r"只增不减|逐年增长|逐年提高|不得下降|不减少|不低于上年|不低于上一年")
_NOT_BELOW_CIVIL = re.compile(r"不低于(?:当地)?公务员")
_GROWS_FASTER = re.compile(r"高于(?:财政)?经常性(?:财政)?收入(?:的)?增长")
_DEDUCTION = re.compile(r"每(?:缺|少|有|发现|出现|降低|下降)?[^，,。；;]{0,30}?扣\s*" + _NUM + r"\s*分")
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


_CMP_ANYWHERE = re.compile(r"不低于|不少于|不小于|达到|不超过|不高于|控制在")
_RATE_NOUN = re.compile(r"([^，,、；;：:（()）\d]{2,24}?(?:率|比例|占比|度))\s*(?:分别|均|应|须|要)?\s*$")
# a rate per head or per year between the comparator and the figure: 不低于每生每年650元
_PER = re.compile(r"(?:每[生人校班]?每?[年月天]|每[生人校班]|人均|生均)\s*$")
_NOT_A_STANDARD = re.compile(
    r"(?:扣|得|第|另增|增加|提高|增长)\s*$|每(?:少|低|高|超过|超出|降低|下降|增加|缺|有)[^,;。]{0,6}$"
)
# 不低于学校年度公用经费预算总额的5%: the comparator governs a share written after 的
_SHARE_OF = re.compile(r"(不低于|不少于|达到|高于|不超过|不高于|低于)[^,;。\d]{1,20}的\s*$")


def _before(head: str) -> str | None:
    """The comparator that the words before a figure end with (不低于 → >=)."""
    return next((c for p, c in _BEFORE if p.search(head)), None)


def _comparator(form: str, m: re.Match) -> str | None:
    comparator = _before(_PER.sub("", form[max(0, m.start() - 12) : m.start()])[-8:])
    comparator = comparator or next((c for p, c in _AFTER if p.search(form[m.end() :])), None)
    if comparator is None and (share := _SHARE_OF.search(form[: m.start()])):
        comparator = _before(share.group(1))
    if comparator is None:
        # a list in brackets governed by the comparator before them: 不低于基准定额（小学650元、初中850元）
        bracket = max(form.rfind("(", 0, m.start()), form.rfind("（", 0, m.start()))
        if bracket >= 0 and ")" not in form[bracket : m.start()] and "）" not in form[bracket : m.start()]:
            governing = list(_CMP_ANYWHERE.finditer(form[max(0, bracket - 12) : bracket]))
            if governing:
                comparator = _before(governing[-1].group(0))
    return comparator


def _thresholds(form: str, metric, named, carried: list[str], own_rate: bool):
    """Thresholds in one clause. `named` are the metrics the clause names (with spans); a figure takes the
    nearest one before it, else the rate the clause names as written (封闭化管理达标率), else `metric`
    carried from the point's name or an earlier clause — never into a clause that names a rate of its own.
    `分别` pairs the listed stages with the figures in order; `carried` is the list of an earlier 分别."""
    skip = [(a, b) for _, a, b in named]
    figures = []
    for m in re.finditer(_NUM + r"\s*" + _UNIT, form):
        if any(a <= m.start() < b for a, b in skip):
            continue  # a figure inside a metric's name (56人以上大班额)
        tail = form[m.end() : m.end() + 3]
        if tail.startswith(("分", "年", "月", "日", "项", "条", "周")):
            continue  # a score, a date, a count of items: not a standard
        if _NOT_A_STANDARD.search(form[max(0, m.start() - 10) : m.start()]):
            continue  # a deduction step (每低1个百分点), a score, an ordinal, a raise (另增200元)
        comparator = _comparator(form, m)
        if comparator in ("<", ">") and form[m.end() :].lstrip().startswith("的"):
            comparator = "<=" if comparator == ">" else ">="  # 低于85%的…: the case that fails the standard
        if comparator is None and figures and _JOINED.fullmatch(form[figures[-1][0].end() : m.start()]):
            comparator = figures[-1][1]  # 不低于650元和850元: the second figure shares the first's comparator
        if comparator is not None:
            figures.append((m, comparator))
    listed = stages_listed(form[: form.find("分别")]) if "分别" in form else []
    if "分别" in form and not listed and len(carried) == len(figures):
        listed = carried
    paired = len(listed) == len(figures) and len(figures) > 1
    rules = []
    for k, (m, comparator) in enumerate(figures):
        before = [(d, a) for d, a, b in named if b <= m.start()]
        target = before[-1][0] if before else None
        if target is None:
            written = _RATE_NOUN.search(_CMP_TAIL.sub("", form[: m.start()]))
            counted = _COUNTED_NOUN.search(_CMP_TAIL.sub("", form[: m.start()])) if m.group(2) in _COUNTS else None
            if written:
                target = _as_written(written.group(1))
            elif counted and (metric is None or not _fits(m.group(2), metric.unit)):
                # 领导小组每年召开全体会议不少于2次: a count standard, named as the table writes it
                target = MetricDef(re.sub(r"(?:各|均|分别)$", "", counted.group(1)), m.group(2), False, ())
            elif own_rate or metric is None or not _fits(m.group(2), metric.unit):
                continue  # a metric carried from another clause measures something else (360学时 is not a %)
            else:
                target = metric
        value, unit = float(m.group(1)), m.group(2)
        stage = listed[k] if paired else (last_stage(form[: m.start()].split(",")[-1]) if target.per_stage else None)
        each = _each(form[: m.start()])
        for stage_ in each or [stage]:
            rules.append(
                Rule(
                    kind="threshold",
                    metric=target.name,
                    comparator=comparator,
                    value=value,
                    unit=unit.replace("㎡", "平方米").replace("m2", "平方米") if unit else target.unit,
                    stages=[stage_] if stage_ and (target.per_stage or paired or each) else [],
                    text=m.group(0),
                )
            )
    return rules, (listed if paired else [])


_COUNTS = {"次", "所", "人", "名", "个", "小时"}
_COUNTED_NOUN = re.compile(r"([\u4e00-\u9fff“”]{4,24}?)\s*(?:均|应|须|要)?\s*$")
_JOINED = re.compile(r"\s*(?:和|、|及|与|或)\s*")
_MONEY = {"元", "万元", "亿元"}


def _fits(unit: str | None, metric_unit: str | None) -> bool:
    unit = {"㎡": "平方米", "m2": "平方米"}.get(unit or "", unit)
    if unit is None or metric_unit is None or unit == metric_unit:
        return True
    return {unit, metric_unit} <= _MONEY or {unit, metric_unit} <= {"人", "名"}


def _each(head: str) -> list[str]:
    """小学、初中均达到1人以上: one standard for each stage the clause lists before 均."""
    at = head.rfind("均")
    if at < 0 or not re.fullmatch(r"均\s*(?:应|须)?\s*(?:达到|不低于|不少于|在|为)?\s*", head[at:]):
        return []
    listed = stages_listed(head[:at])
    return listed if len(listed) > 1 else []


_CMP_TAIL = re.compile(
    r"(?:不低于|不少于|不小于|达到|达|不超过|不高于|不大于|控制在|高于|超过|大于|低于|少于|小于|为)\s*$"
)


def _as_written(name: str) -> MetricDef:
    """A rate the lexicon does not know, named as the table writes it (quotes and leading 的 dropped)."""
    name = re.sub(r"[“”\"'‘’《》]", "", name).lstrip("的").strip()
    name = re.sub(r"^(.+?)占.+?(?:的)?比例$", r"\1占比", name)  # X占Y的比例 → X占比
    return MetricDef(name, "%" if name.endswith(("率", "比例", "占比", "度")) else None, False, ())


def _no_decrease(clause: str, form: str, current: MetricDef) -> list[Rule]:
    """只增不减 for each metric of the clause that the words apply to: 一般公共预算教育经费较上年只增不减，
    按在校学生人数平均的…幼儿园、小学…均只增不减 is two rules. A part naming no metric speaks of `current`."""
    rules, metric = [], current
    for part in re.split(r"[，,]", form):
        named = [m for m, _, _ in find_metrics(part) if m.name != "经常性财政收入"]
        metric = named[-1] if named else metric
        if _NO_DECREASE.search(part):
            stages = (stages_in(part) or stages_in(form)) if metric.per_stage else []
            rules.append(Rule(kind="no_decrease", metric=metric.name, stages=stages, text=clause))
    return rules or [Rule(kind="no_decrease", metric=current.name, text=clause)]


def read_prose(text: str, metric_hint: str | None = None) -> Reading:
    """The rules, deduction, veto and sub-points in a scoring text, clause by clause. A clause without a
    metric of its own continues the previous one; `metric_hint` (the point's name) is the first."""
    reading = Reading(veto="一票否决" in text)
    hinted = find_metrics(metric_hint) if metric_hint else []
    current = hinted[0][0] if hinted else None
    first_named = None
    carried: list[str] = []
    for clause in re.split(r"[；;。\n]", text):
        form = match_form(clause)
        # a gap metric (教育经费与经常性收入增幅差) speaks of the metric it is computed from
        named = [(by_name(m.of) or m if m.of else m, a, b) for m, a, b in find_metrics(clause)]
        named = [f for f in named if f[0].name != "经常性财政收入"]
        if named:
            current = named[0][0]
            first_named = first_named or current
        if _NOT_BELOW_CIVIL.search(form):
            reading.rules.append(Rule(kind="not_below", metric="教师年均工资", other="公务员年均工资", text=clause))
            continue
        if current is not None and _GROWS_FASTER.search(form):
            reading.rules.append(Rule(kind="grows_faster", metric=current.name, other="经常性财政收入", text=clause))
        if current is not None and _RISES.search(form):
            stages = stages_in(form) if current.per_stage else []
            rule = Rule(kind="no_decrease", metric=current.name, comparator=">", stages=stages, text=clause)
            reading.rules.append(rule)
        elif current is not None and _NO_DECREASE.search(form):
            reading.rules += _no_decrease(clause, form, current)
        own_rate = not named and bool(re.search(r"率|比例|占比", form))
        rules, listed = _thresholds(form, current, named, carried, own_rate)
        reading.rules += rules
        carried = listed or carried
    named_metric = first_named or current
    reading.metric = reading.rules[0].metric if reading.rules else (named_metric.name if named_metric else None)
    if m := _DEDUCTION.search(match_form(text)):
        reading.deduction = float(m.group(1))
    reading.sub_points = _sub_points(text)
    return reading


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_SUB_CIRCLED = re.compile(
    r"([①-⑩])\s*([^①-⑩；;。]+?)\s*(?:[（(]\s*"
    + _NUM
    + r"\s*分\s*[)）]|得\s*"
    + _NUM
    + r"\s*分)\s*(?=[；;。，,\s①-⑩]|$)"
)


def _sub_points(text: str) -> list[SubPoint]:
    """Scored parts: (1)…1分；(2)…0.6分 or ①…（1分）②…得0.6分."""
    found = [SubPoint(id=n, name=name.strip(), score=float(score)) for n, name, score in _SUB_POINT.findall(text)]
    if found:
        return found
    return [
        SubPoint(id=str(_CIRCLED.index(mark) + 1), name=name.strip(), score=float(a or b))
        for mark, name, a, b in _SUB_CIRCLED.findall(text)
    ]
