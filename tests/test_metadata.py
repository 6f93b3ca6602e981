"""Document numbers, issuing bodies, dates and titles are read from the text."""

import pytest

from extract.builder import DocumentBuilder
from extract.metadata import enrich, find_dates, find_doc_number
from extract.model import Document


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("渝府办发〔2018〕193号", "渝府办发〔2018〕193号"),
        ("根据湘政教督办〔2021〕13号文件要求", "湘政教督办〔2021〕13号"),
        ("沪府办发[2017]77号", "沪府办发〔2017〕77号"),
        ("国办发（2017）49号", "国办发〔2017〕49号"),
        ("印发《…》的通知（江政办发〔2022〕15号）", "江政办发〔2022〕15号"),
        ("没有文号的段落", None),
    ],
)
def test_document_numbers(text, number):
    assert find_doc_number(text) == number


def test_dates_in_arabic_and_chinese_numerals():
    text = "2022年3月15日印发。二〇二一年十二月三十一日前完成。2021-06-01 更新。无效日期2022年13月40日。"
    assert find_dates(text) == ["2022-03-15", "2021-12-31", "2021-06-01"]


def _doc(lines):
    doc = Document(path="x.pdf", format="pdf", reader="test")
    builder = DocumentBuilder(doc)
    for line in lines:
        builder.text(line)
    return enrich(builder.finish())


def test_red_header_signature_and_title():
    doc = _doc(
        [
            "江南县人民政府办公室文件",
            "江政办发〔2022〕15号",
            "关于成立江南县教育工作领导小组的通知",
            "各乡镇人民政府：",
            "现将有关事项通知如下。",
            "江南县人民政府办公室",
            "2022年3月15日",
        ]
    )
    assert doc.meta.issuer == "江南县人民政府办公室"
    assert doc.meta.doc_number == "江政办发〔2022〕15号"
    assert doc.meta.title == "关于成立江南县教育工作领导小组的通知"
    assert doc.meta.dates == ["2022-03-15"]


def test_a_number_quoted_in_the_body_is_not_the_documents_own():
    doc = _doc(
        [
            "江南县履行教育职责自评报告",
            "县政府印发了《关于加强教育经费保障的意见》（江府发〔2022〕12号），明确了责任。",
        ]
    )
    assert doc.meta.doc_number is None
    assert doc.meta.title == "江南县履行教育职责自评报告"


def test_signature_gives_the_issuer_when_there_is_no_header():
    doc = _doc(["关于开展2022年控辍保学工作的通知", "各学校：", "请认真落实。", "江南县教育局", "二〇二二年三月五日"])
    assert doc.meta.issuer == "江南县教育局"
    assert doc.meta.dates == ["2022-03-05"]
