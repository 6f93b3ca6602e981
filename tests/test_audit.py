"""The preliminary audit: planted defects in generated bundles are found (recall >= 90% for every flag
kind), clean bundles get no high-severity flag, numeric checks hold at their edges, and the JSON report
follows the contract and its JSON Schema."""

import json
import re
import zipfile
from collections import Counter
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from classify.audit import audit
from classify.checks import parts_total, sentence_checks
from classify.evidence import Fact
from classify.support import judge, same_value
from corpora.frameworks import load
from corpora.samples.generator import SampleOptions, generate
from extract.claims import Claim
from extract.pipeline import ExtractOptions
from extract.quantities import find_quantities
from service.audit_run import run_audit, to_contract
from service.cli import main

pytestmark = pytest.mark.slow  # whole-bundle audits

BUNDLES = [
    ("hn-2021-county-gov", "by_indicator", "docx-styled", 31),
    ("gd-2020-county", "flat_coded", "pdf", 32),
    ("cq-2018-district", "unorganised", "docx-plain", 33),
    ("nm-league-city", "by_indicator", "pdf", 34),
    ("sh-2017-district", "unorganised", "docx-styled", 35),
    ("hn-2021-county-leaders", "flat_coded", "docx-plain", 36),
]


def _audit(folder: Path, framework: str, **options):
    labels = generate(load(framework), folder, SampleOptions(**options))
    run = run_audit(folder, load(framework), ExtractOptions(ocr=False, workers=2))
    return labels, run


@pytest.fixture(scope="module")
def defect_runs(tmp_path_factory):
    out = []
    for framework, layout, fmt, seed in BUNDLES:
        folder = tmp_path_factory.mktemp(f"defects-{seed}")
        out.append(_audit(folder, framework, seed=seed, layout=layout, report_format=fmt, scanned=0, broken=1))
    return out


def _key(kind: str, point, file):
    return (kind, file) if kind == "unreadable_file" else (kind, point)


def test_every_planted_defect_kind_is_found(defect_runs):
    planted, found = Counter(), Counter()
    missed = []
    for labels, run in defect_runs:
        ours = {_key(f.kind, f.observation_point, f.file) for f in run.result.findings}
        for flag in labels["flags"]:
            key = _key(flag["kind"], flag["observation_point"], flag["file"])
            planted[flag["kind"]] += 1
            if key in ours:
                found[flag["kind"]] += 1
            else:
                missed.append((labels["framework"], key))
    assert len(planted) == 9, planted  # every kind of the contract was planted somewhere
    for kind, n in planted.items():
        assert found[kind] / n >= 0.95, (kind, found[kind], n, missed)


def test_support_verdicts_follow_the_labels(defect_runs):
    """Each claim's verdict — supported, partial, unsupported, contradicted — against the generator's label."""
    right = total = 0
    wrong = []
    for labels, run in defect_runs:
        by_text = {re.sub(r"\s", "", c.claim.text): c for c in run.result.claims if c.verdict is not None}
        for label in labels["claims"]:
            text = re.sub(r"\s", "", label["text"])
            got = next((c for t, c in by_text.items() if text in t), None)
            if label.get("support") is None or got is None:
                continue
            total += 1
            right += got.verdict.support == label["support"]
            if got.verdict.support != label["support"]:
                wrong.append((label["text"][:30], label["support"], got.verdict.support, got.verdict.reason[:60]))
    assert total >= 300 and right / total >= 0.95, (right, total, wrong[:10])


def test_a_clean_bundle_gets_no_high_or_medium_flag(tmp_path):
    for framework, layout, fmt, seed in BUNDLES[:3]:
        _, run = _audit(
            tmp_path / str(seed), framework, seed=seed + 100, layout=layout, report_format=fmt, defect_rate=0, scanned=0
        )
        alarms = [f for f in run.result.findings if f.severity in ("high", "medium") and f.kind != "unreadable_file"]
        assert not alarms, [(f.kind, f.observation_point, f.message) for f in alarms]
        assert any(f.kind == "unreadable_file" for f in run.result.findings)  # the planted broken file


