"""Matching (匹配): rank a framework's observation points for a claim, an evidence file or a passage.

Each candidate gets a feature vector from independent signals — a code in the heading or path, a
heading that names the point or its indicator, terms found by a spaCy PhraseMatcher on character
tokens, rapidfuzz ratios, TF-IDF similarity, the metric of the figures, the kind of evidence — and a
score in [0, 1] from a logistic model whose weights are fitted on labelled bundles
(`jiaodu eval --fit`). The reasons of a match are its signals that weigh most, in words."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath

from rapidfuzz import fuzz

from classify.profiles import TERM_SOURCES, CodeHit, PointProfile, build_profiles, code_finder, path_codes
from classify.similarity import TfIdf
from corpora.frameworks.schema import Framework, Node
from corpora.text import cut, match_form, parse_marker
from corpora.text.nlp import find_terms, phrase_matcher
from extract.builder import SCORE_TAG

FEATURES = (
    "code_point",
    "code_ancestor",
    "heading_point",
    "heading_ancestor",
    "lex",
    "lex_rel",
    "fuzzy",
    "fuzzy_rel",
    "tfidf",
    "tfidf_rel",
    "metric",
    "kind",
    "neighbour",
)
_HEADING_MATCH = 85  # rapidfuzz ratio from which a heading names a node


@lru_cache(maxsize=1)
def shipped_weights() -> dict:
    return json.loads(resources.files("classify").joinpath("weights.json").read_text("utf-8"))


@dataclass
class Target:
    """What is matched: a claim (text, heading path, its figures' metrics), an evidence file (its path,
    title and opening text, its kind) or a passage (its text, heading path and file path)."""

    text: str
    headings: Sequence[str] = ()
    path: str | None = None
    metrics: Iterable[str] = ()
    kind: str | None = None


@dataclass
class Match:
    point: str
    name: str
    score: float  # in [0, 1]
    reasons: list[str]
    features: dict[str, float] = field(default_factory=dict)


def degree(x: float) -> str:
    """A similarity in [0, 1] in words, for reasons a reviewer reads (no raw numbers)."""
    return "高度" if x >= 0.8 else "较为" if x >= 0.5 else "略有"


def strength(score: float) -> str:
    """A match's score in words (匹配度高/中/低): reviewers weigh reasons, not decimals."""
    return "匹配度高" if score >= 0.8 else "匹配度中" if score >= 0.5 else "匹配度低"


def _strip_heading(text: str) -> str:
    marker = parse_marker(text)
    body = text[marker.end :] if marker else text
    body = SCORE_TAG.sub("", body)
    return re.sub(r"^[A-Za-z]*\d+(?:[.．]\d+)*\s*", "", body.strip())


