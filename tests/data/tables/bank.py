"""The observation points (观测点) the test tables are made of, with what a reader must get out of them.

Each entry is one point as an issuing office might word it: `topic` (what is evaluated), `std` (its
quantitative standard, if any), `scoring` (the scoring text), the machine-readable `rules` of the standard,
the per-item `deduction` of the scoring text, the evidence cues and the responsible units. A case decides
where the standard is written (rule column, point text or evidence column) when it builds its rows.
All texts are written for this corpus; none is copied from a real table."""

from __future__ import annotations

from dataclasses import dataclass, field

ALL_STAGES = ("幼儿园", "小学", "初中", "普通高中", "中职")


def th(metric: str, comparator: str, value: float, unit: str | None, stages: tuple[str, ...] = ()) -> dict:
    """A threshold rule."""
    rule: dict = {"kind": "threshold", "metric": metric, "comparator": comparator, "value": value, "unit": unit}
    if stages:
        rule["stages"] = list(stages)
    return rule


def nd(metric: str, stages: tuple[str, ...] = ()) -> dict:
    """A no-decrease rule (只增不减)."""
    rule: dict = {"kind": "no_decrease", "metric": metric}
    if stages:
        rule["stages"] = list(stages)
    return rule


def nb(metric: str, other: str) -> dict:
    """`metric` not below `other`."""
    return {"kind": "not_below", "metric": metric, "other": other}


def up(metric: str, stages: tuple[str, ...] = ()) -> dict:
    """A strict rise on the previous year (高于上年): a no-decrease rule that a flat year does not meet."""
    rule: dict = {"kind": "no_decrease", "metric": metric, "comparator": ">"}
    if stages:
        rule["stages"] = list(stages)
    return rule


def gf(metric: str, other: str) -> dict:
    """The growth of `metric` above the growth of `other` (三个增长)."""
    return {"kind": "grows_faster", "metric": metric, "other": other}


@dataclass(frozen=True)
class Entry:
    topic: str
    std: str = ""
    scoring: str = ""
    rules: tuple[dict, ...] = ()
    deduction: float | None = None
    evidence: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    short: str = ""  # a short name, for tables whose point column holds only a label (三级指标)
    extra: dict = field(default_factory=dict)


BUDGET = "一般公共预算教育经费"
PER_STUDENT = "生均一般公共预算教育经费"
RECURRENT = "经常性财政收入"
TEACHER_PAY = "教师年均工资"
CIVIL_PAY = "公务员年均工资"

