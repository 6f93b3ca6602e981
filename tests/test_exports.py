"""The 初审意见 (Word) and 问题清单 (Excel) are made from the same findings as the JSON report, and
open in python-docx and openpyxl with every finding in them."""

import json
import re
from collections import Counter

import docx
import openpyxl
import pytest

from corpora.frameworks import load
from service.exports import opinion_docx, problem_list_xlsx

pytestmark = pytest.mark.slow  # a whole-bundle audit

REPORT = {
    "schema": "jiaodu.audit/1",
    "submission": {"name": "样例", "region": "临河县", "year": 2022,
                   "totals": {"self": 6, "suggested": 5, "reviewed": 4.5, "reviewed_points": 1}},
    "framework": {"id": "hn-2021-county-gov", "name": "湖南省县级人民政府履行教育职责评价"},
    "files": [{"path": "佐证材料/公告.pdf"}, {"path": "自评报告.docx"}],
    "claims": [{"id": "c1"}],
    "observation_points": [
        {"id": "H2.4", "status": "supported", "max_score": 4, "self_score": 4, "suggested_score": 3,
         "deductions": [{"amount": 1, "finding": "f2", "rule": "下降的学段不得分",
                         "reason": "中职比上年下降，该学段 1 分不得分"}],
         "reviewed_score": 2.5, "review": {"note": "另有一项未落实"}},
        {"id": "H1.2", "status": "missing", "max_score": 2, "self_score": 2, "suggested_score": 2, "deductions": []},
    ],
    "flags": [
        {"id": "f1", "kind": "missing_evidence", "severity": "high", "observation_point": "H1.2", "claim": None,
         "file": None, "page": None, "message": "观测点 H1.2 没有匹配到任何佐证材料。", "values": {}},
        {"id": "f2", "kind": "decline", "severity": "high", "observation_point": "H2.4", "claim": None,
         "file": "佐证材料/公告.pdf", "page": 1, "message": "中职生均一般公共预算教育经费下降。", "values": {}},
        {"id": "f3", "kind": "unsupported_claim", "severity": "low", "observation_point": "H1.1", "claim": "c1",
         "file": "自评报告.docx", "page": 2, "message": "陈述「召开常委会3次」没有佐证。", "values": {}},
    ],
}  # fmt: skip


@pytest.fixture
def fw():
    return load("hn-2021-county-gov")


def test_the_problem_list_has_one_row_per_finding_worst_first(tmp_path, fw):
    sheet = openpyxl.load_workbook(problem_list_xlsx(REPORT, tmp_path / "问题清单.xlsx", fw)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "问题类型", "严重程度", "观测点", "问题")
    messages = [f["message"] for f in REPORT["flags"]]
    assert [r[4] for r in rows[1:]] == [messages[1], messages[0], messages[2]]  # high first; a decline first
    decline = rows[1]
    assert decline[1] == "不增反降" and decline[6] == "佐证材料/公告.pdf 第1页"
    assert decline[5] == "、".join(fw.node("H2.4").responsible_units)


