"""A citation of one figure in a table marks its row (表格行定位): the PDF reader keeps each row's band and
each cell's box, the page layout passes them on, and the evidence viewer marks the row that holds the cited
figure — not the whole table. Word and Excel tables have rows but no boxes: the viewer's text marks the row."""

from pathlib import Path

import pytest

from classify.evidence import excerpt, facts_of
from corpora.samples.render import TableSpec, docx, text_pdf, xlsx
from extract.model import Block, Document
from service.pipeline import layout_of
from service.viewer import matching_blocks, matching_rows, overlays
from tests.conftest import read

BULLETIN = TableSpec(
    [
        ["学段", "2021年（元）", "2022年（元）"],
        ["幼儿园", "12912.94", "13111.76"],
        ["小学", "17888.41", "18360.47"],
        ["初中", "21130.13", "20585.24"],
        ["普通高中", "15696.84", "16454.98"],
    ]
)
MERGED = TableSpec(
    [
        ["一级指标", "二级指标", "分值"],
        ["教育保障", "经费投入", "10"],
        ["教育保障", "教师工资", "5"],
        ["教育质量", "学前教育", "8"],
    ],
    merges=[(1, 0, 2, 0)],
)
ITEMS = ["各学段生均一般公共预算教育经费情况如下。", BULLETIN, "指标分值如下。", MERGED]


@pytest.fixture(scope="module")
def bulletin_pdf(tmp_path_factory) -> Path:
    return text_pdf(
        tmp_path_factory.mktemp("rows") / "教育经费统计公告.pdf", ITEMS, title="临河县2022年教育经费统计公告"
    )


@pytest.fixture(scope="module")
def bulletin(bulletin_pdf) -> Document:
    result = read(bulletin_pdf)
    assert result.status == "ok", result.error
    return result.document


def _tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "table"]


def _cited(doc: Document, subject: str, period: str) -> str:
    """The excerpt the audit cites for a table figure (as a decline finding cites it)."""
    return next(
        f.excerpt for f in facts_of(doc, 2022) if f.source == "表格" and subject in f.excerpt and period in f.excerpt
    )


def test_every_pdf_table_row_has_a_band_stacked_top_to_bottom(bulletin):
    for block in _tables(bulletin):
        table, box = block.table, block.bbox
        assert len(table.row_boxes) == table.n_rows
        for band in table.row_boxes:
            assert box.x0 - 1 <= band.x0 and band.x1 <= box.x1 + 1 and box.y0 - 1 <= band.y0 < band.y1 <= box.y1 + 1
            assert band.y1 - band.y0 < (box.y1 - box.y0) / 2
        for upper, lower in zip(table.row_boxes, table.row_boxes[1:], strict=False):
            assert upper.y1 <= lower.y0 + 0.5, "rows do not overlap"


