"""PPTX slides (演示文稿) are read like any other evidence: one page per slide, the slide title a heading, the
text frames paragraphs or list items under it, tables kept as tables — chosen by the readers' bidding."""

from pptx import Presentation
from pptx.util import Inches

from extract.readers import Probe, choose_reader
from tests.conftest import read


def _deck(path, slides):
    """`slides`: (title, [paragraphs as (text, level)], table rows or None)."""
    deck = Presentation()
    layout = deck.slide_layouts[1]  # title and content
    for title, paragraphs, rows in slides:
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = title
        frame = slide.placeholders[1].text_frame
        for i, (text, level) in enumerate(paragraphs):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text, para.level = text, level
        if rows:
            shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.5), Inches(4), Inches(8), Inches(1.5))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    shape.table.cell(r, c).text = text
    deck.core_properties.title = "云溪县2022年度教育工作汇报"
    deck.save(str(path))


SLIDES = [
    ("一、教育经费保障情况", [("2022年一般公共预算教育经费13.52亿元。", 0), ("比上年增长4.6%。", 1)], None),
    (
        "二、学校基本情况",
        [("全县共有中小学45所。", 0)],
        [["学段", "学校数", "学生数"], ["小学", "30", "21000"], ["初中", "15", "11000"]],
    ),
]


def test_the_pptx_reader_wins_the_bidding(tmp_path):
    path = tmp_path / "汇报.pptx"
    _deck(path, SLIDES)
    assert choose_reader(Probe.of(path)).name == "pptx"


def test_slides_are_pages_with_headings_text_and_tables(tmp_path):
    path = tmp_path / "教育工作汇报.pptx"
    _deck(path, SLIDES)
    result = read(path)
    assert result.status == "ok", result.error
    doc = result.document
    assert doc.format == "pptx" and doc.meta.title == "云溪县2022年度教育工作汇报"
    assert [p.number for p in doc.pages] == [1, 2]
    first = doc.pages[0].blocks
    assert first[0].kind == "heading" and first[0].text == "一、教育经费保障情况"
    body = {b.text: b for b in first[1:]}
    assert body["2022年一般公共预算教育经费13.52亿元。"].heading_path == ["一、教育经费保障情况"]
    assert body["比上年增长4.6%。"].kind == "list_item"
    table = next(b for b in doc.pages[1].blocks if b.kind == "table").table
    assert table.grid()[1] == ["小学", "30", "21000"]
    assert all(b.page == 2 for b in doc.pages[1].blocks)


def test_a_broken_pptx_is_an_error_not_a_crash(tmp_path):
    good = tmp_path / "好.pptx"
    _deck(good, SLIDES[:1])
    broken = tmp_path / "损坏的汇报.pptx"
    data = good.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    result = read(broken)
    assert result.status == "error" and result.error.message
