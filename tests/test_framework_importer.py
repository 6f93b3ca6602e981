"""Official tables in three layouts import with their hierarchy, scores, evidence cues, responsible units
and the standards written in their prose; malformed tables get row/column errors in Chinese."""

import pytest

from corpora.frameworks.importer import import_grid, split_code
from corpora.frameworks.store import load_text
from corpora.samples.render import TableSpec, docx, xlsx
from service.frameworks import import_table, to_yaml

# (一级, 二级, 观测点, 分值, 评分标准, 佐证材料, 责任单位, expected rules as (kind, metric, comparator, value, stages))
POINTS = [
    (
        "党的领导",
        "领导体制",
        "定期研究教育工作",
        "3",
        "县委常委会、政府常务会每年专题研究教育工作不少于2次，每少1次扣1分。",
        "会议纪要、通知",
        "县委办、县政府办",
        [],
    ),
    (
        "党的领导",
        "领导体制",
        "党建工作",
        "2",
        "（1）学校党组织全覆盖1分；（2）党组织书记培训0.6分；（3）党建带团建0.4分。",
        "文件、台账",
        "县委教育工委",
        [],
    ),
    (
        "教育保障",
        "经费投入",
        "一般公共预算教育经费",
        "4",
        "一般公共预算教育经费逐年只增不减，否则不得分。",
        "教育经费执行情况统计公告、决算表",
        "县财政局",
        [("no_decrease", "一般公共预算教育经费", None, None, ())],
    ),
    (
        "教育保障",
        "经费投入",
        "生均一般公共预算教育经费",
        "4",
        "按在校学生人数平均的一般公共预算教育经费，小学、初中、普通高中逐年只增不减，每个学段下降扣2分。",
        "统计公告",
        "县财政局",
        [("no_decrease", "生均一般公共预算教育经费", None, None, ("小学", "初中", "普通高中"))],
    ),
    (
        "教育保障",
        "经费投入",
        "生均公用经费",
        "2",
        "小学生均公用经费不低于600元、初中不低于800元。",
        "预算文件",
        "县财政局",
        [("threshold", "生均公用经费", ">=", 600, ("小学",)), ("threshold", "生均公用经费", ">=", 800, ("初中",))],
    ),
    (
        "教育保障",
        "教师队伍",
        "教师工资",
        "3",
        "义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平。",
        "工资测算表",
        "县人社局、县财政局",
        [("not_below", "教师年均工资", None, None, ())],
    ),
    (
        "教育保障",
        "教师队伍",
        "骨干教师",
        "2",
        "每百名学生拥有县级以上骨干教师数达到1人以上。",
        "名单",
        "县教育局",
        [("threshold", "每百名学生拥有县级以上骨干教师数", ">=", 1, ())],
    ),
    (
        "教育发展",
        "学前教育",
        "学前三年毛入园率",
        "2",
        "学前三年毛入园率达到85%以上得满分，每低1个百分点扣0.5分。",
        "教育事业统计报表",
        "县教育局",
        [("threshold", "学前三年毛入园率", ">=", 85, ())],
    ),
    (
        "教育发展",
        "学前教育",
        "普惠性幼儿园覆盖率",
        "2",
        "普惠性幼儿园覆盖率达到80%以上。",
        "统计表",
        "县教育局",
        [("threshold", "普惠性幼儿园覆盖率", ">=", 80, ())],
    ),
    (
        "教育发展",
        "学前教育",
        "公办园在园幼儿占比",
        "1",
        "公办园在园幼儿占比≥50%。",
        "统计表",
        "县教育局",
        [("threshold", "公办园在园幼儿占比", ">=", 50, ())],
    ),
    (
        "教育发展",
        "义务教育",
        "大班额",
        "2",
        "56人以上大班额比例控制在1%以内，每超过0.5个百分点扣1分。",
        "统计表",
        "县教育局",
        [("threshold", "大班额比例", "<=", 1, ())],
    ),
    (
        "教育发展",
        "义务教育",
        "控辍保学",
        "2",
        "建立控辍保学工作台账，发生辍学未劝返的一票否决。",
        "台账",
        "县教育局、各乡镇",
        [],
    ),
]


def summary(rules):
    return sorted((r.kind, r.metric, r.comparator, r.value, tuple(r.stages)) for r in rules)


