"""DOCX: paragraphs and tables in order; headings from outline levels, built-in heading styles or
Chinese numbering (never from a localised style name); merged cells filled; pages from page breaks."""

import pytest

from corpora.samples.render import Heading, TableSpec, docx
from tests.conftest import read

ITEMS = [
    Heading("一、基本情况", 1),
    "我县共有中小学45所，在校学生3.2万人。",
    Heading("二、主要做法及成效", 1),
    Heading("（一）加强教育保障", 2),
    Heading("1.落实两个只增不减", 3),
    "2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%。",
    TableSpec(
        [["一级指标", "二级指标", "分值"], ["教育保障", "经费投入", "10"], ["", "教师工资", "5"]],
        merges=[(1, 0, 2, 0), (0, 1, 0, 2)],
    ),
    Heading("（二）建设教师队伍", 2),
    "实施县管校聘改革，交流轮岗教师312人。",
    Heading("三、存在问题", 1),
    "一是学前教育普惠资源不足；二是大班额问题尚未完全消除。",
]


def tree(doc):
    return [(b.kind, b.level, tuple(b.heading_path), b.text) for b in doc.blocks if b.kind != "table"]


@pytest.fixture(scope="module")
def styled(tmp_path_factory):
    path = docx(tmp_path_factory.mktemp("docx") / "styled.docx", ITEMS, styled=True, title="自评报告")
    return read(path).document


@pytest.mark.parametrize("variant", ["outline", "numbering"])
def test_headings_without_styles_match_the_styled_twin(styled, variant, tmp_path):
    path = docx(tmp_path / f"{variant}.docx", ITEMS, styled=False, outline=variant == "outline")
    doc = read(path).document
    expected = [row for row in tree(styled) if row[1] != 0]  # the styled twin's title heading aside
    assert [row for row in tree(doc) if row[3] != "自评报告"] == expected


def test_heading_levels_and_paths(styled):
    heading = next(b for b in styled.blocks if b.text == "1.落实两个只增不减")
    assert heading.kind == "heading" and heading.level == 3
    assert heading.heading_path == ["二、主要做法及成效", "（一）加强教育保障"]
    para = next(b for b in styled.blocks if b.text.startswith("实施县管校聘"))
    assert para.heading_path == ["二、主要做法及成效", "（二）建设教师队伍"]
    assert styled.meta.title == "自评报告"


def test_outline_level_alone_makes_a_heading_without_numbering(tmp_path):
    path = docx(tmp_path / "plain.docx", [Heading("基本情况", 1), "我县共有学校45所。"], styled=False, outline=True)
    blocks = read(path).document.blocks
    assert (blocks[0].kind, blocks[0].level) == ("heading", 1)
    assert blocks[1].heading_path == ["基本情况"]


def test_a_localised_style_name_does_not_make_a_heading(tmp_path):
    """Word in Chinese shows "标题 1"; only the fixed built-in name or an outline level counts."""
    import docx as python_docx
    from docx.enum.style import WD_STYLE_TYPE

    document = python_docx.Document()
    document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("基本情况", style="标题 1")
    document.add_paragraph("我县共有学校45所。")
    path = tmp_path / "localised.docx"
    document.save(path)
    assert [b.kind for b in read(path).document.blocks] == ["paragraph", "paragraph"]


def test_tables_keep_document_order_and_fill_merged_cells(styled):
    kinds = [b.kind for b in styled.blocks]
    table_index = kinds.index("table")
    assert styled.blocks[table_index - 1].text.startswith("2022年全县")
    table = styled.blocks[table_index].table
    assert table.grid() == [
        ["一级指标", "二级指标", "二级指标"],
        ["教育保障", "经费投入", "10"],
        ["教育保障", "教师工资", "5"],
    ]
    assert next(c for c in table.cells if (c.row, c.col) == (2, 0)).merged_from == (1, 0)
    assert styled.blocks[table_index].heading_path == [
        "二、主要做法及成效",
        "（一）加强教育保障",
        "1.落实两个只增不减",
    ]


def test_page_breaks_give_page_numbers(tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("第一页的内容。")
    document.add_page_break()
    document.add_paragraph("第二页的内容。")
    path = tmp_path / "pages.docx"
    document.save(path)
    doc = read(path).document
    assert [(b.page, b.text) for b in doc.blocks] == [(1, "第一页的内容。"), (2, "第二页的内容。")]


def test_a_broken_docx_is_corrupt(tmp_path):
    import zipfile

    path = tmp_path / "损坏.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    result = read(path)
    assert result.status == "error" and result.error.code == "corrupt"
