"""The cases of the indicator-table corpus (评价指标体系表): one indicator tree per case, with the text
around the table (title, 附件, issuing line, notes) and what a reader must report.

The tree is the expected framework; `build.py` writes it into a table of the case's shape, and
`expected()` gives the answer key in the `<case>.yaml` format."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tests.data.tables.bank import ALL_STAGES, BANK, BUDGET, PER_STUDENT, RECURRENT, gf, nd, th


@dataclass
class Point:
    """An observation point (观测点), the leaf of the tree."""

    name: str
    score: float | None
    rule: str = ""  # the scoring text as the table writes it
    evidence: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    deduction: float | None = None
    sub_points: list[tuple[str, float]] = field(default_factory=list)
    bonus: bool = False
    veto: bool = False
    short: str = ""
    method: str = ""  # 评价方式 / 考核方式
    code: str | None = None
    id: str = ""


@dataclass
class Ind:
    """An indicator (一级/二级指标)."""

    name: str
    score: float | None
    children: list = field(default_factory=list)
    code: str | None = None
    id: str = ""


@dataclass
class Case:
    name: str
    fmt: str  # xlsx, docx, xls, doc
    about: str
    tree: list[Ind]
    skipped: list[str] = field(default_factory=list)
    ids: str = "positional"  # or "codes"
    title: str = ""
    furniture: dict = field(default_factory=dict)  # 附件, issuing line, notes ...

    @property
    def file(self) -> str:
        return f"{self.name}.{self.fmt}"


def P(key: str, score: float | None, where: str = "rule", **over) -> Point:
    """A point from the bank, with its standard written in the rule column (`rule`), in the point text
    (`text`), in the point text of a table without a rule column (`bare`), in the evidence column
    (`evidence`, the item given as `ev_std`), or in a description cell under a short name (`desc`)."""
    e = BANK[key]
    name, rule, deduction = e.topic, e.scoring, e.deduction
    evidence = list(e.evidence)
    if where == "rule" and e.std:
        rule = f"{e.std}，得满分；{e.scoring}"
    elif where == "text" and e.std:
        name = f"{e.topic}，{e.std}"
    elif where == "bare":
        name = f"{e.topic}，{e.std}" if e.std else e.topic
        rule, deduction = "", None
    elif where == "evidence":
        evidence.append(over.pop("ev_std"))
    elif where == "desc":
        name = e.short
        rule = (f"{e.topic}，{e.std}。" if e.std else f"{e.topic}。") + e.scoring
    point = Point(
        name=name,
        score=score,
        rule=rule,
        evidence=evidence,
        units=list(e.units),
        rules=[dict(r) for r in e.rules],
        deduction=deduction,
        bonus=bool(e.extra.get("bonus")),
        veto=bool(e.extra.get("veto")),
        short=e.short,
    )
    return replace(point, **over)


def I(name: str, score: float | None, *children) -> Ind:  # noqa: E743 - the domain's word, 指标
    return Ind(name, score, list(children))


# -- ids and codes -------------------------------------------------------------------------------


def walk(nodes, parent=None):
    """(node, parent) in table order."""
    for node in nodes:
        yield node, parent
        if isinstance(node, Ind):
            yield from walk(node.children, node)


def leaves(tree) -> list[Point]:
    return [n for n, _ in walk(tree) if isinstance(n, Point)]


def assign_positional(tree) -> None:
    def go(nodes, prefix):
        for i, node in enumerate(nodes, 1):
            node.id = f"{prefix}{i}"
            if isinstance(node, Ind):
                go(node.children, node.id + ".")

    go(tree, "")


def assign_dotted_codes(tree) -> None:
    """Codes 1 / 1.1 / 1.1.1 written in the table: the same as the positional ids."""
    assign_positional(tree)
    for node, _ in walk(tree):
        node.code = node.id


def assign_abc_codes(tree) -> None:
    """Global codes by level: A1, A2 … for 一级, B1 … for 二级, C1 … for the points."""
    counters = {"A": 0, "B": 0, "C": 0}
    for node, parent in walk(tree):
        letter = "C" if isinstance(node, Point) else ("A" if parent is None else "B")
        counters[letter] += 1
        node.code = node.id = f"{letter}{counters[letter]}"


def check_tree(case: Case) -> None:
    """An indicator's score is the sum of its points' scores (bonus items apart; a block of bonus items is
    checked against its ceiling); sub-points add up to their point; ids are unique."""
    ids = [n.id for n, _ in walk(case.tree)]
    assert len(ids) == len(set(ids)), (case.name, "duplicate ids")
    for node, _ in walk(case.tree):
        if isinstance(node, Ind) and node.score is not None:
            points = leaves(node.children)
            counted = [p for p in points if not p.bonus] or points
            assert abs(sum(p.score for p in counted) - node.score) < 1e-9, (case.name, node.name)
        if isinstance(node, Point) and node.sub_points:
            assert abs(sum(s for _, s in node.sub_points) - node.score) < 1e-9, (case.name, node.name)


def max_score(tree) -> float:
    return round(sum(p.score for p in leaves(tree) if not p.bonus and p.score is not None), 6)


def expected(case: Case) -> dict:
    """The answer key of a case (the `<case>.yaml` content)."""
    nodes = []
    for node, parent in walk(case.tree):
        entry = {"id": node.id, "parent": parent.id if parent else None, "name": node.name, "score": node.score}
        if isinstance(node, Point):
            entry.update(
                bonus=node.bonus,
                veto=node.veto,
                deduction=node.deduction,
                sub_points=[{"id": str(i), "name": n, "score": s} for i, (n, s) in enumerate(node.sub_points, 1)],
                rules=[dict(r) for r in node.rules],
                evidence=list(node.evidence),
                responsible_units=list(node.units),
            )
        nodes.append(entry)
    return {
        "case": case.name,
        "file": case.file,
        "about": case.about,
        "max_score": max_score(case.tree),
        "skipped": list(case.skipped),
        "nodes": nodes,
    }


# -- the cases -----------------------------------------------------------------------------------


def t01() -> Case:
    tree = [
        I(
            "加强党的全面领导",
            12,
            I("组织领导", 6, P("dl_study", 2), P("dl_meeting", 2), P("dl_group", 2)),
            I("学校党建", 6, P("dl_partybuild", 2), P("dl_ideology", 2), P("dl_sizheng", 2)),
        ),
        I(
            "保障教育优先发展",
            24,
            I(
                "经费投入",
                14,
                P("jf_budget", 3),
                P("jf_perstudent", 3),
                P("jf_growth", 2),
                P("jf_gongyong", 2),
                P("jf_salary", 4),
            ),
            I("经费管理", 4, P("jf_land", 2), P("jf_manage", 2)),
            I("规划布局", 6, P("dl_plan", 3), P("yw_smallschool", 3)),
        ),
        I(
            "学前教育普及普惠",
            14,
            I("普及水平", 8, P("xq_ruyuan", 3), P("xq_puhui", 3), P("xq_gongban", 2)),
            I("保障机制", 6, P("jf_kg", 2), P("xq_xiaoqu", 2), P("xq_quality", 2)),
        ),
        I(
            "义务教育优质均衡",
            20,
            I("资源配置", 10, P("yw_class", 3), P("yw_teacher100", 3), P("yw_sports", 2), P("yw_dropout", 2)),
            I("规范管理", 10, P("yw_enroll", 3), P("yw_shuangjian", 3), P("yw_after", 2), P("yw_disabled", 2)),
        ),
        I(
            "教师队伍建设",
            15,
            I("师德与管理", 8, P("js_ethics", 2), P("js_bianzhi", 3), P("js_exchange", 3)),
            I("待遇与减负", 7, P("js_burden", 2), P("js_rural", 3), P("js_title", 2)),
        ),
        I(
            "教育安全稳定",
            15,
            I("平安校园", 9, P("aq_system", 2), P("aq_guard", 3), P("aq_threeprot", 2), P("aq_food", 2)),
            I("规范办学", 6, P("aq_fee", 2), P("aq_rectify", 2), P("aq_satisfaction", 2)),
        ),
    ]
    assign_abc_codes(tree)
    notes = [
        "说明：1.本指标体系设一级指标6个、二级指标13个、评价要点42个，满分100分。",
        "2.评分标准中的“扣完为止”，指该评价要点的扣分不超过其分值。",
        "3.涉及统计数据的评价要点，以上一年度全国教育事业统计和教育经费统计数据为准。",
        "4.佐证材料原则上为评价年度内形成的材料，由责任单位提供并对其真实性负责。",
    ]
    return Case(
        "t01_xlsx_codes_in_cells",
        "xlsx",
        "编码写在单元格内（A1/B1/C1），一级、二级指标名称带分值，合计行之后四条说明各自跨全部列合并。",
        tree,
        ids="codes",
        skipped=["合计", "说明：1.本指标体系", "2.评分标准中", "3.涉及统计数据", "4.佐证材料原则上"],
        title="云阜市2022年度对县级人民政府履行教育职责评价指标体系",
        furniture={
            "attachment": "附件1",
            "issuer": "（云阜市人民政府教育督导委员会办公室 2022年12月制定）",
            "notes": notes,
        },
    )


def t02() -> Case:
    tree = [
        I(
            "坚持党对教育工作的全面领导",
            None,
            I("领导责任", None, P("dl_meeting", 5), P("dl_contact", 5)),
            I("学校党建", None, P("dl_partybuild", 5), P("dl_ideology", 5)),
        ),
        I(
            "教育投入保障",
            None,
            I("经费投入", None, P("jf_budget", 6, "text"), P("jf_perstudent", 6), P("jf_salary", 6)),
            I("经费管理", None, P("jf_manage", 4)),
        ),
        I(
            "各类教育发展",
            None,
            I("学前教育", None, P("xq_ruyuan", 5), P("xq_gongban", 5, "text")),
            I("义务教育", None, P("yw_class", 5), P("yw_migrant", 4), P("yw_teacher100_v2", 5)),
            I("高中阶段教育", None, P("gz_rate", 5), P("gz_vocational", 4)),
        ),
        I("教师队伍建设", None, I("交流与编制", None, P("js_exchange", 5), P("js_bianzhi", 5))),
        I("安全稳定与规范办学", None, I("安全与规范", None, P("aq_guard", 5), P("aq_fee", 5), P("aq_supervise", 5))),
    ]
    assign_positional(tree)
    return Case(
        "t02_xlsx_notes_before",
        "xlsx",
        "说明写在表格之前（不合并），表后一条注；指标层级无分值，只有观测点有分值；无编码。",
        tree,
        skipped=["注：本表所称"],
        title="禾川县2023年度履行教育职责自评指标",
        furniture={
            "notes_before": [
                "说明：",
                "1.本表用于县人民政府履行教育职责年度自评，观测点满分合计100分。",
                "2.各责任单位对照评分标准逐项自评，并按佐证材料目录提供材料。",
            ],
            "note_after": "注：本表所称“以上”“以内”均含本数。",
        },
    )


def t03() -> Case:
    tree = [
        I(
            "党的建设和领导",
            10,
            I("领导体制", 5, P("dl_group", 2), P("dl_meeting", 3)),
            I("思想政治工作", 5, P("dl_ideology", 2), P("dl_sizheng", 3)),
        ),
        I(
            "经费保障",
            25,
            I("经费投入", 15, P("jf_budget", 4), P("jf_perstudent_v2", 4), P("jf_growth_v2", 3), P("jf_salary_v2", 4)),
            I("经费拨付", 10, P("jf_gongyong_w", 3), P("jf_special", 2, "text"), P("jf_hs", 2), P("jf_train", 3)),
        ),
        I(
            "学前教育",
            15,
            I("普及普惠", 9, P("xq_ruyuan", 3), P("xq_puhui", 3), P("xq_gongban", 3)),
            I("规范发展", 6, P("xq_teacher", 2, "text"), P("xq_xiaoqu", 2), P("xq_quality", 2)),
        ),
        I(
            "义务教育",
            20,
            I("均衡发展", 12, P("yw_class_v2", 3), P("yw_backbone", 3), P("yw_sports", 3), P("yw_dropout", 3)),
            I("素质教育", 8, P("yw_health", 3, "text"), P("yw_five", 3), P("yw_net", 2)),
        ),
        I(
            "教师队伍",
            15,
            I("师德与编制", 7, P("js_ethics", 3), P("js_bianzhi", 4)),
            I("待遇与发展", 8, P("js_rural", 3), P("js_title", 2), P("js_perf", 3)),
        ),
        I(
            "安全稳定",
            15,
            I("平安校园", 9, P("aq_system", 3), P("aq_drown", 3), P("aq_bully", 3)),
            I("规范办学", 6, P("aq_fee", 3), P("aq_data", 3)),
        ),
    ]
    assign_positional(tree)
    for p in leaves(tree):
        p.evidence = []
    return Case(
        "t03_xlsx_three_level_reordered",
        "xlsx",
        "一级/二级/三级指标三层，每层都有分值（一级、二级写在名称里），分值列在最前，另有序号列和备注列，无佐证材料列。",
        tree,
        skipped=["合计"],
        title="西岭区履行教育职责评价指标（三级指标）",
    )


def t04() -> Case:
    tree = [
        I(
            "党的领导",
            14,
            I("把方向管大局", 8, P("dl_study", 3), P("dl_report", 2), P("dl_evalreform", 3)),
            I("督导问责", 6, P("dl_supervision", 3), P("aq_rectify", 3)),
        ),
        I(
            "保障机制",
            26,
            I("投入保障", 16, P("jf_budget", 4), P("jf_perstudent", 4, "text"), P("jf_growth", 4), P("jf_land", 4)),
            I("待遇保障", 10, P("jf_salary", 6), P("js_perf", 4)),
        ),
        I(
            "学前与义务教育",
            30,
            I(
                "学前教育",
                12,
                P(
                    "xq_puhui",
                    4,
                    "evidence",
                    ev_std="普惠性幼儿园覆盖率测算表，覆盖率须达80%以上",
                    rule="覆盖率达标的得满分；每低1个百分点扣0.5分，扣完为止。",
                ),
                P("xq_center", 4),
                P("xq_recog", 4),
            ),
            I(
                "义务教育",
                18,
                P("yw_plan", 3),
                P("yw_class", 4),
                P("yw_private", 4),
                P("yw_after", 4),
                P("yw_disabled", 3),
            ),
        ),
        I("高中阶段和特殊教育", 10, I("高中阶段教育", 10, P("gz_rate", 4), P("gz_reform", 3), P("gz_special", 3))),
        I("教师队伍", 10, I("教师管理", 10, P("js_exchange", 4), P("js_train", 3), P("js_burden", 3))),
        I("安全稳定", 10, I("校园安全", 10, P("aq_guard", 4), P("aq_drown", 3), P("aq_surround", 3))),
    ]
    assign_positional(tree)
    desk = ["资料审核", "资料审核、实地核查", "实地核查"]
    for i, p in enumerate(leaves(tree)):
        if "认可" in p.rule or "满意" in p.rule:
            p.method = "满意度调查"
        elif p.rules:
            p.method = "数据监测"
        else:
            p.method = desk[i % 3]
    return Case(
        "t04_xlsx_two_row_header",
        "xlsx",
        "两行表头：第一行“评价指标”横跨一级指标、二级指标两列，其余表头纵向合并两行；有评价方式列；一处标准写在佐证材料里。",
        tree,
        skipped=["合计"],
        title="清渠县2022年度县级人民政府履行教育职责评价细则",
        furniture={"attachment": "附件2"},
    )


def t05() -> Case:
    tree = [
        I("普及水平", 8, P("xq_ruyuan", 4, "text"), P("xq_puhui", 4, "text")),
        I("政府保障", 7, P("jf_kg", 4), P("xq_xiaoqu", 3)),
        I("保教质量", 5, P("xq_quality", 5)),
    ]
    assign_positional(tree)
    for p in leaves(tree):
        p.units = []
    return Case(
        "t05_xlsx_observation_point_header",
        "xlsx",
        "小表：只有“评价指标”和“评价内容（观测点）”两层，没有“评价内容”列；3个指标、5个观测点，共20分，无责任单位列。",
        tree,
        skipped=["合计"],
        title="学前教育普及普惠专项评价表",
        furniture={"attachment": "附件3"},
    )


def t06() -> Case:
    tree = [
        I(
            "党的全面领导",
            None,
            I("领导体制机制", None, P("dl_meeting", 3), P("dl_group", 2), P("dl_duty", 2)),
            I("党建和思想政治工作", None, P("dl_partybuild", 3), P("dl_sizheng", 2), P("dl_evalreform", 3)),
        ),
        I(
            "教育经费保障",
            None,
            I("两个只增不减", None, P("jf_budget", 4, "text"), P("jf_perstudent_v2", 4, "text")),
            I("三个增长", None, P("jf_growth", 3)),
            I("经费拨付和管理", None, P("jf_gongyong", 3), P("jf_fujia", 2), P("jf_project", 2), P("jf_manage", 2)),
        ),
        I(
            "学前教育",
            None,
            I("普及普惠水平", None, P("xq_ruyuan", 3), P("xq_puhui", 3), P("xq_gongban", 3)),
            I("规范办园", None, P("xq_teacher", 3), P("xq_quality", 3), P("xq_xiaoqu", 3)),
        ),
        I(
            "义务教育",
            None,
            I("均衡发展", None, P("yw_class", 3), P("yw_teacher100", 3, "text"), P("yw_sports", 2), P("yw_migrant", 2)),
            I("规范管理", None, P("yw_enroll", 3), P("yw_shuangjian", 2), P("yw_five", 2)),
        ),
        I(
            "教师队伍",
            None,
            I("教师待遇和管理", None, P("jf_salary", 5, "text"), P("js_exchange", 3), P("js_bianzhi", 2)),
        ),
        I(
            "教育安全和规范办学",
            None,
            I("平安校园", None, P("aq_system", 3), P("aq_guard", 2), P("aq_threeprot", 2), P("aq_food", 2)),
            I("规范办学和满意度", None, P("aq_fee", 3), P("aq_rectify", 3), P("aq_satisfaction", 5)),
        ),
    ]
    assign_dotted_codes(tree)
    return Case(
        "t06_xlsx_dotted_codes",
        "xlsx",
        (
            "编码为 1 / 1.1 / 1.1.1：一级、二级单元格纵向合并并以编码开头，"
            "观测点编码写在观测点文字开头，没有编码列；指标层级无分值。"
        ),
        tree,
        ids="codes",
        skipped=[],
        title="白鹭市县（市、区）人民政府履行教育职责评价内容及评分办法",
    )


def t07() -> Case:
    tree = [
        I(
            "党的领导",
            None,
            I("领导责任", None, P("dl_study", 3, "bare"), P("dl_contact", 3, "bare"), P("dl_report", 2, "bare")),
            I(
                "学校党建和思政",
                None,
                P("dl_partybuild", 3, "bare"),
                P("dl_ideology", 2, "bare"),
                P("dl_sizheng", 2, "bare"),
            ),
        ),
        I(
            "经费投入",
            None,
            I(
                "投入水平",
                None,
                P("jf_budget", 4, "bare"),
                P("jf_perstudent", 4, "bare"),
                P("jf_growth", 3, "bare"),
                P("jf_salary", 4, "bare"),
            ),
            I("拨款标准", None, P("jf_gongyong", 3, "bare"), P("jf_kg", 2, "bare")),
        ),
        I(
            "学前教育",
            None,
            I(
                "普及普惠",
                None,
                P("xq_ruyuan", 3, "bare"),
                P("xq_puhui", 3, "bare"),
                P("xq_gongban", 3, "bare"),
                P("xq_teacher", 3, "bare"),
            ),
        ),
        I(
            "义务教育和高中阶段教育",
            None,
            I(
                "义务教育",
                None,
                P("yw_class", 3, "bare"),
                P("yw_dropout", 3, "bare"),
                P("yw_backbone", 2, "bare"),
                P("yw_health", 2, "bare"),
                P("yw_net", 2, "bare"),
            ),
            I(
                "高中阶段和特殊教育",
                None,
                P("gz_rate", 3, "bare"),
                P("gz_vocational", 2, "bare"),
                P("yw_disabled", 3, "bare"),
            ),
        ),
        I(
            "教师队伍",
            None,
            I(
                "队伍建设",
                None,
                P("js_exchange", 3, "bare"),
                P("js_ethics", 3, "bare"),
                P("js_bianzhi", 3, "bare"),
                P("js_rural", 3, "bare"),
            ),
        ),
        I(
            "安全稳定和社会满意",
            None,
            I(
                "安全和督导",
                None,
                P("aq_guard", 4, "bare"),
                P("aq_supervise", 4, "bare"),
                P("aq_bully", 3, "bare"),
                P("aq_food", 3, "bare"),
                P("aq_drown", 3, "bare"),
            ),
            I("社会满意", None, P("aq_satisfaction", 4, "bare")),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t07_xlsx_no_codes_text_standards",
        "xlsx",
        "没有任何编码，没有评分标准列，量化标准只写在评价要点文字里；分值以文本形式存放；指标层级无分值。",
        tree,
        skipped=[],
        title="南岸县教育工作评价指标",
    )


def t08() -> Case:
    tree = [
        I(
            "党的领导",
            15,
            I("领导体制", 15, P("dl_meeting", 4), P("dl_group", 3), P("dl_partybuild", 4), P("dl_ideology", 4)),
        ),
        I(
            "教育保障",
            30,
            I("经费投入", 20, P("jf_budget", 5), P("jf_perstudent", 5), P("jf_growth", 5), P("jf_gongyong_w", 5)),
            I("教师待遇", 10, P("jf_salary", 6), P("js_rural", 4)),
        ),
        I(
            "教育发展",
            30,
            I("学前教育", 10, P("xq_ruyuan", 4), P("xq_gongban", 3), P("xq_puhui", 3)),
            I("义务教育", 12, P("yw_class", 4), P("yw_teacher100", 4), P("yw_sports", 4)),
            I("高中阶段教育", 8, P("gz_rate", 4), P("gz_debt", 4)),
        ),
        I("教师队伍", 10, I("师德和交流", 10, P("js_ethics", 5), P("js_exchange", 5))),
        I("安全稳定", 15, I("校园安全", 15, P("aq_accident", 5), P("aq_guard", 4), P("aq_bully", 3), P("aq_fee", 3))),
        I("加分项", None, I("创新发展", None, P("bn_award", 2), P("bn_reform", 2), P("bn_innov", 1))),
    ]
    assign_positional(tree)
    return Case(
        "t08_xlsx_bonus_and_veto",
        "xlsx",
        "主表100分后有合计行，其后单独一块加分项（不计入总分），安全指标中有一项一票否决。",
        tree,
        skipped=["合计", "不计入基础分值"],
        title="石门县2022年度县级政府履行教育职责评价指标体系",
        furniture={"attachment": "附件1", "bonus_banner": "加分项（最高加5分，不计入基础分值）"},
    )


def t09() -> Case:
    less = "每少1个百分点扣0.5分，扣完为止。"
    tree = [
        I(
            "党的领导",
            12,
            I(
                "领导机制",
                12,
                Point(
                    "健全党委领导教育工作的体制机制",
                    4,
                    rule="①县委常委会每学期专题研究教育工作（2分）；②县委教育工作领导小组实质运行（1分）；"
                    "③县级领导干部落实联系学校制度（1分）。",
                    sub_points=[
                        ("县委常委会每学期专题研究教育工作", 2),
                        ("县委教育工作领导小组实质运行", 1),
                        ("县级领导干部落实联系学校制度", 1),
                    ],
                    evidence=["会议纪要", "领导小组文件", "联系学校安排表"],
                    units=["县委办", "县教育局"],
                ),
                P("dl_partybuild", 4),
                P("dl_ideology", 4),
            ),
        ),
        I(
            "经费保障",
            28,
            I(
                "经费投入和管理",
                28,
                Point(
                    "落实教育经费“两个只增不减”和“三个增长”要求",
                    2,
                    rule="①一般公共预算教育经费只增不减（1分）；②幼儿园、小学、初中、普通高中、中职生均一般公共预算"
                    "教育经费只增不减（0.6分）；③一般公共预算教育经费增长高于经常性财政收入增长（0.4分）。",
                    sub_points=[
                        ("一般公共预算教育经费只增不减", 1),
                        ("幼儿园、小学、初中、普通高中、中职生均一般公共预算教育经费只增不减", 0.6),
                        ("一般公共预算教育经费增长高于经常性财政收入增长", 0.4),
                    ],
                    rules=[nd(BUDGET), nd(PER_STUDENT, ALL_STAGES), gf(BUDGET, RECURRENT)],
                    evidence=["教育经费执行情况统计公告", "财政决算报表"],
                    units=["县财政局", "县教育局"],
                ),
                P("jf_salary", 6),
                P("jf_gongyong", 5),
                P("jf_train", 4),
                P("jf_project", 4),
                P("jf_manage", 4),
                P("jf_land", 3),
            ),
        ),
        I(
            "学前教育",
            20,
            I(
                "普及普惠",
                20,
                P("xq_ruyuan", 5, rule=f"学前三年毛入园率达到85%以上得满分；{less}"),
                P("xq_puhui", 5, rule=f"普惠性幼儿园覆盖率达到80%以上得满分；{less}"),
                P("xq_gongban", 5),
                Point(
                    "规范学前教育发展",
                    5,
                    rule="①城镇小区配套幼儿园全部移交并办成普惠性幼儿园（2分）；②实现乡镇公办中心幼儿园全覆盖（2分）；"
                    "③幼儿园教师持证率达到100%（1分）。",
                    sub_points=[
                        ("城镇小区配套幼儿园全部移交并办成普惠性幼儿园", 2),
                        ("实现乡镇公办中心幼儿园全覆盖", 2),
                        ("幼儿园教师持证率达到100%", 1),
                    ],
                    rules=[th("教师持证上岗率", ">=", 100, "%")],
                    evidence=["小区配套园治理台账", "乡镇中心园名单", "教师资格证书统计表"],
                    units=["县教育局"],
                ),
            ),
        ),
        I(
            "义务教育",
            25,
            I(
                "优质均衡",
                25,
                P("yw_class", 5),
                P("yw_teacher100", 5),
                P("yw_dropout", 5, rule=f"九年义务教育巩固率达到96%以上得满分；{less}"),
                Point(
                    "提升义务教育育人质量",
                    5,
                    rule="①课后服务覆盖率达到100%（2分）；②学生体质健康优良率达到50%以上（2分）；"
                    "③落实作业、睡眠、手机、读物、体质管理（1分）。",
                    sub_points=[
                        ("课后服务覆盖率达到100%", 2),
                        ("学生体质健康优良率达到50%以上", 2),
                        ("落实作业、睡眠、手机、读物、体质管理", 1),
                    ],
                    rules=[th("课后服务覆盖率", ">=", 100, "%"), th("学生体质健康优良率", ">=", 50, "%")],
                    evidence=["课后服务统计表", "体质健康测试数据", "五项管理督查报告"],
                    units=["县教育局"],
                ),
                P("yw_enroll", 5),
            ),
        ),
        I(
            "教师队伍与安全",
            15,
            I(
                "教师和安全",
                15,
                P("js_exchange", 5),
                Point(
                    "加强平安校园建设",
                    5,
                    rule="①中小学幼儿园专职保安员配备率达到100%（2分）；②一键式紧急报警装置与公安机关联网（1.5分）；"
                    "③校园欺凌防控机制健全（1.5分）。",
                    sub_points=[
                        ("中小学幼儿园专职保安员配备率达到100%", 2),
                        ("一键式紧急报警装置与公安机关联网", 1.5),
                        ("校园欺凌防控机制健全", 1.5),
                    ],
                    rules=[th("专职保安员配备率", ">=", 100, "%")],
                    evidence=["保安员花名册", "联网测试记录", "欺凌防控工作方案"],
                    units=["县公安局", "县教育局"],
                ),
                P("aq_fee", 5),
            ),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t09_xlsx_sub_points",
        "xlsx",
        "评分标准单元格内有①②③评分子项及各自分值（如2分拆为1/0.6/0.4）；扣分写法“每少1个百分点扣0.5分，扣完为止”“未达到的不得分”。",
        tree,
        skipped=["合计", "注：①②③为评分子项"],
        title="临水县2022年度履行教育职责评价评分细则",
        furniture={"note_after": "注：①②③为评分子项，各子项得分之和为该评价要点得分。"},
    )


def t10() -> Case:
    tree = [
        I(
            "加强党对教育工作的全面领导",
            12,
            I("领导机制", None, P("dl_meeting", 2), P("dl_group", 2), P("dl_contact", 2)),
            I("党建和思政工作", None, P("dl_partybuild", 2), P("dl_sizheng", 2), P("dl_ideology", 2)),
        ),
        I(
            "保障教育优先发展",
            28,
            I(
                "经费投入",
                None,
                P("jf_budget", 4, "text"),
                P("jf_perstudent", 4, "text"),
                P("jf_growth", 3, "text"),
                P("jf_special", 2, "text"),
                P("jf_hs", 2, "text"),
            ),
            I("待遇保障", None, P("jf_salary", 5, "text"), P("jf_kgpay", 3), P("js_rural", 2)),
            I("规划布局", None, P("dl_plan", 3)),
        ),
        I(
            "推动各类教育高质量发展",
            30,
            I("学前教育", None, P("xq_ruyuan", 3, "text"), P("xq_puhui", 3, "text"), P("xq_gongban", 2, "text")),
            I(
                "义务教育",
                None,
                P("yw_class", 3, "text"),
                P("yw_teacher100", 3, "text"),
                P("yw_sports", 2, "text"),
                P("yw_dropout", 2, "text"),
                P("yw_after", 2, "text"),
            ),
            I(
                "高中阶段和特殊教育",
                None,
                P("gz_rate", 3, "text"),
                P("gz_vocational", 2, "text"),
                P("yw_disabled", 3, "text"),
                P("gz_zhongzhi", 2),
            ),
        ),
        I(
            "加强教师队伍建设",
            15,
            I(
                "教师管理",
                None,
                P("js_ethics", 3),
                P("js_bianzhi", 3),
                P("js_exchange", 3, "text"),
                P("js_burden", 3),
                P("js_title", 3),
            ),
        ),
        I(
            "确保教育安全稳定",
            15,
            I(
                "平安校园",
                None,
                P("aq_system", 3),
                P("aq_guard", 3, "text"),
                P("aq_threeprot", 3),
                P("aq_food", 3),
                P("aq_drown", 3),
            ),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t10_docx_level1_scores_only",
        "docx",
        "Word单表：只有一级指标带分值（写在名称里，如“（12分）”），二级指标无分值；一级、二级单元格纵向合并；量化标准写在评价要点文字里。",
        tree,
        skipped=["合计"],
        title="安澜市2023年度县级人民政府履行教育职责评价指标",
        furniture={"attachment": "附件"},
    )


def t11() -> Case:
    tree = [
        I(
            "党的全面领导",
            15,
            I("组织领导", 9, P("dl_study", 3), P("dl_meeting", 3), P("dl_report", 3)),
            I("学校党建", 6, P("dl_partybuild", 3), P("dl_sizheng", 3)),
        ),
        I(
            "教育投入",
            25,
            I("两个只增不减", 10, P("jf_budget", 5), P("jf_perstudent", 5)),
            I("经费标准", 9, P("jf_gongyong", 3), P("jf_kg", 3), P("jf_special", 3)),
            I("经费管理", 6, P("jf_fujia", 3), P("jf_manage", 3)),
        ),
        I(
            "学前教育",
            15,
            I("普及普惠", 9, P("xq_ruyuan", 3), P("xq_puhui", 3), P("xq_gongban", 3)),
            I("保教质量", 6, P("xq_teacher", 3), P("xq_quality", 3)),
        ),
        I(
            "义务教育",
            20,
            I("优质均衡", 12, P("yw_class", 4), P("yw_teacher100", 4), P("yw_backbone", 4)),
            I("双减和课后服务", 8, P("yw_shuangjian", 4), P("yw_after", 4)),
        ),
        I(
            "教师队伍",
            15,
            I("教师待遇", 8, P("jf_salary", 5), P("js_rural", 3)),
            I("教师管理", 7, P("js_bianzhi", 4), P("js_exchange", 3)),
        ),
        I("安全稳定", 10, I("安全管理", 10, P("aq_guard", 4), P("aq_bully", 3), P("aq_drown", 3))),
    ]
    assign_positional(tree)
    return Case(
        "t11_docx_table_per_area",
        "docx",
        "Word文档每个一级指标一张表（共6张），表头行相同并设为“标题行重复”，只有最后一张表有合计行；首表前有附件、标题段落。",
        tree,
        skipped=["合计"],
        title="鹿鸣县履行教育职责评价指标体系",
        furniture={"attachment": "附件1", "issuer": "鹿鸣县人民政府教育督导委员会办公室"},
    )


def t12() -> Case:
    tree = [
        I(
            "组织领导",
            15,
            I("党委政府责任", None, P("dl_meeting", 4), P("dl_duty", 4), P("dl_supervision", 3), P("aq_rectify", 4)),
        ),
        I(
            "投入保障",
            30,
            I(
                "经费投入",
                None,
                P(
                    "jf_budget",
                    6,
                    "evidence",
                    ev_std="财政决算报表，须反映一般公共预算教育经费较上年只增不减",
                    rule="较上年下降的不得分。",
                ),
                P("jf_perstudent_v2", 6),
                P("jf_growth", 6),
                P(
                    "jf_gongyong",
                    6,
                    "evidence",
                    ev_std="拨付标准测算表，小学生均公用经费不低于650元，初中不低于850元",
                    rule="未按标准足额拨付的不得分。",
                ),
                P("jf_salary", 6),
            ),
        ),
        I(
            "事业发展",
            35,
            I("学前教育", None, P("xq_ruyuan", 5), P("xq_gongban", 5)),
            I("义务教育", None, P("yw_class", 5), P("yw_migrant", 5), P("yw_after", 5)),
            I("高中阶段教育", None, P("gz_rate", 5), P("gz_reform", 5)),
        ),
        I(
            "队伍与安全",
            20,
            I("教师队伍", None, P("js_exchange", 5), P("js_ethics", 5)),
            I("校园安全", None, P("aq_guard", 5), P("aq_food", 5)),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t12_docx_synonym_headers",
        "docx",
        "表头用另一套同义词：考核要点、标准分、评分细则、备查材料、牵头单位；序号列为考核要点顺序编号1…N（不是编码）；两处标准写在备查材料里；牵头单位以“/”分隔；末行“总计”。",
        tree,
        skipped=["总计"],
        title="2022年度县级政府教育工作目标责任考核细则",
    )


def t13() -> Case:
    tree = [
        I(
            "党的全面领导",
            16,
            I("领导责任", 8, P("dl_study", 2), P("dl_meeting", 2), P("dl_group", 2), P("dl_report", 2)),
            I("学校党建", 8, P("dl_partybuild", 3), P("dl_ideology", 2), P("dl_sizheng", 3)),
        ),
        I(
            "教育优先发展",
            24,
            I(
                "经费投入",
                14,
                P("jf_budget", 3),
                P("jf_perstudent", 3),
                P("jf_growth", 3),
                P("jf_salary", 3),
                P("jf_land", 2),
            ),
            I("经费管理", 10, P("jf_gongyong_w", 3), P("jf_hs", 2), P("jf_project", 3), P("jf_manage", 2)),
        ),
        I(
            "各类教育发展",
            30,
            I("学前教育", 10, P("xq_ruyuan", 3), P("xq_puhui", 3), P("xq_gongban", 2), P("xq_center", 2)),
            I(
                "义务教育",
                14,
                P("yw_class", 3),
                P("yw_teacher100", 3),
                P("yw_sports", 2),
                P("yw_dropout", 2),
                P("yw_enroll", 2),
                P("yw_health_v2", 2),
            ),
            I("高中阶段教育", 6, P("gz_rate", 3), P("gz_vocational", 3)),
        ),
        I(
            "教师队伍建设",
            15,
            I(
                "教师管理和待遇",
                15,
                P("js_ethics", 3),
                P("js_bianzhi", 3),
                P("js_exchange", 3),
                P("js_train", 2),
                P("js_burden", 2),
                P("js_rural", 2),
            ),
        ),
        I(
            "教育安全稳定",
            15,
            I(
                "平安校园和规范办学",
                15,
                P("aq_system", 3),
                P("aq_guard", 3),
                P("aq_threeprot", 3),
                P("aq_food", 2),
                P("aq_drown", 2),
                P("aq_fee", 2),
            ),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t13_docx_repeated_header",
        "docx",
        "Word长表（40个评价要点），表格被拆开再粘贴：表头行在中途（学前教育与义务教育之间）作为普通数据行重复出现一次，其后一级指标名称重复写出。",
        tree,
        skipped=["一级指标"],
        title="江亭区履行教育职责评价指标体系",
        furniture={"attachment": "附件2", "repeat_after": "学前教育"},
    )


def t14() -> Case:
    tree = [
        I(
            "教育投入",
            30,
            I(
                "经费增长",
                18,
                P("jf_budget", 5),
                P("jf_perstudent", 5),
                P("jf_growth", 4),
                Point(
                    "足额拨付义务教育生均公用经费",
                    4,
                    rule="(1)小学生均公用经费不低于650元，得2分；(2)初中生均公用经费不低于850元，得2分。",
                    sub_points=[("小学生均公用经费不低于650元", 2), ("初中生均公用经费不低于850元", 2)],
                    rules=[
                        th("生均公用经费", ">=", 650, "元", ("小学",)),
                        th("生均公用经费", ">=", 850, "元", ("初中",)),
                    ],
                    evidence=["公用经费拨付文件", "国库支付凭证"],
                ),
            ),
            I("经费管理", 12, P("jf_land", 4), P("jf_fujia", 4), P("jf_manage", 4)),
        ),
        I(
            "办学条件",
            25,
            I(
                "学前教育资源",
                10,
                P(
                    "xq_puhui",
                    5,
                    "evidence",
                    ev_std="在园幼儿统计表，普惠性幼儿园覆盖率应达到80%以上",
                    rule="达到标准的得满分；每低1个百分点扣0.5分，扣完为止。",
                ),
                P("xq_gongban", 5),
            ),
            I("义务教育条件", 15, P("yw_class", 5), P("yw_sports", 5), P("yw_net", 5)),
        ),
        I(
            "队伍建设",
            25,
            I("教师保障", 25, P("jf_salary", 7), P("js_exchange", 6), P("js_bianzhi", 6), P("js_title", 6)),
        ),
        I(
            "管理与安全",
            20,
            I("安全与督导", 20, P("aq_guard", 5), P("aq_surround", 5), P("aq_supervise", 5), P("aq_satisfaction", 5)),
        ),
    ]
    assign_abc_codes(tree)
    for p in leaves(tree):
        p.units = []
    return Case(
        "t14_xls_assessment_elements",
        "xls",
        (
            "旧版 .xls：表头为评估要素/权重/计分办法/佐证资料，观测点编码（C1…）在单独的“编号”列，"
            "一级、二级编码写在单元格内；一处(1)(2)评分子项；一处标准写在佐证资料里；无责任单位列。"
        ),
        tree,
        ids="codes",
        skipped=["注：权重即"],
        title="凤台县人民政府教育工作督导评估方案",
        furniture={"note_after": "注：权重即该评估要素的分值，合计100分。"},
    )


def t15() -> Case:
    tree = [
        I(
            "党的领导",
            15,
            I(
                "领导和督导",
                None,
                P("dl_meeting", 4),
                P("dl_contact", 4),
                P("dl_evalreform", 3),
                P("dl_supervision", 4),
            ),
        ),
        I(
            "经费保障",
            25,
            I(
                "经费投入",
                None,
                P("jf_budget", 5),
                P("jf_perstudent_v2", 5),
                P("jf_growth", 5),
                P("jf_salary_v2", 5),
                P("jf_train", 5),
            ),
        ),
        I(
            "教育发展",
            35,
            I("学前教育", None, P("xq_ruyuan", 5), P("xq_recog", 5)),
            I("义务教育", None, P("yw_class_v2", 5), P("yw_private", 5), P("yw_disabled", 5)),
            I("高中阶段教育", None, P("gz_rate", 5), P("gz_debt", 5)),
        ),
        I(
            "队伍与安全",
            25,
            I(
                "教师和安全",
                None,
                P("js_ethics", 5),
                P("js_burden", 5),
                P("aq_system", 5),
                P("aq_bus", 5),
                P("aq_data", 5),
            ),
        ),
    ]
    assign_positional(tree)
    notes = [
        "说明：",
        "1.评价要点中的统计数据以上一年度教育事业统计和教育经费统计为准。",
        "2.各项扣分以该评价要点分值为限。",
        "3.本细则由市政府教育督导委员会办公室负责解释。",
    ]
    return Case(
        "t15_xls_notes_total",
        "xls",
        (
            "旧版 .xls：一级指标名称带半角括号分值“(15分)”，分值以文本存放；"
            "合计行后有“说明：”及三条编号说明（写在第一列，不合并）；工作簿另有两张空表。"
        ),
        tree,
        skipped=["合计", "说明：", "1.评价要点中的统计数据", "2.各项扣分以", "3.本细则由"],
        title="桐江市对县（市、区）履行教育职责评价细则",
        furniture={"notes": notes},
    )


def t16() -> Case:
    tree = [
        I(
            "政府职责",
            30,
            I("统筹规划", None, P("dl_plan", 4, "desc"), P("dl_duty", 3, "desc")),
            I(
                "经费投入",
                None,
                P("jf_budget", 5, "desc"),
                P("jf_perstudent", 5, "desc"),
                P("jf_growth", 4, "desc"),
                P("jf_salary", 5, "desc"),
                P("jf_land", 4, "desc"),
            ),
        ),
        I(
            "教育普及",
            30,
            I("学前教育", None, P("xq_ruyuan", 5, "desc"), P("xq_puhui", 5, "desc"), P("xq_gongban", 4, "desc")),
            I(
                "义务教育",
                None,
                P("yw_class_v3", 4, "desc"),
                P("yw_dropout", 4, "desc"),
                P("yw_disabled", 4, "desc"),
                P("yw_migrant", 4, "desc"),
            ),
        ),
        I(
            "教育质量",
            20,
            I(
                "质量提升",
                None,
                P("yw_health", 5, "desc"),
                P("yw_backbone", 5, "desc"),
                P("gz_rate", 5, "desc"),
                P("yw_after", 5, "desc"),
            ),
        ),
        I(
            "安全管理",
            20,
            I(
                "安全和满意度",
                None,
                P("aq_guard", 5, "desc"),
                P("aq_supervise", 5, "desc"),
                P("aq_satisfaction", 5, "desc"),
                P("aq_accident", 5, "desc"),
            ),
        ),
    ]
    assign_positional(tree)
    modes = {True: "数据监测", False: "资料审核"}
    for p in leaves(tree):
        p.evidence, p.units = [], []
        p.method = modes[bool(p.rules)] if not p.veto else "实地核查"
    return Case(
        "t16_doc_three_level",
        "doc",
        (
            "旧版 .doc：一级/二级/三级指标加“评价要点”和“考核方式”列；"
            "三级指标是观测点（短名称），评价要点是它的标准和评分说明；"
            "只有一级指标有分值；无佐证材料和责任单位列；表头文字中间有空格（“分  值”）。"
        ),
        tree,
        skipped=["合计"],
        title="柳岸县人民政府履行教育职责督导评价指标",
    )


def t17() -> Case:
    tree = [
        I("教育优先发展", 30, P("rk_twonot", 8), P("rk_growth", 6), P("rk_gongyong", 6), P("rk_salary", 10)),
        I(
            "各类教育发展",
            40,
            P("rk_ruyuan", 8),
            P("rk_puhui", 6),
            P("rk_gonggu", 8),
            P("rk_dropout", 4),
            P("rk_health", 4),
            P("rk_gz", 6),
            P("rk_special", 4),
        ),
        I("教师队伍建设", 15, P("rk_exchange", 5), P("rk_train", 5), P("rk_ethics", 5)),
        I("规范办学与安全", 15, P("rk_conduct", 6), P("rk_safety", 6), P("rk_satisfaction", 3)),
    ]
    assign_positional(tree)
    return Case(
        "t17_doc_seq_hierarchy",
        "doc",
        (
            "旧版 .doc，只有“序号 | 指标 | 分值 | 赋分办法”四列：层级只靠序号列区分——一级指标行序号为“一”“二”，"
            "观测点行序号为全表连续的1…17，一级名称和观测点名称在同一“指标”列；一级行的赋分办法为空；"
            "多处按排序赋分（“按从高到低排序，分别得4、3、2、1分”“从低到高”“从小到大”），不是标准；"
            "一处“达到85%以上的得8分；低于85%的按从高到低排序”只有85%是标准；一项一票否决；无佐证材料、责任单位列。"
        ),
        tree,
        skipped=["合计"],
        title="青禾市2021年度县（市、区）人民政府教育工作目标责任考核项目及赋分办法",
        furniture={
            "attachment": "附件2",
            "note_after": "注：排序类项目以市教育局汇总的上一年度统计数据为准，并列时取相同名次。",
        },
    )


def t18() -> Case:
    tree = [
        I(
            "党的领导",
            None,
            I(
                "领导体制",
                None,
                I("党委领导", None, P("dl_meeting", 4), P("dl_group", 4)),
                I("履职机制", None, P("dl_duty", 3), P("dl_report", 3)),
            ),
            I(
                "党建和思政",
                None,
                I("学校党建", None, P("dl_partybuild", 4)),
                I("思政教育", None, P("dl_sizheng", 3), P("dl_ideology", 3)),
            ),
        ),
        I(
            "保障机制",
            None,
            I(
                "经费保障",
                None,
                I("两个只增不减", None, P("jf_budget", 4), P("jf_perstudent", 4)),
                I("拨款标准", None, P("jf_gongyong", 4), P("jf_kg", 3)),
            ),
            I("待遇保障", None, I("工资待遇", None, P("jf_salary", 5), P("js_rural", 3))),
        ),
        I(
            "教育发展",
            None,
            I("学前教育", None, I("普及普惠", None, P("xq_ruyuan", 4), P("xq_puhui", 4), P("xq_gongban", 3))),
            I(
                "义务教育",
                None,
                I("资源配置", None, P("yw_class", 4), P("yw_teacher100_v2", 4), P("yw_sports", 3)),
                I("规范管理", None, P("yw_enroll", 3), P("yw_after", 3)),
            ),
        ),
        I(
            "队伍与安全",
            None,
            I("教师队伍", None, I("管理与减负", None, P("js_exchange", 4), P("js_burden", 3), P("js_ethics", 3))),
            I(
                "校园安全",
                None,
                I("安全体系", None, P("aq_system", 3), P("aq_guard", 4), P("aq_bully", 4)),
                I("食品安全", None, P("aq_food", 4)),
            ),
        ),
    ]
    assign_positional(tree)
    for p in leaves(tree):
        p.units = []
    return Case(
        "t18_xls_four_levels",
        "xls",
        (
            "旧版 .xls，四层：一级/二级/三级指标加“观测点”列，三级指标是指标层级（不是观测点），"
            "分值只在观测点上、写成文本“4分”；一、二、三级单元格纵向合并，一个三级指标只有一个观测点；"
            "评分标准列、佐证材料列（“；”分隔），无责任单位列。"
        ),
        tree,
        skipped=["合计"],
        title="河阳县人民政府履行教育职责评价指标（四级）",
    )


def t19() -> Case:
    tree = [
        I(
            "黨的領導",
            15,
            I(
                "組織領導",
                None,
                P(
                    "dl_meeting",
                    4,
                    name="縣委常委會和縣政府常務會議定期專題研究教育工作，及時協調解決教育改革發展中的突出問題",
                    rule="未專題研究教育工作的不得分；議定事項未落實的，每項扣０．５分。",
                    evidence=["會議紀要", "議定事項落實台賬"],
                    units=["縣委辦", "縣政府辦"],
                ),
                P(
                    "dl_contact",
                    4,
                    name="落實縣級領導幹部聯繫學校制度，縣級黨政主要負責同志深入學校調研並為師生講思政課",
                    rule="每有１名縣級領導幹部未落實聯繫學校制度扣０．５分，扣完為止。",
                    evidence=["聯繫學校安排表", "調研報告", "講思政課活動記錄"],
                    units=["縣委辦", "縣政府辦"],
                ),
                P(
                    "dl_group",
                    3,
                    name="縣委教育工作領導小組及其秘書組設置到位並實質運行，年初部署、年底總結教育工作",
                    rule="領導小組未實質運行的不得分。",
                    evidence=["領導小組成立文件", "年度工作要點", "領導小組會議紀要"],
                    units=["縣委辦", "縣教育局"],
                ),
            ),
            I(
                "學校黨建",
                None,
                P(
                    "dl_partybuild",
                    4,
                    name="落實中小學校黨組織領導的校長負責制，學校黨組織書記和校長按要求配備到位",
                    rule="每有１所學校未按要求落實扣０．２分，扣完為止。",
                    evidence=["改革實施方案", "學校章程", "幹部任職文件"],
                    units=["縣委組織部", "縣教育局"],
                ),
            ),
        ),
        I(
            "經費保障",
            25,
            I(
                "經費投入",
                None,
                P(
                    "jf_budget",
                    5,
                    name="落實教育經費法定增長要求",
                    rule="一般公共預算教育經費逐年只增不減，得滿分；較上年下降的不得分。",
                    evidence=["教育經費執行情況統計公告", "財政決算報表"],
                    units=["縣財政局", "縣教育局"],
                ),
                P(
                    "jf_perstudent",
                    5,
                    name="保障各學段生均經費投入",
                    rule="幼兒園、小學、初中、普通高中、中職學校按在校學生人數平均的一般公共預算教育經費逐年只增不減，得滿分；每有１個學段下降扣１分，扣完為止。",
                    evidence=["教育經費執行情況統計公告", "分學段在校生統計表"],
                    units=["縣財政局", "縣教育局"],
                ),
                P(
                    "jf_growth",
                    5,
                    name="落實教育投入“三個增長”要求",
                    rule="一般公共預算教育經費增長高於財政經常性收入增長，得滿分；未實現的不得分。",
                    evidence=["財政決算報表", "經常性財政收入測算表"],
                    units=["縣財政局"],
                ),
                P(
                    "jf_salary",
                    5,
                    name="依法保障義務教育教師工資待遇",
                    rule="義務教育教師平均工資收入水平不低於當地公務員平均工資收入水平，得滿分；未達到的不得分。",
                    evidence=["教師工資收入測算表", "公務員工資收入統計表"],
                    units=["縣人社局", "縣財政局", "縣教育局"],
                ),
                P(
                    "jf_land",
                    5,
                    name="拓寬教育經費來源渠道",
                    rule="從土地出讓收益中計提教育資金的比例不低於１０％，得滿分；未足額計提的不得分。",
                    evidence=["土地出讓收支決算表", "計提撥付憑證"],
                    units=["縣財政局", "縣自然資源局"],
                ),
            ),
        ),
        I(
            "教育發展",
            35,
            I(
                "學前教育",
                None,
                P(
                    "xq_ruyuan",
                    5,
                    name="鞏固學前教育普及成果",
                    rule="學前三年毛入園率達到８５％以上，得滿分；每低１個百分點扣０．５分，扣完為止。",
                    evidence=["教育事業統計報表", "學前適齡人口統計表"],
                    units=["縣教育局", "縣統計局"],
                ),
                P(
                    "xq_puhui",
                    5,
                    name="擴大普惠性學前教育資源",
                    rule="普惠性幼兒園覆蓋率達到８０％以上，得滿分；每低１個百分點扣０．５分，扣完為止。",
                    evidence=["普惠性幼兒園認定名單", "在園幼兒統計表"],
                    units=["縣教育局", "縣發展改革局"],
                ),
                P(
                    "xq_gongban",
                    4,
                    name="提高公辦幼兒園供給能力",
                    rule="公辦園在園幼兒佔比達到５０％以上，得滿分；未達到的不得分。",
                    evidence=["公辦幼兒園名單", "在園幼兒統計表"],
                    units=["縣教育局", "縣委編辦"],
                ),
            ),
            I(
                "義務教育",
                None,
                P(
                    "yw_class",
                    4,
                    name="嚴控義務教育學校班額",
                    rule="５６人以上大班額比例控制在１％以內，得滿分；超過標準的不得分。",
                    evidence=["班額統計表", "學校班級花名冊"],
                    units=["縣教育局"],
                ),
                P(
                    "yw_teacher100",
                    4,
                    name="提升義務教育教師配置水平",
                    rule="每百名學生擁有高於規定學歷教師數小學達到４．２人以上、初中達到５．３人以上，得滿分；每有１個學段未達到扣１分。",
                    evidence=["教師學歷統計表", "學生數統計表"],
                    units=["縣教育局"],
                ),
                P(
                    "yw_sports",
                    4,
                    name="改善學校體育場地條件",
                    rule="生均體育運動場館面積小學達到７．５㎡以上、初中達到１０．２㎡以上，得滿分；每有１個學段未達到扣０．５分。",
                    evidence=["學校校舍及場地統計表"],
                    units=["縣教育局", "縣自然資源局"],
                ),
                P(
                    "yw_dropout",
                    4,
                    name="落實控輟保學責任，建立動態監測機制",
                    rule="九年義務教育鞏固率達到９６％以上，得滿分；每低０．５個百分點扣０．５分。",
                    evidence=["控輟保學台賬", "學籍統計表"],
                    units=["縣教育局", "各鄉鎮人民政府"],
                ),
                P(
                    "yw_disabled",
                    5,
                    name="保障殘疾兒童少年受教育權利，落實“一人一案”",
                    rule="適齡殘疾兒童少年入學率達到９５％以上，得滿分；每低１個百分點扣０．２分。",
                    evidence=["殘疾兒童少年入學安置台賬", "送教上門記錄"],
                    units=["縣教育局", "縣殘聯", "縣衞生健康局"],
                ),
            ),
        ),
        I(
            "隊伍與安全",
            25,
            I(
                "教師隊伍",
                None,
                P(
                    "js_exchange",
                    5,
                    name="推進義務教育學校校長教師交流輪崗",
                    rule="每年交流輪崗教師比例不低於符合交流條件教師總數的１０％，得滿分；每低１個百分點扣０．２分。",
                    evidence=["交流輪崗教師名單", "交流輪崗工作方案"],
                    units=["縣教育局", "縣人社局"],
                ),
                P(
                    "js_ethics",
                    5,
                    name="建立師德建設長效機制，落實師德失範行為查處通報制度",
                    rule="發生嚴重師德失範事件且處置不力的不得分。",
                    evidence=["師德建設制度文件", "師德考核記錄"],
                    units=["縣教育局"],
                ),
            ),
            I(
                "校園安全",
                None,
                P(
                    "aq_guard",
                    5,
                    name="加強學校人防建設",
                    rule="中小學幼兒園專職保安員配備率達到１００％，得滿分；每低１個百分點扣０．１分。",
                    evidence=["保安員配備花名冊", "保安服務合同"],
                    units=["縣公安局", "縣教育局"],
                ),
                P(
                    "aq_food",
                    5,
                    name="落實學校食品安全校長（園長）負責制和陪餐制度",
                    rule="發生食品安全責任事故的不得分。",
                    evidence=["食品安全管理制度", "陪餐記錄"],
                    units=["縣市場監管局", "縣教育局"],
                ),
                P(
                    "aq_satisfaction",
                    5,
                    name="人民羣眾對教育工作滿意",
                    rule="羣眾滿意度達到８５％以上，得滿分；以第三方調查結果計分，每低１個百分點扣０．２分。",
                    evidence=["滿意度調查報告"],
                    units=["縣教育局"],
                ),
            ),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t19_docx_traditional",
        "docx",
        (
            "网页镜像转存的 Word 文件，全文繁体字：表头“一級指標/二級指標/評價要點/分值/評分標準/佐證材料/責任單位”；"
            "全角数字、全角括号和全角百分号（“（１５分）”“８５％”“０．５分”），分值单元格也是全角文字；"
            "只有一级指标带分值；名称、佐证材料、责任单位保留繁体原文，标准的口径名和学段为规范简体名。"
        ),
        tree,
        skipped=["合計"],
        title="望川市２０２３年度縣級人民政府履行教育職責評價指標",
        furniture={
            "attachment": "附件１",
            "mirror": "（本文轉載自望川市教育局網站，僅供參考；以原發布單位文件為準）",
            "headers": ["一級指標", "二級指標", "評價要點", "分值", "評分標準", "佐證材料", "責任單位"],
            "note_after": "注：１．評價要點涉及的統計數據以上一年度教育事業統計和教育經費統計為準。",
        },
    )


def t20() -> Case:
    tree = [
        I(
            "党的领导与统筹",
            14,
            I("领导责任", 8, P("dl_meeting", 3), P("dl_study", 3), P("dl_report", 2)),
            I("统筹规划", 6, P("dl_plan", 3), P("yw_plan", 3)),
        ),
        I(
            "经费投入",
            24,
            I("两个只增不减", 8, P("ph_budget", 4), P("ph_perstudent", 4)),
            I("经费标准", 10, P("ph_gongyong", 4), P("ph_train", 3), P("ph_special", 3)),
            I("待遇保障", 6, P("jf_salary", 3), P("jf_kgpay", 3)),
        ),
        I(
            "学前与义务教育",
            36,
            I("学前教育", 12, P("ph_ruyuan", 4), P("ph_share", 4), P("xq_xiaoqu", 4)),
            I(
                "义务教育",
                24,
                P("ph_class", 4, "text"),
                P("ph_private", 3),
                P("ph_migrant", 3),
                P("ph_backbone", 4),
                P("ph_sports", 3),
                P("ph_health", 3),
                P("yw_after", 4),
            ),
        ),
        I(
            "队伍与安全",
            26,
            I("教师队伍", 12, P("ph_exchange", 4), P("ph_hours", 4), P("js_bianzhi", 4)),
            I("安全稳定", 14, P("aq_guard", 4), P("aq_threeprot", 3), P("aq_drown", 3), P("aq_satisfaction", 4)),
        ),
    ]
    assign_positional(tree)
    return Case(
        "t20_xlsx_second_sheet",
        "xlsx",
        (
            "工作簿两张表：第一张“填表说明”只有说明文字，指标表在第二张；一级、二级名称带分值；"
            "标准的多种写法：不得低于、不少于、控制在5%以下（含本数）、≥85%、≤1%、高于上年（与上年持平不达标）、"
            "均不低于上年、较上年只增不减、小学初中“分别不低于650元和850元”、“均达到1人以上”（每学段一条）、"
            "两项标准以“且”连接；一处标准写在评价要点里；表后一条注。"
        ),
        tree,
        skipped=["合计", "注：标准中"],
        title="石桥区2023年度履行教育职责评价指标",
        furniture={
            "guide": [
                "填表说明",
                "一、本工作簿第二张表为评价指标，请各责任单位对照评分标准逐项自评。",
                "二、自评得分请填写在上报系统中，不在本表中填写。",
                "三、佐证材料按评价要点顺序编号，扫描件须清晰并加盖公章。",
                "四、本表数据口径以上一年度教育事业统计和教育经费统计为准。",
            ],
            "note_after": "注：标准中“以上”“以下”均含本数，“低于”“超过”不含本数。",
        },
    )


def t21() -> Case:
    tree = [
        I(
            "教育保障",
            30,
            P("jf_budget", 5),
            P("jf_perstudent", 5),
            P("jf_growth", 4),
            P("jf_salary", 6),
            P("jf_gongyong", 4),
            P("jf_land", 3.5),
            P("jf_fujia", 2.5),
        ),
        I("学前教育", 15, P("xq_ruyuan", 4), P("xq_puhui", 4), P("xq_gongban", 3.5), P("xq_quality", 3.5)),
        I(
            "义务教育",
            25,
            P("yw_class", 5),
            P("yw_teacher100", 5),
            P("yw_dropout", 4),
            P("yw_migrant", 4),
            P("yw_after", 3.5),
            P("yw_disabled", 3.5),
        ),
        I("教师队伍", 15, P("js_exchange", 5), P("js_bianzhi", 5), P("js_rural", 5)),
        I("安全与满意度", 15, P("aq_guard", 5), P("aq_satisfaction", 5), P("aq_rectify", 5)),
        I("加分项", None, P("bn_award", 2), P("bn_reform", 2), P("bn_innov", 1)),
    ]
    assign_positional(tree)
    for p in leaves(tree):
        p.units = []
    return Case(
        "t21_xls_weights_bonus",
        "xls",
        (
            "旧版 .xls，两层：“权重（%）”列代替分值列，权重之和为100；一级名称带权重“（30%）”（是分值，不是标准）；"
            "二级指标即观测点；有小数权重（3.5、2.5）；合计行之后是加分项：一级“加分项（最高加3分）”纵向合并，"
            "权重单元格写“+2”“+1”，三项合计5分超过上限3分；加分项不计入满分。"
        ),
        tree,
        skipped=["合计"],
        title="溪川县教育发展水平监测指标及权重",
        furniture={"attachment": "附件3", "bonus_label": "加分项（最高加3分）"},
    )


def t22() -> Case:
    tree = [
        I(
            "组织领导",
            15,
            I("领导责任", None, P("dl_meeting", 3), P("dl_group", 3), P("dl_contact", 3), P("dl_duty", 3)),
            I("督导问责", None, P("dl_supervision", 3)),
        ),
        I(
            "教育投入",
            25,
            I("经费投入", None, P("jf_budget", 5), P("jf_perstudent_v2", 5), P("jf_growth_v2", 5)),
            I("经费管理", None, P("jf_hs", 3), P("jf_project", 3), P("jf_manage", 4)),
        ),
        I(
            "教育发展",
            35,
            I("学前教育", None, P("xq_ruyuan", 4), P("xq_center", 3), P("xq_teacher", 3)),
            I("义务教育", None, P("yw_class_v2", 4), P("yw_backbone", 4), P("yw_dropout", 4), P("yw_five", 3)),
            I("高中阶段教育", None, P("gz_rate", 4), P("gz_vocational", 3), P("gz_special", 3)),
        ),
        I(
            "队伍与安全",
            25,
            I("教师队伍", None, P("js_ethics", 4), P("js_train", 3), P("js_title", 3)),
            I("平安校园", None, P("aq_system", 3), P("aq_drown", 4), P("aq_bus", 4), P("aq_data", 4)),
        ),
    ]
    assign_positional(tree)
    for p in leaves(tree):
        p.units = []  # the form has no 责任单位 column
    return Case(
        "t22_docx_self_eval_split",
        "docx",
        (
            "Word 自评表：序号/一级指标/二级指标/评价要点/分值/评分标准/自评得分/自评说明/佐证材料，"
            "“自评得分”“自评说明”两列为空（不是分值）；一级、二级名称在窄列里手工换行（“教育”“投入”“（25分）”各占一行）；"
            "表格在义务教育中途断开，“续表”之后的第二张表没有表头行，续接的一级、二级名称重写一遍；"
            "合计行后还有一行“填表人…审核人…填表日期”；无责任单位列。"
        ),
        tree,
        skipped=["合计", "填表人"],
        title="县级人民政府履行教育职责自评表",
        furniture={
            "attachment": "附件4",
            "county_line": "县（市、区）名称：＿＿＿＿＿＿＿＿（盖章）",
            "split_after": "加强骨干教师队伍建设",
            "signature": "填表人：            审核人：            联系电话：            填表日期：    年  月  日",
        },
    )


CASES = [
    t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11,
    t12, t13, t14, t15, t16, t17, t18, t19, t20, t21, t22,
]  # fmt: skip


def all_cases() -> list[Case]:
    cases = [make() for make in CASES]
    for case in cases:
        check_tree(case)
    return cases