BANK: dict[str, Entry] = {
    # -- 党的领导 -----------------------------------------------------------------------------------
    "dl_study": Entry(
        "把学习贯彻党的教育方针列入县委理论学习中心组学习内容，将教育工作纳入县委年度重点工作",
        scoring="制度健全、落实到位的得满分；未纳入年度重点工作的不得分。",
        evidence=("县委理论学习中心组学习记录", "县委年度工作要点"),
        units=("县委办", "县委宣传部"),
        short="理论学习",
    ),
    "dl_meeting": Entry(
        "县委常委会和县政府常务会议定期专题研究教育工作，及时协调解决教育改革发展中的突出问题",
        scoring="未专题研究教育工作的不得分；议定事项未落实的，每项扣0.5分。",
        deduction=0.5,
        evidence=("会议纪要", "议定事项落实台账"),
        units=("县委办", "县政府办"),
        short="专题研究教育工作",
    ),
    "dl_group": Entry(
        "县委教育工作领导小组及其秘书组设置到位并实质运行，年初部署、年底总结教育工作",
        scoring="领导小组未实质运行的不得分。",
        evidence=("领导小组成立文件", "年度工作要点", "领导小组会议纪要"),
        units=("县委办", "县教育局"),
        short="教育工作领导小组",
    ),
    "dl_contact": Entry(
        "落实县级领导干部联系学校制度，县级党政主要负责同志深入学校调研并为师生讲思政课",
        scoring="每有1名县级领导干部未落实联系学校制度扣0.5分，扣完为止。",
        deduction=0.5,
        evidence=("联系学校安排表", "调研报告", "讲思政课活动记录"),
        units=("县委办", "县政府办"),
        short="联系学校制度",
    ),
    "dl_report": Entry(
        "县级党委和政府主要负责同志年终述职把教育工作作为必述内容",
        scoring="述职报告未包含教育工作内容的不得分。",
        evidence=("年终述职报告",),
        units=("县委组织部",),
        short="述职必述教育",
    ),
    "dl_partybuild": Entry(
        "落实中小学校党组织领导的校长负责制，学校党组织书记和校长按要求配备到位",
        scoring="每有1所学校未按要求落实扣0.2分，扣完为止。",
        deduction=0.2,
        evidence=("改革实施方案", "学校章程", "干部任职文件"),
        units=("县委组织部", "县教育局"),
        short="党组织领导的校长负责制",
    ),
    "dl_ideology": Entry(
        "落实学校意识形态工作责任制，加强课堂教学、教材读物和校园网络阵地管理",
        scoring="发生意识形态领域重大事件的不得分。",
        evidence=("意识形态工作责任清单", "风险排查台账"),
        units=("县委宣传部", "县教育局"),
        short="意识形态工作",
    ),
    "dl_sizheng": Entry(
        "推进大中小学思政课一体化建设，按要求配齐专职思政课教师",
        scoring="专职思政课教师缺额的，每缺1人扣0.1分。",
        deduction=0.1,
        evidence=("思政课教师名册", "集体备课记录"),
        units=("县教育局", "县委编办"),
        short="思政课建设",
    ),
    "dl_plan": Entry(
        "制定并实施县域教育事业发展规划，将中小学校和幼儿园布局规划纳入国土空间规划",
        scoring="规划未经县政府批准印发的不得分。",
        evidence=("规划文本", "规划印发文件"),
        units=("县发展改革局", "县自然资源局", "县教育局"),
        short="教育发展规划",
    ),
    "dl_duty": Entry(
        "建立县直部门教育职责清单，明确部门履职任务并纳入部门年度绩效考核",
        scoring="未建立职责清单的不得分。",
        evidence=("职责分工文件", "部门绩效考核办法"),
        units=("县政府办", "县委组织部"),
        short="部门教育职责",
    ),
    "dl_evalreform": Entry(
        "深化新时代教育评价改革，不以升学率评价学校和教师，不向学校下达升学指标",
        scoring="发现以升学率对学校排名或下达升学指标的不得分。",
        evidence=("评价改革实施方案", "专项检查报告"),
        units=("县教育局",),
        short="教育评价改革",
    ),
    "dl_supervision": Entry(
        "健全县级教育督导机构，配齐专兼职督学，落实督导结果运用和问责",
        scoring="督导机构不健全的不得分。",
        evidence=("机构设置文件", "督学聘任名单"),
        units=("县委编办", "县教育局"),
        short="教育督导",
    ),
    # -- 经费保障 -----------------------------------------------------------------------------------
    "jf_budget": Entry(
        "落实教育经费法定增长要求",
        std="一般公共预算教育经费逐年只增不减",
        scoring="较上年下降的不得分。",
        rules=(nd(BUDGET),),
        evidence=("教育经费执行情况统计公告", "财政决算报表"),
        units=("县财政局", "县教育局"),
        short="一般公共预算教育经费",
    ),
    "jf_perstudent": Entry(
        "保障各学段生均经费投入",
        std="幼儿园、小学、初中、普通高中、中职学校按在校学生人数平均的一般公共预算教育经费逐年只增不减",
        scoring="每有1个学段下降扣1分，扣完为止。",
        rules=(nd(PER_STUDENT, ALL_STAGES),),
        deduction=1,
        evidence=("教育经费执行情况统计公告", "分学段在校生统计表"),
        units=("县财政局", "县教育局"),
        short="生均一般公共预算教育经费",
    ),
    "jf_perstudent_v2": Entry(
        "按学段落实生均教育经费投入责任",
        std="学前、小学、初中、普通高中和中等职业教育生均一般公共预算教育支出只增不减",
        scoring="任一学段较上年下降的，每个学段扣1分。",
        rules=(nd(PER_STUDENT, ALL_STAGES),),
        deduction=1,
        evidence=("教育经费统计报表", "学生数统计表"),
        units=("县财政局", "县教育局"),
        short="生均教育支出",
    ),
    "jf_growth": Entry(
        "落实教育投入“三个增长”要求",
        std="一般公共预算教育经费增长高于财政经常性收入增长",
        scoring="未实现的不得分。",
        rules=(gf(BUDGET, RECURRENT),),
        evidence=("财政决算报表", "经常性财政收入测算表"),
        units=("县财政局",),
        short="三个增长",
    ),
    "jf_growth_v2": Entry(
        "依法保障教育投入稳定增长",
        std="财政教育拨款的增长高于财政经常性收入的增长",
        scoring="未达到的不得分。",
        rules=(gf(BUDGET, RECURRENT),),
        evidence=("财政收支决算表",),
        units=("县财政局",),
        short="财政教育拨款增长",
    ),
    "jf_gongyong": Entry(
        "按时足额拨付义务教育学校公用经费",
        std="小学生均公用经费不低于每生每年650元，初中不低于每生每年850元",
        scoring="未按标准足额拨付的不得分。",
        rules=(th("生均公用经费", ">=", 650, "元", ("小学",)), th("生均公用经费", ">=", 850, "元", ("初中",))),
        evidence=("公用经费拨付文件", "国库支付凭证"),
        units=("县财政局", "县教育局"),
        short="义务教育生均公用经费",
    ),
    "jf_gongyong_w": Entry(
        "落实城乡义务教育经费保障机制",
        std="义务教育生均公用经费基准定额小学不低于600元、初中不低于800元",
        scoring="低于基准定额的不得分。",
        rules=(th("生均公用经费", ">=", 600, "元", ("小学",)), th("生均公用经费", ">=", 800, "元", ("初中",))),
        evidence=("经费保障机制文件", "资金拨付凭证"),
        units=("县财政局", "县教育局"),
        short="生均公用经费基准定额",
    ),
    "jf_special": Entry(
        "保障特殊教育学校正常运转",
        std="特殊教育学校生均公用经费按不低于6000元的标准拨付",
        scoring="未达到标准的不得分。",
        rules=(th("生均公用经费", ">=", 6000, "元", ("特殊教育",)),),
        evidence=("经费拨付文件",),
        units=("县财政局", "县教育局"),
        short="特殊教育生均公用经费",
    ),
    "jf_kg": Entry(
        "建立学前教育成本分担机制",
        std="公办幼儿园生均公用经费财政拨款标准不低于每生每年500元",
        scoring="未制定拨款标准或标准偏低的不得分。",
        rules=(th("生均公用经费", ">=", 500, "元", ("幼儿园",)),),
        evidence=("生均拨款标准文件", "保教费收费标准文件"),
        units=("县财政局", "县发展改革局", "县教育局"),
        short="公办园生均拨款",
    ),
    "jf_hs": Entry(
        "落实普通高中经费投入机制",
        std="普通高中生均公用经费拨款标准不低于每生每年1000元",
        scoring="未落实的不得分。",
        rules=(th("生均公用经费", ">=", 1000, "元", ("普通高中",)),),
        evidence=("普通高中生均拨款文件",),
        units=("县财政局", "县教育局"),
        short="普通高中生均公用经费",
    ),
    "jf_train": Entry(
        "保障中小学教师培训经费",
        std="教师培训经费占公用经费比例不低于5%",
        scoring="每低1个百分点扣0.2分。",
        rules=(th("教师培训经费占比", ">=", 5, "%"),),
        deduction=0.2,
        evidence=("学校年度预算表", "培训经费支出明细"),
        units=("县教育局", "县财政局"),
        short="教师培训经费",
    ),
    "jf_land": Entry(
        "拓宽教育经费来源渠道",
        std="从土地出让收益中计提教育资金的比例不低于10%",
        scoring="未足额计提的不得分。",
        rules=(th("土地出让收益计提教育资金比例", ">=", 10, "%"),),
        evidence=("土地出让收支决算表", "计提拨付凭证"),
        units=("县财政局", "县自然资源局"),
        short="土地出让收益计提",
    ),
    "jf_fujia": Entry(
        "教育费附加和地方教育附加足额征收，全部用于教育事业",
        scoring="存在截留、挪用的不得分。",
        evidence=("征收及拨付明细",),
        units=("县税务局", "县财政局"),
        short="教育附加",
    ),
    "jf_manage": Entry(
        "规范教育经费管理使用，无挤占、挪用、截留教育经费现象",
        scoring="审计、巡察发现问题的，每个问题扣0.5分。",
        deduction=0.5,
        evidence=("审计报告", "问题整改报告"),
        units=("县审计局", "县财政局", "县教育局"),
        short="经费管理",
    ),
    "jf_project": Entry(
        "教育重点项目资金及时足额到位",
        std="项目资金到位率达到100%",
        scoring="每低5个百分点扣0.5分。",
        rules=(th("项目资金到位率", ">=", 100, "%"),),
        deduction=0.5,
        evidence=("项目资金拨付凭证", "项目管理台账"),
        units=("县财政局", "县发展改革局"),
        short="项目资金到位",
    ),
    "jf_salary": Entry(
        "依法保障义务教育教师工资待遇",
        std="义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平",
        scoring="未达到的不得分。",
        rules=(nb(TEACHER_PAY, CIVIL_PAY),),
        evidence=("教师工资收入测算表", "公务员工资收入统计表"),
        units=("县人社局", "县财政局", "县教育局"),
        short="教师工资待遇",
    ),
    "jf_salary_v2": Entry(
        "建立中小学教师工资长效联动机制",
        std="中小学教师年平均工资不低于当地公务员年平均工资",
        scoring="未达到的不得分。",
        rules=(nb(TEACHER_PAY, CIVIL_PAY),),
        evidence=("工资联动机制文件", "工资测算表"),
        units=("县人社局", "县财政局"),
        short="教师工资联动",
    ),
    "jf_kgpay": Entry(
        "落实公办幼儿园非在编教师工资待遇保障政策，实行同工同酬",
        scoring="未落实的不得分。",
        evidence=("非在编教师工资发放表", "保障政策文件"),
        units=("县教育局", "县人社局", "县财政局"),
        short="公办园教师待遇",
    ),
    # -- 学前教育 -----------------------------------------------------------------------------------
    "xq_ruyuan": Entry(
        "巩固学前教育普及成果",
        std="学前三年毛入园率达到85%以上",
        scoring="每低1个百分点扣0.5分，扣完为止。",
        rules=(th("学前三年毛入园率", ">=", 85, "%"),),
        deduction=0.5,
        evidence=("教育事业统计报表", "学前适龄人口统计表"),
        units=("县教育局", "县统计局"),
        short="学前三年毛入园率",
    ),
    "xq_puhui": Entry(
        "扩大普惠性学前教育资源",
        std="普惠性幼儿园覆盖率达到80%以上",
        scoring="每低1个百分点扣0.5分，扣完为止。",
        rules=(th("普惠性幼儿园覆盖率", ">=", 80, "%"),),
        deduction=0.5,
        evidence=("普惠性幼儿园认定名单", "在园幼儿统计表"),
        units=("县教育局", "县发展改革局"),
        short="普惠性幼儿园覆盖率",
    ),
    "xq_gongban": Entry(
        "提高公办幼儿园供给能力",
        std="公办园在园幼儿占比达到50%以上",
        scoring="未达到的不得分。",
        rules=(th("公办园在园幼儿占比", ">=", 50, "%"),),
        evidence=("公办幼儿园名单", "在园幼儿统计表"),
        units=("县教育局", "县委编办"),
        short="公办园在园幼儿占比",
    ),
    "xq_xiaoqu": Entry(
        "城镇小区配套幼儿园规划、建设、移交和使用管理规范，全部办成普惠性幼儿园",
        scoring="每有1所未按要求移交或未办成普惠园的扣0.5分。",
        deduction=0.5,
        evidence=("小区配套园治理台账", "移交协议"),
        units=("县住建局", "县自然资源局", "县教育局"),
        short="小区配套园",
    ),
    "xq_center": Entry(
        "每个乡镇办好公办中心幼儿园，大村独立建园、小村联合办园",
        scoring="未实现乡镇公办中心园全覆盖的不得分。",
        evidence=("乡镇中心园名单", "农村幼儿园布局规划"),
        units=("县教育局",),
        short="乡镇中心园",
    ),
    "xq_teacher": Entry(
        "配足配齐幼儿园教职工",
        std="幼儿园教师持证率达到100%",
        scoring="未达到的不得分。",
        rules=(th("教师持证上岗率", ">=", 100, "%"),),
        evidence=("幼儿园教职工花名册", "教师资格证书统计表"),
        units=("县教育局", "县人社局"),
        short="幼儿园教师持证",
    ),
    "xq_quality": Entry(
        "防止和纠正幼儿园“小学化”倾向，坚持以游戏为基本活动",
        scoring="每发现1所幼儿园存在“小学化”问题扣0.5分。",
        deduction=0.5,
        evidence=("专项治理报告", "督导检查记录"),
        units=("县教育局",),
        short="科学保教",
    ),
    "xq_recog": Entry(
        "学前教育普及普惠发展得到群众认可",
        std="社会认可度达到85%以上",
        scoring="以问卷调查结果计分，未达到的不得分。",
        rules=(th("社会认可度", ">=", 85, "%"),),
        evidence=("社会认可度调查报告",),
        units=("县教育局",),
        short="社会认可度",
    ),
    # -- 义务教育 -----------------------------------------------------------------------------------
    "yw_plan": Entry(
        "推进县域义务教育优质均衡发展，制定创建规划并纳入政府重点工作",
        scoring="未制定创建规划的不得分。",
        evidence=("优质均衡创建规划", "政府工作报告"),
        units=("县政府办", "县教育局"),
        short="优质均衡创建",
    ),
    "yw_class": Entry(
        "严控义务教育学校班额",
        std="56人以上大班额比例控制在1%以内",
        scoring="超过标准的不得分。",
        rules=(th("大班额比例", "<=", 1, "%"),),
        evidence=("班额统计表", "学校班级花名册"),
        units=("县教育局",),
        short="大班额比例",
    ),
    "yw_class_v2": Entry(
        "合理规划学位供给，防止出现新的大班额",
        std="义务教育学校大班额比例不高于1%",
        scoring="未达到的不得分。",
        rules=(th("大班额比例", "<=", 1, "%"),),
        evidence=("学位供需测算表", "班额统计表"),
        units=("县教育局", "县发展改革局"),
        short="大班额控制",
    ),
    "yw_class_v3": Entry(
        "科学调配学位资源，逐步化解大班额",
        std="56人以上大班额比例低于1%",
        scoring="未达到的不得分。",
        rules=(th("大班额比例", "<", 1, "%"),),
        evidence=("班额统计表",),
        units=("县教育局",),
        short="大班额",
    ),
    "yw_dropout": Entry(
        "落实控辍保学责任，建立动态监测机制",
        std="九年义务教育巩固率达到96%以上",
        scoring="每低0.5个百分点扣0.5分。",
        rules=(th("义务教育巩固率", ">=", 96, "%"),),
        deduction=0.5,
        evidence=("控辍保学台账", "学籍统计表"),
        units=("县教育局", "各乡镇人民政府"),
        short="义务教育巩固率",
    ),
    "yw_teacher100": Entry(
        "提升义务教育教师配置水平",
        std="每百名学生拥有高于规定学历教师数小学达到4.2人以上、初中达到5.3人以上",
        scoring="每有1个学段未达到扣1分。",
        rules=(
            th("每百名学生拥有高于规定学历教师数", ">=", 4.2, "人", ("小学",)),
            th("每百名学生拥有高于规定学历教师数", ">=", 5.3, "人", ("初中",)),
        ),
        deduction=1,
        evidence=("教师学历统计表", "学生数统计表"),
        units=("县教育局",),
        short="高于规定学历教师数",
    ),
    "yw_teacher100_v2": Entry(
        "优化义务教育教师学历结构",
        std="每百名学生拥有高于规定学历教师数小学、初中分别达到4.2人以上、5.3人以上",
        scoring="任一学段未达到的不得分。",
        rules=(
            th("每百名学生拥有高于规定学历教师数", ">=", 4.2, "人", ("小学",)),
            th("每百名学生拥有高于规定学历教师数", ">=", 5.3, "人", ("初中",)),
        ),
        evidence=("教师学历结构统计表",),
        units=("县教育局",),
        short="教师学历结构",
    ),
    "yw_backbone": Entry(
        "加强骨干教师队伍建设",
        std="每百名学生拥有县级以上骨干教师数达到1人以上",
        scoring="未达到的不得分。",
        rules=(th("每百名学生拥有县级以上骨干教师数", ">=", 1, "人"),),
        evidence=("骨干教师认定文件", "骨干教师名册"),
        units=("县教育局",),
        short="骨干教师",
    ),
    "yw_sports": Entry(
        "改善学校体育场地条件",
        std="生均体育运动场馆面积小学达到7.5㎡以上、初中达到10.2㎡以上",
        scoring="每有1个学段未达到扣0.5分。",
        rules=(
            th("生均体育运动场馆面积", ">=", 7.5, "平方米", ("小学",)),
            th("生均体育运动场馆面积", ">=", 10.2, "平方米", ("初中",)),
        ),
        deduction=0.5,
        evidence=("学校校舍及场地统计表",),
        units=("县教育局", "县自然资源局"),
        short="体育运动场馆面积",
    ),
    "yw_migrant": Entry(
        "保障进城务工人员随迁子女平等接受义务教育",
        std="随迁子女在公办学校就读比例不低于85%",
        scoring="未达到的不得分。",
        rules=(th("随迁子女公办学校就读比例", ">=", 85, "%"),),
        evidence=("随迁子女入学统计表", "招生入学政策文件"),
        units=("县教育局", "县公安局"),
        short="随迁子女就读",
    ),
    "yw_disabled": Entry(
        "保障残疾儿童少年受教育权利，落实“一人一案”",
        std="适龄残疾儿童少年入学率达到95%以上",
        scoring="每低1个百分点扣0.2分。",
        rules=(th("适龄残疾儿童少年入学率", ">=", 95, "%"),),
        deduction=0.2,
        evidence=("残疾儿童少年入学安置台账", "送教上门记录"),
        units=("县教育局", "县残联", "县卫生健康局"),
        short="残疾儿童少年入学",
    ),
    "yw_enroll": Entry(
        "规范义务教育招生入学，落实免试就近入学和公民办学校同步招生",
        scoring="每查实1起违规招生行为扣1分，扣完为止。",
        deduction=1,
        evidence=("招生入学工作方案", "招生情况统计表"),
        units=("县教育局",),
        short="招生入学",
    ),
    "yw_private": Entry(
        "规范民办义务教育发展",
        std="民办义务教育在校生占义务教育在校生总数的比例不超过5%",
        scoring="超过规定比例且无压减计划的不得分。",
        rules=(th("民办义务教育在校生占比", "<=", 5, "%"),),
        evidence=("民办学校在校生统计表", "规范发展工作方案"),
        units=("县教育局",),
        short="民办义务教育规模",
    ),
    "yw_after": Entry(
        "做好义务教育课后服务",
        std="课后服务覆盖率达到100%",
        scoring="未实现全覆盖的不得分。",
        rules=(th("课后服务覆盖率", ">=", 100, "%"),),
        evidence=("课后服务实施方案", "课后服务开展情况统计表"),
        units=("县教育局", "县财政局"),
        short="课后服务",
    ),
    "yw_shuangjian": Entry(
        "落实“双减”工作要求，严格校外培训机构治理",
        scoring="发现违规学科类培训未查处的，每起扣0.5分。",
        deduction=0.5,
        evidence=("校外培训机构治理台账", "执法检查记录"),
        units=("县教育局", "县市场监管局"),
        short="双减",
    ),
    "yw_five": Entry(
        "加强中小学作业、睡眠、手机、读物、体质管理",
        scoring="每发现1所学校落实不到位扣0.2分，扣完为止。",
        deduction=0.2,
        evidence=("五项管理工作方案", "督导检查报告"),
        units=("县教育局",),
        short="五项管理",
    ),
    "yw_health": Entry(
        "加强学校体育和健康教育",
        std="学生体质健康优良率达到50%以上",
        scoring="未达到的不得分。",
        rules=(th("学生体质健康优良率", ">=", 50, "%"),),
        evidence=("国家学生体质健康标准测试数据",),
        units=("县教育局", "县卫生健康局"),
        short="学生体质健康",
    ),
    "yw_health_v2": Entry(
        "保障学生校内外体育活动时间，提升学生体质健康水平",
        std="学生体质健康优良率超过50%",
        scoring="未达到的不得分。",
        rules=(th("学生体质健康优良率", ">", 50, "%"),),
        evidence=("体质健康测试数据", "体育活动安排表"),
        units=("县教育局",),
        short="体质健康",
    ),
    "yw_net": Entry(
        "推进教育信息化建设",
        std="中小学宽带网络校园覆盖率达到100%",
        scoring="未实现全覆盖的不得分。",
        rules=(th("宽带网络校园覆盖率", ">=", 100, "%"),),
        evidence=("教育信息化统计表",),
        units=("县教育局", "县工业和信息化局"),
        short="宽带网络覆盖",
    ),
    "yw_lab": Entry(
        "推进义务教育学校装备标准化",
        std="实验仪器达标率达到100%",
        scoring="每有1所学校不达标扣0.2分。",
        rules=(th("实验仪器达标率", ">=", 100, "%"),),
        deduction=0.2,
        evidence=("教学装备统计表",),
        units=("县教育局",),
        short="实验仪器配备",
    ),
    "yw_standard": Entry(
        "义务教育学校办学条件达到省定基本办学标准",
        scoring="每有1所学校不达标扣0.5分，扣完为止。",
        deduction=0.5,
        evidence=("学校办学条件统计表", "达标评估报告"),
        units=("县教育局", "县发展改革局"),
        short="办学条件达标",
    ),
    "yw_smallschool": Entry(
        "办好乡村小规模学校和乡镇寄宿制学校",
        scoring="未制定建设方案的不得分。",
        evidence=("两类学校建设方案", "项目台账"),
        units=("县教育局",),
        short="两类学校",
    ),
    # -- 高中阶段、职业和特殊教育 --------------------------------------------------------------------
    "gz_rate": Entry(
        "普及高中阶段教育",
        std="高中阶段毛入学率达到90%以上",
        scoring="每低1个百分点扣0.5分。",
        rules=(th("高中阶段毛入学率", ">=", 90, "%"),),
        deduction=0.5,
        evidence=("教育事业统计报表",),
        units=("县教育局",),
        short="高中阶段毛入学率",
    ),
    "gz_reform": Entry(
        "推进普通高中育人方式改革，实施选课走班和学生发展指导",
        scoring="未落实的不得分。",
        evidence=("育人方式改革实施方案", "学校课程方案"),
        units=("县教育局",),
        short="育人方式改革",
    ),
    "gz_debt": Entry(
        "稳妥化解普通高中债务，不得新增债务",
        scoring="新增债务的不得分。",
        evidence=("债务统计表", "化债方案"),
        units=("县财政局", "县教育局"),
        short="高中债务",
    ),
    "gz_vocational": Entry(
        "推动职业教育与普通高中教育协调发展",
        std="中职学校招生占高中阶段招生比例保持在40%以上",
        scoring="未达到的不得分。",
        rules=(th("中职招生占比", ">=", 40, "%"),),
        evidence=("高中阶段招生统计表",),
        units=("县教育局",),
        short="普职协调发展",
    ),
    "gz_zhongzhi": Entry(
        "改善中等职业学校办学条件，深化产教融合和校企合作",
        scoring="办学条件未达标的不得分。",
        evidence=("中职学校办学条件统计表", "校企合作协议"),
        units=("县教育局", "县人社局"),
        short="中职办学条件",
    ),
    "gz_special": Entry(
        "实施特殊教育提升计划，建设县级特殊教育资源中心",
        scoring="未建立资源中心的不得分。",
        evidence=("资源中心建设文件",),
        units=("县教育局", "县残联"),
        short="特殊教育资源中心",
    ),
    # -- 教师队伍 -----------------------------------------------------------------------------------
    "js_ethics": Entry(
        "建立师德建设长效机制，落实师德失范行为查处通报制度",
        scoring="发生严重师德失范事件且处置不力的不得分。",
        evidence=("师德建设制度文件", "师德考核记录"),
        units=("县教育局",),
        short="师德师风",
    ),
    "js_bianzhi": Entry(
        "按标准核定中小学教职工编制，及时补充教师，无在编不在岗现象",
        scoring="发现在编不在岗的，每人扣0.1分。",
        deduction=0.1,
        evidence=("编制核定文件", "教师招聘计划"),
        units=("县委编办", "县人社局", "县教育局"),
        short="教职工编制",
    ),
    "js_exchange": Entry(
        "推进义务教育学校校长教师交流轮岗",
        std="每年交流轮岗教师比例不低于符合交流条件教师总数的10%",
        scoring="每低1个百分点扣0.2分。",
        rules=(th("交流轮岗教师比例", ">=", 10, "%"),),
        deduction=0.2,
        evidence=("交流轮岗教师名单", "交流轮岗工作方案"),
        units=("县教育局", "县人社局"),
        short="交流轮岗",
    ),
    "js_train": Entry(
        "落实中小学教师全员培训制度，完成年度培训任务",
        scoring="未完成年度培训任务的不得分。",
        evidence=("年度培训计划", "培训学时登记表"),
        units=("县教育局",),
        short="教师培训",
    ),
    "js_burden": Entry(
        "减轻中小学教师非教育教学负担，清理规范进校园事项",
        scoring="未建立进校园事项审批制度的不得分。",
        evidence=("进校园事项清单", "审批备案记录"),
        units=("县委办", "县教育局"),
        short="教师减负",
    ),
    "js_rural": Entry(
        "落实乡村教师生活补助和乡镇工作补贴政策",
        scoring="未按标准发放的不得分。",
        evidence=("补助发放花名册", "资金拨付凭证"),
        units=("县人社局", "县财政局", "县教育局"),
        short="乡村教师补助",
    ),
    "js_title": Entry(
        "完善中小学教师职称评聘制度，职称岗位向乡村学校倾斜",
        scoring="未落实倾斜政策的不得分。",
        evidence=("职称评聘方案", "岗位设置文件"),
        units=("县人社局", "县教育局"),
        short="职称评聘",
    ),
    "js_perf": Entry(
        "核定义务教育学校绩效工资总量时统筹考虑当地公务员实际收入水平",
        scoring="未统筹考虑的不得分。",
        evidence=("绩效工资核定文件",),
        units=("县人社局", "县财政局"),
        short="绩效工资",
    ),
    # -- 安全稳定与规范办学 --------------------------------------------------------------------------
    "aq_system": Entry(
        "建立健全学校安全工作领导机制和责任体系，落实党政同责、一岗双责",
        scoring="责任体系不健全的不得分。",
        evidence=("安全工作责任书", "领导小组文件"),
        units=("县政府办", "县教育局"),
        short="安全责任体系",
    ),
    "aq_guard": Entry(
        "加强学校人防建设",
        std="中小学幼儿园专职保安员配备率达到100%",
        scoring="每低1个百分点扣0.1分。",
        rules=(th("专职保安员配备率", ">=", 100, "%"),),
        deduction=0.1,
        evidence=("保安员配备花名册", "保安服务合同"),
        units=("县公安局", "县教育局"),
        short="专职保安员配备",
    ),
    "aq_threeprot": Entry(
        "学校物防技防建设达标，一键式紧急报警装置与公安机关联网",
        scoring="每有1所学校未达标扣0.2分。",
        deduction=0.2,
        evidence=("技防物防建设台账", "联网测试记录"),
        units=("县公安局", "县教育局"),
        short="物防技防",
    ),
    "aq_food": Entry(
        "落实学校食品安全校长（园长）负责制和陪餐制度",
        scoring="发生食品安全责任事故的不得分。",
        evidence=("食品安全管理制度", "陪餐记录"),
        units=("县市场监管局", "县教育局"),
        short="食品安全",
    ),
    "aq_drown": Entry(
        "开展防溺水和交通安全专题教育，加强重点水域巡查管控",
        scoring="发生学生溺亡事件且负有管理责任的不得分。",
        evidence=("专题教育记录", "水域巡查台账"),
        units=("县应急管理局", "县水利局", "县教育局"),
        short="防溺水",
    ),
    "aq_bully": Entry(
        "建立校园欺凌防控和处置机制",
        scoring="每发现1起处置不当的欺凌事件扣0.5分。",
        deduction=0.5,
        evidence=("防控工作方案", "排查处置台账"),
        units=("县教育局", "县公安局"),
        short="欺凌防控",
    ),
    "aq_surround": Entry(
        "开展校园周边环境综合治理，维护校园及周边秩序",
        scoring="校园周边存在重大安全隐患未整治的不得分。",
        evidence=("综合治理工作方案", "联合执法记录"),
        units=("县公安局", "县市场监管局", "县文化和旅游局"),
        short="周边环境治理",
    ),
    "aq_bus": Entry(
        "加强校车安全管理，规范学生上下学交通服务",
        scoring="发生校车安全责任事故的不得分。",
        evidence=("校车管理台账", "驾驶人资格审核记录"),
        units=("县公安局", "县交通运输局", "县教育局"),
        short="校车安全",
    ),
    "aq_fee": Entry(
        "规范教育收费行为，落实收费公示制度",
        scoring="每查实1起违规收费扣1分，扣完为止。",
        deduction=1,
        evidence=("收费公示材料", "专项检查报告"),
        units=("县发展改革局", "县市场监管局", "县教育局"),
        short="教育收费",
    ),
    "aq_supervise": Entry(
        "落实中小学校责任督学挂牌督导制度",
        std="责任督学挂牌督导覆盖率达到100%",
        scoring="未实现全覆盖的不得分。",
        rules=(th("责任督学挂牌督导覆盖率", ">=", 100, "%"),),
        evidence=("责任督学名单", "督导工作记录"),
        units=("县教育局",),
        short="挂牌督导",
    ),
    "aq_satisfaction": Entry(
        "人民群众对教育工作满意",
        std="群众满意度达到85%以上",
        scoring="以第三方调查结果计分，每低1个百分点扣0.2分。",
        rules=(th("满意度", ">=", 85, "%"),),
        deduction=0.2,
        evidence=("满意度调查报告",),
        units=("县教育局",),
        short="群众满意度",
    ),
    "aq_rectify": Entry(
        "上一年度履行教育职责评价反馈问题整改到位",
        scoring="每有1个问题未按期整改扣0.5分，扣完为止。",
        deduction=0.5,
        evidence=("整改方案", "整改台账", "整改报告"),
        units=("县政府办", "县教育局"),
        short="问题整改",
    ),
    "aq_data": Entry(
        "教育统计数据真实准确，按时报送",
        scoring="发现数据弄虚作假的不得分。",
        evidence=("教育统计报表", "数据核查报告"),
        units=("县教育局", "县统计局"),
        short="统计数据质量",
    ),
    "aq_accident": Entry(
        "守牢学校安全底线，落实安全管理主体责任",
        scoring="安全责任落实到位的得满分；发生重大校园安全责任事故或造成恶劣社会影响的，实行一票否决。",
        evidence=("安全事故报告", "安全工作总结"),
        units=("县政府办", "县教育局"),
        short="重大安全事故",
        extra={"veto": True},
    ),
    # -- 加分项 -------------------------------------------------------------------------------------
    "bn_award": Entry(
        "教育工作获得国家级表彰或在全国性会议上作典型经验交流",
        scoring="获国家级表彰的加2分，在全国性会议上交流的加1分，累计不超过2分。",
        evidence=("表彰文件", "会议交流材料"),
        units=("县教育局",),
        short="国家级表彰",
        extra={"bonus": True},
    ),
    "bn_reform": Entry(
        "承担国家级或省级教育改革试点任务并取得明显成效",
        scoring="国家级试点加2分，省级试点加1分。",
        evidence=("试点任务文件", "试点工作总结"),
        units=("县教育局",),
        short="改革试点",
        extra={"bonus": True},
    ),
    "bn_innov": Entry(
        "教育改革创新经验被省级以上媒体或工作简报推广",
        scoring="每项加0.5分，最高加1分。",
        evidence=("媒体报道", "工作简报"),
        units=("县委宣传部", "县教育局"),
        short="经验推广",
        extra={"bonus": True},
    ),
}

