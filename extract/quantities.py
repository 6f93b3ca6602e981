"""Figures in report sentences and evidence text (数量): value, unit, period, comparison, metric, subject.

A figure is kept as written (13.52 亿元) and can be brought to its base unit (元, 人, …) for comparison.
Placeholders of template reports (xx%, ××万元, *%) are not figures. Dates are periods, not figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from corpora.lexicon.metrics import find_metrics
from corpora.lexicon.stages import last_stage
from corpora.text import fold_width

# Longest first: 万平方米 before 平方米 before 米.
UNITS = [
    "个百分点",
    "万平方米",
    "平方公里",
    "平方米",
    "亿元",
    "万元",
    "千元",
    "万人次",
    "人次",
    "万人",
    "公里",
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
    "小时",
    "天",
    "亩",
    "场",
    "期",
    "节",
    "辆",
    "座",
    "张",
    "篇",
    "件",
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
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
# 1,234.5 or 1234.5, optionally with 万/亿 (kept with the unit when one follows: 8.56万人, 13.52亿元).
_ARABIC = r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*([万亿])(?!元|人|平方))?"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN = rf"([{_CN_DIGITS}]+)"
_CN_COUNTING = "次所个人名项家班台套间册场期节辆座张篇件"
_NUMBER = re.compile(rf"{_ARABIC}\s*({_UNIT_RE})?")
_CN_NUMBER = re.compile(rf"(?<![第统唯同之某逐万])({_CN})\s*([{_CN_COUNTING}]|万元|亿元)")
_PLACEHOLDER = re.compile(r"[xX×＊*]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年度|年)")
_RELATIVE_PERIODS = [
    (re.compile(r"上一?年度?|去年|前一年"), -1),
    (re.compile(r"本年度?|今年|当年"), 0),
]
_CHANGE_UP = re.compile(r"(?:增长|增加|提高|提升|上升|增幅为?|多)\s*了?\s*$")
_CHANGE_DOWN = re.compile(r"(?:下降|减少|降低|下滑|降幅为?|少)\s*了?\s*$")
_WHOLE = re.compile(r"全县|全区|全市|全旗|我县|我区|我市|县域|区域内")


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
        unit, factor = _SCALE.get(self.unit or "", (self.unit, 1.0))
        return self.value * factor, unit

    def as_contract(self) -> dict:
        return {"metric": self.metric, "value": self.value, "unit": self.unit, "period": self.period, "text": self.text}


def _number(digits: str, multiplier: str | None) -> float:
    value = float(digits.replace(",", ""))
    return value * {"万": 1e4, "亿": 1e8}.get(multiplier or "", 1.0)


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(p, 0, pos) for p in "。；;！？") + 1


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(p, 0, pos) for p in "，,；;。：:（(") + 1


def _period(text: str, start: int, year: int | None) -> str | None:
    """The period a figure speaks of: the nearest year or relative period before it in its sentence.
    A baseline (比上年 / 较2021年 / 由上年) is the figure's own period only when the figure follows it
    directly (比上年的139328.99万元); in 比上年增长5.3% the figure is this period's change."""
    head = text[_sentence_start(text, start) : start]
    default = str(year) if year is not None else None
    found: list[tuple[int, int, str]] = [(m.end(), m.start(), m.group(1)) for m in _YEAR.finditer(head)]
    for pattern, offset in _RELATIVE_PERIODS:
        found += [
            (m.end(), m.start(), str(year + offset) if year is not None else m.group(0)) for m in pattern.finditer(head)
        ]
    found.sort()
    while found:
        end, begin, period = found.pop()
        baseline = re.search(r"(?:比|较|同比|与|由)\s*$", head[:begin])
        if not baseline or re.fullmatch(r"[的为是:：\s]*", head[end:]):
            return period
    return default


def _subject(text: str, start: int, metrics: list) -> str | None:
    """The stage named last in the figure's clause, else in its sentence; else the county, unless the
    figure's metric is per stage and its stage is unknown."""
    spans = [(a, b) for _, a, b in metrics]

    def named_in(begin: int) -> str | None:
        return last_stage(text[begin:start], [(a - begin, b - begin) for a, b in spans])

    stage = named_in(_clause_start(text, start)) or named_in(_sentence_start(text, start))
    if stage:
        return stage
    metric = _metric_def(text, start, metrics)
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


def _metric_def(text: str, start: int, metrics: list):
    """The metric named last before the figure in its sentence."""
    sentence_start = _sentence_start(text, start)
    before = [m for m, a, _ in metrics if sentence_start <= a < start]
    return before[-1] if before else None


def find_quantities(text: str, year: int | None = None) -> list[Quantity]:
    """Every figure in `text` with its unit, period, comparison, metric and subject. `year` is the
    report's year, against which 上年 / 本年 are resolved and which figures without a period take."""
    text = fold_width(text)  # full-width digits and ％ → ASCII, same length for these characters
    metrics = find_metrics(text)
    spans: list[tuple[int, int]] = []
    out: list[Quantity] = []

    def keep(q: Quantity) -> None:
        if not any(a < q.end and q.start < b for a, b in spans):
            spans.append((q.start, q.end))
            out.append(q)

    for m in _NUMBER.finditer(text):
        start, end = m.start(), m.end()
        if _PLACEHOLDER.search(text[max(0, start - 1) : start]) or _PLACEHOLDER.match(text[end : end + 1]):
            continue
        unit = m.group(3)
        after = text[end : end + 2]
        if unit is None and (
            after.startswith(("年", "月", "日", "号", "〕", "]")) or (start > 0 and text[start - 1] in "〔[")
        ):
            continue  # years, dates and document numbers are not figures
        if any(a <= start < b for _, a, b in metrics):
            continue  # a figure inside a metric's name (56人以上大班额)
        value = _number(m.group(1), m.group(2))
        keep(Quantity(text[start:end].strip(), value, unit, start, end))
    for m in _CN_NUMBER.finditer(text):
        try:
            value = float(cn2an.cn2an(m.group(1), "smart"))
        except (ValueError, KeyError):
            continue
        keep(Quantity(m.group(0), value, m.group(3), m.start(), m.end()))
    for q in out:
        q.period = _period(text, q.start, year)
        q.comparison = _comparison(text, q.start, q.end)
        metric = _metric_def(text, q.start, metrics)
        q.metric = metric.name if metric else None
        q.subject = _subject(text, q.start, metrics)
    return sorted(out, key=lambda q: q.start)
