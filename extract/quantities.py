"""Figures in report sentences and evidence text (数量): value, unit, period, comparison, metric, subject.

A figure is kept as written (13.52 亿元) and can be brought to its base unit (元, 人, …) for comparison.
Placeholders of template reports (xx%, ××万元, *%) are not figures. Dates are periods, not figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import cn2an

from corpora.lexicon.metrics import by_name, find_metrics
from corpora.lexicon.stages import STAGE_WORDS
from corpora.text import aligned_form

# Longest first: 万平方米 before 平方米 before 米, 分钟 before 分.
UNITS = [
    "个百分点",
    "万平方公里",
    "万平方米",
    "平方公里",
    "平方米",
    "亿元",
    "万元",
    "千元",
    "万人次",
    "人次",
    "校次",
    "场次",
    "课时",
    "万人",
    "公里",
    "小时",
    "分钟",
    "元",
    "%",
    "‰",
    "㎡",
    "m²",
    "人",
    "名",
    "所",
    "个",
    "次",
    "班",
    "台",
    "套",
    "间",
    "册",
    "项",
    "家",
    "倍",
    "天",
    "亩",
    "场",
    "轮",
    "处",
    "起",
    "期",
    "节",
    "辆",
    "座",
    "张",
    "篇",
    "件",
    "栋",
    "对",
    "岁",
    "年",
    "分",
]
_SCALE = {
    "亿元": ("元", 1e8),
    "万元": ("元", 1e4),
    "千元": ("元", 1e3),
    "万人": ("人", 1e4),
    "万人次": ("人次", 1e4),
    "万平方米": ("平方米", 1e4),
    "㎡": ("平方米", 1),
    "m²": ("平方米", 1),
}
# Units that measure the same thing, for deciding whether a metric can be a figure's metric.
_FAMILY = {
    **dict.fromkeys(("元", "万元", "亿元", "千元"), "money"),
    **dict.fromkeys(("%", "‰", "个百分点"), "share"),
    **dict.fromkeys(("人", "名", "万人"), "people"),
    **dict.fromkeys(("平方米", "万平方米", "㎡", "m²"), "area"),
}
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
# 1,234.5 or 1234.5, optionally with 万/亿 (kept with the unit when one follows: 8.56万人, 13.52亿元).
_ARABIC = r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*([万亿])(?!元|人|平方))?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN = rf"([{_CN_DIGITS}]+)"
_CN_COUNTING = "次所个人名项家班台套间册场期节辆座张篇件栋对"
_NUMBER = re.compile(rf"{_ARABIC}\s*({_UNIT_RE})?")
_CN_NUMBER = re.compile(rf"(?<![第统唯同之某逐万无])({_CN})\s*([{_CN_COUNTING}](?!性)|万元|亿元)")
# Set phrases with a counting word that are not figures: 两个只增不减, 一个不能少.
_IDIOMS = re.compile(r"两个只增不减|两个比例|三个优先|一个(?:也|都)?不(?:能)?少")
_PLACEHOLDER = re.compile(r"[xX×＊*]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年度|年)")  # also the year of a date (截至2022年11月底)
_RELATIVE_PERIODS = [
    (re.compile(r"上一?年度?|去年|前一年"), -1),
    (re.compile(r"本年度?|今年|当年"), 0),
]
_RANGE = re.compile(r"\s*[至到~～—–-]{1,2}\s*$")
_CHANGE_UP = re.compile(r"(?:增长|增加|提高|提升|上升|增幅为?|(?<![新另])增|多)\s*了?\s*$")
_CHANGE_DOWN = re.compile(r"(?:下降|减少|降低|下滑|降幅为?|降|少)\s*了?\s*$")
# A rate the figure's own clause names that the lexicon does not know (合格率93.9%): its metric is unknown.
_UNKNOWN_RATE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:率|比例|占比)")
_MEASURE = re.compile(r"(小时|月|工作日|学期|学年|课时)")
_TOGETHER = re.compile(r"\s*(?:和|及|与)[^，,。；;\d]{2,12}$")  # a metric and another thing, measured together
# Between two figures of one pair whose unit is written once: ，本年 / 、2022年为
_PAIRED = re.compile(r"\s*[，,、]\s*(?:本年|今年|当年|本期|(?:19|20)\d{2}年)(?:度)?\s*(?:为|是)?\s*")
# A list item that opens a new frame (一是 / （2） / ②) after a semicolon.
_NEW_ITEM = re.compile(r"[；;]\s*(?=[一二三四五六七八九十]+是|[(（]\d+[)）]|[①-⑳])")


@dataclass
class Quantity:
    text: str  # as written: 13.52亿元
    value: float
    unit: str | None
    start: int  # offsets in the text given
    end: int
    period: str | None = None  # 2022, or a relative period resolved against the report year
    comparison: str | None = None  # up, down (a change), at_least, at_most (a standard), None (a level)
    metric: str | None = None
    subject: str | None = None  # 幼儿园 / 小学 / 初中 / 普通高中 / 中职 / 全县

    def base(self) -> tuple[float, str | None]:
        """The value in its base unit (亿元 → 元, 万人 → 人), for comparing figures written differently."""
        return to_base(self.value, self.unit)

    def as_contract(self) -> dict:
        return {"metric": self.metric, "value": self.value, "unit": self.unit, "period": self.period, "text": self.text}


def to_base(value: float, unit: str | None) -> tuple[float, str | None]:
    """A value in its base unit: 13.52 亿元 → 1352000000 元."""
    base, factor = _SCALE.get(unit or "", (unit, 1.0))
    return value * factor, base


def unit_slip(a: float, b: float) -> bool:
    """Two values in base units that are ~10⁴ apart (between 10³ and 10⁵): one figure written in the
    wrong unit (元 where 万元 is meant), not another value."""
    if not a or not b:
        return False
    ratio = max(a, b) / min(a, b)
    return 1e3 <= ratio <= 1e5


def rounding(text: str, unit: str | None) -> float:
    """Half a unit of the last digit written (13.52亿元 → 0.005 亿元), in base units: the tolerance of
    comparing a stated figure with an exact one."""
    m = re.search(r"[.．](\d+)", text)
    decimals = len(m.group(1)) if m else 0
    scale = 1e4 if "万" in text and not (unit or "").startswith("万") else 1.0
    scale *= 1e8 if "亿" in text and not (unit or "").startswith("亿") else 1.0
    return to_base(0.5 * 10**-decimals * scale, unit)[0]


def _number(digits: str, multiplier: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * {"万": 1e4, "亿": 1e8}.get(multiplier or "", 1.0)


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(p, 0, pos) for p in "。；;！？") + 1


def _frame_start(text: str, pos: int) -> int:
    """Where the statement a figure belongs to begins: the sentence (。！？), or the last list item
    after a semicolon (；二是…). A semicolon run without item markers (小学…；初中…) is one frame."""
    start = max(text.rfind(p, 0, pos) for p in "。！？") + 1
    items = [m.end() for m in _NEW_ITEM.finditer(text, start, pos)]
    return items[-1] if items else start


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(p, 0, pos) for p in "，,；;。：:（(") + 1


def _period(text: str, start: int, year: int | None) -> str | None:
    """The period a figure speaks of: the nearest year before it in its frame, or a relative period
    (上年, 本年) before it in its own clause. A baseline (比上年 / 较2021年 / 由上年) is the figure's own
    period only when the figure follows it directly (比上年的139328.99万元); in 比上年增长5.3% the figure
    is this period's change."""
    frame, clause = _frame_start(text, start), _clause_start(text, start)
    # the years in a document's title are not periods (《…规划（2021—2035年）》…27所)
    head = re.sub(r"《[^《》]*》", lambda m: " " * len(m.group(0)), text[frame:start])
    default = str(year) if year is not None else None
    found: list[tuple[int, int, str]] = [(m.end(), m.start(), m.group(1)) for m in _YEAR.finditer(head)]
    for pattern, offset in _RELATIVE_PERIODS:
        for m in pattern.finditer(head):
            if frame + m.start() < clause:
                continue
            # 上年 counts back from the year the frame names before it (2021年…，上年为…), else the report's
            named = [int(y) for end, _, y in found if end <= m.start() and y.isdigit()]
            base = named[-1] if named else year
            found.append((m.end(), m.start(), str(base + offset) if base is not None else m.group(0)))
    found.sort()
    while found:
        end, begin, period = found.pop()
        baseline = re.search(r"(?:比|较|同比|与|由|从)\s*$", head[:begin])
        if not baseline or re.fullmatch(r"[的为是:：\s]*", head[end:]):
            return period
    return default


