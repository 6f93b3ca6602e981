"""Legacy and other office formats: .doc through LibreOffice (antiword as the fallback), ODT, RTF."""

import shutil

import pytest

from corpora.samples.render import Heading, docx
from extract.convert import converted
from tests.conftest import read

pytestmark = pytest.mark.slow  # LibreOffice conversions

ITEMS = [
    Heading("一、基本情况", 1),
    "我县共有中小学45所，在校学生3.2万人。",
    Heading("二、存在问题", 1),
    "学前教育资源不足。",
]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return docx(tmp_path_factory.mktemp("legacy") / "报告.docx", ITEMS, styled=False)


def _convert(source, target, tmp_path, name):
    with converted(source, target) as out:
        path = tmp_path / name
        shutil.copy(out, path)
    return path


def test_doc_reads_through_libreoffice_with_headings(source, tmp_path):
    path = _convert(source, "doc", tmp_path, "报告.doc")
    result = read(path)
    assert result.status == "ok" and result.document.format == "doc"
    assert result.document.reader == "libreoffice+docx"
    heading = next(b for b in result.document.blocks if b.text == "二、存在问题")
    assert heading.kind == "heading"
    assert result.document.blocks[-1].heading_path == ["二、存在问题"]


def test_doc_falls_back_to_antiword_without_libreoffice(tmp_path, monkeypatch):
    # antiword refuses documents whose text stream is tiny, so this one has a report's length.
    items = [*ITEMS, *(f"（{i}）第{i}所学校完成了标准化建设，新增学位120个。" for i in range(1, 40))]
    source = docx(tmp_path / "长报告.docx", items, styled=False)
    path = _convert(source, "doc", tmp_path, "报告.doc")
    monkeypatch.setattr("extract.convert.soffice", lambda: None)
    result = read(path)
    assert result.status == "ok" and result.document.reader == "antiword"
    assert "我县共有中小学45所，在校学生3.2万人。" in [b.text for b in result.document.blocks]


@pytest.mark.parametrize(("target", "name"), [("odt", "报告.odt"), ("rtf", "报告.rtf")])
def test_odt_and_rtf_read_through_libreoffice(source, tmp_path, target, name):
    path = _convert(source, target, tmp_path, name)
    result = read(path)
    assert result.status == "ok", result.error
    assert "学前教育资源不足。" in [b.text for b in result.document.blocks]


def test_without_libreoffice_an_odt_is_unsupported_with_a_reason(source, tmp_path, monkeypatch):
    path = _convert(source, "odt", tmp_path, "报告.odt")
    monkeypatch.setattr("extract.convert.soffice", lambda: None)
    result = read(path)
    assert result.status == "error" and result.error.code == "unsupported"
    assert "LibreOffice" in result.error.message
