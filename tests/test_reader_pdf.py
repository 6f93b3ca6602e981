"""PDF text pages: paragraphs re-joined across hard line breaks, headings, tables with merged cells,
provenance; PDFium and pdfplumber agree on the text; broken and encrypted files say so."""

from pathlib import Path

import pytest

from corpora.samples.render import Heading, TableSpec, text_pdf
from corpora.text import split_sentences
from tests.conftest import read

LONG = (
    "我县坚持教育优先发展，2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%，"
    "生均一般公共预算教育经费逐年只增不减，全面落实了两个只增不减的要求。"
)
FUNDING = TableSpec(
    [
        ["学段", "2021年", "2022年"],
        ["小学", "11850", "12230"],
        ["初中", "15620", "16080"],
    ]
)
FRAMEWORK = TableSpec(
    [["一级指标", "二级指标", "分值"], ["教育保障", "经费投入", "10"], ["教育保障", "教师工资", "5"]],
    merges=[(1, 0, 2, 0)],
)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "自评报告.pdf"
    items = [
        Heading("一、基本情况"),
        LONG,
        Heading("（一）加强教育保障", 2),
        "1.建立健全经费保障机制。县政府印发《关于进一步加强教育经费保障的意见》，明确了各级责任。",
        FUNDING,
        FRAMEWORK,
        "二是落实教师工资待遇，义务教育教师年均工资为11.2万元，不低于当地公务员年均工资10.9万元。",
    ]
    return text_pdf(path, items, title="江南县人民政府履行教育职责自评报告")


@pytest.fixture(scope="module")
def report(report_pdf):
    result = read(report_pdf)
    assert result.status == "ok", result.error
    return result.document


def test_a_paragraph_with_hard_line_breaks_comes_back_as_one_sentence(report):
    block = next(b for b in report.blocks if b.text.startswith("我县坚持教育优先发展"))
    assert block.text == LONG
    assert [s.text for s in split_sentences(block.text)] == [LONG]


def test_headings_title_and_heading_paths(report):
    assert report.meta.title == "江南县人民政府履行教育职责自评报告"
    headings = [(b.level, b.text) for b in report.blocks if b.kind == "heading" and b.level]
    assert headings[:3] == [(1, "一、基本情况"), (2, "（一）加强教育保障"), (3, "1.建立健全经费保障机制")]
    para = next(b for b in report.blocks if b.text.startswith("县政府印发"))
    assert para.heading_path == ["一、基本情况", "（一）加强教育保障", "1.建立健全经费保障机制"]


def test_every_block_knows_its_page_offsets_and_box(report):
    for page in report.pages:
        for block in page.blocks:
            assert page.text[block.start : block.end] == block.text
            assert block.page == page.number
            assert block.bbox is not None and block.bbox.x1 > block.bbox.x0 and block.bbox.y1 > block.bbox.y0


def test_tables_with_headers_and_merged_cells(report):
    tables = [b.table for b in report.blocks if b.kind == "table"]
    assert tables[0].grid() == FUNDING.rows
    cell = next(c for c in tables[0].cells if c.text == "12230")
    assert (cell.row_header, cell.col_header) == ("小学", "2022年")
    merged = next(c for c in tables[1].cells if (c.row, c.col) == (2, 0))
    assert merged.text == "教育保障" and merged.merged_from == (1, 0)


def test_fast_text_and_pdfplumber_agree(report_pdf):
    """Page text comes from PDFium and tables from pdfplumber: both must read the same characters,
    on the whole page and inside every table cell."""
    import pdfplumber
    import pypdfium2 as pdfium

    from extract.readers.pdf import _text_fragments

    def squeeze(s: str) -> str:
        return "".join(s.split())

    fast = pdfium.PdfDocument(str(report_pdf))
    with pdfplumber.open(str(report_pdf)) as slow:
        for number, page in enumerate(slow.pages):
            fast_page = fast[number]
            _, height = fast_page.get_size()
            ours = "".join(f.text for f in _text_fragments(fast_page, height))
            assert sorted(squeeze(ours)) == sorted(squeeze(page.extract_text() or ""))
            textpage = fast_page.get_textpage()
            for table in page.find_tables():
                for row, texts in zip(table.rows, table.extract(), strict=True):
                    for box, text in zip(row.cells, texts, strict=True):
                        if box is not None:
                            x0, top, x1, bottom = box
                            inside = textpage.get_text_bounded(x0, height - bottom, x1, height - top)
                            assert squeeze(inside) == squeeze(text or "")
    fast.close()


def test_a_truncated_pdf_is_corrupt(report_pdf, tmp_path):
    broken = tmp_path / "截断.pdf"
    broken.write_bytes(report_pdf.read_bytes()[:300])
    result = read(broken)
    assert result.status == "error" and result.error.code == "corrupt"
    assert "损坏" in result.error.message


def test_an_encrypted_pdf_is_reported_as_encrypted(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "加密.pdf"
    c = canvas.Canvas(str(path), encrypt="mima2022")
    c.drawString(72, 720, "secret")
    c.save()
    result = read(path)
    assert result.status == "error" and result.error.code == "encrypted"
    assert "加密" in result.error.message
