"""Checks by code (核查规则): arithmetic and units inside the report's sentences, the framework's rules
(只增不减, 不低于, thresholds) on the best figure available, evidence coverage and the credibility of
self-scores. Each check returns findings that say which rule raised them and on which figures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from classify.evidence import EvidenceFile, Fact
from classify.findings import Citation, Finding
from corpora.frameworks.schema import Framework, Node, Rule
from corpora.lexicon.metrics import by_name, same_subject
from extract.claims import Claim
from extract.model import place
from extract.quantities import MONEY_UNITS, Quantity, brackets, rounding, to_base, unit_slip

_COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def _metric_unit(metric: str | None) -> str | None:
    found = by_name(metric) if metric else None
    return found.unit if found else None


def sentence_checks(claim: Claim, point: str | None) -> list[Finding]:
    """Arithmetic and unit errors a claim makes against the figures stated beside it."""
    where = {"observation_point": point, "claim": claim.id, "file": claim.file, "page": claim.page}
    return figure_checks(claim.quantities, where, claim.text)


def figure_checks(quantities: list[Quantity], where: dict, text: str = "") -> list[Finding]:
    """Arithmetic and unit errors among the figures of one sentence — a report's claim or a line of an
    evidence file such as a funding bulletin. A change is checked against the two levels of the same
    metric (or, in a line that names none, of the same unit) for this and the previous period."""
    out: list[Finding] = []
    levels = [q for q in quantities if q.comparison is None and q.unit]
    changes = [q for q in quantities if q.comparison in ("up", "down")]
    slipped = False
    money = [q for q in levels if q.unit in MONEY_UNITS and q.metric]
    for a, b in pairwise(money):
        if a.metric == b.metric and unit_slip(a.base()[0], b.base()[0]):
            wrong = a if a.base()[0] < b.base()[0] else b
            slipped = True
            out.append(
                Finding(
                    "unit_error",
                    f"「{wrong.text}」与同句「{(b if wrong is a else a).text}」相差约一万倍，"
                    "单位应为万元而非元，请核对。",
                    values={"metric": wrong.metric, "written": wrong.unit, "expected": "万元", "text": wrong.text},
                    rule="同一指标数值量级不一致（元/万元）",
                    **where,
                )
            )
    # "%" written for a difference of percentages: a gap metric's level, or a rate metric's change
    gaps = [q for q in levels if q.unit == "%" and _metric_unit(q.metric) == "个百分点"]
    misused = [(q, f"{q.metric}是两个百分比之差，") for q in gaps]
    for c in changes:
        if not c.metric:
            continue
        level_unit = _metric_unit(c.metric)
        rate_level = any(q.metric == c.metric and q.unit == "%" for q in levels)
        if c.unit == "%" and (level_unit == "%" or rate_level) and rate_level:
            misused.append((c, f"{c.metric}是百分比指标，其变化"))
    out += [
        Finding(
            "unit_error",
            f"{what}「{q.text}」应以“个百分点”表示。",
            values={"metric": q.metric, "written": "%", "expected": "个百分点", "text": q.text},
            rule="百分比之差用“个百分点”",
            **where,
        )
        for q, what in misused
    ]
    if slipped:
        return out
    wrong = _wrong_denominators(levels, text)
    out += [Finding("arithmetic_error", m, values=v, rule=r, **where) for m, v, r in wrong]
    for c in changes:
        found = _change_error(c, levels)
        if found is not None:
            out.append(Finding("arithmetic_error", found[0], values=found[1], rule=found[2], **where))
    return out


_COUNT_UNITS = {"人", "名", "所", "个", "班", "家", "万人"}


def _wrong_denominators(levels: list[Quantity], text: str) -> list[tuple[str, dict, str]]:
    """A share of a whole computed over the other part only: 普高5418人、中职2136人，中职占高中阶段招生
    总数的39.42% is 2136/5418; the share of the whole is 2136/(2136+5418) = 28.28%. Only for two
    separate parts (no 其中) and a share of a whole the sentence names (占…总数/合计/阶段)."""
    out: list[tuple[str, dict, str]] = []
    for share in [q for q in levels if q.unit == "%" and q.metric and q.metric.endswith(("占比", "比例"))]:
        begin = max(text.rfind(p, 0, share.start) for p in "。；;") + 1
        end = min((i for i in (text.find(p, share.end) for p in "。；;") if i >= 0), default=len(text))
        sentence = text[begin:end]
        counts = [q for q in levels if q.unit in _COUNT_UNITS and begin <= q.start < end]
        whole = re.search(r"占[^，。；]{0,16}(?:总数|合计|总量|阶段|全部)", sentence)
        if len(counts) != 2 or "其中" in sentence or not whole:
            continue
        tolerance = rounding(share.text, None) + 0.01
        for part, other in (counts, counts[::-1]):
            over_other = 100 * part.value / other.value if other.value else None
            over_whole = 100 * part.value / (part.value + other.value)
            if over_other is None or abs(share.value - over_whole) <= tolerance:
                continue
            if abs(share.value - over_other) <= tolerance:
                out.append(
                    (
                        f"{share.text}是{part.text}除以{other.text}所得；占两者合计的比例应为{over_whole:.2f}%，"
                        "分母用错。",
                        {
                            "metric": share.metric,
                            "stated": share.value,
                            "computed": round(over_whole, 2),
                            "part": part.value,
                            "other": other.value,
                        },
                        "占比 = 部分 / 合计",
                    )
                )
    return out


def _change_error(c: Quantity, levels: list[Quantity]) -> tuple[str, dict, str] | None:
    """(message, values, rule) when a stated change does not follow from the two levels beside it."""
    money_change = c.unit in MONEY_UNITS
    if c.unit not in ("%", "个百分点") and not money_change:
        return None
    same = [q for q in levels if q.metric == c.metric and q.subject == c.subject]
    if not c.metric and money_change:
        same = [q for q in same if q.unit in MONEY_UNITS]
    previous = next((q for q in same if q.period and c.period and int(q.period) == int(c.period) - 1), None)
    current = next((q for q in same if q.period == c.period), None)
    if previous is None or current is None:
        return None
    sign = 1 if c.comparison == "up" else -1
    p, n = previous.base()[0], current.base()[0]
    if money_change and previous.unit in MONEY_UNITS:
        scale = c.base()[0] / c.value if c.value else 1.0  # the change's own unit (万元)
        computed = (n - p) / scale
        tolerance = sum(to_base(rounding(q.text, q.unit), q.unit)[0] for q in (c, current, previous)) / scale
        what, shown, unit_word = f"{'增加' if computed >= 0 else '减少'}额", abs(computed), c.unit
        verb, rule = ("增加" if sign > 0 else "减少"), "增减额 = 本期 − 上期"
    elif c.unit in ("%", "个百分点") and (c.unit == "%") == (previous.unit != "%") and (p or c.unit != "%"):
        rate = c.unit == "%"
        computed = (n / p - 1) * 100 if rate else n - p
        # The rounding of the stated change, plus what the rounding of the two figures can move it.
        moved = (
            100 * (rounding(current.text, current.unit) / p + n * rounding(previous.text, previous.unit) / p**2)
            if rate
            else 2 * rounding(current.text, None)
        )
        tolerance = rounding(c.text, None) + moved
        what, shown, unit_word = ("增幅" if rate else "差值"), computed, ("%" if rate else "个百分点")
        verb, rule = ("增长" if sign > 0 else "下降"), "增幅 = 本期 / 上期 − 1"
    else:
        return None
    if abs(sign * c.value - computed) <= tolerance + 1e-9:
        return None
    values = {"metric": c.metric, "subject": c.subject, "period": c.period, "previous": previous.value,
              "current": current.value, "stated": sign * c.value, "computed": round(computed, 2)}  # fmt: skip
    message = (
        f"按{previous.text}与{current.text}计算，{c.metric or '该项'}{what}应为{shown:.2f}{unit_word}，"
        f"材料写作{verb}{c.text}。"
    )
    return message, values, rule


def parts_total(claim: Claim, point: str | None) -> list[Finding]:
    """共有X所，其中a所、b所… / 共有X所：a所（a1所、a2所），b所…: parts that add up to more than their
    whole, as a tree — the figures in brackets are parts of the figure before them, not of the total, and
    'A、B、C各1所' is three. Each level is checked against its own whole."""
    text, qs = claim.text, claim.quantities
    if len(qs) < 3:
        return []
    total = qs[0]
    after = text[total.end : total.end + 3]
    if "其中" not in text[total.end :] and not after.lstrip().startswith(("：", ":")):
        return []
    same = [q for q in qs[1:] if q.unit == total.unit and q.metric == total.metric]
    asides = brackets(text)
    top = [q for q in same if not any(a <= q.start < b for a, b in asides)]
    checks = [(total, top)]
    for part in top:
        aside = next(((a, b) for a, b in asides if a >= part.end and not text[part.end : a].strip()), None)
        if aside is not None:
            checks.append((part, [q for q in same if aside[0] <= q.start < aside[1]]))
    out = []
    for whole, parts in checks:
        if len(parts) < 2 and not any(_each(text, q) > 1 for q in parts):
            continue
        summed = sum(q.base()[0] * _each(text, q) for q in parts)
        if summed <= whole.base()[0] + rounding(whole.text, whole.unit) * len(parts):
            continue
        out.append(
            Finding(
                "arithmetic_error",
                f"分项合计{summed:.12g}{whole.unit or ''}，超过总数{whole.text}。",
                observation_point=point,
                claim=claim.id,
                file=claim.file,
                page=claim.page,
                values={"total": whole.value, "parts": summed},
                rule="分项之和不超过总数",
            )
        )
    return out


def _each(text: str, q: Quantity) -> int:
    """How many things a figure counts: 'A、B、C各1所' is one for each of three."""
    head = text[: q.start]
    if not head.rstrip().endswith("各"):
        return 1
    listed = re.split(r"[，,：:；;（(）)]", head.rstrip()[:-1])[-1]
    return listed.count("、") + 1


# -- rules of the framework ----------------------------------------------------------------------


class Figures:
    """The best figure for a metric, subject and period: an evidence table, then evidence text, then the
    report — and where it stands."""

    def __init__(self, evidence: list[EvidenceFile], claims: list[Claim], year: int | None):
        self.year = year
        self.facts: list[Fact] = [f for e in evidence for f in e.facts if f.source == "表格"]
        self.facts += [f for e in evidence for f in e.facts if f.source == "正文"]
        self.facts += [Fact.of(q, c.file, c.page, c.text, "报告") for c in claims for q in c.quantities]

    def best(self, metric: str, subject: str | None, period: str | None) -> Fact | None:
        for f in self.facts:
            if (
                f.metric == metric
                and not f.change
                and f.period == period
                and same_subject(metric, f.subject, subject)
            ):
                return f
        return None


def _at(node: Node, fact: Fact, *others: Fact) -> dict:
    """Where a finding about a standard points the reviewer: the point, the figure's file and page, and a
    citation of every figure it rests on (so the viewer marks the row or passage that states it)."""
    cited = list(dict.fromkeys((f.file, f.page, f.excerpt) for f in (fact, *others) if f.excerpt))
    return {
        "observation_point": node.id,
        "file": fact.file,
        "page": fact.page,
        "evidence": [Citation(*c) for c in cited],
    }


def _source(f: Fact) -> str:
    return f"{f.source}「{f.file}」{place(f.file, f.page)}"


def rule_checks(fw: Framework, figures: Figures) -> list[Finding]:
    """Every standard of the framework on the best figures available, each rule kind by its checker."""
    out: list[Finding] = []
    year = figures.year
    if year is None:
        return out
    this, last = str(year), str(year - 1)
    for node in fw.points():
        for rule in node.rules:
            out += RULE_CHECKERS[rule.kind](node, rule, figures, this, last)
    return out


def _decline(node: Node, rule: Rule, figures: Figures, this: str, last: str) -> list[Finding]:
    out = []
    definition = by_name(rule.metric)
    subjects = rule.stages or ["全县"]
    if not rule.stages and definition is not None and definition.per_stage:
        # 生均 … 只增不减 without a list of stages: every stage the figures give
        subjects = list(dict.fromkeys(f.subject or "全县" for f in figures.facts if f.metric == rule.metric))
    for subject in subjects:
        current, previous = figures.best(rule.metric, subject, this), figures.best(rule.metric, subject, last)
        if current is None or previous is None:
            out += _declining_rate(node, rule, figures, subject, this)
            continue
        a, b = current.base()[0], previous.base()[0]
        if a < b - 1e-6 or (rule.comparator == ">" and a <= b + 1e-6):  # 高于上年: a flat year fails too
            label = _label(subject, rule.metric)
            out.append(
                Finding(
                    "decline",
                    f"{label}由{last}年的{previous.stated()}降至{this}年的{current.stated()}，"
                    f"不符合“只增不减”要求（依据{_source(current)}）。",
                    **_at(node, current, previous),
                    values={
                        "metric": rule.metric,
                        "subject": subject,
                        "period": this,
                        "previous": previous.value,
                        "current": current.value,
                    },
                    rule=f"只增不减：{rule.text or rule.metric}",
                )
            )
    return out


def _label(subject: str, metric: str) -> str:
    """全县 is the whole county: a metric of it goes by its own name, a stage's by the stage first."""
    return metric if subject == "全县" else f"{subject}{metric}"


