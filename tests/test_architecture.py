"""The house's shape, checked by reading the source: no import cycle anywhere among the project's modules
(imports inside functions included), every import points down the layers (service → index → classify →
extract → corpora), no module of service/ but the API raises HTTP exceptions, and no production code
knows the sample generator's answer key."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["corpora", "extract", "classify", "index", "service"]  # lowest first


def _modules() -> dict[str, Path]:
    out = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names: the module itself, else the package it is in."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for t in targets:
            resolved = _resolve(t)
            if resolved and resolved != name:
                found.add(resolved)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle among the modules, or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(GRAPH):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_walk_sees_the_whole_project():
    assert {"service.cli", "service.cli_web", "classify.audit", "extract.readers", "corpora.text"} <= set(MODULES)
    assert "service.console" in GRAPH["service.cli"] and "service.console" in GRAPH["service.cli_web"]


def test_no_import_cycle_anywhere():
    cycle = _cycle()
    assert cycle is None, " → ".join(cycle or [])


def test_imports_point_down_the_layers():
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    upward = [
        f"{a} → {b}"
        for a, targets in GRAPH.items()
        for b in targets
        if rank[b.split(".")[0]] > rank[a.split(".")[0]]
    ]
    assert upward == []


def _production_sources():
    return [(name, path, path.read_text("utf-8")) for name, path in MODULES.items()]


def test_only_the_api_raises_http_exceptions():
    """Services raise domain errors (service/errors.py); only the API turns them into HTTP."""
    raising = [
        name
        for name, _, text in _production_sources()
        if name.startswith("service.") and name != "service.api" and re.search(r"\bHTTPException\s*\(", text)
    ]
    assert raising == []


def test_no_production_code_knows_the_sample_answer_key():
    """The generator writes its labels beside the bundle; nothing that reads a bundle filters them out.
    Only the generator itself and `jiaodu eval` (which scores against the labels) may name them."""
    allowed = {"corpora.samples.generator", "service.evaluation"}
    knowing = [
        name
        for name, _, text in _production_sources()
        if name not in allowed and re.search(r"labels\.json|sample-labels|LABELS_SCHEMA|is_sample_labels", text)
    ]
    assert knowing == []


def test_the_removed_dead_code_stays_gone():
    defined = re.compile(r"^\s*def\s+(?:is_cjk|first_passage|word_doc)\b|^_ARCHIVE_EXTS\b")
    found = [
        name for name, _, text in _production_sources() if any(defined.match(line) for line in text.splitlines())
    ]
    assert found == []
