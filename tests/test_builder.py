"""The builder gives every reader the same structure: heading stack, run-in headings, list items,
offsets into the page text."""

from extract.builder import DocumentBuilder
from extract.model import Document


def build(lines, **kw):
    doc = Document(path="报告.txt", format="text", reader="test")
    builder = DocumentBuilder(doc)
    for line in lines:
        builder.text(line, **kw)
    return builder.finish()


def test_run_in_heading_is_split_from_its_paragraph():
    doc = build(["（二）加强教育保障。2022年全县教育经费为13.52亿元。"])
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "（二）加强教育保障"),
        ("paragraph", "2022年全县教育经费为13.52亿元。"),
    ]
    assert doc.blocks[1].heading_path == ["（二）加强教育保障"]


def test_ordinal_and_circled_items_are_list_items_not_headings():
    doc = build(["一、存在问题", "一是经费不足", "①师资短缺"])
    assert [b.kind for b in doc.blocks] == ["heading", "list_item", "list_item"]
    assert [b.marker for b in doc.blocks[1:]] == ["一", "①"]


def test_a_long_numbered_sentence_is_not_a_heading():
    doc = build(["1.我县全面落实两个只增不减要求，2022年一般公共预算教育经费比上年增长5.3%，生均经费均有增长"])
    assert doc.blocks[0].kind == "list_item"


def test_heading_stack_pops_to_the_right_level():
    doc = build(["一、基本情况", "（一）学校", "1.小学", "（二）教师", "二、做法", "正文。"])
    levels = [(b.level, b.heading_path) for b in doc.blocks]
    assert levels == [
        (1, []),
        (2, ["一、基本情况"]),
        (3, ["一、基本情况", "（一）学校"]),
        (2, ["一、基本情况"]),
        (1, []),
        (None, ["二、做法"]),
    ]


def test_offsets_address_the_page_text():
    doc = build(["一、基本情况", "我县有学校45所。", "（一）加强保障。投入增加。"])
    page = doc.pages[0]
    assert all(page.text[b.start : b.end] == b.text for b in page.blocks)