# 赋分办法 of an older bare table (序号 | 指标 | 分值 | 赋分办法): a short name and one scoring text that holds the
# standard, often a ranking among the counties, which states no standard at all.
RANKED: dict[str, Entry] = {
    "rk_twonot": Entry(
        "教育经费“两个只增不减”",
        scoring="一般公共预算教育经费较上年只增不减，按在校学生人数平均的一般公共预算教育经费幼儿园、小学、初中、"
        "普通高中、中职学校均只增不减的，得8分；每有1项下降扣2分，扣完为止。",
        rules=(nd(BUDGET), nd(PER_STUDENT, ALL_STAGES)),
        deduction=2,
    ),
    "rk_growth": Entry(
        "财政教育拨款增长",
        scoring="财政教育拨款增长高于财政经常性收入增长的，得6分；未达到的，按增幅差距从小到大排序，分别得4、3、2、1分。",
        rules=(gf(BUDGET, RECURRENT),),
    ),
    "rk_gongyong": Entry(
        "义务教育公用经费保障",
        scoring="按义务教育生均公用经费占生均一般公共预算教育事业费的比例从高到低排序，分别得6、5、4、3、2分。",
    ),
    "rk_salary": Entry(
        "教师工资待遇",
        scoring="义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平的，得10分；低于的不得分。",
        rules=(nb(TEACHER_PAY, CIVIL_PAY),),
    ),
    "rk_ruyuan": Entry(
        "学前教育普及",
        scoring="学前三年毛入园率达到85%以上的，得8分；低于85%的，按从高到低排序，分别得6、4、2分。",
        rules=(th("学前三年毛入园率", ">=", 85, "%"),),
    ),
    "rk_puhui": Entry(
        "普惠性学前教育资源",
        scoring="普惠性幼儿园覆盖率按从高到低排序，分别得6、5、4、3分。",
    ),
    "rk_gonggu": Entry(
        "义务教育巩固水平",
        scoring="九年义务教育巩固率按从高到低排序，分别得8、6、4、2分。",
    ),
    "rk_dropout": Entry(
        "控辍保学",
        scoring="初中学生年辍学率按从低到高排序，分别得4、3、2、1分；发现辍学学生未劝返复学的，每人扣0.5分，扣完为止。",
        deduction=0.5,
    ),
    "rk_health": Entry(
        "学生体质健康",
        scoring="学生体质健康测试优良率按从高到低排序，分别得4、3、2、1分。",
    ),
    "rk_gz": Entry(
        "高中阶段教育普及",
        scoring="高中阶段毛入学率达到92%以上的，得6分；每低1个百分点扣1分，扣完为止。",
        rules=(th("高中阶段毛入学率", ">=", 92, "%"),),
        deduction=1,
    ),
    "rk_special": Entry(
        "特殊教育",
        scoring="适龄残疾儿童少年入学率达到95%以上的，得4分；未达到的不得分。",
        rules=(th("适龄残疾儿童少年入学率", ">=", 95, "%"),),
    ),
    "rk_exchange": Entry(
        "教师交流轮岗",
        scoring="义务教育学校教师交流轮岗比例不低于10%的，得5分；每低1个百分点扣1分，扣完为止。",
        rules=(th("交流轮岗教师比例", ">=", 10, "%"),),
        deduction=1,
    ),
    "rk_train": Entry(
        "教师培训",
        scoring="按教师培训经费占公用经费比例从高到低排序，分别得5、4、3、2分。",
    ),
    "rk_ethics": Entry(
        "师德师风建设",
        scoring="发生严重违反师德行为并造成恶劣社会影响的，不得分。",
    ),
    "rk_conduct": Entry(
        "规范办学行为",
        scoring="查实违规收费、违规招生或组织有偿补课的，每起扣1分，扣完为止。",
        deduction=1,
    ),
    "rk_safety": Entry(
        "校园安全",
        scoring="发生重大校园安全责任事故的，实行一票否决。",
        extra={"veto": True},
    ),
    "rk_satisfaction": Entry(
        "群众满意度",
        scoring="群众满意度测评结果按从高到低排序，分别得3、2.5、2、1.5分。",
    ),
}

