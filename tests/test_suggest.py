"""Suggested scores (建议得分): deduction rules read from 评分标准 prose and a table's 说明, laid on findings.
Rule texts here are written for the tests in the shapes official tables use (realdocs §1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classify.findings import Finding
from classify.suggest import NO_BASIS, suggest, totals
from corpora.frameworks.deductions import no_evidence_rule, read_parts
from corpora.frameworks.schema import Framework, Node, Source

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_a_rate_rule_is_one_part_with_its_per_point_deduction():
    parts = read_parts("小学适龄儿童入学率达到99%及以上得2分；每低1个百分点扣0.4分，扣完为止。")
    assert len(parts) == 1
    assert parts[0].score == 2 and parts[0].per_unit == (1, 0.4) and 99 in parts[0].numbers


def test_clauses_with_their_own_scores_are_separate_parts():
    rule = (
        "建立校长职级制并落实得1分；城区学校骨干教师到乡村学校交流比例达到15%得2分，每少10%扣0.3分；"
        "发现一所学校未落实编制标准的扣0.5分。"
    )
    parts = read_parts(rule)
    assert [p.score for p in parts] == [1, 2]
    assert parts[1].per_unit == (10, 0.3) and parts[1].per_item == 0.5


def test_stage_scoring_zero_and_each_item_rules():
    stages = read_parts("按学前、小学、初中、高中4个学段考核，每个学段1.5分，比上年下降的学段不得分。")[0]
    assert stages.per_stage == 1.5 and stages.zero
    each = read_parts("课后服务全覆盖得1分；作业公示制度建立得1分。缺一项扣相应分值。")
    assert all(p.zero for p in each)
    items = read_parts("上年度督导反馈问题整改到位得3分，每有一项未完成整改扣1分。")[0]
    assert items.per_item == 1


def test_the_no_evidence_note_is_found_among_the_notes():
    notes = ["说明：1. 满分100分。", "2. 未提供佐证材料的观测点不得分；数据以统计为准。"]
    assert no_evidence_rule(notes) == "2. 未提供佐证材料的观测点不得分"
    assert no_evidence_rule(["说明：数据以年度统计公报为准。"]) is None


def framework(notes: list[str] | None = None) -> Framework:
    points = [
        Node(id="P1", parent="A", name="义务教育巩固率", score=3,
             scoring_rule="九年义务教育巩固率达到95%及以上得3分；每低1个百分点扣0.5分，扣完为止。"),
        Node(id="P2", parent="A", name="生均经费只增不减", score=4,
             scoring_rule="分小学、初中、高中、幼儿园4个学段，每个学段1分，比上年下降的学段不得分。"),
        Node(id="P3", parent="A", name="督导问题整改", score=2,
             scoring_rule="上年度反馈问题整改到位得2分，每有一项未完成整改扣0.5分。"),
        Node(id="P4", parent="A", name="教师培训", score=2, scoring_rule="开展全员培训得2分。"),
        Node(id="P5", parent="A", name="大班额", score=2,
             scoring_rule="56人以上大班额比例控制在2%以内得2分，超过的不得分。"),
    ]  # fmt: skip
    return Framework(
        id="t", name="测试体系", jurisdiction="测试", level_evaluated="县", source=Source(document="测试"),
        max_score=13, notes=notes or [], indicators=[Node(id="A", name="教育保障"), *points],
    )  # fmt: skip


def finding(kind: str, point: str, fid: str, message: str = "", **values) -> Finding:
    f = Finding(kind, message or f"{point} 的问题", observation_point=point, values=values)
    f.id = fid
    return f


def test_each_kind_of_shortfall_gets_the_deduction_its_rule_prescribes():
    findings = [
        finding("threshold_not_met", "P1", "f1", metric="巩固率", current=92.6, threshold=95.0),
        finding("decline", "P2", "f2", metric="生均经费", subject="初中", period="2023"),
        finding("decline", "P2", "f3", metric="生均经费", subject="高中", period="2023"),
        finding("contradicted_claim", "P2", "f4", metric="生均经费", subject="初中", period="2023"),
        finding("contradicted_claim", "P3", "f5", "报告称反馈的5个问题已全部整改到位，但整改台账中仍有问题整改中"),
        finding("threshold_not_met", "P5", "f6", metric="大班额比例", current=3.1, threshold=2.0),
    ]
    selves = {"P1": 3, "P2": 4, "P3": 2, "P4": 2, "P5": 2}
    got = suggest(framework(), selves, findings)
    assert got["P1"].suggested == pytest.approx(1.8)  # 2.4 points short × 0.5
    assert "每低1个百分点扣0.5分" in got["P1"].deductions[0].reason and got["P1"].deductions[0].finding == "f1"
    assert got["P2"].suggested == 2 and {d.finding for d in got["P2"].deductions} == {"f2", "f3"}
    assert got["P3"].suggested == 1.5 and got["P3"].deductions[0].finding == "f5"
    assert got["P4"].suggested == 2 and got["P4"].basis == NO_BASIS and not got["P4"].deductions
    assert got["P5"].suggested == 0 and "不得分" in got["P5"].deductions[0].reason
    assert totals(got) == {"self": 13, "suggested": 7.3}


def test_a_point_without_evidence_scores_zero_only_where_the_notes_say_so():
    nothing = [finding("missing_evidence", "P4", "f9")]
    nothing[0].severity = "high"
    assert suggest(framework(), {"P4": 2}, nothing)["P4"].suggested == 2
    strict = framework(["3. 无佐证材料的，该观测点按未完成计分。"])
    got = suggest(strict, {"P4": 2}, nothing)["P4"]
    assert got.suggested == 0 and got.deductions[0].rule.startswith("3. 无佐证材料")


def test_a_self_score_already_lowered_is_not_raised():
    findings = [finding("threshold_not_met", "P1", "f1", metric="巩固率", current=94.0, threshold=95.0)]
    assert suggest(framework(), {"P1": 1.0}, findings)["P1"].suggested == 1.0
    assert suggest(framework(), {"P1": 3.0}, findings)["P1"].suggested == 2.5


@pytest.mark.slow  # a whole-bundle audit of the devset
def test_on_the_devset_every_inflated_point_gets_a_lower_suggestion_with_its_rule(tmp_path):
    assert (SHARED / "devset" / "county1.zip").is_file(), "../shared/devset must sit beside the checkout"
    from service.cli import main

    labels = json.loads((SHARED / "devset" / "county1.labels.json").read_text("utf-8"))
    fw_file, report_file = tmp_path / "fw.yaml", tmp_path / "audit.json"
    assert main(["framework", "import", str(SHARED / "devset" / "fw_table_A.xlsx"), "-o", str(fw_file)]) == 0
    args = ["audit", str(SHARED / "devset" / "county1.zip"), "--framework", str(fw_file), "--json", str(report_file)]
    assert main([*args, "--no-ocr"]) == 0
    report = json.loads(report_file.read_text("utf-8"))
    inflated = {f["op"] for f in labels["expected_flags"] if f["kind"] == "self_score_inflated"}
    flag_ids = {f["id"] for f in report["flags"]}
    for p in report["observation_points"]:
        if p["id"] in inflated:
            assert p["suggested_score"] < p["self_score"], p
            assert p["deductions"] and all(d["finding"] in flag_ids and d["rule"] for d in p["deductions"])
        else:
            assert p["suggested_score"] == p["self_score"], p
    totals_ = report["submission"]["totals"]
    assert totals_["suggested"] < totals_["self"] and totals_["reviewed"] is None


def test_downgrades_and_vetoes_are_read_from_the_notes():
    from corpora.frameworks.deductions import vetoes_in

    notes = [
        "说明：1. 满分100分。",
        "2. 有统计数据造假行为的，评价等次降一等；发生重大校园欺凌事件的，不得评为优秀。",
        "3. 出现教师欠薪问题的，一票否决。",
    ]
    got = [(v.id, v.text, v.effect) for v in vetoes_in(notes)]
    assert got == [
        ("N1", "统计数据造假行为", "downgrade"),
        ("N2", "重大校园欺凌事件", "no_top"),
        ("N3", "教师欠薪问题", "fail"),
    ]
