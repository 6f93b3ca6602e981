"""The five seed frameworks load, validate and add up; broken framework files get precise Chinese
errors; the CLI lists, shows and validates them."""

from collections import Counter

import pytest

from corpora.frameworks import FrameworkError, load, shipped
from corpora.frameworks.store import load_text, render_tree
from service.cli import main

EXPECTED = {
    "cq-2018-district": ("重庆市", 7, "渝府办发〔2018〕193号"),
    "nm-league-city": ("内蒙古自治区", 6, None),
    "sh-2017-district": ("上海市", 7, "沪府办发〔2017〕77号"),
    "gd-2020-county": ("广东省", 7, "粤府教督函〔2020〕21号"),
    "hn-2021-county-gov": ("湖南省", 8, "湘政教督办〔2021〕13号"),
    "hn-2021-county-leaders": ("湖南省", 1, "湘政教督办〔2021〕13号"),
}


def test_every_seed_is_shipped_constructed_and_adds_up():
    frameworks = {fw.id: fw for fw in shipped()}
    assert set(frameworks) == set(EXPECTED)
    seeds = {fw.source.seed[:3] for fw in frameworks.values()}
    assert seeds == {"000", "001", "002", "003", "004"}
    for fw_id, (jurisdiction, roots, doc_number) in EXPECTED.items():
        fw = frameworks[fw_id]
        assert fw.source.constructed and fw.jurisdiction == jurisdiction
        assert len(fw.roots()) == roots and fw.source.doc_number == doc_number
        assert sum(p.score for p in fw.points() if not p.bonus) == pytest.approx(fw.max_score) == 100
        for node in fw.indicators:
            kids = fw.children(node.id)
            if kids and node.score is not None:
                assert sum(k.score for k in kids if not k.bonus) == pytest.approx(node.score)


def test_guangdong_has_57_points_28_qualitative_29_quantitative_and_105_in_all():
    fw = load("gd-2020-county")
    kinds = Counter(p.kind for p in fw.points())
    assert len(fw.points()) == 57 and kinds == {"定性": 28, "定量": 29}
    assert [(c.name, c.score) for c in fw.components] == [("省政府教育督导委员会合议评价", 5)]
    assert fw.total_possible() == 105
    assert {p.id for p in fw.points()} == {f"C{i}" for i in range(1, 58)}


def test_grades_and_quotas_follow_the_seeds():
    nm = load("nm-league-city")
    assert [(g.name, g.min, g.max) for g in nm.grades] == [("优秀", 85, None), ("合格", 60, 85), ("不合格", None, 60)]
    hn = load("hn-2021-county-gov")
    assert [g.name for g in hn.grades] == ["优秀", "合格", "基本合格", "不合格"]
    assert hn.quotas[0].grade == "优秀" and hn.quotas[0].max_share == pytest.approx(1 / 3)


def test_the_national_rules_are_machine_readable():
    cq = load("cq-2018-district")
    rules = {(r.kind, r.metric, r.comparator, r.value, tuple(r.stages)) for p in cq.points() for r in p.rules}
    assert (
        "no_decrease",
        "生均一般公共预算教育经费",
        None,
        None,
        ("幼儿园", "小学", "初中", "普通高中", "中职"),
    ) in rules
    assert ("threshold", "大班额比例", "<=", 1, ()) in rules
    assert ("threshold", "普惠性幼儿园覆盖率", ">=", 80, ()) in rules
    assert ("threshold", "生均公用经费", ">=", 600, ("小学",)) in rules
    assert any(k == "not_below" for k, *_ in rules)


def test_trees_print_with_scores_and_rules():
    text = render_tree(load("cq-2018-district"))
    assert "A5.5 义务教育教师平均工资不低于当地公务员（3分，定量） ⟨教师年均工资 不低于 公务员年均工资⟩" in text


BROKEN = """schema: jiaodu.framework/1
id: broken
name: 测试
jurisdiction: 某县
level_evaluated: 县
source: {document: 测试}
max_score: 10
indicators:
  - {id: A1, name: 党的领导}
  - {id: A1.1, parent: A1, name: 定期研究, score: 两分}
  - {id: A1.2, parent: A9, name: 党建工作, score: 4}
"""


def test_a_broken_file_gets_line_indicator_and_field():
    with pytest.raises(FrameworkError) as info:
        load_text(BROKEN, "broken.yaml")
    assert info.value.problems == ["第10行 指标 A1.1 「分值」：'两分' 不是数字"]


def test_semantic_problems_are_listed_each_in_its_own_sentence():
    text = BROKEN.replace("score: 两分", "score: 3")
    with pytest.raises(FrameworkError) as info:
        load_text(text, "broken.yaml")
    assert info.value.problems == ["broken：指标 A1.2「上级编号」：找不到上级指标 A9"]
    text = text.replace("parent: A9", "parent: A1")
    with pytest.raises(FrameworkError) as info:
        load_text(text, "broken.yaml")
    assert info.value.problems == ["broken：观测点分值合计 7，与满分 10 不符"]


def test_cli_lists_validates_and_reports(tmp_path, capsys):
    assert main(["frameworks"]) == 0
    assert "gd-2020-county" in capsys.readouterr().err
    good = tmp_path / "fw.yaml"
    good.write_text(BROKEN.replace("score: 两分", "score: 6").replace("parent: A9", "parent: A1"), "utf-8")
    assert main(["framework", "validate", str(good)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN, "utf-8")
    assert main(["framework", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "'两分' 不是数字" in err and "Traceback" not in err
    assert main(["framework", "show", "hn-2021-county-leaders"]) == 0
    assert "L1.5 为师生上思想政治课" in capsys.readouterr().out


def test_cli_imports_a_table_then_validates_the_result(tmp_path, capsys):
    from corpora.samples.render import TableSpec, xlsx

    rows = [
        ["一级指标", "观测点", "分值", "评分标准", "责任单位"],
        ["教育保障", "普惠性幼儿园覆盖率", "6", "普惠性幼儿园覆盖率达到80%以上", "县教育局"],
        ["教育保障", "教师工资", "4", "义务教育教师平均工资收入水平不低于当地公务员", "县人社局、县财政局"],
    ]
    table = xlsx(tmp_path / "指标表.xlsx", {"Sheet1": TableSpec(rows)})
    out = tmp_path / "fw.yaml"
    assert main(["framework", "import", str(table), "-o", str(out), "--id", "demo-import"]) == 0
    err = capsys.readouterr().err
    assert "观测点 2 个" in err and "满分 10" in err and "量化标准：2 个观测点 2 条" in err
    assert main(["framework", "validate", str(out)]) == 0
    broken = xlsx(tmp_path / "坏表.xlsx", {"Sheet1": TableSpec([rows[0], [*rows[1][:2], "按细则", *rows[1][3:]]])})
    assert main(["framework", "import", str(broken), "-o", str(tmp_path / "x.yaml")]) == 1
    assert "第2行「分值」列：'按细则' 不是数字" in capsys.readouterr().err
