"""Scanned pages and images are OCR'd (RapidOCR, models shipped in its wheel) to ≥ 95% character
accuracy; pages whose text layer is garbage are OCR'd too; results are cached by file hash."""

import io

import pytest

from corpora.samples.render import page_image, scanned_pdf
from corpora.text.chars import garbage_ratio
from tests.conftest import read

pytestmark = pytest.mark.slow  # OCR of scanned pages

PAGE = [
    "江南县人民政府常务会议纪要",
    "2022年6月10日，县长主持召开县政府常务会议，",
    "专题研究教育经费保障和教师工资待遇问题。",
    "会议要求，确保义务教育教师平均工资收入水平",
    "不低于当地公务员平均工资收入水平，普惠性幼",
    "儿园覆盖率达到86.5%，公办园在园幼儿占比52.1%。",
]


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(truth: str, got: str) -> float:
    truth, got = "".join(truth.split()), "".join(got.split())
    return 1 - edit_distance(truth, got) / len(truth)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "会议纪要（扫描件）.pdf"
    return scanned_pdf(path, [PAGE], noise=0.003, skew=0.4)


def test_a_scanned_page_is_read_with_95_percent_accuracy(scanned, tmp_path):
    result = read(scanned, cache_dir=tmp_path)
    assert result.status == "ocr"
    doc = result.document
    text = "".join(b.text for b in doc.blocks)
    assert accuracy("".join(PAGE), text) >= 0.95, text
    assert all(b.ocr and b.confidence and b.confidence > 0.5 for b in doc.blocks)
    assert doc.meta.dates == ["2022-06-10"]


def test_ocr_results_are_cached_by_file_hash(scanned, tmp_path, monkeypatch):
    first = read(scanned, cache_dir=tmp_path)
    assert list((tmp_path / "ocr").rglob("*.json"))

    def no_engine(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("extract.ocr.recognise", no_engine)
    second = read(scanned, cache_dir=tmp_path)
    assert second.document.text == first.document.text


def test_an_image_file_is_ocred(tmp_path):
    path = tmp_path / "公示照片.jpg"
    page_image(PAGE[:3]).convert("RGB").save(path, quality=85)
    result = read(path)
    assert result.status == "ocr"
    assert accuracy("".join(PAGE[:3]), result.document.text) >= 0.95


def test_a_photo_without_text_is_evidence_not_an_error(tmp_path):
    from PIL import Image

    path = tmp_path / "校园现场.png"
    Image.new("RGB", (800, 600), (120, 160, 200)).save(path)
    result = read(path)
    assert result.status == "ocr" and result.document.blocks == []
    assert any("未识别出文字" in w for w in result.document.warnings)


def test_a_garbage_text_layer_is_detected_and_the_page_ocred(tmp_path):
    """A scan whose invisible text layer is mojibake (as from a CID font without a Unicode map)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    assert garbage_ratio("ÁÂÃÄÅÆÇÈÉÊ") > 0.5 and garbage_ratio("教育经费增长5.3%") == 0
    path = tmp_path / "乱码.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    buf = io.BytesIO()
    page_image(PAGE[:2]).save(buf, format="PNG")
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
    layer = c.beginText(72, 760)
    layer.setTextRenderMode(3)  # invisible, as OCR layers of scans are
    layer.setFont("Helvetica", 11)
    for _ in range(20):
        layer.textLine("ÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß")
    c.drawText(layer)
    c.save()
    result = read(path)
    assert result.status == "ocr"
    assert accuracy("".join(PAGE[:2]), result.document.text) >= 0.95