def test_the_json_report_follows_the_contract_schema(defect_runs):
    schema = json.loads(resources.files("service").joinpath("schemas/audit-report.schema.json").read_text("utf-8"))
    for labels, run in defect_runs[:3]:
        report = to_contract(run)
        jsonschema.validate(report, schema)
        claim_ids = {c["id"] for c in report["claims"]}
        point_ids = {p.id for p in load(labels["framework"]).points()}
        for flag in report["flags"]:
            assert flag["claim"] is None or flag["claim"] in claim_ids
            assert flag["observation_point"] is None or flag["observation_point"] in point_ids
            if flag["claim"] or flag["kind"] in ("decline", "contradicted_claim"):
                assert flag["file"] and flag["page"], flag  # a reviewer can open it
        assert [f["id"] for f in report["flags"]] == [f"f{i}" for i in range(1, len(report["flags"]) + 1)]
        roles = Counter(f["role"] for f in report["files"])
        assert roles["report"] == 1 and roles["self_score"] == 1
        assert not any(f["path"].endswith("labels.json") for f in report["files"])
    bad = dict(to_contract(defect_runs[0][1]), schema="jiaodu.audit/0")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_one_flag_per_fact(defect_runs):
    for _, run in defect_runs:
        keys = [f.key() for f in run.result.findings]
        assert len(keys) == len(set(keys))


def _claim(text: str, year: int = 2022) -> Claim:
    return Claim("c1", text, "funding", True, "", "报告.docx", 2, 0, len(text), [], find_quantities(text, year))


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # growth stated to one decimal: 149701.58 / 139328.99 - 1 = 7.445% → 7.4% is right, 7.6% is not
        ("全县一般公共预算教育经费由上年的139328.99万元增加到2022年的149701.58万元，增长7.4%。", []),
        ("全县一般公共预算教育经费由上年的139328.99万元增加到2022年的149701.58万元，增长7.6%。", ["arithmetic_error"]),
        # two decimals: 7.44% is within rounding, 7.48% is not
        ("全县一般公共预算教育经费由上年的139328.99万元增加到2022年的149701.58万元，增长7.44%。", []),
        ("全县一般公共预算教育经费由上年的139328.99万元增加到2022年的149701.58万元，增长7.48%。", ["arithmetic_error"]),
        # a fall written as 下降 with a positive number
        ("全县一般公共预算教育经费由上年的15.2亿元减少到2022年的14.8亿元，下降2.6%。", []),
        ("全县一般公共预算教育经费由上年的15.2亿元减少到2022年的14.8亿元，下降3.6%。", ["arithmetic_error"]),
        # 万元 and 亿元 in one sentence compare in base units
        ("2022年全县一般公共预算教育经费为13.52亿元，比上年的128400万元增长5.3%。", []),
        # 元 where 万元 is meant
        ("2022年全县一般公共预算教育经费为135200.00元，比上年的128400.00万元增长5.3%。", ["unit_error"]),
        # a difference of rates in 个百分点, and wrongly in %
        ("2022年全县普惠性幼儿园覆盖率为86.5%，比上年的84.4%提高2.1个百分点。", []),
        ("2022年全县普惠性幼儿园覆盖率为86.5%，比上年的84.4%提高2.4个百分点。", ["arithmetic_error"]),
        ("2022年全县普惠性幼儿园覆盖率达到86.5%，比上年提高2.1%。", ["unit_error"]),
    ],
)
def test_numeric_checks_at_their_edges(text, kinds):
    assert sorted(f.kind for f in sentence_checks(_claim(text), "A1")) == kinds


def test_rounding_tolerance_follows_the_stated_figure():
    q = find_quantities("经费为13.52亿元", 2022)[0]
    fact = Fact("一般公共预算教育经费", "全县", "2022", 135234.12, "万元", "公告.pdf", 1, "", "表格")
    assert same_value(q, fact)  # 13.5234 亿元 is 13.52 亿元 as stated
    fact.value = 135634.12
    assert not same_value(q, fact)


def test_too_little_evidence_is_unsupported_never_contradicted():
    claim = _claim("2022年全县普惠性幼儿园覆盖率达到86.5%。")
    verdict = judge(claim, "A1", [])
    assert verdict.support == "unsupported" and not verdict.mismatches