def test_each_cell_box_holds_that_cells_text_on_the_page(bulletin, bulletin_pdf):
    """Checked against PDFium's own text inside the box, not against the table finder that made the box."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(bulletin_pdf))
    page = pdf[0]
    height = page.get_height()
    textpage = page.get_textpage()
    table = _tables(bulletin)[0].table
    for cell in table.cells:
        box = cell.bbox
        inside = textpage.get_text_bounded(box.x0, height - box.y1, box.x1, height - box.y0)
        assert "".join(inside.split()) == cell.text
        band = table.row_boxes[cell.row]
        assert band.y0 - 0.5 <= box.y0 and box.y1 <= band.y1 + 0.5
    textpage.close()
    pdf.close()


def test_a_cell_merged_down_keeps_the_row_bands_apart(bulletin):
    table = _tables(bulletin)[1].table
    origin = next(c for c in table.cells if (c.row, c.col) == (1, 0))
    covered = next(c for c in table.cells if (c.row, c.col) == (2, 0))
    assert covered.merged_from == (1, 0) and covered.text == "教育保障" and covered.bbox == origin.bbox
    first, second = table.row_boxes[1], table.row_boxes[2]
    assert origin.bbox.y1 > second.y0 + 1, "the merged cell spans both rows"
    assert first.y1 <= second.y0 + 0.5, "yet the first row's band stops where the second begins"


def test_the_layout_passes_rows_headers_merges_and_boxes_to_the_viewer(bulletin):
    blocks = [b for b in layout_of(bulletin)[0]["blocks"] if b["kind"] == "table"]
    rows = blocks[0]["rows"]
    assert [r["cells"] for r in rows] == BULLETIN.rows
    assert [r["header"] for r in rows] == [True, False, False, False, False]
    assert all(len(r["bbox"]) == 4 and len(r["cell_boxes"]) == 3 for r in rows)
    merged = blocks[1]["rows"]
    assert tuple(merged[1]["span"][0]) == (2, 1), "the merged cell spans two rows"
    assert merged[2]["span"][0] is None and tuple(merged[2]["span"][1]) == (1, 1)


def test_a_cited_figure_marks_its_row_and_cell_not_the_table(bulletin):
    page = layout_of(bulletin)[0]
    cited = _cited(bulletin, "初中", "2022")
    assert "20585.24" in cited
    blocks = matching_blocks(page, cited)
    (mark,) = matching_rows(page, cited, blocks)
    assert page["blocks"][mark.block]["rows"][mark.row]["cells"] == ["初中", "21130.13", "20585.24"]
    assert mark.cells == (2,)
    boxes = {b["kind"]: b for b in overlays(page, blocks, [mark])}
    assert set(boxes) == {"table", "row", "cell"}
    table, row, cell = boxes["table"], boxes["row"], boxes["cell"]
    assert row["height"] < table["height"] / 3
    assert table["top"] < row["top"] and row["top"] + row["height"] <= table["top"] + table["height"] + 0.01
    assert row["left"] <= cell["left"] and cell["left"] + cell["width"] <= row["left"] + row["width"] + 0.01
    assert cell["width"] < row["width"] / 2


def test_the_previous_years_figure_marks_the_same_row_in_its_own_column(bulletin):
    page = layout_of(bulletin)[0]
    cited = _cited(bulletin, "小学", "2021")
    (mark,) = matching_rows(page, cited, matching_blocks(page, cited))
    assert (mark.row, mark.cells) == (2, (1,))


def test_a_whole_table_quoted_as_a_passage_still_marks_the_table(bulletin):
    page = layout_of(bulletin)[0]
    quoted = excerpt(_tables(bulletin)[0].text)
    blocks = matching_blocks(page, quoted)
    assert blocks and matching_rows(page, quoted, blocks) == []
    assert [b["kind"] for b in overlays(page, blocks, [])] == ["block"]


def test_a_stored_layout_from_before_rows_marks_the_table_as_before(bulletin):
    page = layout_of(bulletin)[0]
    for block in page["blocks"]:
        block.pop("rows", None)
    cited = _cited(bulletin, "初中", "2022")
    blocks = matching_blocks(page, cited)
    assert blocks and matching_rows(page, cited, blocks) == []
    assert [b["kind"] for b in overlays(page, blocks, [])] == ["block"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_word_and_excel_tables_have_rows_without_boxes_and_the_row_is_found(fmt, tmp_path: Path):
    path = tmp_path / f"义务教育教师工资测算表.{fmt}"
    spec = TableSpec(
        [["类别", "人数", "年均工资（元）"], ["义务教育教师", "4279", "122364"], ["当地公务员", "2544", "127240"]]
    )
    if fmt == "docx":
        docx(path, ["教师工资测算如下。", spec])
    else:
        xlsx(path, {"测算表": spec})
    doc = read(path).document
    page = layout_of(doc)[0]
    table = next(b for b in page["blocks"] if b["kind"] == "table")
    assert table["bbox"] is None and all("bbox" not in r for r in table["rows"])
    cited = _cited(doc, "义务教育教师", "年均工资")
    blocks = matching_blocks(page, cited)
    (mark,) = matching_rows(page, cited, blocks)
    assert table["rows"][mark.row]["cells"] == ["义务教育教师", "4279", "122364"] and mark.cells == (2,)
    assert overlays(page, blocks, [mark]) == []  # no page image to draw on: the text panel marks the row