def check_import(fw, point_ids):
    points = {p.id: p for p in fw.points()}
    assert list(points) == point_ids
    assert fw.max_score == 29
    quantitative = [(pid, spec) for pid, spec in zip(point_ids, POINTS, strict=True) if spec[7]]
    recovered = sum(summary(points[pid].rules) == sorted(spec[7]) for pid, spec in quantitative)
    assert recovered / len(quantitative) >= 0.9, [(pid, summary(points[pid].rules)) for pid, _ in quantitative]
    salary = points[point_ids[5]]
    assert salary.responsible_units == ["县人社局", "县财政局"]
    assert [e.kind for e in salary.evidence] == ["工资测算表"]
    party = points[point_ids[1]]
    assert [(s.name, s.score) for s in party.sub_points] == [
        ("学校党组织全覆盖", 1),
        ("党组织书记培训", 0.6),
        ("党建带团建", 0.4),
    ]
    assert points[point_ids[0]].deduction == 1
    assert points[point_ids[-1]].veto
    assert {e.kind for e in points[point_ids[2]].evidence} == {"公告", "预决算表"}
    # Round trip: the YAML we write loads and validates to the same framework.
    again = load_text(to_yaml(fw), "round-trip")[0]
    assert again == fw


def test_excel_with_merged_cells_and_abc_codes(tmp_path):
    """Layout 1: 一级/二级 merged down their rows, codes A1 / B1 / C1 inside the text."""
    header = ["一级指标", "二级指标", "观测点", "分值", "评分标准", "佐证材料", "责任单位"]
    rows, merges, l1, l2 = [header], [], {}, {}
    for spec in POINTS:
        a = l1.setdefault(spec[0], f"A{len(l1) + 1}")
        b = l2.setdefault(spec[1], f"B{len(l2) + 1}")
        rows.append([f"{a} {spec[0]}", f"{b} {spec[1]}", f"C{len(rows)} {spec[2]}", *spec[3:7]])
    for col in (0, 1):
        start = 1
        for r in range(2, len(rows) + 1):
            if r == len(rows) or rows[r][col] != rows[start][col]:
                if r - 1 > start:
                    merges.append((start, col, r - 1, col))
                start = r
    for r0, c0, r1, _ in merges:
        for r in range(r0 + 1, r1 + 1):
            rows[r][c0] = ""
    path = xlsx(tmp_path / "2022年县级人民政府履行教育职责评价指标体系.xlsx", {"指标体系": TableSpec(rows, merges)})
    result = import_table(path, framework_id="test-abc")
    assert result.problems == []
    fw = result.framework
    assert [n.id for n in fw.roots()] == ["A1", "A2", "A3"]
    assert [n.id for n in fw.children("B2")] == ["C3", "C4", "C5"]
    assert fw.node("C3").parent == "B2" and fw.node("B2").parent == "A2"
    check_import(fw, [f"C{i}" for i in range(1, 13)])


def test_word_with_dotted_codes_and_other_column_names(tmp_path):
    """Layout 2: a Word table named 评价项目/评价内容/评价要点/权重/计分办法/评价资料/牵头单位, codes 1.1.1."""
    header = ["评价项目", "评价内容", "评价要点", "权重", "计分办法", "评价资料", "牵头单位"]
    rows, l1, l2, count = [header], {}, {}, {}
    for spec in POINTS:
        a = l1.setdefault(spec[0], str(len(l1) + 1))
        b = l2.setdefault(spec[1], f"{a}.{sum(1 for k in l2 if k != spec[1] and l2[k].startswith(a + '.')) + 1}")
        count[b] = count.get(b, 0) + 1
        rows.append([f"{a}.{spec[0]}", f"{b} {spec[1]}", f"{b}.{count[b]} {spec[2]}", *spec[3:7]])
    path = docx(tmp_path / "评价指标.docx", [TableSpec(rows)], title="县级政府履行教育职责评价指标")
    result = import_table(path, framework_id="test-dotted")
    assert result.problems == []
    fw = result.framework
    ids = [p.id for p in fw.points()]
    assert ids[:3] == ["1.1.1", "1.1.2", "2.1.1"]
    assert fw.node("2.1.1").parent == "2.1" and fw.node("2.1").parent == "2"
    check_import(fw, ids)