def test_a_broken_file_never_fails_the_audit(tmp_path):
    fw = load("sh-2017-district")
    generate(fw, tmp_path / "b", SampleOptions(seed=41, scanned=0, broken=2))
    (tmp_path / "b" / "佐证材料").mkdir(exist_ok=True)
    (tmp_path / "b" / "佐证材料" / "空文件.pdf").write_bytes(b"")
    out = tmp_path / "report.json"
    args = ["audit", str(tmp_path / "b"), "--framework", "sh-2017-district", "--json", str(out), "--workers", "2"]
    assert main([*args, "--export", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "初审意见.docx").is_file() and (tmp_path / "out" / "问题清单.xlsx").is_file()
    report = json.loads(out.read_text("utf-8"))
    unreadable = [f for f in report["flags"] if f["kind"] == "unreadable_file"]
    assert len(unreadable) == 3 and all(f["message"] for f in unreadable)
    assert any("空文件.pdf" in f["file"] for f in unreadable)


def test_audit_arguments_are_checked(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "无此目录"), "--framework", "sh-2017-district"]) == 2
    (tmp_path / "空").mkdir()
    assert main(["audit", str(tmp_path / "空"), "--framework", "sh-2017-district"]) == 2
    assert "是空的" in capsys.readouterr().err
    (tmp_path / "自评报告.txt").write_text("某县自评报告", "utf-8")
    (tmp_path / "材料.zip").write_text("这不是压缩包", "utf-8")
    (tmp_path / "材料.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 16)
    with zipfile.ZipFile(tmp_path / "空包.zip", "w") as z:
        z.writestr("佐证材料/", "")  # a folder and no file
    with zipfile.ZipFile(tmp_path / "整包.zip", "w") as z:
        z.writestr("自评报告.txt", "某县自评报告" * 50)
    (tmp_path / "截断.zip").write_bytes((tmp_path / "整包.zip").read_bytes()[:60])  # an upload cut short
    for name in ("自评报告.txt", "材料.zip", "材料.rar", "空包.zip", "截断.zip"):
        assert main(["audit", str(tmp_path / name), "--framework", "sh-2017-district"]) == 2
        out = capsys.readouterr().err
        assert name in out and "[red]" not in out
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "自评报告.docx").write_bytes(b"")
    assert main(["audit", str(tmp_path / "b"), "--framework", "无此体系"]) == 2


def test_the_report_and_sheet_are_found_by_name_and_can_be_named(tmp_path):
    fw = load("hn-2021-county-leaders")
    labels = generate(fw, tmp_path, SampleOptions(seed=42, scanned=0, broken=0))
    run = run_audit(tmp_path, fw, ExtractOptions(ocr=False, workers=2))
    assert run.result.report == labels["report"] and run.result.sheet == labels["self_score"]
    assert run.result.year == 2022 and run.result.region
    files = [f for f in run.files]
    forced = audit(fw, files, report=labels["report"], sheet=None)
    assert forced.report == labels["report"]


def test_every_rule_kind_of_the_schema_has_a_checker():
    from typing import get_args

    from classify.checks import RULE_CHECKERS
    from corpora.frameworks.schema import Rule

    assert set(get_args(Rule.model_fields["kind"].annotation)) == set(RULE_CHECKERS)


