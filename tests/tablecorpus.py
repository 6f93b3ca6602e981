"""Comparing an imported framework with a table case's expected framework (tests/data/tables/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from corpora.frameworks.schema import Framework

TABLES = Path(__file__).parent / "data" / "tables"


def expected_cases() -> list[dict]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(TABLES.glob("t*.yaml"))]


def _rule(r) -> tuple:
    get = r.get if isinstance(r, dict) else lambda k, d=None: getattr(r, k, d)
    value = get("value")
    return (
        get("kind"),
        get("metric"),
        get("comparator"),
        None if value is None else round(float(value), 6),
        get("unit"),
        tuple(get("stages") or ()),
        get("other"),
    )


def differences(fw: Framework, case: dict) -> list[str]:
    """Every way the imported framework differs from the expected one, in words."""
    out = []
    if abs(fw.max_score - float(case["max_score"])) > 1e-6:
        out.append(f"满分 {fw.max_score} ≠ {case['max_score']}")
    got = {n.id: n for n in fw.indicators}
    want_ids = [n["id"] for n in case["nodes"]]
    if [n.id for n in fw.indicators] != want_ids:
        out.append(f"编号 {[n.id for n in fw.indicators]} ≠ {want_ids}")
    parents = {n.parent for n in fw.indicators}
    for want in case["nodes"]:
        node = got.get(want["id"])
        if node is None:
            continue
        where = f"{want['id']}"
        for key in ("parent", "name"):
            if getattr(node, key) != want[key]:
                out.append(f"{where} {key}: {getattr(node, key)!r} ≠ {want[key]!r}")
        score = None if want.get("score") is None else float(want["score"])
        if node.score != score:
            out.append(f"{where} score: {node.score} ≠ {score}")
        if "rules" not in want or node.id in parents:
            continue
        for key in ("bonus", "veto"):
            if bool(getattr(node, key)) != bool(want.get(key)):
                out.append(f"{where} {key}: {getattr(node, key)} ≠ {want.get(key)}")
        if node.deduction != (None if want.get("deduction") is None else float(want["deduction"])):
            out.append(f"{where} deduction: {node.deduction} ≠ {want.get('deduction')}")
        subs = [(s.id, round(s.score, 6)) for s in node.sub_points]
        if subs != [(str(s["id"]), round(float(s["score"]), 6)) for s in want.get("sub_points") or []]:
            out.append(f"{where} sub_points: {subs} ≠ {want.get('sub_points')}")
        if sorted(map(_rule, node.rules), key=str) != sorted(map(_rule, want.get("rules") or []), key=str):
            out.append(f"{where} rules: {sorted(map(_rule, node.rules), key=str)} ≠ {want.get('rules')}")
        cues = [c for e in node.evidence for c in e.cues]
        if sorted(cues) != sorted(want.get("evidence") or []):
            out.append(f"{where} evidence: {cues} ≠ {want.get('evidence')}")
        if node.responsible_units != (want.get("responsible_units") or []):
            out.append(f"{where} units: {node.responsible_units} ≠ {want.get('responsible_units')}")
    return out


def rules_recovered(fw: Framework | None, case: dict) -> tuple[int, int]:
    """(expected standards found, expected standards) of one case."""
    got = {n.id: {_rule(r) for r in n.rules} for n in fw.indicators} if fw is not None else {}
    found = total = 0
    for want in case["nodes"]:
        for r in want.get("rules") or []:
            total += 1
            found += _rule(r) in got.get(want["id"], set())
    return found, total
