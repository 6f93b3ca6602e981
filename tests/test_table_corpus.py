"""Official indicator tables in the shapes provinces publish (tests/data/tables, written from the field
guide by a test-data module that is not the sample generator): every one imports to its expected
framework — levels, ids, names, scores, standards, deductions, sub-points, evidence cues, units — with
every row that is not an indicator reported as skipped."""

from pathlib import Path

import pytest

from corpora.frameworks.importer import import_grid
from service.frameworks import import_table
from tests.data.tables.build import build_all
from tests.tablecorpus import differences, expected_cases, rules_recovered

pytestmark = pytest.mark.slow  # tables rendered to .doc/.xls through LibreOffice

DEVSET_TABLE = Path(__file__).resolve().parents[2] / "shared" / "devset" / "fw_table_A.xlsx"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    paths = build_all(tmp_path_factory.mktemp("tables"))
    return {case["case"]: (case, import_table(paths[case["case"]])) for case in expected_cases()}


def test_the_corpus_has_every_shape_the_issue_names():
    cases = expected_cases()
    formats = {Path(c["file"]).suffix for c in cases}
    assert len(cases) >= 15 and {".xlsx", ".docx", ".xls", ".doc"} <= formats


@pytest.mark.parametrize("name", [c["case"] for c in expected_cases()])
def test_each_table_imports_to_its_expected_framework(imported, name):
    case, result = imported[name]
    assert result.framework is not None, [str(p) for p in result.problems]
    assert differences(result.framework, case) == []
    warnings = " ".join(str(w) for w in result.warnings)
    assert [t for t in case.get("skipped") or [] if t[:6] not in warnings] == []


def test_standards_written_anywhere_in_a_row_are_read(imported, capsys):
    found = total = exact = 0
    for name, (case, result) in imported.items():
        f, t = rules_recovered(result.framework, case)
        found, total = found + f, total + t
        diffs = differences(result.framework, case)
        exact += not diffs
        print(f"{name}: 标准 {f}/{t}，与预期框架差异 {len(diffs)} 处")
    print(f"量化标准 {found}/{total}，完全一致的表 {exact}/{len(imported)}")
    assert found / total >= 0.95


def test_the_point_column_named_in_brackets_keeps_every_point(imported):
    case, result = imported["t05_xlsx_observation_point_header"]
    points = result.framework.points()
    assert len(points) == sum(1 for n in case["nodes"] if "rules" in n)
    assert result.framework.max_score == case["max_score"]


def test_unscored_levels_pass_scores_through_without_a_conflict(imported):
    case, result = imported["t10_docx_level1_scores_only"]
    assert [n.id for n in result.framework.indicators] == [n["id"] for n in case["nodes"]]
    assert result.framework.max_score == case["max_score"]


def test_the_development_bundles_table_imports_under_its_own_codes():
    result = import_table(DEVSET_TABLE)
    fw = result.framework
    assert fw is not None
    assert [p.id for p in fw.points()] == [f"C{i}" for i in range(1, 28)]
    assert fw.max_score == 100
    skipped = [str(w) for w in result.warnings]
    assert sum("说明文字" in w for w in skipped) == 4 and sum("合计行" in w for w in skipped) == 1
    assert sum(1 for p in fw.points() if p.rules) >= 16


def test_an_unrecognised_header_is_named_and_can_be_mapped():
    grid = [["层级", "考评事项", "分数"], ["党的领导", "定期研究教育工作", "3"], ["党的领导", "落实联系学校制度", "2"]]
    refused = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    assert refused.framework is None
    message = str(refused.problems[0])
    assert "第1行：层级 | 考评事项 | 分数" in message and "--map" in message
    mapped = import_grid(
        grid, framework_id="x", name="x", source_file="x.xlsx",
        overrides={"一级指标": "层级", "观测点": "考评事项", "分值": "分数"},
    )  # fmt: skip
    assert [p.name for p in mapped.framework.points()] == ["定期研究教育工作", "落实联系学校制度"]
    assert mapped.framework.max_score == 5


def test_no_grid_makes_the_importer_fail_with_a_traceback():
    """Random grids of header words, codes, scores and prose: every import ends as a framework or as
    problems in Chinese, never as an exception."""
    import random

    words = [
        *("一级指标", "二级指标", "观测点", "分值", "评分标准", "佐证材料", "合计", "说明：本表", "", ""),
        *("A1 党的领导（10分）", "C3 学前三年毛入园率达到85%以上", "1.1.1 普惠", "一", "2", "两分", "+1"),
        *("一票否决", "（二）", "加分项（最高加3分）", "每少1个百分点扣0.5分", "教育保障（30%）", "组织\n领导"),
        *("小学、初中分别不低于650元和850元", "评价内容（观测点）"),
    ]
    rng = random.Random(20221220)
    for _ in range(400):
        width = rng.randint(1, 7)
        grid = [[rng.choice(words) for _ in range(width)] for _ in range(rng.randint(0, 9))]
        result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
        assert (result.framework is None) == bool(result.problems)
        assert all(isinstance(str(p), str) and str(p) for p in result.problems)
