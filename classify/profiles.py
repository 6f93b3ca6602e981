"""What the matcher knows of each observation point (观测点): its terms, its text, its metrics, the
evidence kinds it asks for, and how its code is written — all taken from the framework itself, widened
by the domain synonym list, so that a province's newly imported table works without hand-written
keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from corpora.frameworks.schema import Framework, Node
from corpora.lexicon.metrics import by_name
from corpora.text import cut, match_form

# Where a term comes from, and how much it says about the point when found.
TERM_SOURCES = {"名称": 1.0, "关键词": 1.0, "别名": 1.0, "指标": 1.0, "名称词": 0.5, "佐证": 0.4, "同义词": 0.6}
# Words that every point shares (推进, 工作, 情况): never terms of their own.
_GENERIC = set(
    [
        "推进",
        "加强",
        "落实",
        "工作",
        "情况",
        "建设",
        "健全",
        "完善",
        "建立",
        "机制",
        "制度",
        "保障",
        "提高",
        "提升",
        "促进",
        "发展",
        "教育",
        "学校",
        "全面",
        "依法",
        "有效",
        "进一步",
        "开展",
        "实施",
        "强化",
        "积极",
        "规范",
        "管理",
        "要求",
        "相关",
        "各类",
        "各级",
        "全县",
        "县级",
        "政府",
        "确保",
        "以上",
        "比例",
        "达到",
    ]
)


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("corpora.lexicon").joinpath("synonyms.yaml").read_text("utf-8")
    return tuple(tuple(match_form(w) for w in group) for group in yaml.safe_load(text))


@dataclass
class PointProfile:
    node: Node
    ancestors: list[Node]  # root first
    terms: dict[str, str] = field(default_factory=dict)  # match-form term → source
    text: str = ""  # everything the framework says of the point, for similarity
    name_form: str = ""
    metrics: set[str] = field(default_factory=set)
    evidence_kinds: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.node.id


def _add(terms: dict[str, str], term: str, source: str) -> None:
    term = match_form(term)
    if len(term) >= 2 and term not in _GENERIC and TERM_SOURCES[source] > TERM_SOURCES.get(terms.get(term, ""), 0):
        terms[term] = source


def build_profiles(fw: Framework) -> list[PointProfile]:
    """One profile per observation point (the framework's leaves)."""
    profiles = []
    for node in fw.points():
        ancestors: list[Node] = []
        parent = node.parent
        while parent is not None:
            ancestors.insert(0, fw.node(parent))
            parent = ancestors[0].parent
        p = PointProfile(node, ancestors, name_form=match_form(node.name))
        _add(p.terms, node.name, "名称")
        for word in cut(node.name):
            _add(p.terms, word, "名称词")
        for k in node.keywords:
            _add(p.terms, k, "关键词")
        for a in node.aliases:
            _add(p.terms, a, "别名")
        for name in {node.metric, *(r.metric for r in node.rules)} - {None}:
            assert name is not None
            metric = by_name(name)
            p.metrics.add(metric.name if metric else name)
            for t in (name, *(metric.aliases if metric else ())):
                _add(p.terms, t, "指标")
        for spec in node.evidence:
            p.evidence_kinds.add(spec.kind)
            for cue in spec.cues:
                _add(p.terms, cue, "佐证")
        own = " ".join(
            [
                node.name,
                node.description,
                node.scoring_rule,
                *node.keywords,
                *node.aliases,
                *(s.name for s in node.sub_points),
            ]
        )
        own_form = match_form(own)
        for group in synonym_groups():
            if any(w in own_form for w in group):
                for w in group:
                    _add(p.terms, w, "同义词")
        p.text = " ".join(
            [node.name, node.name, own, *sorted(p.metrics), *(e.kind + " " + " ".join(e.cues) for e in node.evidence)]
        )
        profiles.append(p)
    return profiles


@dataclass(frozen=True)
class CodeHit:
    node_id: str
    where: str  # 标题 / 路径
    text: str  # the heading or path component it was found in


def code_finder(fw: Framework):
    """A function (texts, where) → code hits. Codes with a letter (C7, H1.2) are found anywhere with
    word boundaries; numeric codes (2.1.3) only at the start of a heading or path component and only
    when they have a dot, since a bare 1 or 2 is ordinary numbering."""
    ids = sorted((n.id for n in fw.indicators), key=len, reverse=True)
    lettered = [i for i in ids if re.search(r"[A-Za-z]", i)]
    numeric = [i for i in ids if not re.search(r"[A-Za-z]", i) and "." in i]
    tail = r"(?![0-9A-Za-z]|[.．][0-9])"
    anywhere = re.compile(rf"(?<![0-9A-Za-z])({'|'.join(map(re.escape, lettered))}){tail}") if lettered else None
    leading = re.compile(rf"^\s*[（(]?({'|'.join(map(re.escape, numeric))}){tail}") if numeric else None

    def find(texts: list[str], where: str) -> list[CodeHit]:
        hits = []
        for text in texts:
            folded = match_form(text).upper() if lettered else match_form(text)
            for pattern in (anywhere, leading):
                if pattern is None:
                    continue
                for m in pattern.finditer(folded):
                    code = next((i for i in ids if i.upper() == m.group(1).upper()), m.group(1))
                    hits.append(CodeHit(code, where, text))
        return hits

    return find


_RANGE = re.compile(r"([A-Za-z]*)(\d+)\s*[-－—–~～至]\s*\1?(\d+)")


def path_codes(fw: Framework, find, path: str) -> list[str]:
    """The framework codes a file's folders and name give (C23 食品安全/…), a range (C10-C12) standing for
    every code in it. `find` is the framework's `code_finder`."""
    ids = {n.id.upper(): n.id for n in fw.indicators}
    found = [hit.node_id for hit in find(path.split("/"), "路径")]
    for m in _RANGE.finditer(match_form(path).upper()):
        prefix, a, b = m.group(1), int(m.group(2)), int(m.group(3))
        if 0 < b - a <= 20:
            found += [ids[f"{prefix}{k}"] for k in range(a, b + 1) if f"{prefix}{k}" in ids]
    return list(dict.fromkeys(found))