def _stated_rates(figures: Figures, metric: str, period: str) -> Iterator[Fact]:
    """The changes in % the evidence states for a metric and period (同口径比上年下降46%)."""
    return (f for f in figures.facts if f.metric == metric and f.change and f.unit == "%" and f.period == period)


def _declining_rate(node: Node, rule: Rule, figures: Figures, subject: str, this: str) -> list[Finding]:
    """A decline known from its rate alone (同口径比上年下降46%): no figures to compare, but the fall is stated."""
    rates = _stated_rates(figures, rule.metric, this)
    rate = next((f for f in rates if f.falling and same_subject(rule.metric, f.subject, subject)), None)
    if rate is None:
        return []
    label = _label(subject, rule.metric)
    return [
        Finding(
            "decline",
            f"{label}{this}年比上年下降{rate.stated().lstrip('-－')}，不符合“只增不减”要求（依据{_source(rate)}）。",
            **_at(node, rate),
            values={"metric": rule.metric, "subject": subject, "period": this, "rate": -abs(rate.value)},
            rule=f"只增不减：{rule.text or rule.metric}（仅给出降幅）",
        )
    ]


def _threshold(node: Node, rule: Rule, figures: Figures, this: str, last: str) -> list[Finding]:
    if rule.comparator not in _COMPARE or rule.value is None:
        return []
    out = []
    for subject in rule.stages or ["全县"]:
        f = figures.best(rule.metric, subject, this)
        if f is None or (rule.unit and f.unit and f.unit != rule.unit and not f.unit.endswith(rule.unit)):
            continue
        if not _COMPARE[rule.comparator](f.value, rule.value):
            out.append(
                Finding(
                    "threshold_not_met",
                    f"{rule.metric}为{f.stated()}，未达到"
                    f"“{rule.comparator}{rule.value:.12g}{rule.unit or ''}”的标准（依据{_source(f)}）。",
                    **_at(node, f),
                    values={
                        "metric": rule.metric,
                        "subject": subject,
                        "period": this,
                        "current": f.value,
                        "threshold": rule.value,
                        "comparator": rule.comparator,
                    },
                    rule=f"量化标准：{rule.text or rule.metric}",
                )
            )
    return out