def _stages(text: str, begin: int, end: int, skip: list[tuple[int, int]]) -> list[str]:
    """The stages named in text[begin:end] in order; "*" for a word that names several."""
    found = []
    masked = list(text[begin:end])
    for a, b in skip:
        for i in range(max(a, begin), min(b, end)):
            masked[i - begin] = " "
    region = "".join(masked)
    # 中小学 names several stages (but 其中小学 is 其中 + 小学); 高中阶段 spans 普通高中 and 中职.
    for word, stage in (("(?<!其)中小学", "*"), ("高中阶段", None)):
        for m in re.finditer(word, region):
            if stage:
                found.append((m.start(), stage))
            region = region[: m.start()] + " " * (m.end() - m.start()) + region[m.end() :]
    for word, stage in STAGE_WORDS:
        for m in re.finditer(word, region):
            found.append((m.start(), stage))
            region = region[: m.start()] + " " * len(word) + region[m.end() :]
    return [stage for _, stage in sorted(found)]


def _one_stage(stages: list[str]) -> str | None:
    """The stage of a stretch of text: the one it names, or 全县 when it names several (中小学、幼儿园186所)."""
    if not stages:
        return None
    return "全县" if "*" in stages or len(set(stages)) > 1 else stages[0]


def _respectively(text: str, q: Quantity, figures: list[Quantity], begin: int) -> tuple[int, int] | None:
    """(position of 分别, index of the figure after it) when the figure follows 分别 in its frame."""
    at = max(text.rfind("分别", begin, q.start), text.rfind("依次", begin, q.start))
    if at < 0:
        return None
    after = [f for f in figures if at < f.start <= q.start and f.start >= begin]
    return at, len(after) - 1


