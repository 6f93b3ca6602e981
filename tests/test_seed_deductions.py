"""Suggested scores (建议得分) per seed system: each system's 评分标准 prose, laid on planted shortfalls, gives
the deductions it prescribes to the hundredth; a clean bundle keeps every self-score; veto items linked to
points fire on those points' unmet standards.

The findings below carry the values the checks (classify/checks.py) put on theirs: a stage's decline, a
figure below its standard, a figure below another (教师工资 vs 公务员工资), a growth below another (三个增长)."""

from __future__ import annotations

import json

import pytest

from classify.findings import Finding
from classify.suggest import NO_BASIS, TO_REVIEW, suggest, suggest_vetoes
from corpora.frameworks import load
from corpora.frameworks.deductions import parts_of, vetoes_in
from corpora.frameworks.schema import Node

SEEDS = ["cq-2018-district", "nm-league-city", "sh-2017-district", "gd-2020-county", "hn-2021-county-gov"]


def below(point: str, metric: str, current: float, threshold: float, subject: str = "全县") -> Finding:
    f = Finding(
        "threshold_not_met",
        f"{metric}为{current:g}，未达到“{threshold:g}”的标准。",
        observation_point=point,
        values={"metric": metric, "subject": subject, "period": "2022", "current": current, "threshold": threshold},
    )
    return f


def declined(point: str, metric: str, subject: str = "全县") -> Finding:
    return Finding(
        "decline",
        f"{subject}{metric}由2021年的9124.91元降至2022年的8674.38元，不符合“只增不减”要求。",
        observation_point=point,
        values={"metric": metric, "subject": subject, "period": "2022", "previous": 9124.91, "current": 8674.38},
    )


def wages(point: str) -> Finding:
    return Finding(
        "threshold_not_met",
        "教师年均工资9.12万元低于公务员年均工资9.65万元（依据工资测算表）。",
        observation_point=point,
        values={"metric": "教师年均工资", "period": "2022", "current": 91200, "other": 96500},
    )


def slower(point: str) -> Finding:
    return Finding(
        "threshold_not_met",
        "一般公共预算教育经费增长3.10%，未高于经常性财政收入增长5.40%，不符合“三个增长”要求。",
        observation_point=point,
        values={"metric": "一般公共预算教育经费", "period": "2022", "growth": 3.1, "other": "经常性财政收入",
                "other_growth": 5.4},
    )  # fmt: skip


# Per system: the planted shortfalls, and the suggested score each point must get by its rule.
PLANTED = {
    "cq-2018-district": (
        [
            below("A3.1", "学前三年毛入园率", 82.6, 85),  # 2.4 short × 0.3
            below("A3.5", "大班额比例", 2.5, 1),  # 1.5 over × 1
            declined("A5.3", "生均一般公共预算教育经费", "小学"),
            declined("A5.3", "生均一般公共预算教育经费", "初中"),  # two stages × 0.8
            below("A5.4", "生均公用经费", 780, 800, "初中"),  # the 初中 clause's 1 point
            wages("A5.5"),
            below("A5.6", "每百名学生拥有县级以上骨干教师数", 0.8, 1),  # the 骨干 clause's 1 point
        ],
        {"A3.1": 0.78, "A3.5": 0.5, "A5.3": 2.4, "A5.4": 1.0, "A5.5": 0.0, "A5.6": 3.0},
    ),
    "nm-league-city": (
        [
            below("3.1", "学前三年毛入园率", 83.4, 85),  # 1.6 short, counted as 2 points × 0.5
            below("3.2", "普惠性幼儿园覆盖率", 79.5, 80),  # 0.5 short, counted as 1 × 0.5
            declined("5.3", "生均一般公共预算教育经费", "幼儿园"),
            slower("5.4"),
            wages("5.5"),  # sub-point ① (3 of 4)
            below("5.7", "生均体育运动场馆面积", 9.8, 10.2, "初中"),  # sub-point ② (2 of 3.5)
        ],
        {"3.1": 1.0, "3.2": 1.5, "5.3": 3.2, "5.4": 0.0, "5.5": 1.0, "5.7": 1.5},
    ),
    "sh-2017-district": (
        [
            below("S3.2", "普惠性幼儿园覆盖率", 76, 80),  # 4 short, 2 units of 2 points × 0.5
            below("S3.4", "大班额比例", 2.2, 1),  # 1.2 over, 2.4 units of 0.5 × 1
            declined("S5.1", "一般公共预算教育经费"),
            below("S5.3", "生均公用经费", 620, 650, "小学"),
            below("S5.3", "生均公用经费", 800, 850, "初中"),  # one clause: lost once
        ],
        {"S3.2": 2.0, "S3.4": 0.6, "S5.1": 0.0, "S5.3": 0.0},
    ),
    "gd-2020-county": (
        [
            below("C18", "教师持证上岗率", 98.5, 100),  # 1.5 short, counted as 2 × 0.2
            declined("C37", "生均一般公共预算教育经费", "小学"),
            declined("C37", "生均一般公共预算教育经费", "中职"),  # sub-points (2) and (5)
            below("C38", "生均公用经费", 600, 650, "小学"),  # sub-point (1)
            below("C44", "生均体育运动场馆面积", 9.0, 10.2, "初中"),  # per stage found wanting
            wages("C48"),
        ],
        {"C18": 0.6, "C37": 1.8, "C38": 1.0, "C44": 1.0, "C48": 0.0},
    ),
    "hn-2021-county-gov": (
        [
            declined("H2.4", "生均一般公共预算教育经费", "初中"),
            below("H2.5", "生均公用经费", 560, 600, "小学"),
            below("H2.5", "生均公用经费", 700, 800, "初中"),  # 1.5 each, the clause's 3 at most
            wages("H2.7"),
            below("H4.3", "公办园在园幼儿占比", 45, 50),  # 5 short, 2.5 units of 2 × 0.5
            below("H4.4", "大班额比例", 3, 1),  # the 大班额 clause's 1 point, not the 均衡 clause's 2
        ],
        {"H2.4": 4.0, "H2.5": 0.0, "H2.7": 0.0, "H4.3": 0.75, "H4.4": 2.0},
    ),
}