def _not_below(node: Node, rule: Rule, figures: Figures, this: str, last: str) -> list[Finding]:
    if rule.other is None:
        return []
    mine, other = figures.best(rule.metric, None, this), figures.best(rule.other, None, this)
    if mine is None or other is None or mine.base()[0] >= other.base()[0]:
        return []
    return [
        Finding(
            "threshold_not_met",
            f"{rule.metric}{mine.stated()}低于{rule.other}{other.stated()}"
            f"（依据{_source(mine)}）。",
            **_at(node, mine),
            values={"metric": rule.metric, "period": this, "current": mine.value, "other": other.value},
            rule=f"不低于：{rule.text or rule.other}",
        )
    ]


def _growth(figures: Figures, metric: str, this: str, last: str) -> tuple[float, Fact] | None:
    """A metric's growth this year in %: from its two levels, else as a rate the evidence states."""
    current, previous = figures.best(metric, None, this), figures.best(metric, None, last)
    if current is not None and previous is not None and previous.base()[0]:
        return (current.base()[0] / previous.base()[0] - 1) * 100, current
    rate = next(_stated_rates(figures, metric, this), None)
    if rate is None:
        return None
    return (-abs(rate.value) if rate.falling else rate.value), rate


def _grows_faster(node: Node, rule: Rule, figures: Figures, this: str, last: str) -> list[Finding]:
    """三个增长: the growth of `metric` above the growth of `other` (经常性财政收入)."""
    mine = _growth(figures, rule.metric, this, last)
    other = _growth(figures, rule.other, this, last) if rule.other else None
    if mine is None or other is None or mine[0] > other[0]:
        return []
    fact = mine[1]
    return [
        Finding(
            "threshold_not_met",
            f"{rule.metric}增长{mine[0]:.2f}%，未高于{rule.other}增长{other[0]:.2f}%，不符合“三个增长”要求"
            f"（依据{_source(fact)}）。",
            **_at(node, fact),
            values={
                "metric": rule.metric,
                "period": this,
                "growth": round(mine[0], 2),
                "other": rule.other,
                "other_growth": round(other[0], 2),
            },
            rule=f"三个增长：{rule.text or rule.metric}",
        )
    ]