def _subject(text: str, q: Quantity, figures: list[Quantity], metric, skip: list[tuple[int, int]]) -> str | None:
    """The stage a figure speaks of: named between the figure before it and itself; else in its clause,
    then (unless its metric is a county-wide rate) in its sentence; the nth of an enumeration before
    分别. A stretch naming several stages gives 全县. Else the county, unless the metric is per stage."""
    # a stage named in an aside the figure is not in (在校学生（含在园幼儿）41,286人) is not its subject
    skip = skip + [(a, b) for a, b in brackets(text) if not a <= q.start < b]
    sentence, clause = _sentence_start(text, q.start), _clause_start(text, q.start)
    sentence = max(sentence, max(text.rfind(c, sentence, q.start) for c in "：:") + 1)  # after a lead-in
    aside = max(text.rfind("（", 0, q.start), text.rfind("(", 0, q.start))
    if aside >= 0 and not re.search(r"[)）]", text[aside : q.start]):
        owner = next((f for f in reversed(figures) if f.end <= aside and not text[f.end : aside].strip()), None)
        if owner is not None and owner.subject is not None:
            return owner.subject  # 小学18,275元（上年17,804元）: the aside speaks of the figure before it
    if hit := _respectively(text, q, figures, sentence):
        at, index = hit
        since = max((f.end for f in figures if at < f.end <= q.start), default=at)
        between = _one_stage(_stages(text, since, q.start, skip))
        if between:
            return between
        listed = list(dict.fromkeys(_stages(text, sentence, at, skip)))
        if "*" not in listed and len(listed) > 1 and index < len(listed):
            return listed[index]
    previous = max((f.end for f in figures if clause <= f.end <= q.start), default=clause)
    for begin in (previous, clause):
        if stage := _one_stage(_stages(text, begin, q.start, skip)):
            return stage
    if metric is None or metric.per_stage:
        stage = _one_stage(_stages(text, sentence, q.start, skip))
        if stage:
            return stage
    return None if metric is not None and metric.per_stage else "全县"


