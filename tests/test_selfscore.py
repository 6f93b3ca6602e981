"""Self-scores from heading tags, the report's opening and the self-score sheet are reconciled with the
framework and with each other; each disagreement is listed with where it comes from."""

import pytest
from openpyxl import load_workbook

from classify.selfscore import heading_scores, opening_scores, reconcile
from corpora.frameworks import load
from corpora.samples.generator import SampleOptions, generate
from extract.builder import DocumentBuilder
from extract.model import Document
from tests.conftest import read


@pytest.fixture(scope="module")
def submission(tmp_path_factory):
    out = tmp_path_factory.mktemp("selfscore")
    fw = load("hn-2021-county-gov")
    labels = generate(
        fw, out, SampleOptions(seed=21, report_format="docx-styled", scanned=0, broken=0, score_tag_rate=1.0)
    )
    return fw, out, labels


def test_a_consistent_submission_has_no_disagreement(submission):
    fw, out, labels = submission
    report, sheet = read(out / labels["report"]).document, read(out / labels["self_score"]).document
    result = reconcile(fw, report, sheet)
    assert result.disagreements == []
    assert result.points == pytest.approx(labels["self_scores"])
    assert result.opening_total == pytest.approx(sum(labels["self_scores"].values()))
    assert result.headings and all(h.node in {r.id for r in fw.roots()} for h in result.headings)


def test_a_changed_sheet_disagrees_with_the_heading_and_the_opening(submission, tmp_path):
    fw, out, labels = submission
    report = read(out / labels["report"]).document
    tagged = next(h for h in reconcile(fw, report, None).headings if h.node)
    point = next(p for p in fw.points() if fw.depth(p) > 1 and _root(fw, p.id) == tagged.node)
    wb = load_workbook(out / labels["self_score"])
    ws = wb.active
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == point.id)
    row[3].value = float(row[3].value) - 1
    changed = tmp_path / "自评表.xlsx"
    wb.save(changed)
    result = reconcile(fw, report, read(changed).document)
    assert any(d.startswith(f"报告标题「{tagged.label}」自评得") for d in result.disagreements)
    assert any(d.startswith("报告开头自评总得分") for d in result.disagreements)


def _root(fw, node_id):
    node = fw.node(node_id)
    while node.parent:
        node = fw.node(node.parent)
    return node.id


def _report(lines):
    doc = Document(path="报告.docx", format="docx", reader="test")
    builder = DocumentBuilder(doc)
    for line in lines:
        builder.text(line)
    return builder.finish()


def test_tags_and_opening_are_read_in_their_usual_forms():
    doc = _report(
        [
            "根据评价办法要求，我县开展自查自评，自评总得分92.5分，其中申请加分2分。",
            "一、基本情况",
            "我县有学校45所。",
            "（一）坚持党的全面领导（分值10分，自评得9.5分）",
            "正文。",
            "（二）加强教育保障（自评得分24分）",
            "正文。",
            "（三）教师队伍（15分）",
            "正文。",
        ]
    )
    assert opening_scores(doc) == (92.5, 2)
    assert [(h.label, h.score, h.max_score) for h in heading_scores(doc)] == [
        ("（一）坚持党的全面领导", 9.5, 10),
        ("（二）加强教育保障", 24, None),
    ]


def test_sheet_problems_are_listed_by_row(tmp_path):
    from corpora.samples.render import TableSpec, xlsx

    fw = load("hn-2021-county-leaders")
    rows = [
        ["指标编号", "观测点", "分值", "自评分"],
        ["L1.1", "学习宣传贯彻党的教育方针", "15", "16"],
        ["L1.2", "依法履行职责", "20", "二十"],
        ["L9.9", "不存在的观测点", "5", "5"],
    ]
    sheet = read(xlsx(tmp_path / "自评表.xlsx", {"自评表": TableSpec(rows)})).document
    result = reconcile(fw, None, sheet)
    assert "自评表第2行：观测点 L1.1 自评 16 分，高于分值 15 分" in result.disagreements
    assert "自评表第3行「自评分」：'二十' 不是数字" in result.disagreements
    assert "自评表第4行的编号 L9.9 不是指标体系中的观测点" in result.disagreements
    assert any(d.startswith("观测点 L1.3「深入教育一线调研」在自评表中没有自评分") for d in result.disagreements)