# The same standards in other words: 不得低于, 不少于, 控制在…以下, ≥, ≤, 高于上年, 不低于上年, 较上年只增不减,
# 分别不低于…和…, 均达到…以上, two standards joined by 且.
PHRASED: dict[str, Entry] = {
    "ph_budget": Entry(
        "落实一般公共预算教育经费法定增长要求",
        std="一般公共预算教育经费较上年只增不减",
        scoring="较上年下降的不得分。",
        rules=(nd(BUDGET),),
        evidence=("财政决算报表", "教育经费执行情况统计公告"),
        units=("县财政局",),
    ),
    "ph_perstudent": Entry(
        "保障各学段生均教育经费投入",
        std="幼儿园、小学、初中、普通高中、中职学校生均一般公共预算教育经费均不低于上年",
        scoring="每有1个学段低于上年扣1分。",
        rules=(nd(PER_STUDENT, ALL_STAGES),),
        deduction=1,
        evidence=("教育经费统计报表", "分学段在校生统计表"),
        units=("县财政局", "县教育局"),
    ),
    "ph_gongyong": Entry(
        "足额拨付义务教育生均公用经费",
        std="小学、初中生均公用经费分别不低于650元和850元",
        scoring="有1个学段未达到的不得分。",
        rules=(th("生均公用经费", ">=", 650, "元", ("小学",)), th("生均公用经费", ">=", 850, "元", ("初中",))),
        evidence=("公用经费拨付文件",),
        units=("县财政局", "县教育局"),
    ),
    "ph_train": Entry(
        "保障中小学教师培训经费",
        std="教师培训经费不少于学校年度公用经费预算总额的5%",
        scoring="未达到的不得分。",
        rules=(th("教师培训经费占比", ">=", 5, "%"),),
        evidence=("学校年度预算表", "培训经费支出明细"),
        units=("县教育局",),
    ),
    "ph_special": Entry(
        "保障特殊教育学校运转经费",
        std="特殊教育学校生均公用经费不得低于6000元",
        scoring="未达到的不得分。",
        rules=(th("生均公用经费", ">=", 6000, "元", ("特殊教育",)),),
        evidence=("经费拨付文件",),
        units=("县财政局",),
    ),
    "ph_ruyuan": Entry(
        "巩固学前教育普及成果",
        std="学前三年毛入园率≥85%",
        scoring="每低1个百分点扣0.5分，扣完为止。",
        rules=(th("学前三年毛入园率", ">=", 85, "%"),),
        deduction=0.5,
        evidence=("教育事业统计报表",),
        units=("县教育局",),
    ),
    "ph_share": Entry(
        "提高公办园和普惠性幼儿园供给水平",
        std="公办园在园幼儿占比≥50%且普惠性幼儿园覆盖率≥80%",
        scoring="每有1项未达到扣2分。",
        rules=(th("公办园在园幼儿占比", ">=", 50, "%"), th("普惠性幼儿园覆盖率", ">=", 80, "%")),
        deduction=2,
        evidence=("公办幼儿园名单", "普惠性幼儿园认定名单", "在园幼儿统计表"),
        units=("县教育局",),
    ),
    "ph_class": Entry(
        "严控义务教育学校班额",
        std="56人以上大班额比例≤1%",
        scoring="未达到的不得分。",
        rules=(th("大班额比例", "<=", 1, "%"),),
        evidence=("班额统计表",),
        units=("县教育局",),
    ),
    "ph_private": Entry(
        "规范民办义务教育规模",
        std="民办义务教育在校生占义务教育在校生总数的比例控制在5%以下",
        scoring="超过规定比例的不得分。",
        rules=(th("民办义务教育在校生占比", "<=", 5, "%"),),
        evidence=("民办学校在校生统计表",),
        units=("县教育局",),
    ),
    "ph_migrant": Entry(
        "保障随迁子女平等接受义务教育",
        std="随迁子女在公办学校（含政府购买学位）就读比例不得低于85%",
        scoring="每低1个百分点扣0.2分，扣完为止。",
        rules=(th("随迁子女公办学校就读比例", ">=", 85, "%"),),
        deduction=0.2,
        evidence=("随迁子女入学统计表", "政府购买学位协议"),
        units=("县教育局", "县财政局"),
    ),
    "ph_backbone": Entry(
        "加强义务教育骨干教师配置",
        std="每百名学生拥有县级以上骨干教师数小学、初中均达到1人以上",
        scoring="每有1个学段未达到扣2分。",
        rules=(
            th("每百名学生拥有县级以上骨干教师数", ">=", 1, "人", ("小学",)),
            th("每百名学生拥有县级以上骨干教师数", ">=", 1, "人", ("初中",)),
        ),
        deduction=2,
        evidence=("骨干教师名册", "学生数统计表"),
        units=("县教育局",),
    ),
    "ph_sports": Entry(
        "保障学校体育运动场地",
        std="生均体育运动场馆面积小学、初中分别不低于7.5平方米和10.2平方米",
        scoring="每有1个学段未达到扣1分。",
        rules=(
            th("生均体育运动场馆面积", ">=", 7.5, "平方米", ("小学",)),
            th("生均体育运动场馆面积", ">=", 10.2, "平方米", ("初中",)),
        ),
        deduction=1,
        evidence=("学校场地面积统计表",),
        units=("县教育局", "县自然资源局"),
    ),
    "ph_health": Entry(
        "提升学生体质健康水平",
        std="学生体质健康优良率高于上年",
        scoring="与上年持平的得1分，低于上年的不得分。",
        rules=(up("学生体质健康优良率"),),
        evidence=("国家学生体质健康标准测试数据",),
        units=("县教育局",),
    ),
    "ph_exchange": Entry(
        "推进义务教育学校校长教师交流轮岗",
        std="每年交流轮岗的教师不少于符合交流条件教师总数的10%",
        scoring="每低1个百分点扣0.5分。",
        rules=(th("交流轮岗教师比例", ">=", 10, "%"),),
        deduction=0.5,
        evidence=("交流轮岗教师名单",),
        units=("县教育局", "县人社局"),
    ),
    "ph_hours": Entry(
        "落实中小学教师全员培训制度",
        std="中小学教师五年一周期参加培训不少于360学时",
        scoring="未达到的不得分。",
        rules=(th("教师培训学时", ">=", 360, "学时"),),
        evidence=("教师培训学时登记表",),
        units=("县教育局",),
    ),
}

BANK.update(RANKED)
BANK.update(PHRASED)
