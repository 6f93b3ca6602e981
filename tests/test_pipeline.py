"""A whole bundle: every file ends as a Document or an error record with a Chinese reason; broken files
never stop the others; a file that takes too long is stopped."""

import shutil
import zipfile

import pytest

from corpora.samples.render import Heading, TableSpec, docx, scanned_pdf, text_pdf, xlsx
from extract.pipeline import ExtractOptions, extract_bundle

pytestmark = pytest.mark.slow  # per-file time limits in worker processes

NOTICE = [
    "江南县教育局文件",
    "江教发〔2022〕8号",
    Heading("一、总体要求"),
    "全面落实控辍保学责任，确保适龄儿童少年依法入学。",
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """A ZIP with good files and, beside them, each kind of broken one."""
    root = tmp_path_factory.mktemp("bundle")
    src = root / "src"
    good_pdf = text_pdf(src / "佐证材料/A1/控辍保学通知.pdf", NOTICE)
    docx(src / "自评报告.docx", [Heading("一、基本情况", 1), "我县共有学校45所。"])
    xlsx(src / "自评表.xlsx", {"自评表": TableSpec([["编号", "自评分"], ["A1.1", "4"]])})
    (src / "佐证材料/A2").mkdir(parents=True)
    (src / "佐证材料/A2/截断.pdf").write_bytes(good_pdf.read_bytes()[:400])
    (src / "佐证材料/A2/空文件.pdf").write_bytes(b"")
    shutil.copy(src / "自评报告.docx", src / "佐证材料/A2/其实是Word.pdf")
    (src / "佐证材料/A2/未知.xyz").write_bytes(bytes(range(256)))
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(src / "佐证材料/A2/加密.pdf"), encrypt="123456")
    c.drawString(72, 720, "secret")
    c.save()
    archive = root / "江南县材料包.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(src).as_posix())
    return archive


@pytest.fixture(scope="module")
def results(bundle, tmp_path_factory):
    out = extract_bundle(bundle, tmp_path_factory.mktemp("work"), ExtractOptions(workers=2))
    return {r.path: r for r in out.files}


def test_every_file_comes_back_in_bundle_order(results, bundle):
    with zipfile.ZipFile(bundle) as z:
        assert list(results) == z.namelist()


def test_good_files_are_read(results):
    assert results["自评报告.docx"].status == "ok"
    assert results["自评表.xlsx"].document.format == "xlsx"
    notice = results["佐证材料/A1/控辍保学通知.pdf"]
    assert notice.status == "ok" and notice.document.meta.doc_number == "江教发〔2022〕8号"
    assert notice.document.path == "佐证材料/A1/控辍保学通知.pdf"
    assert len(notice.sha256) == 64 and notice.size > 0


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("佐证材料/A2/截断.pdf", "corrupt", "损坏"),
        ("佐证材料/A2/空文件.pdf", "empty", "空文件"),
        ("佐证材料/A2/加密.pdf", "encrypted", "加密"),
        ("佐证材料/A2/未知.xyz", "unsupported", "不支持"),
    ],
)
def test_broken_files_get_the_right_reason(results, name, code, words):
    result = results[name]
    assert result.status == "error" and result.document is None
    assert result.error.code == code and words in result.error.message


def test_a_docx_named_pdf_is_read_by_the_docx_reader(results):
    result = results["佐证材料/A2/其实是Word.pdf"]
    assert result.status == "ok" and result.document.reader == "docx"
    assert result.document.blocks[0].text == "一、基本情况"


def test_a_file_over_its_time_limit_is_stopped_and_the_rest_still_read(tmp_path):
    folder = tmp_path / "材料"
    scanned_pdf(folder / "很长的扫描件.pdf", [[f"第{i}页 教育经费执行情况统计表"] * 12 for i in range(12)])
    docx(folder / "自评报告.docx", ["我县共有学校45所。"])
    out = extract_bundle(folder, tmp_path / "work", ExtractOptions(workers=2, file_timeout=6, cache_dir=None))
    by_name = {r.path: r for r in out.files}
    assert by_name["很长的扫描件.pdf"].error.code == "timeout"
    assert "超时" in by_name["很长的扫描件.pdf"].error.message
    assert by_name["自评报告.docx"].status == "ok"


def test_a_file_that_needs_more_memory_than_a_worker_may_use_fails_alone(tmp_path):
    from PIL import Image

    folder = tmp_path / "材料"
    folder.mkdir()
    Image.new("RGB", (8900, 8900), (200, 200, 200)).save(folder / "超大扫描图.png")
    (folder / "说明.txt").write_text("我县共有学校45所。", "utf-8")
    options = ExtractOptions(workers=2, memory_limit=1 << 30, cache_dir=None)
    by_name = {r.path: r for r in extract_bundle(folder, tmp_path / "work", options).files}
    assert by_name["超大扫描图.png"].error.code == "too_large"
    assert "内存" in by_name["超大扫描图.png"].error.message
    assert by_name["说明.txt"].status == "ok"
