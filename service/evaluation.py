"""`jiaodu eval`: run extraction and matching on labelled bundles (the sample generator's label file beside
each bundle) and measure claim → point and evidence file → point accuracy; optionally fit the matcher's weights."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from classify.fit import Example
from classify.matcher import Matcher, Target
from classify.targets import claim_target, file_target
from corpora.frameworks import load, shipped
from corpora.frameworks.schema import Framework
from corpora.samples.devset import squeeze
from corpora.samples.generator import LAYOUTS, SampleOptions, generate, labels_path
from extract.claims import extract_claims
from extract.pipeline import ExtractOptions, extract_bundle


@dataclass
class Item:
    target: Target
    truth: set[str]  # labelled observation points
    label: str  # the claim's text or the file's path, for listing misses
    index: int = -1  # a claim's place among the report's claims


@dataclass
class LabelledBundle:
    path: Path
    framework: Framework
    claims: list[Item] = field(default_factory=list)
    files: list[Item] = field(default_factory=list)
    report_claims: list[Target] = field(default_factory=list)  # every claim needing evidence, in order
    unaligned: int = 0  # labelled claims the extractor did not split out as such


@dataclass
class Accuracy:
    n: int = 0
    top1: int = 0
    top3: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (text, truth, got)

    def add(self, item: Item, ranked: list[str]) -> None:
        self.n += 1
        self.top1 += bool(ranked[:1] and ranked[0] in item.truth)
        self.top3 += bool(set(ranked[:3]) & item.truth)
        if not (ranked[:1] and ranked[0] in item.truth):
            self.misses.append((item.label, "/".join(sorted(item.truth)), ranked[0] if ranked else "-"))

    def rate(self, which: str = "top1") -> float:
        return getattr(self, which) / self.n if self.n else 0.0


def unlabelled(paths: list[Path]) -> list[Path]:
    """The bundles without a label file beside them."""
    return [p for p in paths if not labels_path(p).is_file()]


def generate_bundles(out: Path, count: int, seed: int, frameworks: tuple[str, ...] | None = None) -> list[Path]:
    """`count` sample bundles cycling through frameworks (by default every shipped one), layouts and report
    formats (no scans, so that an evaluation runs in seconds)."""
    frameworks = frameworks or tuple(fw.id for fw in shipped())
    paths = []
    for i in range(count):
        fw = load(frameworks[i % len(frameworks)])
        path = out / f"bundle-{seed + i:04d}"
        options = SampleOptions(
            seed=seed + i,
            layout=LAYOUTS[i % len(LAYOUTS)],
            report_format=("docx-styled", "pdf", "docx-plain")[i % 3],
            scanned=0,
            broken=0,
        )
        generate(fw, path, options)
        paths.append(path)
    return paths


def read_bundle(path: Path, framework: Framework | None = None, workers: int = 0) -> LabelledBundle:
    """A generated bundle's claims and evidence files as targets with their labelled points."""
    labels = json.loads(labels_path(path).read_text("utf-8"))
    fw = framework or load(labels["framework"])
    with tempfile.TemporaryDirectory(prefix="jiaodu-eval-") as work:
        result = extract_bundle(path, Path(work), ExtractOptions(ocr=False, workers=workers))
    docs = {f.path: f.document for f in result.files}
    bundle = LabelledBundle(path, fw)
    report = docs.get(labels["report"])
    claims = [c for c in extract_claims(report, labels["year"]) if c.needs_evidence] if report is not None else []
    bundle.report_claims = [claim_target(c) for c in claims]
    by_text = {squeeze(c.text): i for i, c in enumerate(claims)}
    for label in labels["claims"]:
        if not label.get("observation_point"):
            continue
        index = by_text.get(squeeze(label["text"]))
        if index is None:
            bundle.unaligned += 1
            continue
        bundle.claims.append(Item(bundle.report_claims[index], {label["observation_point"]}, label["text"], index))
    for ev in labels["evidence"]:
        if ev["broken"] or not ev["observation_points"]:
            continue
        bundle.files.append(
            Item(file_target(ev["path"], docs.get(ev["path"])), set(ev["observation_points"]), ev["path"])
        )
    return bundle


@dataclass
class Evaluation:
    claims: Accuracy = field(default_factory=Accuracy)
    files: Accuracy = field(default_factory=Accuracy)
    unaligned: int = 0


def evaluate(bundles: list[LabelledBundle], weights: dict | None = None, matchers: dict | None = None) -> Evaluation:
    result = Evaluation()
    matchers = matchers if matchers is not None else {}
    for b in bundles:
        key = id(b.framework)
        matcher = matchers.setdefault(key, Matcher(b.framework, weights))
        ranked = matcher.rank_claims(b.report_claims)
        for item in b.claims:
            result.claims.add(item, [m.point for m in ranked[item.index]])
        for item in b.files:
            result.files.add(item, [m.point for m in matcher.rank(item.target, "file", top=3)])
        result.unaligned += b.unaligned
    return result


def fit_weights(bundles: list[LabelledBundle], progress: Callable[[str], None] = lambda _: None) -> dict:
    """Weights for both roles fitted on the bundles' labelled claims and files."""
    from classify.fit import fit

    matchers: dict = {}
    examples: dict[str, list[Example]] = {"claim": [], "file": []}
    for b in bundles:
        matcher = matchers.setdefault(id(b.framework), Matcher(b.framework))
        claim_rows = matcher.claim_rows(b.report_claims)
        for role, items in (("claim", b.claims), ("file", b.files)):
            for item in items:
                rows = claim_rows[item.index][0] if role == "claim" else matcher.features(item.target)[0]
                positives = {matcher.index[p] for p in item.truth if p in matcher.index}
                if positives:
                    examples[role].append(Example(rows, positives))
        progress(b.path.name)
    return {role: fit(ex) for role, ex in examples.items()}