class Matcher:
    def path_codes(self, path: str) -> list[str]:
        """The codes a file's path files it under (C23 …/, C6-C7 …/)."""
        return path_codes(self.fw, self._codes, path)

    def __init__(self, fw: Framework, weights: dict | None = None):
        self.fw = fw
        self.profiles: list[PointProfile] = build_profiles(fw)
        self.index = {p.id: i for i, p in enumerate(self.profiles)}
        self.weights = weights or shipped_weights()
        self._codes = code_finder(fw)
        self._tfidf = TfIdf([p.text for p in self.profiles])
        self._term_points: dict[str, dict[int, float]] = {}
        for i, p in enumerate(self.profiles):
            for term, source in p.terms.items():
                self._term_points.setdefault(term, {})[i] = TERM_SOURCES[source]
        self._matcher = phrase_matcher((t, t) for t in self._term_points)
        self._nodes = [(n, match_form(n.name)) for n in fw.indicators]
        self._name_words = [" ".join(cut(p.node.name)) for p in self.profiles]
        self._heading_cache: dict[str, tuple[Node, float] | None] = {}

    # -- signals ---------------------------------------------------------------------------------

    def _parent_of(self, node_id: str) -> str | None:
        try:
            return self.fw.node(node_id).parent
        except KeyError:
            return None

    def heading_node(self, heading: str) -> tuple[Node, float] | None:
        """The framework node a heading or folder name names, with the ratio, if any."""
        if heading not in self._heading_cache:
            form = match_form(_strip_heading(heading))
            best: tuple[Node, float] | None = None
            if len(form) >= 2:
                for node, name in self._nodes:
                    ratio = fuzz.ratio(form, name)
                    if len(name) >= 4 and name in form:
                        ratio = max(ratio, 90.0)
                    if ratio >= _HEADING_MATCH and (best is None or ratio > best[1]):
                        best = (node, ratio)
            self._heading_cache[heading] = best
        return self._heading_cache[heading]

    def _lexicon(self, text: str) -> tuple[list[float], list[list[str]]]:
        found = {label for label, _, _ in find_terms(self._matcher, text)}
        raw = [0.0] * len(self.profiles)
        terms: list[list[str]] = [[] for _ in self.profiles]
        for term in found:
            points = self._term_points[term]
            specificity = 1.0 / len(points)
            length = min(1.0, len(term) / 4)
            for i, weight in points.items():
                raw[i] += weight * specificity * length
                terms[i].append(term)
        return raw, terms

    def _fuzzy(self, text: str) -> list[float]:
        form = match_form(text)
        words = " ".join(cut(text)) if len(form) < 400 else ""
        out = []
        for p, name_words in zip(self.profiles, self._name_words, strict=True):
            partial = fuzz.partial_ratio(p.name_form, form) if form else 0.0
            tokens = fuzz.token_set_ratio(name_words, words) if words else 0.0
            out.append(max(partial, tokens) / 100)
        return out

    # -- features and ranking --------------------------------------------------------------------

    def features(self, target: Target) -> tuple[list[list[float]], dict]:
        """The feature matrix (one row per point, columns FEATURES) and the evidence behind it."""
        components = list(PurePosixPath(target.path).parts) if target.path else []
        codes: list[CodeHit] = self._codes(list(target.headings), "标题") + self._codes(components, "路径")
        headings = [*target.headings, *components[:-1]]
        named: list[tuple[Node, float, str]] = []
        for h in headings:
            if hit := self.heading_node(h):
                named.append((hit[0], hit[1], h))
        lex_raw, lex_terms = self._lexicon(target.text)
        fuzzy = self._fuzzy(target.text)
        tfidf = self._tfidf.scores(target.text)
        metrics = set(target.metrics)
        top_lex, top_fuzzy, top_tfidf = max(lex_raw) or 1.0, max(fuzzy) or 1.0, max(tfidf) or 1.0
        rows = []
        for i, p in enumerate(self.profiles):
            ancestors = {a.id for a in p.ancestors}
            row = dict.fromkeys(FEATURES, 0.0)
            row["code_point"] = float(any(c.node_id == p.id for c in codes))
            # A point's code places the text under that point's parent too: its siblings are candidates.
            row["code_ancestor"] = float(
                any(c.node_id in ancestors or self._parent_of(c.node_id) in ancestors for c in codes)
            )
            row["heading_point"] = max((r / 100 for n, r, _ in named if n.id == p.id), default=0.0)
            row["heading_ancestor"] = max((r / 100 for n, r, _ in named if n.id in ancestors), default=0.0)
            row["lex"] = 1 - math.exp(-lex_raw[i])
            row["lex_rel"] = lex_raw[i] / top_lex
            row["fuzzy"] = fuzzy[i]
            row["fuzzy_rel"] = fuzzy[i] / top_fuzzy
            row["tfidf"] = tfidf[i]
            row["tfidf_rel"] = tfidf[i] / top_tfidf
            row["metric"] = float(bool(metrics & p.metrics))
            row["kind"] = float(target.kind is not None and target.kind in p.evidence_kinds)
            row["neighbour"] = 0.0  # set by claim_rows, which sees the claims around this one
            rows.append([row[f] for f in FEATURES])
        return rows, {"codes": codes, "named": named, "terms": lex_terms, "metrics": metrics}

    def rank(self, target: Target, role: str = "claim", top: int = 5) -> list[Match]:
        """The best `top` points for the target, best first, each with its score and reasons."""
        rows, why = self.features(target)
        return self._ranked(rows, why, role, top)

    def _ranked(self, rows: list[list[float]], why: dict, role: str, top: int) -> list[Match]:
        model = self.weights[role]
        w = [model["weights"].get(f, 0.0) for f in FEATURES]
        scored = []
        for i, row in enumerate(rows):
            z = model["bias"] + sum(a * b for a, b in zip(w, row, strict=True))
            scored.append((z, i))
        scored.sort(reverse=True)
        out = []
        for z, i in scored[:top]:
            p = self.profiles[i]
            contributions = {f: wf * v for f, wf, v in zip(FEATURES, w, rows[i], strict=True)}
            out.append(
                Match(
                    point=p.id,
                    name=p.node.name,
                    score=round(1 / (1 + math.exp(-z)), 4),
                    reasons=self._reasons(p, rows[i], contributions, why),
                    features=dict(zip(FEATURES, rows[i], strict=True)),
                )
            )
        return out

    def claim_rows(self, targets: list[Target]) -> list[tuple[list[list[float]], dict]]:
        """The feature rows of a report's claims in reading order, each computed once, with the
        neighbour column telling which point the claims beside it in the same section lean to (a
        report's next sentence mostly continues the same point)."""
        computed = [self.features(t) for t in targets]
        first = [self._ranked(rows, why, "claim", 1)[0] for rows, why in computed]
        column = FEATURES.index("neighbour")
        for i, t in enumerate(targets):
            near: dict[str, float] = {}
            for j in (i - 1, i + 1):
                if 0 <= j < len(targets) and list(targets[j].headings) == list(t.headings):
                    near[first[j].point] = max(near.get(first[j].point, 0.0), first[j].score)
            for row, p in zip(computed[i][0], self.profiles, strict=True):
                row[column] = near.get(p.id, 0.0)
        return computed

    def rank_claims(self, targets: list[Target], top: int = 3) -> list[list[Match]]:
        return [self._ranked(rows, why, "claim", top) for rows, why in self.claim_rows(targets)]

    def _reasons(self, p: PointProfile, row: list[float], contributions: dict, why: dict) -> list[str]:
        values = dict(zip(FEATURES, row, strict=True))
        ancestors = {a.id for a in p.ancestors}
        said: list[tuple[float, str]] = []
        for f, c in contributions.items():
            if c <= 0.05 or values[f] <= 0:
                continue
            if f == "code_point":
                hit = next(h for h in why["codes"] if h.node_id == p.id)
                said.append((c, f"{hit.where}代码 {hit.node_id}（{hit.text}）"))
            elif f == "code_ancestor":
                hit = next(h for h in why["codes"] if h.node_id in ancestors or self._parent_of(h.node_id) in ancestors)
                said.append((c, f"{hit.where}代码 {hit.node_id} 所属指标"))
            elif f in ("heading_point", "heading_ancestor"):
                node, ratio, heading = max(
                    (t for t in why["named"] if t[0].id == p.id or t[0].id in ancestors), key=lambda t: t[1]
                )
                said.append((c, f"所在标题「{heading}」与 {node.id} {node.name}{degree(ratio / 100)}相符"))
            elif f == "lex":
                terms = "、".join(sorted(why["terms"][self.index[p.id]], key=lambda t: (-len(t), t))[:4])
                said.append((c, f"术语 {terms}"))
            elif f == "fuzzy":
                said.append((c, f"文字与观测点{degree(values[f])}相近"))
            elif f == "tfidf":
                said.append((c, f"用词与观测点{degree(values[f])}相似"))
            elif f == "metric":
                said.append((c, f"指标口径 {'、'.join(sorted(why['metrics'] & p.metrics))}"))
            elif f == "kind":
                said.append((c, "材料类型符合佐证要求"))
            elif f == "neighbour":
                said.append((c, f"同段前后陈述属于 {p.id}"))
        return [text for _, text in sorted(said, reverse=True)]