def test_a_table_without_codes_gets_ids_from_position(tmp_path):
    """Layout 3: Chinese numbering in the level column, bare names elsewhere, a 评价方式 column."""
    header = ["一级指标", "评价要点", "标准分", "评价标准", "备查资料", "责任部门", "评价方式"]
    cn = "一二三四五"
    rows, l1 = [header], {}
    for spec in POINTS:
        label = l1.setdefault(spec[0], f"{cn[len(l1)]}、{spec[0]}")
        rows.append([label, spec[2], *spec[3:7], "定量" if spec[7] else "定性"])
    path = xlsx(tmp_path / "无编号指标表.xlsx", {"Sheet1": TableSpec(rows)})
    result = import_table(path, framework_id="test-plain")
    assert result.problems == []
    fw = result.framework
    assert [(n.id, n.name) for n in fw.roots()] == [("1", "党的领导"), ("2", "教育保障"), ("3", "教育发展")]
    ids = [p.id for p in fw.points()]
    assert ids[:3] == ["1.1", "1.2", "2.1"]
    assert [p.kind for p in fw.points()] == ["定量" if s[7] else "定性" for s in POINTS]
    check_import(fw, ids)


def test_a_one_column_hierarchy_by_codes():
    grid = [
        ["指标编号及名称", "观测点", "分值"],
        ["", "1 党的领导", "5"],
        ["", "1.1 领导体制", "5"],
        ["", "1.1.1 定期研究教育", "3"],
        ["", "1.1.2 党建工作", "2"],
    ]
    result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    assert result.problems == []
    assert [(n.id, n.parent) for n in result.framework.indicators] == [
        ("1", None),
        ("1.1", "1"),
        ("1.1.1", "1.1"),
        ("1.1.2", "1.1"),
    ]


def test_a_score_that_is_not_a_number_is_reported_by_row_and_column():
    grid = [["一级指标", "观测点", "分值"], ["党的领导", "定期研究教育", "3"], ["党的领导", "党建工作", "见细则"]]
    result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    assert result.framework is None
    assert [str(p) for p in result.problems] == ["第3行「分值」列：'见细则' 不是数字"]


def test_scores_in_chinese_numerals_are_read():
    grid = [["一级指标", "观测点", "分值"], ["党的领导", "定期研究教育", "3分"], ["党的领导", "党建工作", "两分"]]
    result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    assert [p.score for p in result.framework.points()] == [3.0, 2.0]


def test_a_point_without_a_score_is_refused_but_an_unscored_level_is_not_a_conflict():
    grid = [
        ["一级指标", "观测点", "分值"],
        ["党的领导（10分）", "定期研究教育", "3"],
        ["党的领导（10分）", "党建工作", ""],
    ]
    result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    messages = [str(p) for p in result.problems]
    assert messages == ["第3行「分值」列：观测点「党建工作」没有分值"]


def test_stated_scores_that_contradict_each_other_are_refused():
    grid = [
        ["一级指标", "观测点", "分值"],
        ["党的领导（10分）", "定期研究教育", "3"],
        ["党的领导（10分）", "党建工作", "4"],
    ]
    result = import_grid(grid, framework_id="x", name="x", source_file="x.xlsx")
    assert [str(p) for p in result.problems] == ["第2行「分值」列：「党的领导」10分，下级合计 7分"]


def test_a_table_without_a_header_is_refused_with_a_reason():
    result = import_grid([["甲", "乙"], ["1", "2"]], framework_id="x", name="x", source_file="x.xlsx")
    assert result.framework is None and "表头" in str(result.problems[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1 党的领导", ("A1", "党的领导", True)),
        ("C12．经费", ("C12", "经费", True)),
        ("2.1.3 普惠园名单", ("2.1.3", "普惠园名单", True)),
        ("1、建立制度", ("1", "建立制度", False)),
        ("（一）加强领导", (None, "加强领导", False)),
        ("教师工资", (None, "教师工资", False)),
    ],
)
def test_codes_inside_cell_text(text, expected):
    assert split_code(text) == expected


def test_an_unnamed_import_takes_the_tables_own_title():
    grid = [
        ["某省2024年度县级人民政府履行教育职责评价指标体系"] * 4,
        ["一级指标", "二级指标", "观测点", "分值"],
        ["A1 教育投入", "A1.1 经费保障", "一般公共预算教育经费逐年只增不减", "5"],
    ]
    got = import_grid(grid, framework_id="t", name=None, source_file="附件1.xlsx").framework
    assert got.name == "某省2024年度县级人民政府履行教育职责评价指标体系"
    plain = import_grid(grid[1:], framework_id="t", name=None, source_file="附件1.xlsx").framework
    assert plain.name == "附件1"