def _comparison(text: str, start: int, end: int) -> str | None:
    head, tail = text[max(0, start - 8) : start], text[end : end + 4]
    if _CHANGE_UP.search(head):
        return "up"
    if _CHANGE_DOWN.search(head):
        return "down"
    if re.search(r"(?:不低于|不少于|≥)\s*$", head) or re.match(r"\s*(?:以上|及以上)", tail):
        return "at_least"
    if re.search(r"(?:不超过|不高于|控制在|≤)\s*$", head) or re.match(r"\s*(?:以内|以下)", tail):
        return "at_most"
    return None


def _fits(metric, q: Quantity) -> bool:
    """Whether a figure can measure the metric: same kind of unit, or a growth rate of it."""
    if q.unit is None or metric.unit is None:
        return True
    if q.unit == "%" and q.comparison in ("up", "down"):
        return True
    if metric.per_stage and metric.unit == "元" and q.unit in ("万元", "亿元"):
        return False  # a per-student figure is never in 万元: 全年拨付公用经费3,486万元 is a total
    return _FAMILY.get(q.unit, q.unit) == _FAMILY.get(metric.unit, metric.unit)


def _metric_def(text: str, q: Quantity, figures: list[Quantity], metrics: list):
    """The metric named last before the figure in its frame (but after a 其中, which opens a part of the
    whole), the nth before 分别, or none when the figure's clause names a rate the lexicon does not know
    or the metric is measured in other units."""
    begin = _frame_start(text, q.start)
    begin = max(begin, text.rfind("其中", begin, q.start) + 1 if "其中" in text[begin : q.start] else begin)
    # a metric inside a bracket the figure is not in defines or lists parts of the noun before it:
    # 一般公共预算教育经费（含教育事业费、…教育费附加）85086.65万元 is the general budget
    closed = [(a, b) for a, b in brackets(text) if not a <= q.start < b]
    before = [(m, a, b) for m, a, b in metrics if begin <= a < q.start and not any(x <= a < y for x, y in closed)]
    # 教育费附加和地方教育附加2.14亿元 measures the two together, not the first of them
    before = [(m, a, b) for m, a, b in before if not _TOGETHER.match(text[b : q.start])]
    sentence = max(begin, _sentence_start(text, q.start))
    if hit := _respectively(text, q, figures, sentence):
        at, index = hit
        listed = [m for m, a, _ in before if sentence <= a < at]
        if len(listed) > 1 and not any(a > at for _, a, _ in before) and index < len(listed):
            return listed[index]
    clause = _clause_start(text, q.start)
    spans = [(a, b) for _, a, b in metrics]
    for m in _UNKNOWN_RATE.finditer(text, clause, q.start):
        if not any(a < m.end() and m.start() < b for a, b in spans):
            return None
    if (share := _share(text, clause, q)) is not None:
        return share
    # the last metric named before the figure that it can measure (占一般公共预算支出1814597万元的比例为
    # 15.68%: the 万元 is the budget, the % the share)
    return next((m for m, _, _ in reversed(before) if _fits(m, q)), None)


_SHARE = re.compile(r"占[^，,。；;]{1,24}?(?:的)?(?:比例|比重)?\s*(?:为|达到?)?\s*$")
_NOUN = re.compile(r"[\u4e00-\u9fff]+")


