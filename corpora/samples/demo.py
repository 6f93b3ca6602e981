"""A small demo submission (样例材料包) in the genre of primer sections 4–5: a self-evaluation report,
a self-score sheet and evidence of every kind, including one broken file planted on purpose.

The fuller generator with frameworks and labelled defects comes with the framework work; this one feeds
the demo and the ingestion tests."""

from __future__ import annotations

from pathlib import Path

from corpora.samples.render import Heading, TableSpec, docx, scanned_pdf, text_pdf, xlsx

COUNTY = "江南县"

REPORT = [
    "根据《湖南省县级人民政府履行教育职责评价办法》要求，我县对照评价指标开展了自查自评，自评总得分92.5分，其中申请加分2分。",
    Heading("一、基本情况", 1),
    "我县总面积1860平方公里，户籍人口52.3万人。全县共有各级各类学校186所，其中幼儿园98所、小学62所、初中21所、"
    "普通高中3所、中职学校2所；在校学生8.56万人，教职工6120人。",
    Heading("二、主要做法及成效", 1),
    Heading("（一）坚持党的全面领导", 2),
    "1.健全领导体制。县委、县政府成立了教育工作领导小组，印发了《关于成立江南县教育工作领导小组的通知》"
    "（江政办发〔2022〕15号），每年召开专题会议研究教育工作4次。",
    Heading("（二）加强教育保障", 2),
    "1.落实两个只增不减。2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%；生均一般公共预算教育经费"
    "小学、初中、普通高中均比上年有所增长。",
    "2.保障教师工资待遇。义务教育教师年均工资为11.2万元，不低于当地公务员年均工资10.9万元。",
    Heading("三、存在问题", 1),
    "一是学前教育普惠资源仍然不足；二是城区学校大班额问题尚未完全消除。",
    Heading("四、下一步工作", 1),
    "我县将继续加大教育投入，推进义务教育优质均衡发展。",
]

NOTICE = [
    "各乡镇人民政府，县直有关单位：",
    "为加强党对教育工作的全面领导，经县人民政府研究，决定成立江南县教育工作领导小组。现将有关事项通知如下：",
    Heading("一、领导小组组成", 1),
    "组长由县长担任，副组长由分管副县长担任，成员由县教育局、县财政局、县人社局、县编办等单位主要负责人组成。",
    Heading("二、工作职责", 1),
    "领导小组负责统筹全县教育改革发展，研究解决教育经费保障、教师队伍建设等重大问题，每年至少召开两次专题会议。",
    "江南县人民政府办公室",
    "2022年3月15日",
]

FUNDING = TableSpec(
    [
        ["项目", "2021年", "2022年", "增长率"],
        ["一般公共预算教育经费（万元）", "128400", "135200", "5.3%"],
        ["小学生均一般公共预算教育经费（元）", "11850", "12230", "3.2%"],
        ["初中生均一般公共预算教育经费（元）", "15620", "16080", "2.9%"],
        ["普通高中生均一般公共预算教育经费（元）", "17049.52", "17320.10", "1.6%"],
    ]
)

MINUTES = [
    ["江南县人民政府常务会议纪要", "（2022年第6次）"],
    ["2022年6月10日，县长主持召开县政府常务会议，", "专题研究教育经费保障和教师工资待遇问题。"],
    ["会议要求，确保义务教育教师平均工资收入水平", "不低于当地公务员平均工资收入水平。"],
]


def write_demo_bundle(out: Path) -> Path:
    """Write the demo submission under `out` (a folder) and return it."""
    out.mkdir(parents=True, exist_ok=True)
    docx(
        out / f"{COUNTY}履行教育职责自评报告.docx",
        REPORT,
        styled=False,
        title=f"{COUNTY}人民政府履行教育职责自评报告",
    )
    xlsx(
        out / "自评表.xlsx",
        {
            "自评表": TableSpec(
                [
                    ["指标编号", "观测点", "分值", "自评分", "说明"],
                    ["A1.1", "健全教育领导体制", "4", "4", "成立领导小组"],
                    ["A2.1", "落实两个只增不减", "6", "6", "经费逐年增长"],
                    ["A2.2", "保障教师工资待遇", "5", "5", "不低于公务员"],
                ]
            )
        },
    )
    evidence = out / "佐证材料"
    text_pdf(
        evidence / "A1 党的领导" / "关于成立江南县教育工作领导小组的通知.pdf",
        ["江南县人民政府办公室文件", "江政办发〔2022〕15号", *NOTICE],
        title="关于成立江南县教育工作领导小组的通知",
    )
    text_pdf(
        evidence / "A2 教育保障" / "2022年教育经费执行情况统计公告.pdf",
        [
            "根据教育经费统计年报，现将我县2022年教育经费执行情况公告如下。",
            FUNDING,
            "2022年全县一般公共预算教育经费比上年增长5.3%，实现了两个只增不减。",
        ],
        title="江南县2022年教育经费执行情况统计公告",
    )
    xlsx(
        evidence / "A2 教育保障" / "教师工资测算表.xlsx",
        {
            "测算表": TableSpec(
                [
                    ["类别", "人数", "年均工资（万元）"],
                    ["义务教育教师", "3560", "11.2"],
                    ["当地公务员", "2210", "10.9"],
                ]
            )
        },
    )
    scanned_pdf(
        evidence / "A2 教育保障" / "县政府常务会议纪要（扫描件）.pdf",
        [[line for pair in MINUTES for line in pair]],
        noise=0.002,
    )
    broken = evidence / "A3 其他" / "上传中断的文件.pdf"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # planted: a truncated upload
    return out