@pytest.mark.parametrize("fw_id", SEEDS)
def test_planted_shortfalls_get_the_deductions_each_systems_rules_prescribe(fw_id):
    fw = load(fw_id)
    findings, expected = PLANTED[fw_id]
    for i, f in enumerate(findings):
        f.id = f"F{i + 1}"
    selves = {p.id: p.score for p in fw.points() if not p.bonus}
    got = suggest(fw, selves, findings)
    assert {pid: got[pid].suggested for pid in expected} == pytest.approx(expected)
    for pid in expected:
        s = got[pid]
        assert s.deductions and s.basis != NO_BASIS
        assert all(d.finding in {f.id for f in findings} for d in s.deductions)
        # the rule each deduction applied is the point's own rule text, clause by clause as written
        assert all(c in fw.node(pid).scoring_rule for d in s.deductions for c in d.rule.split("；"))
        assert s.suggested == pytest.approx(max(0.0, s.self_score - sum(d.amount for d in s.deductions)))
    untouched = [s for pid, s in got.items() if pid not in expected]
    assert all(s.suggested == s.self_score and s.basis == NO_BASIS for s in untouched)


def test_a_stage_decline_costs_its_own_sub_point_and_says_which():
    fw = load("gd-2020-county")
    findings, _ = PLANTED["gd-2020-county"]
    for i, f in enumerate(findings):
        f.id = f"F{i + 1}"
    c37 = suggest(fw, {"C37": 3.0}, findings)["C37"]
    assert [d.rule.split("；")[0] for d in c37.deductions] == ["（2）小学（0.6分）", "（5）中职（0.6分）"]


def test_every_quantitative_seed_point_has_a_scoring_rule_with_a_score_to_lose():
    for fw_id in SEEDS:
        for p in load(fw_id).points():
            if p.rules:
                parts = parts_of(p)
                assert p.scoring_rule and parts, (fw_id, p.id)
                assert any(x.score is not None or x.per_stage is not None for x in parts), (fw_id, p.id)


# -- vetoes linked to points -------------------------------------------------------------------------


def funding_points() -> list[Node]:
    return [
        Node(id="B1", name="一般公共预算教育经费只增不减", score=3, kind="定量", keywords=["教育经费"]),
        Node(id="B2", name="生均一般公共预算教育经费只增不减", score=3, kind="定量"),
        Node(id="B3", name="义务教育教师平均工资不低于公务员", score=3, kind="定量"),
        Node(id="B4", name="义务教育巩固率", score=2, kind="定量"),
        Node(id="B5", name="义务教育大班额比例", score=2, kind="定量"),
        Node(id="B6", name="义务教育学校标准化建设", score=2),
    ]


def test_a_veto_condition_is_linked_to_the_points_it_names_by_their_specific_terms():
    notes = [
        "说明：1. 未落实“两个只增不减”的，评价等次定为不合格。",
        "2. 发生弄虚作假行为的，降低一个等次。",
        "3. 义务教育阶段出现56人以上大班额的，不得评为优秀。",
    ]
    got = {v.text: (v.effect, v.points) for v in vetoes_in(notes, funding_points())}
    assert got["未落实“两个只增不减”"] == ("fail", ["B1", "B2"])
    assert got["弄虚作假行为"] == ("downgrade", [])  # nothing a point measures: a reviewer's call
    # 义务教育 is in four points and names none; 大班额 names one
    assert got["义务教育阶段出现56人以上大班额"] == ("no_top", ["B5"])