def _share(text: str, clause: int, q: Quantity):
    """The metric of a share written 'A占B的N%' — or '…A362人，占B的N%' with A in the clause before —
    when the lexicon knows 'A占比' or 'A比例' (中职招生占比, 教师交流轮岗比例)."""
    if q.unit != "%" or not _SHARE.search(text, clause, q.start):
        return None
    at = text.rfind("占", clause, q.start)
    head = text[clause:at]
    if not _NOUN.search(head):  # ，占…: the subject is the previous clause's, before its figure
        previous = _clause_start(text, max(clause - 1, 0))
        head = re.split(r"[\d０-９]", text[previous : clause - 1])[0]
    nouns = _NOUN.findall(head)
    noun = nouns[-1] if nouns else ""
    for i in range(len(noun) - 1):
        for suffix in ("占比", "比例"):
            if (found := by_name(noun[i:] + suffix)) is not None:
                return found
    return None


def brackets(text: str) -> list[tuple[int, int]]:
    """The spans of the bracketed asides of a text, outermost, （…） and (…) alike."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _is_marker(text: str, start: int, end: int) -> bool:
    """A list number, not a figure: （1） / (2) / 1. at the start of an item."""
    after = text[end : end + 1]
    if start > 0 and text[start - 1] in "（(" and after and after in "）)":
        return True
    before = text[:start].rstrip()
    return (before == "" or before[-1] in "。；;！？!?：:") and after != "" and after in "、.．"


def find_quantities(text: str, year: int | None = None) -> list[Quantity]:
    """Every figure in `text` with its unit, period, comparison, metric and subject. `year` is the
    report's year, against which 上年 / 本年 are resolved and which figures without a period take.
    Pass a whole paragraph: a figure's period and metric may be named in an earlier clause."""
    work = aligned_form(text)  # full-width digits → ASCII, Traditional → Simplified; same offsets
    metrics = find_metrics(text)
    skip = [(a, b) for _, a, b in metrics] + [m.span() for m in _IDIOMS.finditer(work)]
    spans: list[tuple[int, int]] = []
    out: list[Quantity] = []

    def keep(q: Quantity) -> None:
        if not any(a < q.end and q.start < b for a, b in spans):
            spans.append((q.start, q.end))
            out.append(q)

    for m in _NUMBER.finditer(work):
        start, end = m.start(), m.end()
        if _PLACEHOLDER.search(work[max(0, start - 1) : start]) or _PLACEHOLDER.match(work[end : end + 1]):
            continue
        unit = m.group(3)
        value = _number(m.group(1), m.group(2))
        if start > 0 and work[start - 1] in "-−" and (start < 2 or not work[start - 2].isdigit()):
            start, value = start - 1, -value  # 增长-3.2%: a minus sign, not a range dash
        year_like = re.fullmatch(r"(?:19|20)\d{2}", m.group(1)) is not None and not m.group(2)
        if unit in (None, "年") and year_like:
            continue  # a year (2022年, 2021—2035), not a figure
        if unit is None and (
            work[end : end + 2].startswith(("月", "日", "号", "〕", "]")) or (start > 0 and work[start - 1] in "〔[")
        ):
            continue  # dates and document numbers are not figures
        if unit is None and (_is_marker(work, start, end) or re.search("[①-⑳⑴-⒇]", text[start:end])):
            continue  # list numbers, also circled ones that the folding made digits
        if any(a <= start < b for a, b in skip):
            continue  # a figure inside a metric's name (56人以上大班额)
        keep(Quantity(text[start:end].strip(), value, unit, start, start + len(text[start:end].rstrip())))
    for m in _CN_NUMBER.finditer(work):
        if any(a <= m.start() < b for a, b in skip):
            continue
        try:
            value = float(cn2an.cn2an(m.group(1), "smart"))
        except (ValueError, KeyError):
            continue
        keep(Quantity(text[m.start() : m.end()], value, m.group(3), m.start(), m.end()))
    out.sort(key=lambda q: q.start)
    for q in out:
        if q.unit == "个" and (m := _MEASURE.match(work, q.end)):
            q.unit, q.end = m.group(1), m.end()  # 2个小时 is 2小时: 个 only counts the hours
            q.text = text[q.start : q.end]
    for q, nxt in pairwise(out):
        if q.unit is None and nxt.unit and _RANGE.match(work[q.end : nxt.start]):
            q.unit = nxt.unit  # 45～50人: the first bound takes the unit written after the second
    for q, nxt in pairwise(out):
        if q.unit is None and nxt.unit and _PAIRED.fullmatch(work[q.end : nxt.start]):
            q.unit = nxt.unit  # 上年2709.16，本年2845.20元: the pair's unit is written once
    for q in out:
        q.comparison = _comparison(work, q.start, q.end)
    for q, nxt in pairwise(out):
        if (
            nxt.comparison is None
            and q.comparison in ("up", "down")
            and re.fullmatch(r"\s*[和、及与]\s*", work[q.end : nxt.start])
        ):
            nxt.comparison = q.comparison  # 分别增长3.6%和2.9%
    for q in out:
        q.period = _period(work, q.start, year)
        metric = _metric_def(work, q, out, metrics)
        q.metric = metric.name if metric else None
        shared = metric is not None and not metric.per_stage and _share(work, _clause_start(work, q.start), q)
        # the stage a county-wide share names is part of its name (中职招生占高中阶段招生的45.2%)
        q.subject = "全县" if shared else _subject(work, q, out, metric, skip)
    return out