def test_three_growths_compare_the_budget_with_recurrent_revenue():
    """三个增长：一般公共预算教育经费的增长须高于经常性财政收入的增长（以两年数字或公告所载增幅计）."""
    from classify.checks import Figures, rule_checks
    from corpora.frameworks.schema import Framework, Node, Rule, Source

    fw = Framework(
        id="g", name="三个增长", jurisdiction="测试", level_evaluated="县", source=Source(document="测试"), max_score=2,
        indicators=[Node(id="A", name="教育投入"), Node(id="A1", parent="A", name="落实三个增长", score=2,
                    rules=[Rule(kind="grows_faster", metric="一般公共预算教育经费", other="经常性财政收入")])],
    )  # fmt: skip

    def facts(text):
        claim = Claim(id="c1", text=text, kind="funding", needs_evidence=True, reason="", file="公告.pdf", page=1,
                      start=0, end=len(text), section=[], quantities=find_quantities(text, 2022))  # fmt: skip
        return Figures([], [claim], 2022)

    slower = facts("一般公共预算教育经费85086.65万元，比上年的83000万元增长2.51%；经常性财政收入增长4.6%。")
    (finding,) = rule_checks(fw, slower)
    assert finding.kind == "threshold_not_met" and finding.values["growth"] == 2.51
    faster = facts("一般公共预算教育经费85086.65万元，比上年的78060.19万元增长9.00%；经常性财政收入增长4.6%。")
    assert rule_checks(fw, faster) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("2021年普通高中招生5,418人，中职学校招生2,136人，中职招生占高中阶段招生总数的39.42%。", True),
        ("2021年普通高中招生5,418人，中职学校招生2,136人，中职招生占高中阶段招生总数的28.28%。", False),
        ("高中阶段招生7,554人，其中中职学校招生2,136人，中职招生占高中阶段招生总数的28.28%。", False),
    ],
)
def test_a_share_of_the_whole_over_one_part_is_a_wrong_denominator(text, flagged):
    """占高中阶段的比例须以两部分之和为分母（黎川：1628/4243 写作“占高中阶段38.37%”）."""
    claim = Claim(id="c1", text=text, kind="rate", needs_evidence=True, reason="", file="报告.docx", page=1,
                  start=0, end=len(text), section=[], quantities=find_quantities(text, 2021))  # fmt: skip
    kinds = [f.kind for f in sentence_checks(claim, "C1")]
    assert ("arithmetic_error" in kinds) == flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("全县共有学校98所：幼儿园24所（公办园15所、民办园9所），小学66所（县直小学6所、村小60所），"
         "普通高中、中职学校、特殊教育学校各1所，初中5所。", False),
        ("全县共有学校98所：幼儿园24所（公办园15所、民办园19所），小学66所，普通高中、中职学校各4所。", True),
    ],
)  # fmt: skip
def test_nested_counts_are_a_tree_and_each_counts_every_item(text, flagged):
    """括号内的分项是前一个数的组成部分，不再计入总数；“各1所”按所列项数计."""
    claim = Claim(id="c1", text=text, kind="background", needs_evidence=False, reason="", file="报告.docx",
                  page=1, start=0, end=len(text), section=[], quantities=find_quantities(text, 2022))  # fmt: skip
    assert bool(parts_total(claim, None)) == flagged


def test_a_point_status_never_contradicts_its_findings_or_claims(defect_runs):
    """有支撑 never stands beside a decline, an unmet threshold or a contradiction on the same point; a
    point the report makes claims about is never 未涉及 (only one neither claimed nor evidenced is)."""
    from service.workbench import with_statuses

    checked = 0
    for _, run in defect_runs:
        report = to_contract(run)
        against = {
            f["observation_point"]
            for f in report["flags"]
            if f["severity"] == "high" and f["kind"] in ("decline", "threshold_not_met", "contradicted_claim")
        }
        for p in report["observation_points"]:
            if p["id"] in against:
                checked += 1
                assert p["status"] != "supported", p
            assert (p["status"] == "missing") == (not p["claims"] and not p["evidence_files"]), p
        # the pages and the exports recompute the status from the report by the same rule
        assert with_statuses(report["observation_points"], report, {}) == report["observation_points"]
    assert checked


@pytest.mark.parametrize(
    ("files", "claims", "verdicts", "severe", "status"),
    [
        (1, 2, ["supported", "supported"], {"decline"}, "partial"),  # 生均经费下降 beside supported claims
        (1, 0, [], {"threshold_not_met"}, "unsupported"),
        (1, 1, ["supported"], {"missing_evidence"}, "supported"),
        (0, 3, [], set(), "unsupported"),  # 报告称已落实，却无佐证
        (0, 0, [], set(), "missing"),
        (2, 1, ["partial"], set(), "partial"),
    ],
)
def test_point_status_weighs_files_claims_and_findings(files, claims, verdicts, severe, status):
    from classify.findings import point_status

    assert point_status(files, claims, verdicts, severe) == status


def test_missing_evidence_is_raised_only_where_no_evidence_was_matched(defect_runs):
    """缺少佐证 means no evidence at all; evidence of another kind than the framework asks is a hint on
    the point (evidence_hints), not a finding."""
    hints = 0
    for _, run in defect_runs:
        report = to_contract(run)
        points = {p["id"]: p for p in report["observation_points"]}
        for f in report["flags"]:
            if f["kind"] == "missing_evidence":
                assert f["severity"] == "high" and not points[f["observation_point"]]["evidence_files"], f
        for p in points.values():
            for h in p["evidence_hints"]:
                hints += 1
                assert p["evidence_files"] and h["required_kind"] in h["message"] and "已有" in h["message"]
    assert hints


