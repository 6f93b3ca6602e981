"""Spreadsheets: every sheet, merged cells filled, cached values of formulas, legacy .xls."""

import shutil

import pytest

from corpora.samples.render import TableSpec, xlsx
from extract.convert import converted
from tests.conftest import read

SALARY = TableSpec(
    [
        ["类别", "", "年均工资（万元）"],
        ["义务教育教师", "小学", "11.2"],
        ["", "初中", "11.6"],
        ["当地公务员", "", "10.9"],
    ],
    merges=[(0, 0, 0, 1), (1, 0, 2, 0), (3, 0, 3, 1)],
)
FUNDS = TableSpec([["项目", "2021年", "2022年"], ["一般公共预算教育经费", "128400", "135200"]])


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return xlsx(tmp_path_factory.mktemp("xlsx") / "工资测算表.xlsx", {"测算表": SALARY, "经费": FUNDS})


def test_every_sheet_is_a_page_with_a_table(workbook):
    doc = read(workbook).document
    assert [p.number for p in doc.pages] == [1, 2]
    assert [b.text for b in doc.blocks if b.kind == "caption"] == ["工作表：测算表", "工作表：经费"]


def test_merged_cells_are_filled_and_headers_known(workbook):
    table = next(b.table for b in read(workbook).document.blocks if b.kind == "table")
    assert table.grid() == [
        ["类别", "类别", "年均工资（万元）"],
        ["义务教育教师", "小学", "11.2"],
        ["义务教育教师", "初中", "11.6"],
        ["当地公务员", "当地公务员", "10.9"],
    ]
    cell = next(c for c in table.cells if c.text == "11.6")
    assert cell.col_header == "年均工资（万元）" and cell.row_header == "义务教育教师"


def test_formulas_give_their_cached_values(tmp_path):
    """openpyxl writes formulas without values; LibreOffice recalculates and caches them, as Excel does."""
    from openpyxl.styles.numbers import FORMAT_PERCENTAGE_00

    src = xlsx(tmp_path / "公式.xlsx", {"经费": FUNDS}, formulas={"经费": {"D1": "增长率", "D2": "=C2/B2-1"}})
    from openpyxl import load_workbook

    wb = load_workbook(src)
    wb["经费"]["D2"].number_format = FORMAT_PERCENTAGE_00
    wb.save(src)
    with converted(src, "xlsx") as recalculated:
        table = next(b.table for b in read(recalculated).document.blocks if b.kind == "table")
    assert table.grid()[1] == ["一般公共预算教育经费", "128400", "135200", "5.30%"]


def test_legacy_xls_is_read_with_merged_cells(workbook, tmp_path):
    with converted(workbook, "xls") as xls:
        target = tmp_path / "工资测算表.xls"
        shutil.copy(xls, target)
    result = read(target)
    assert result.status == "ok" and result.document.reader == "xls"
    table = next(b.table for b in result.document.blocks if b.kind == "table")
    assert table.grid()[2] == ["义务教育教师", "初中", "11.6"]
