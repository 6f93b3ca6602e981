"""Plain text and CSV in GBK, GB18030, UTF-8 (with or without BOM); OFD text; unknown bytes."""

import zipfile

import pytest

from tests.conftest import read

LINES = "一、基本情况\n我县共有中小学45所，在校学生3.2万人。\n二、存在问题\n学前教育资源不足。\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_text_files_in_every_chinese_encoding(tmp_path, encoding):
    path = tmp_path / "说明.txt"
    path.write_bytes(LINES.encode(encoding))
    doc = read(path).document
    assert [b.text for b in doc.blocks] == LINES.split()
    assert doc.blocks[-1].heading_path == ["二、存在问题"]


def test_gbk_csv_is_a_table(tmp_path):
    path = tmp_path / "学校名单.csv"
    path.write_bytes("学校,学段,学生数\n城关一小,小学,1250\n城关中学,初中,980\n".encode("gbk"))
    doc = read(path).document
    table = doc.blocks[0].table
    assert table.grid()[2] == ["城关中学", "初中", "980"]
    assert any("gb18030" in w for w in doc.warnings)


def test_random_bytes_with_an_unknown_extension_are_unsupported(tmp_path):
    path = tmp_path / "数据.bin"
    path.write_bytes(bytes(range(256)) * 4)
    result = read(path)
    assert result.status == "error" and result.error.code == "unsupported"
    assert "不支持" in result.error.message


def _ofd(path, lines):
    """A one-page OFD; `lines` are (text, size in mm, top in mm), each a text object as wide as its text."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objects = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="{105 - len(text) * size / 2:.1f} {top} {len(text) * size:.1f} '
        f'{size}" Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size}">{text}</ofd:TextCode></ofd:TextObject>'
        for i, (text, size, top) in enumerate(lines)
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "OFD.xml",
            f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
            "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        z.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" '
            'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        z.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>',
        )
    return path


def test_ofd_text_is_read_in_reading_order(tmp_path):
    lines = [
        ("江南县教育局文件", 12, 30),
        ("江教发〔2022〕8号", 5.5, 60),
        ("关于做好控辍保学工作的通知", 7.5, 80),
    ]
    path = _ofd(tmp_path / "通知.ofd", lines)
    result = read(path)
    assert result.status == "ok" and result.document.format == "ofd"
    assert [b.text for b in result.document.blocks] == [
        "江南县教育局文件",
        "江教发〔2022〕8号",
        "关于做好控辍保学工作的通知",
    ]
    assert result.document.meta.doc_number == "江教发〔2022〕8号"
    assert result.document.meta.issuer == "江南县教育局"


def test_ofd_with_an_xml_bomb_is_refused(tmp_path):
    path = tmp_path / "炸弹.ofd"
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", bomb)
    result = read(path)
    assert result.status == "error" and result.error.code == "corrupt"
