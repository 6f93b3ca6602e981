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
    taken = [False] * len(form)
    found = []
    for name, metric in _forms():
        start = form.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((metric, start, end))
            start = form.find(name, end)
    for pattern, metric in _patterns():
        for m in pattern.finditer(form):
            if not any(taken[m.start() : m.end()]):
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                found.append((metric, m.start(), m.end()))
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