# One checker per rule kind of the schema (a test holds every kind to having one).
RULE_CHECKERS = {
    "no_decrease": _decline,
    "threshold": _threshold,
    "not_below": _not_below,
    "grows_faster": _grows_faster,
}


# -- coverage and credibility --------------------------------------------------------------------


def coverage(fw: Framework, evidence: list[EvidenceFile]) -> list[Finding]:
    """缺少佐证: a point (bonus points aside) that no evidence file was matched to."""
    out = []
    for node in fw.points():
        if node.bonus or any(node.id in e.points for e in evidence):
            continue
        out.append(
            Finding(
                "missing_evidence",
                f"观测点 {node.id}「{node.name}」没有匹配到任何佐证材料。",
                observation_point=node.id,
                rule="每个观测点至少有一份佐证",
            )
        )
    return out


def evidence_hints(fw: Framework, evidence: list[EvidenceFile]) -> dict[str, list[dict]]:
    """Point → the evidence kinds its framework entry requires that none of its files is (佐证类型提示).
    Evidence of another kind is there, so this is a hint for the reviewer, not a 缺少佐证 finding."""
    out: dict[str, list[dict]] = {}
    for node in fw.points():
        files = [e for e in evidence if node.id in e.points]
        kinds = {e.kind for e in files}
        seen = "、".join(sorted(k for k in kinds if k)) or "其他"
        for spec in node.evidence:
            if files and spec.required and spec.kind not in kinds:
                message = f"已有{seen}类佐证材料{len(files)}份，但未见指标要求的“{spec.kind}”类材料，请核对。"
                out.setdefault(node.id, []).append({"required_kind": spec.kind, "message": message})
    return out