def test_the_opinion_names_the_region_and_every_finding(tmp_path, fw):
    document = docx.Document(str(opinion_docx(REPORT, tmp_path / "初审意见.docx", fw)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "临河县2022年度履行教育职责自评材料市级初审意见" in text
    assert "发现问题3个，其中严重问题2个" in text
    # every status counted, under the names the pages give them: 2 points, 1 + 0 + 0 + 1
    assert "2个观测点中有支撑1个、部分支撑0个、缺少支撑0个、未涉及1个。" in text
    for flag in REPORT["flags"]:
        assert flag["message"] in text
    assert "（出处：佐证材料/公告.pdf 第1页）" in text


def test_exports_of_a_real_audit_match_its_flags(tmp_path, fw):
    from corpora.samples.generator import SampleOptions, generate
    from extract.pipeline import ExtractOptions
    from service.audit_run import run_audit, to_contract

    generate(fw, tmp_path / "b", SampleOptions(seed=61, scanned=0))
    report = json.loads(json.dumps(to_contract(run_audit(tmp_path / "b", fw, ExtractOptions(ocr=False, workers=2)))))
    sheet = openpyxl.load_workbook(problem_list_xlsx(report, tmp_path / "清单.xlsx", fw)).active
    assert sheet.max_row == len(report["flags"]) + 1
    text = "\n".join(p.text for p in docx.Document(str(opinion_docx(report, tmp_path / "意见.docx", fw))).paragraphs)
    assert all(f["message"] in text for f in report["flags"])
    status = Counter(p["status"] for p in report["observation_points"])
    counted = re.search(r"(\d+)个观测点中有支撑(\d+)个、部分支撑(\d+)个、缺少支撑(\d+)个、未涉及(\d+)个", text)
    assert counted, text[:400]
    whole, *parts = map(int, counted.groups())
    assert parts == [status[k] for k in ("supported", "partial", "unsupported", "missing")] and sum(parts) == whole


def test_text_from_a_submission_is_never_a_formula_in_a_spreadsheet(tmp_path, fw):
    """A bundle file named =HYPERLINK(…) stays text in the 问题清单 and in a batch-search export."""
    import csv

    from index.sheets import csv_safe

    hostile = '=HYPERLINK("http://127.0.0.1/x","点此查看")'
    flag = {**REPORT["flags"][0], "id": "f9", "kind": "unreadable_file", "severity": "medium",
            "file": hostile, "message": f"文件「{hostile}」无法读取：文件已损坏。"}  # fmt: skip
    report = {**REPORT, "flags": [flag]}
    sheet = openpyxl.load_workbook(problem_list_xlsx(report, tmp_path / "问题清单.xlsx", fw)).active
    cell = sheet.cell(2, 7)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    path = tmp_path / "批量.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerow(csv_safe([hostile, "+1", "普通文本", 3]))
    assert next(csv.reader(path.open(encoding="utf-8-sig"))) == ["'" + hostile, "'+1", "普通文本", "3"]


def test_the_exports_carry_the_scores_and_what_each_finding_cost(tmp_path, fw):
    sheet = openpyxl.load_workbook(problem_list_xlsx(REPORT, tmp_path / "问题清单.xlsx", fw)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7] == "建议扣分" and {r[4]: r[7] for r in rows[1:]}[REPORT["flags"][1]["message"]] == 1
    document = docx.Document(str(opinion_docx(REPORT, tmp_path / "初审意见.docx", fw)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "自评总分6分，按评分标准建议总分5分，核定总分4.5分（已核定1个观测点" in text
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[0] == ["观测点", "分值", "自评分", "建议得分", "核定分", "理由"]
    assert table[1][:5] == ["H2.4", "4", "4", "3", "2.5"] and "核定理由：另有一项未落实" in table[1][5]
    assert len(table) == 2  # a point whose scores all agree is not listed


def test_the_opinion_states_the_veto_items_in_force_and_why(tmp_path, fw):
    vetoes = [
        {"id": "N1", "text": "未落实“两个只增不减”", "effect": "fail", "points": ["H2.4"], "findings": ["f2"],
         "reason": "观测点 H2.4 的标准未达到（1 项问题）"},
        {"id": "V1", "review": {"note": "县内发生校舍坍塌事故"}},  # found by a reviewer: its text is the framework's
    ]  # fmt: skip
    report = REPORT | {"submission": REPORT["submission"] | {"vetoes": vetoes}}
    document = docx.Document(str(opinion_docx(report, tmp_path / "初审意见.docx", fw)))
    text = "\n".join(p.text for p in document.paragraphs)
    suggested = "建议认定“未落实“两个只增不减””情形：观测点 H2.4 的标准未达到（1 项问题）。"
    assert suggested + "按评价办法，一票否决（定为最低等次）" in text
    accident = next(v.text for v in fw.vetoes if v.id == "V1")
    assert f"经审核认定“{accident}”情形：县内发生校舍坍塌事故。按评价办法，降低一个等次" in text


def test_the_opinion_is_laid_out_as_an_official_document(tmp_path, fw):
    from datetime import date

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    path = opinion_docx(
        REPORT, tmp_path / "初审意见.docx", fw, issuer="甲市人民政府教育督导委员会办公室", day=date(2023, 3, 8)
    )
    document = docx.Document(str(path))
    section = document.sections[0]
    sizes = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin, section.left_margin)]
    assert sizes == [210, 297, 37, 28]  # A4 (not US Letter) with the official margins
    paragraphs = [p for p in document.paragraphs if p.text]
    title, addressee = paragraphs[0], paragraphs[1]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "方正小标宋简体"
    assert addressee.text == "临河县人民政府："
    body = next(p for p in paragraphs if p.text.startswith("依据《"))
    assert body.runs[0].font.size == Pt(16) and body.paragraph_format.first_line_indent == Pt(32)
    assert all(r.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0)) for p in paragraphs for r in p.runs)
    assert [p.text for p in paragraphs[-2:]] == ["甲市人民政府教育督导委员会办公室", "2023年3月8日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in paragraphs[-2:])
    fonts = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable")).blob
    assert "仿宋_GB2312".encode() in fonts and 'w:altName w:val="仿宋"'.encode() in fonts  # a named fallback


def test_the_problem_list_is_ready_to_filter_and_print(tmp_path, fw):
    sheet = openpyxl.load_workbook(problem_list_xlsx(REPORT, tmp_path / "问题清单.xlsx", fw)).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    header = [c.value for c in sheet[1]]
    assert "编号" not in header and not any(c.value in ("f1", "f2", "f3") for row in sheet.iter_rows() for c in row)