def test_a_linked_veto_is_suggested_on_an_unmet_standard_and_counts_until_cleared():
    from types import SimpleNamespace

    from corpora.frameworks.schema import Framework, Grade, Source
    from service.scores import graded

    points = funding_points()
    grades = [Grade(name="优秀", min=13), Grade(name="合格", min=9, max=13), Grade(name="不合格", max=9)]
    fw = Framework(
        id="t", name="测试体系", jurisdiction="测试", level_evaluated="县", source=Source(document="测试"),
        max_score=15, grades=grades,
        vetoes=vetoes_in(["未落实“两个只增不减”的，评价等次定为不合格；弄虚作假的，降低一个等次。"], points),
        indicators=[Node(id="A", name="保障"), *(p.model_copy(update={"parent": "A"}) for p in points)],
    )  # fmt: skip
    fall = declined("B2", "生均一般公共预算教育经费", "初中")
    fall.id = "F1"
    other = below("B4", "义务教育巩固率", 93, 95)
    other.id = "F2"
    assert suggest_vetoes(fw, [other]) == []
    [veto] = suggest_vetoes(fw, [fall, other])
    assert (veto.id, veto.effect, veto.points, veto.findings) == ("N1", "fail", ["B2"], ["F1"])
    assert "B2" in veto.reason and "两个只增不减" in veto.reason

    # the grade on full marks: 优秀 — but 不合格 while the suggestion stands, 优秀 again once a reviewer clears it
    report = {
        "submission": {"vetoes": [veto.as_contract()]},
        "observation_points": [{"id": p.id, "self_score": p.score, "suggested_score": p.score} for p in points],
    }
    assert graded(fw, report, {}).grade == "不合格"
    cleared = {("veto", "N1"): SimpleNamespace(target_kind="veto", target_id="N1", action="clear", score=None)}
    assert graded(fw, report, cleared).grade == "优秀"


# -- whole bundles ----------------------------------------------------------------------------------


def _audit(tmp_path, fw_id: str, *extra: str) -> tuple[dict, dict]:
    from corpora.samples.generator import labels_path
    from service.cli import main

    bundle, out = tmp_path / "bundle", tmp_path / "audit.json"
    assert main(["sample", "--framework", fw_id, "--seed", "11", "--scanned", "0", "--broken", "0", "-o", str(bundle),
                 *extra]) == 0  # fmt: skip
    assert main(["audit", str(bundle), "--framework", fw_id, "--json", str(out), "--no-ocr"]) == 0
    return json.loads(out.read_text("utf-8")), json.loads(labels_path(bundle).read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("fw_id", SEEDS)
def test_a_generated_bundle_loses_points_where_its_standards_are_planted_unmet(tmp_path, fw_id):
    report, labels = _audit(tmp_path, fw_id, "--defects", "0.5")
    fw = load(fw_id)
    planted = {f["observation_point"] for f in labels["flags"] if f["kind"] in ("decline", "threshold_not_met")}
    ruled = {p for p in planted if fw.node(p).scoring_rule}
    assert ruled, "the generator plants a decline or a shortfall on a point with a scoring rule"
    flags = {f["id"]: f for f in report["flags"]}
    for p in report["observation_points"]:
        if p["id"] in ruled:  # the planted fact costs what its rule says, below a self-score not already lowered
            assert p["deductions"], p
            assert all(flags[d["finding"]]["observation_point"] == p["id"] for d in p["deductions"])
            if p["self_score"] == p["max_score"]:
                assert p["suggested_score"] < p["self_score"], p
        if p["deductions"]:
            total = sum(d["amount"] for d in p["deductions"])
            assert p["suggested_score"] == pytest.approx(max(0.0, min(p["self_score"], p["max_score"] - total)))
        else:
            assert p["suggested_score"] == p["self_score"], p
            # no rule decides: said plainly, and where a serious finding stands, left to the reviewer
            serious = any(f["severity"] == "high" and f["observation_point"] == p["id"] for f in flags.values())
            assert p["score_basis"] == (TO_REVIEW if serious else NO_BASIS), p


@pytest.mark.slow
@pytest.mark.parametrize("fw_id", SEEDS)
def test_a_clean_generated_bundle_keeps_every_self_score(tmp_path, fw_id):
    report, _ = _audit(tmp_path, fw_id, "--clean")
    assert all(p["suggested_score"] == p["self_score"] and not p["deductions"] for p in report["observation_points"])
    assert report["submission"]["totals"]["suggested"] == report["submission"]["totals"]["self"]
    assert report["submission"]["vetoes"] == []