def self_scores(fw: Framework, scores: dict[str, float], findings: Iterable[Finding]) -> list[Finding]:
    """A self-score above what the evidence supports: marks on a point without evidence, full marks on
    a point whose quantitative standard fails or whose figures the evidence contradicts."""
    by_point: dict[str, set[str]] = {}
    contradicted: dict[str, set[str | None]] = {}  # point → the metrics its contradicted claims are about
    for f in findings:
        if f.observation_point and f.severity == "high":
            by_point.setdefault(f.observation_point, set()).add(f.kind)
            if f.kind == "contradicted_claim":
                contradicted.setdefault(f.observation_point, set()).add(f.values.get("metric"))
    out = []
    for pid, score in scores.items():
        node = next((n for n in fw.points() if n.id == pid), None)
        kinds = by_point.get(pid, set())
        if node is None or not kinds or score <= 0:
            continue
        full = node.score is not None and score >= node.score
        standards = {r.metric for r in node.rules if r.kind == "threshold"}
        if "threshold_not_met" not in kinds and contradicted.get(pid, {None}) <= standards:
            kinds = kinds - {"contradicted_claim"}  # another value that still meets the standard costs nothing
        if "missing_evidence" in kinds or (full and kinds & {"threshold_not_met", "decline", "contradicted_claim"}):
            why = "没有佐证材料" if "missing_evidence" in kinds else "量化标准未达到或数字与佐证不符"
            out.append(
                Finding(
                    "self_score_inflated",
                    f"观测点 {pid} 自评 {score:g} 分（分值 {node.score or 0:g} 分），但{why}，自评分偏高。",
                    observation_point=pid,
                    values={"self_score": score, "max_score": node.score, "because": sorted(kinds)},
                    rule="自评分不高于佐证所能支持的分数",
                )
            )
    return out