MONEY_UNITS = {"元", "万元", "亿元", "千元"}  # the units of an amount of money
_LEAD_IN = re.compile(r"[:：]\s*$|如下\s*[。.]?\s*$")


def context_metric(heading_path: list[str], lead_in: str | None = None) -> str | None:
    """The metric a line's figures take when the line does not name one: the one named by the lead-in
    sentence of its list (…生均一般公共预算教育经费增长情况为：), else by the nearest heading that names one
    (（二）各学段生均一般公共预算教育经费情况)."""
    texts = ([lead_in] if lead_in and _LEAD_IN.search(lead_in) else []) + list(reversed(heading_path))
    for text in texts:
        found = [m for m, _, _ in find_metrics(text) if m.name != "经常性财政收入"]
        if found:
            return found[-1].name
    return None


def with_context(quantities: list[Quantity], metric: str | None) -> list[Quantity]:
    """Figures without a metric of their own take the context's, where the unit fits it: money for a money
    metric, % for a rate, and a rate of change for any metric. Counts (所, 人, 次) never do."""
    if metric is None:
        return quantities
    definition = by_name(metric)
    unit = definition.unit if definition else None
    for q in quantities:
        if q.metric is not None or q.unit is None:
            continue
        # a per-student metric (元) takes only 元; a total (万元) takes 万元 or 亿元
        fits = (
            (unit == "万元" and q.unit in ("万元", "亿元"))
            or (q.unit == unit)
            or (q.comparison in ("up", "down") and q.unit in ("%", "个百分点"))
        )
        if fits:
            q.metric = metric
    return quantities


def block_figures(blocks, year: int | None):
    """(block, figures) for the paragraphs and list items of a document, each figure with the metric of
    its context where it names none (see `context_metric`): the lead-in is the paragraph just before, in
    the same section."""
    lead_in, section = None, None
    for block in blocks:
        if block.kind not in ("paragraph", "list_item"):
            if block.kind == "heading":
                lead_in = None
            continue
        if block.heading_path != section:
            lead_in, section = None, block.heading_path
        figures = find_quantities(block.text, year)
        yield block, with_context(figures, context_metric(block.heading_path, lead_in))
        if block.kind == "paragraph":
            lead_in = block.text