def test_figures_in_messages_are_quoted_as_their_source_writes_them():
    """A message quotes 120,871.90元 as the source writes it — not 120872 (six digits) nor 120871.9."""
    from classify.checks import Figures, rule_checks

    claim = _claim("初中生均一般公共预算教育经费由2021年的120,871.90元降至2022年的120,078.70元。")
    share = _claim("2022年全县公办园在园幼儿占比为43.40%。")
    messages = [f.message for f in rule_checks(load("hn-2021-county-gov"), Figures([], [claim, share], 2022))]
    assert any("由2021年的120,871.90元降至2022年的120,078.70元" in m for m in messages), messages
    assert any("公办园在园幼儿占比为43.40%，未达到" in m for m in messages), messages
    cell = Fact("生均一般公共预算教育经费", "初中", "2022", 120871.9, "元", "公告.pdf", 1, "", "表格", text="120871.90")
    assert cell.stated() == "120871.90元"
    text = Fact("经费", None, "2022", 13.52, "亿元", "公告.pdf", 1, "", "正文", text="13.52亿元")
    assert text.stated() == "13.52亿元"


@pytest.mark.parametrize(
    ("ledger", "support"),
    [
        ("2022年拨付义务教育学校公用经费2654.0万元，2023年拨付2868.5万元。", "supported"),
        ("2023年拨付义务教育学校公用经费2868.5万元。", "partial"),  # one level: the change has nothing under it
    ],
)
def test_a_change_computed_from_levels_the_evidence_states_is_backed(tmp_path, ledger, support):
    """增长10.1% is the county's own arithmetic on two levels (wrongly: 8.08%); where the evidence states both
    levels the claim's facts are backed and the arithmetic check, not the support verdict, judges the rate;
    where it states one level the claim is only partly backed."""
    from classify.evidence import build_evidence
    from classify.matcher import Matcher
    from tests.conftest import read

    fw = load("hn-2021-county-gov")
    (tmp_path / "公用经费拨付明细.txt").write_text(ledger, "utf-8")
    doc = read(tmp_path / "公用经费拨付明细.txt", "佐证材料/H2.5/公用经费拨付明细.txt").document
    evidence = build_evidence({doc.path: doc}, Matcher(fw), 2023)
    claim = _claim("全年拨付义务教育学校公用经费2868.5万元，比上年的2654.0万元增长10.1%。", 2023)
    assert [f.kind for f in sentence_checks(claim, "H2.5")] == ["arithmetic_error"]
    verdict = judge(claim, evidence[0].points and sorted(evidence[0].points)[0], evidence)
    assert verdict.support == support, verdict.reason


def test_the_counts_of_the_basic_situation_are_checked_but_owe_no_evidence(tmp_path):
    """基本情况 figures are background: one the evidence states is backed, one it does not give raises
    nothing (a count the evidence gives otherwise would be contradicted once counts carry a metric)."""
    from tests.conftest import read

    report = tmp_path / "某县自评报告.txt"
    report.write_text(
        "某县2023年度履行教育职责自评报告\n一、基本情况\n全县共有幼儿园47所，在园幼儿8630人。\n"
        "全县义务教育学校共有专任教师2915人。\n全县总面积1486平方公里。\n"
        "二、主要做法\n全县学前三年毛入园率达到93.1%。\n",
        "utf-8",
    )
    table = tmp_path / "学前教育基本情况统计表.txt"
    table.write_text("2023年学前教育基本情况：幼儿园47所，在园幼儿8630人，学前三年毛入园率93.1%。\n", "utf-8")
    teachers = tmp_path / "教师队伍统计表.txt"
    teachers.write_text("2023年义务教育学校专任教师2890人。\n", "utf-8")
    files = [
        read(report, "某县自评报告.txt"),
        read(table, "佐证材料/H4.1 学前教育/学前教育基本情况统计表.txt"),
        read(teachers, "佐证材料/H5.4 教师队伍/教师队伍统计表.txt"),
    ]
    result = audit(load("hn-2021-county-gov"), files)
    verdicts = {
        c.claim.text: c.verdict.support if c.verdict else None for c in result.claims if c.claim.kind == "background"
    }
    assert verdicts["全县共有幼儿园47所，在园幼儿8630人。"] == "supported"
    assert verdicts["全县义务教育学校共有专任教师2915人。"] is None  # 2890 in the evidence: a count, no metric yet
    assert verdicts["全县总面积1486平方公里。"] is None
    assert not any(f.kind == "unsupported_claim" and "1486" in f.message for f in result.findings)
