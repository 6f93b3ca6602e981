"""Hostile inputs an attack run used against the workbench, rebuilt small here: a page of 310 × 60,000 pt,
a YAML alias bomb, ZIPs with 25,000 entries, a 7z of 256 MiB of zeros, truncated / empty / encrypted /
RAR uploads, uploads refused for their fields, a framework import under a shipped id, and a stored file
that went missing. Each must end in a Chinese answer within small memory and time, with nothing kept."""

from __future__ import annotations

import io
import resource
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from extract.errors import ReadError
from extract.intake import Limits, check_archive, open_bundle
from service.app import create_app
from service.db import Store, StoredFile, Submission, User
from tests.workbench import FRAMEWORK, PASSWORD, Recorder, make_users

pytestmark = pytest.mark.slow  # hostile inputs at full size


def tall_pdf(width: int, height: int, text: str = "Tall page", pages: int = 1) -> bytes:
    """A PDF of any page size and page count (the pages share one content stream), written by hand."""
    content = f"BT /F1 24 Tf 20 100 Td ({text}) Tj ET".encode()
    page = (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 3 0 R "
        f"/Resources << /Font << /F1 4 0 R >> >> >>"
    ).encode()
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[page] * pages,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def many_entries_zip(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for i in range(count):
            z.writestr(f"佐证材料/{i:05d}.txt", b"")
    return path


def alias_bomb(depth: int, width: int = 9) -> str:
    lines = ['a0: &a0 ["哈哈"]']
    for level in range(1, depth + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> tuple[Path, Store]:
    home = tmp_path_factory.mktemp("hostile") / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    return home, store


@pytest.fixture(scope="module")
def client(home):
    app = create_app(home[0], home[1], Recorder(), resume=False, max_upload=64 << 20)
    with TestClient(app) as c:
        r = c.post("/api/login", json={"username": "admin", "password": PASSWORD})
        c.headers["Authorization"] = f"Bearer {r.json()['token']}"
        yield c


def kept_uploads(home: Path) -> list[Path]:
    return [p for p in (home / "uploads").glob("*") if p.is_file()] if (home / "uploads").exists() else []


# -- pages ----------------------------------------------------------------------------------------------


def test_a_page_310_by_60000_points_renders_within_the_pixel_budget_outside_the_process(tmp_path):
    from PIL import Image

    from service.viewer import MAX_PIXELS, MAX_SIDE, PageRenderer

    pdf = tmp_path / "长页.pdf"
    pdf.write_bytes(tall_pdf(310, 60000))
    assert pdf.stat().st_size < 1000
    renderer = PageRenderer(tmp_path / "cache")
    before = peak_rss_mib()
    try:
        started = time.monotonic()
        png = renderer.png(pdf, "pdf", 1, "长页sha")
        seconds = time.monotonic() - started
    finally:
        renderer.close()
    image = Image.open(io.BytesIO(png))
    assert image.width * image.height <= MAX_PIXELS and max(image.size) <= MAX_SIDE
    assert peak_rss_mib() - before < 150  # drawn in the rendering process, not here
    assert seconds < 15
    assert (tmp_path / "cache" / "长页sha-1-1240.png").is_file()  # the second view is a file read


def test_the_viewer_page_image_of_a_tall_page_is_served_bounded(client, home, tmp_path):
    from PIL import Image

    from service.viewer import MAX_PIXELS

    home_dir, store = home
    stored = home_dir / "submissions" / "x" / "长页.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(tall_pdf(310, 60000))
    sid, fid = add_stored(store, "长页测试", stored.relative_to(home_dir).as_posix(), "pdf")
    r = client.get(f"/api/submissions/{sid}/files/{fid}/pages/1.png")
    assert r.status_code == 200, r.text
    image = Image.open(io.BytesIO(r.content))
    assert image.width * image.height <= MAX_PIXELS


def add_stored(store: Store, name: str, stored: str | None, fmt: str) -> tuple[int, int]:
    """A finished submission with one stored file row, straight in the database."""
    with store.session() as db:
        admin = db.scalar(select(User).where(User.username == "admin"))
        sub = Submission(
            name=name,
            city="甲市",
            county="临河县",
            framework_id=FRAMEWORK,
            owner_id=admin.id,
            upload_name=f"{name}.zip",
            upload_path="uploads/none.zip",
            upload_sha256="0" * 64,
            upload_size=1,
            status="done",
        )
        db.add(sub)
        db.flush()
        row = StoredFile(
            submission_id=sub.id,
            path=f"佐证材料/{name}.pdf",
            stored=stored,
            sha256=name,
            size=1,
            status="ok",
            format=fmt,
        )
        db.add(row)
        db.commit()
        return sub.id, row.id


def test_a_stored_file_gone_missing_says_so_in_chinese(client, home):
    sid, fid = add_stored(home[1], "丢失原件", "submissions/x/不存在.pdf", "pdf")
    for url in (f"/api/submissions/{sid}/files/{fid}/original", f"/api/submissions/{sid}/files/{fid}/pages/1.png"):
        r = client.get(url)
        assert r.status_code == 404 and "原件已丢失" in r.json()["detail"]


# -- frameworks -----------------------------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_fast_without_echoing_it(client):
    bomb = alias_bomb(6).encode()
    assert len(bomb) < 600
    before = peak_rss_mib()
    started = time.monotonic()
    r = client.post("/api/frameworks/validate", content=bomb)
    assert time.monotonic() - started < 1.0
    assert r.status_code == 200 and not r.json()["valid"]
    assert "别名" in r.json()["problems"][0]
    assert len(r.content) < 1000
    assert peak_rss_mib() - before < 100


def test_a_long_rejected_value_is_quoted_short():
    from corpora.frameworks import FrameworkError
    from corpora.frameworks.store import load_text

    text = "schema: jiaodu.framework/1\nid: t\nname: 测试\nmax_score: " + "一" * 50000 + "\n"
    with pytest.raises(FrameworkError) as caught:
        load_text(text, "上传的文件")
    assert all(len(p) < 300 for p in caught.value.problems)


def test_shipped_frameworks_with_anchors_still_load():
    from corpora.frameworks.store import shipped

    assert len({fw.id for fw in shipped()}) >= 5


def test_an_import_under_a_shipped_id_is_refused(client, home):
    from corpora.frameworks import load
    from service.frameworks import resolve, save_imported

    fw = load(FRAMEWORK).model_copy(update={"name": "冒名的指标体系"})
    with pytest.raises(ValueError, match="内置"):
        save_imported(fw, home[0])
    (home[0] / "frameworks").mkdir(exist_ok=True)
    (home[0] / "frameworks" / f"{FRAMEWORK}.yaml").write_text("schema: jiaodu.framework/1\n", "utf-8")
    assert resolve(FRAMEWORK, home[0]).name != "冒名的指标体系"  # a stray file never shadows the shipped one


# -- archives -------------------------------------------------------------------------------------------


def test_an_upload_of_25000_entries_is_refused_before_its_directory_is_read(client, home, tmp_path):
    archive = many_entries_zip(tmp_path / "两万五千个文件.zip", 25000)
    before = peak_rss_mib()
    started = time.monotonic()
    r = client.post(
        "/api/submissions",
        params={
            "name": "条目炸弹",
            "framework": FRAMEWORK,
            "city": "甲市",
            "county": "临河县",
            "filename": archive.name,
        },
        content=archive.read_bytes(),
    )
    assert time.monotonic() - started < 3.0
    assert r.status_code == 400 and "25000 个条目" in r.json()["detail"] and archive.name in r.json()["detail"]
    assert peak_rss_mib() - before < 100
    assert kept_uploads(home[0]) == []


def test_an_archive_of_25000_entries_in_a_worker_is_one_record(tmp_path):
    archive = many_entries_zip(tmp_path / "条目炸弹.zip", 25000)
    files = open_bundle(archive, tmp_path / "work").files
    assert len(files) == 1 and files[0].error.code == "too_large"
    assert not any((tmp_path / "work").rglob("*.txt"))


def test_a_7z_of_256_mib_of_zeros_stops_at_the_ratio_guard_while_streaming(tmp_path):
    py7zr = pytest.importorskip("py7zr")
    bomb = tmp_path / "零.7z"
    with py7zr.SevenZipFile(bomb, "w") as z:
        z.writef(io.BytesIO(bytes(256 << 20)), "佐证材料/零.bin")
        z.writestr("正常内容", "佐证材料/说明.txt")
    assert bomb.stat().st_size < 100_000
    work = tmp_path / "work"
    files = {f.name: f for f in open_bundle(bomb, work, Limits()).files}
    assert files["佐证材料/零.bin"].error.code == "too_large" and "压缩比" in files["佐证材料/零.bin"].error.message
    assert sum(p.stat().st_size for p in work.rglob("*") if p.is_file()) < 1 << 20  # nothing refused is kept


def test_a_zip_at_600_to_1_is_stopped_and_nothing_refused_is_kept(tmp_path):
    import random

    rng = random.Random(7)
    block = bytearray(b"0" * (1 << 20))
    for k in range(0, len(block), 6000):
        block[k] = rng.randrange(256)  # about 600:1 once deflated: under the old 1000:1 guard
    bomb = tmp_path / "高压缩.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("佐证材料/空白.txt", bytes(block) * 64)
        z.writestr("佐证材料/名单.txt", "城关一小、城关二小")
    assert 400 < (64 << 20) / bomb.stat().st_size < 1000
    work = tmp_path / "work"
    files = {f.name: f for f in open_bundle(bomb, work).files}
    assert files["佐证材料/空白.txt"].error.code == "too_large"
    assert files["佐证材料/名单.txt"].path is None  # the whole archive is a bomb: the rest is not unpacked
    assert sum(p.stat().st_size for p in work.rglob("*") if p.is_file()) == 0


def _encrypted_header_7z(path: Path) -> Path:
    py7zr = pytest.importorskip("py7zr")
    with py7zr.SevenZipFile(path, "w", password="口令123", header_encryption=True) as z:
        z.writestr("机密内容", "自评报告.txt")
    return path


@pytest.mark.parametrize(
    "name,body",
    [
        ("空文件.zip", lambda tmp: b""),
        ("乱码.zip", lambda tmp: "这不是压缩包".encode() * 10),
        ("材料.rar", lambda tmp: b"Rar!\x1a\x07\x00" + b"\x00" * 64),
        ("截断.zip", lambda tmp: many_entries_zip(tmp / "x.zip", 20).read_bytes()[:300]),
        ("加密.7z", lambda tmp: _encrypted_header_7z(tmp / "x.7z").read_bytes()),
    ],
)
def test_unusable_archives_are_refused_at_upload_by_their_name(client, home, tmp_path, name, body):
    r = client.post(
        "/api/submissions",
        params={"name": "测试材料", "framework": FRAMEWORK, "city": "甲市", "county": "临河县", "filename": name},
        content=body(tmp_path),
    )
    assert r.status_code == 400, r.text
    assert name in r.json()["detail"]
    assert kept_uploads(home[0]) == []


def test_an_encrypted_7z_header_is_a_chinese_record_not_an_exception(tmp_path):
    archive = _encrypted_header_7z(tmp_path / "加密.7z")
    with pytest.raises(ReadError, match="加密"):
        check_archive(archive, archive.name)
    files = open_bundle(archive, tmp_path / "work", shown="某县材料.7z").files
    assert files[0].name == "某县材料.7z" and "加密" in files[0].error.message


@pytest.mark.parametrize(
    "params",
    [
        {"name": "测试", "framework": "无此体系", "city": "甲市", "county": "临河县"},
        {"name": "测试", "framework": FRAMEWORK, "city": "甲市", "county": " "},
    ],
)
def test_uploads_refused_for_their_fields_keep_nothing(client, home, tmp_path, params):
    archive = many_entries_zip(tmp_path / "正常.zip", 3)
    r = client.post("/api/submissions", params=params, content=archive.read_bytes())
    assert r.status_code == 422
    assert kept_uploads(home[0]) == []


def test_a_pdf_past_the_page_cap_is_flagged_as_partly_read(tmp_path):
    from classify.audit import audit
    from corpora.frameworks import load
    from extract.pipeline import ExtractOptions, read_one
    from service.audit_run import AuditRun, to_contract

    pdf = tmp_path / "超长台账.pdf"
    pdf.write_bytes(tall_pdf(595, 842, "Ledger", pages=2003))
    result = read_one(pdf, "佐证材料/超长台账.pdf", ExtractOptions(ocr=False))
    assert result.status == "ok" and len(result.document.pages) == 2000
    assert result.document.partial == ["共 2003 页，仅读取前 2000 页"]
    run = audit(load(FRAMEWORK), [result])
    partial = [f for f in run.findings if f.kind == "unreadable_file" and f.file == result.path]
    assert len(partial) == 1 and partial[0].severity == "low" and "仅读取前 2000 页" in partial[0].message
    files = to_contract(AuditRun("某县材料", [result], run))["files"]
    assert files[0]["warnings"] == ["共 2003 页，仅读取前 2000 页"]


def test_word_and_ocr_caches_stay_inside_the_home(tmp_path):
    """jieba's dictionary cache and onnxruntime's device id went to $TMPDIR and ~/.cache."""
    import os
    import subprocess
    import sys

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 60), "white")
    ImageDraw.Draw(image).text((10, 20), "2023 Nian 1234", fill="black")
    image.save(tmp_path / "扫描件.png")
    outside, home = tmp_path / "user", tmp_path / "jiaodu-home"
    (outside / "tmp").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIAODU", "ORT_", "XDG_"))}
    env |= {"HOME": str(outside), "TMPDIR": str(outside / "tmp"), "JIAODU_HOME": str(home)}
    code = (
        "from service import settings; settings.home()\n"
        "from corpora.text.segment import cut; cut('义务教育巩固率达到百分之九十八')\n"
        "from PIL import Image; from extract.ocr import recognise\n"
        f"recognise(Image.open({str(tmp_path / '扫描件.png')!r}))\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], env=env, cwd=root, check=True, timeout=120)
    assert [p for p in outside.rglob("*") if p.is_file()] == []
    assert any(p.name.startswith("jieba") for p in (home / "cache").iterdir())


def test_concurrent_exports_each_get_their_own_whole_file(workbench):
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from service import workbench as bench

    def one(kind: str) -> bytes:
        with workbench.store.session() as db:
            sub = db.get(Submission, workbench.ids["A"])
            return bench.export(db, SimpleNamespace(home=workbench.home), sub, kind)[0]

    kinds = ["opinion.docx", "problems.xlsx"] * 4
    with ThreadPoolExecutor(8) as pool:
        contents = list(pool.map(one, kinds))
    for kind, content in zip(kinds, contents, strict=True):
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            assert z.testzip() is None
            assert ("word/document.xml" if kind.endswith("docx") else "xl/workbook.xml") in z.namelist()
    assert [p for p in (workbench.home / "exports").rglob("*") if p.is_file()] == []  # nothing shared is left
