"""HTML pages (网页) saved into a bundle are read as text without their tags: headings stay headings, lists
list items, tables tables (merged cells filled), scripts and styles dropped, GBK pages decoded."""

from extract.readers import Probe, choose_reader
from tests.conftest import read

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>云溪县教育局关于2022年教育经费执行情况的公告</title>
<style>p {{ color: red; }}</style><script>var 统计 = "不应出现";</script></head>
<body>
<h1>云溪县2022年教育经费执行情况公告</h1>
<p>2022年全县一般公共预算教育经费<b>13.52</b>亿元，比上年增长4.6%。</p>
<h2>一、生均经费</h2>
<ul><li>小学生均一般公共预算教育经费12500元；</li><li>初中生均一般公共预算教育经费15800元。</li></ul>
<table>
<tr><th rowspan="2">学段</th><th colspan="2">生均经费（元）</th></tr>
<tr><th>2021年</th><th>2022年</th></tr>
<tr><td>小学</td><td>12000</td><td>12500</td></tr>
<tr><td>初中</td><td>15000</td><td>15800</td></tr>
</table>
<p>特此公告。<br>云溪县教育局</p>
</body></html>
"""


def test_the_html_reader_wins_the_bidding_over_plain_text(tmp_path):
    path = tmp_path / "公告.html"
    path.write_text(PAGE.format(charset="utf-8"), "utf-8")
    assert choose_reader(Probe.of(path)).name == "html"
    unnamed = tmp_path / "公告.txt"  # a page saved under another name is known by its content
    unnamed.write_text(PAGE.format(charset="utf-8"), "utf-8")
    assert choose_reader(Probe.of(unnamed)).name == "html"


def test_text_without_tags_headings_lists_and_tables(tmp_path):
    path = tmp_path / "经费公告.htm"
    path.write_bytes(PAGE.format(charset="gbk").encode("gbk"))
    result = read(path)
    assert result.status == "ok", result.error
    doc = result.document
    assert doc.format == "html"
    assert "<" not in doc.text and "不应出现" not in doc.text and "color" not in doc.text
    texts = [b.text for b in doc.blocks]
    assert "2022年全县一般公共预算教育经费13.52亿元，比上年增长4.6%。" in texts
    heading = next(b for b in doc.blocks if b.text == "一、生均经费")
    assert heading.kind == "heading"
    item = next(b for b in doc.blocks if b.text.startswith("初中生均"))
    assert item.kind == "list_item" and item.heading_path[-1] == "一、生均经费"
    grid = next(b for b in doc.blocks if b.kind == "table").table.grid()
    assert grid[0][:2] == ["学段", "生均经费（元）"]
    assert grid[1][0] == "学段"  # the rowspan's cell is filled from its origin
    assert grid[3] == ["初中", "15000", "15800"]
    assert {"特此公告。", "云溪县教育局"} <= set(texts)


def test_a_page_with_only_tags_is_empty_not_a_crash(tmp_path):
    path = tmp_path / "空白页.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><div></div></body></html>", "utf-8")
    result = read(path)
    assert result.status == "error" and "没有可读取的文字" in result.error.message
