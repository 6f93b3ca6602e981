"""The metric lexicon (指标口径): canonical names, aliases, units; found in text by longest match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from corpora.text import aligned_form, match_form


@dataclass(frozen=True)
class MetricDef:
    name: str
    unit: str | None
    per_stage: bool
    aliases: tuple[str, ...]
    patterns: tuple[str, ...] = ()  # regular expressions for wordings with inserts (随迁子女在公办学校…就读比例)
    of: str | None = None  # the metric a gap or share is computed from (the 三个增长 gap: 一般公共预算教育经费)


@lru_cache(maxsize=1)
def metrics() -> tuple[MetricDef, ...]:
    text = resources.files("corpora.lexicon").joinpath("metrics.yaml").read_text("utf-8")
    return tuple(
        MetricDef(
            m["name"],
            m.get("unit"),
            bool(m.get("per_stage")),
            tuple(m.get("aliases") or ()),
            tuple(m.get("patterns") or ()),
            m.get("of"),
        )
        for m in yaml.safe_load(text)
    )


@lru_cache(maxsize=1)
def _forms() -> list[tuple[str, MetricDef]]:
    forms = [(match_form(t), m) for m in metrics() for t in (m.name, *m.aliases)]
    return sorted(forms, key=lambda f: -len(f[0]))


def by_name(name: str) -> MetricDef | None:
    form = match_form(name)
    return next((m for f, m in _forms() if f == form), None)


def find_metrics(text: str) -> list[tuple[MetricDef, int, int]]:
    """Metrics named in `text` (offsets in `text`), longest names first, without overlaps."""
    form = aligned_form(text)
    candidates = []
    for name, metric in _forms():
        start = form.find(name)
        while start >= 0:
            candidates.append((metric, start, start + len(name)))
            start = form.find(name, start + len(name))
    for pattern, metric in _patterns():
        candidates += [(metric, m.start(), m.end()) for m in pattern.finditer(form) if m.end() > m.start()]
    # names and patterns compete alike: the longest wording wins (公共财政教育支出增长高于财政经常性收入
    # is the 三个增长 gap, not the 公共财政教育支出 in it)
    taken = [False] * len(form)
    found = []
    for metric, start, end in sorted(candidates, key=lambda c: (-(c[2] - c[1]), c[1])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            found.append((metric, start, end))
    return sorted(found, key=lambda f: f[1])


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], MetricDef]]:
    return [(re.compile(match_form(p)), m) for m in metrics() for p in m.patterns]


def same_subject(metric: str | None, a: str | None, b: str | None) -> bool:
    """Two figures of `metric` are about the same subject: the same stage for a per-stage metric (生均…);
    for any other metric the stage a table's title happens to name (学前教育…统计表) does not matter."""
    definition = by_name(metric) if metric else None
    if definition is not None and not definition.per_stage:
        return True
    return (a or "全县") == (b or "全县")
