"""A report splits into claims — one per sentence or list item — each with its kind, the reason for it,
its heading path, provenance and figures; plans, problems, background and boilerplate need no evidence."""

import pytest

from corpora.frameworks import load
from corpora.samples.generator import SampleOptions, generate
from extract.builder import DocumentBuilder
from extract.claims import extract_claims
from extract.model import Document
from tests.conftest import read

HAND_WRITTEN = [
    ("根据《县级人民政府履行教育职责评价办法》要求，我县开展了自查自评，现将有关情况报告如下。", None),
    ("一、基本情况", "heading"),
    ("全县总面积1860平方公里，户籍人口52.3万人。全县共有中小学45所，在校学生3.2万人。", None),
    ("二、履职情况", "heading"),
    ("（一）坚持党的全面领导（分值10分，自评得9.5分）", "heading"),
    (
        "县委常委会全年专题研究教育工作4次，县政府常务会议研究教育工作6次。"
        "一是成立了由县委书记任组长的教育工作领导小组；二是印发《江南县教育工作领导小组工作规则》（江办发〔2022〕7号）；"
        "三是建立县级领导联系学校制度，县级领导全年到联系学校调研42人次。",
        None,
    ),
    ("（二）加强教育保障", "heading"),
    (
        "2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%；按在校学生人数平均的一般公共预算教育经费，"
        "小学12230元、初中16080元、普通高中17320元，均比上年有所增长。",
        None,
    ),
    ("义务教育教师年均工资11.2万元，当地公务员年均工资10.9万元，教师工资不低于公务员。", None),
    ("全县普惠性幼儿园覆盖率达到xx%，比上年提高x个百分点。", None),
    (
        "我县坚持把教育摆在优先发展的战略地位，在经济社会发展规划上优先安排教育、在财政资金投入上优先保障教育、"
        "在公共资源配置上优先满足教育，教育事业呈现出持续健康发展的良好态势。",
        None,
    ),
    ("三、存在问题", "heading"),
    ("城区学校学位依然紧张，乡村学校音体美教师短缺。", None),
    ("四、下一步工作", "heading"),
    ("我县将继续加大教育投入，确保两个只增不减。", None),
]
EXPECTED = [
    ("根据《县级人民政府履行教育职责评价办法》要求，我县开展了自查自评，现将有关情况报告如下。", "boilerplate"),
    ("全县总面积1860平方公里，户籍人口52.3万人。", "background"),
    ("全县共有中小学45所，在校学生3.2万人。", "background"),
    ("县委常委会全年专题研究教育工作4次，县政府常务会议研究教育工作6次。", "activity"),
    ("一是成立了由县委书记任组长的教育工作领导小组；", "mechanism"),
    ("二是印发《江南县教育工作领导小组工作规则》（江办发〔2022〕7号）；", "mechanism"),
    ("三是建立县级领导联系学校制度，县级领导全年到联系学校调研42人次。", "activity"),
    ("2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%；", "funding"),
    (
        "按在校学生人数平均的一般公共预算教育经费，小学12230元、初中16080元、普通高中17320元，均比上年有所增长。",
        "funding",
    ),
    ("义务教育教师年均工资11.2万元，当地公务员年均工资10.9万元，教师工资不低于公务员。", "parity"),
    ("全县普惠性幼儿园覆盖率达到xx%，比上年提高x个百分点。", "other"),
    (
        "我县坚持把教育摆在优先发展的战略地位，在经济社会发展规划上优先安排教育、在财政资金投入上优先保障教育、"
        "在公共资源配置上优先满足教育，教育事业呈现出持续健康发展的良好态势。",
        "other",
    ),
    ("城区学校学位依然紧张，乡村学校音体美教师短缺。", "problem"),
    ("我县将继续加大教育投入，确保两个只增不减。", "plan"),
]


@pytest.fixture(scope="module")
def hand_written():
    doc = Document(path="江南县自评报告.txt", format="text", reader="test")
    builder = DocumentBuilder(doc)
    for text, kind in HAND_WRITTEN:
        builder.text(text, heading=True if kind == "heading" else None)
    return builder.finish()


def test_a_hand_written_report_splits_into_its_claims_with_kinds(hand_written):
    claims = extract_claims(hand_written, 2022)
    assert [(c.text, c.kind) for c in claims] == EXPECTED


def test_every_claim_knows_where_it_stands_and_why(hand_written):
    claims = extract_claims(hand_written, 2022)
    page = hand_written.pages[0]
    for c in claims:
        assert page.text[c.start : c.end] == c.text and c.page == 1 and c.file == "江南县自评报告.txt"
        assert c.reason
    mechanism = next(c for c in claims if "工作规则" in c.text)
    assert mechanism.section == ["二、履职情况", "（一）坚持党的全面领导（分值10分，自评得9.5分）"]
    assert "《" in mechanism.reason or "印发" in mechanism.reason
    problem = next(c for c in claims if c.kind == "problem")
    assert not problem.needs_evidence and "存在问题" in problem.reason


def test_claims_carry_their_figures_and_placeholders_carry_none(hand_written):
    claims = extract_claims(hand_written, 2022)

    def starting(prefix: str):
        return next(c for c in claims if c.text.startswith(prefix))

    funding = starting("2022年全县一般")
    assert [(q.text, q.metric, q.period) for q in funding.quantities] == [
        ("13.52亿元", "一般公共预算教育经费", "2022"),
        ("5.3%", "一般公共预算教育经费", "2022"),
    ]
    assert starting("全县普惠性幼儿园").quantities == []


def test_a_heading_with_a_score_tag_is_a_heading(hand_written):
    headings = [b.text for b in hand_written.blocks if b.kind == "heading"]
    assert "（一）坚持党的全面领导（分值10分，自评得9.5分）" in headings


@pytest.mark.parametrize(
    ("framework", "report_format", "seed"),
    [
        ("cq-2018-district", "docx-plain", 10),
        ("gd-2020-county", "pdf", 11),
        ("hn-2021-county-gov", "docx-styled", 12),
        ("nm-league-city", "pdf", 13),
        ("sh-2017-district", "docx-plain", 14),
        ("hn-2021-county-leaders", "pdf", 15),
    ],
)
def test_generated_reports_split_and_classify_as_labelled(tmp_path, framework, report_format, seed):
    labels = generate(
        load(framework), tmp_path, SampleOptions(seed=seed, report_format=report_format, scanned=0, broken=0)
    )
    claims = extract_claims(read(tmp_path / labels["report"]).document, labels["year"])

    def squeeze(s: str) -> str:
        return "".join(s.split())

    got = {squeeze(c.text): c.kind for c in claims}
    want = {squeeze(c["text"]): c["kind"] for c in labels["claims"]}
    hits = set(got) & set(want)
    precision, recall = len(hits) / len(got), len(hits) / len(want)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert sum(got[k] == want[k] for k in hits) / len(hits) >= 0.95
