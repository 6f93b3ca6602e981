"""Server-drawn SVG charts: bars on one scale, values written, legends that wrap, nothing a page's
Content-Security-Policy would block (no script, no style attribute) and names escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from service.charts import WIDTH, grouped_bars, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def test_grouped_bars_share_one_scale_and_skip_missing_values():
    svg = grouped_bars(
        "各区县总分", [("临河县", [96.5, 90.0, None]), ("东坡区", [80.0, 80.0, 78.5])], ["自评", "建议", "核定"]
    )
    root = ET.fromstring(str(svg))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 5  # 临河县 has no 核定 total yet
    widths = {r.find(f"{SVG}title").text: float(r.get("width")) for r in bars}
    assert widths["自评 96.5"] > widths["建议 90"] > widths["自评 80"]
    assert max(float(r.get("x")) + float(r.get("width")) for r in bars) <= WIDTH
    assert "style=" not in str(svg) and "<script" not in str(svg)


def test_stacked_bars_add_up_and_the_legend_wraps():
    kinds = [
        "缺少佐证",
        "陈述无佐证",
        "陈述与佐证矛盾",
        "计算错误",
        "单位错误",
        "不增反降",
        "未达标准",
        "自评分偏高",
        "文件无法读取",
    ]
    svg = str(stacked_bars("问题<按类型>", [("临河县", {"缺少佐证": 3, "自评分偏高": 2})], kinds))
    assert "问题&lt;按类型&gt;" in svg and ">5</text>" in svg
    legend_rows = {float(y) for y in re.findall(r'<rect x="\d+" y="(\d+)" width="12"', svg)}
    assert len(legend_rows) == 1  # only the two kinds present are in the legend
    many = str(stacked_bars("问题", [("甲", {k: 1 for k in kinds})], kinds))
    assert len({float(y) for y in re.findall(r'<rect x="\d+" y="(\d+)" width="12"', many)}) >= 2
