"""Bundle intake: GBK names decoded, traversal refused, bombs stopped at the cap, nested archives opened,
OS artefacts set aside with a reason; nothing from an archive is written outside the work folder."""

import io
import zipfile
from pathlib import Path

import pytest

from extract.intake import Limits, open_bundle, zip_entry_name

GBK_NAMES = ["佐证材料/A1 党建工作/领导小组通知.txt", "佐证材料/A2 经费保障/经费公告.txt", "自评报告.txt"]


def gbk_zip(path: Path, names: list[str]) -> Path:
    """A ZIP as Chinese Windows writes it: GBK bytes in the name fields, no UTF-8 flag. zipfile always
    writes UTF-8 for non-ASCII names, so ASCII placeholders of the same length are patched afterwards."""
    data = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for i, name in enumerate(names):
            raw = name.encode("gbk")
            placeholder = f"{i:03d}".encode().ljust(len(raw), b"#")
            placeholders[placeholder] = raw
            z.writestr(placeholder.decode(), f"{name} 的内容：教育经费逐年增长。".encode())
    blob = data.getvalue()
    for placeholder, raw in placeholders.items():
        assert blob.count(placeholder) == 2  # local header and central directory
        blob = blob.replace(placeholder, raw)
    path.write_bytes(blob)
    return path


def test_gbk_names_without_the_utf8_flag_are_decoded(tmp_path):
    bundle = gbk_zip(tmp_path / "材料.zip", GBK_NAMES)
    with zipfile.ZipFile(bundle) as z:
        assert all(not info.flag_bits & 0x800 for info in z.infolist())
        assert [zip_entry_name(info) for info in z.infolist()] == GBK_NAMES
    result = open_bundle(bundle, tmp_path / "work")
    assert [f.name for f in result.files] == GBK_NAMES
    assert all(f.path.read_bytes().decode().startswith(f.name) for f in result.files)


def test_utf8_names_are_kept(tmp_path):
    bundle = tmp_path / "材料.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("佐证材料/学校名单.txt", "城关一小")
    assert [f.name for f in open_bundle(bundle, tmp_path / "work").files] == ["佐证材料/学校名单.txt"]


def test_traversal_absolute_and_symlink_entries_are_refused(tmp_path):
    bundle = tmp_path / "恶意.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("../../逃逸.txt", "x")
        z.writestr("/etc/passwd_copy", "x")
        z.writestr("C:/Windows/evil.txt", "x")
        link = zipfile.ZipInfo("链接")
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("正常/文件.txt", "正常内容")
    work = tmp_path / "work"
    result = open_bundle(bundle, work)
    by_name = {f.name: f for f in result.files}
    assert by_name["正常/文件.txt"].path is not None
    refused = [f for f in result.files if f.error]
    assert len(refused) == 4
    assert all(f.path is None for f in refused)
    assert "路径穿越" in by_name["../../逃逸.txt"].error.message
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p == bundle.resolve() or p.is_relative_to(work.resolve()) for p in written)
    assert not (tmp_path / "逃逸.txt").exists()


def test_a_small_archive_that_inflates_past_the_cap_is_stopped(tmp_path):
    bundle = tmp_path / "炸弹.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", b"0" * (30 << 20))
        z.writestr("b.txt", b"0" * (30 << 20))
        z.writestr("c.txt", "后面的文件")
    assert bundle.stat().st_size < 200_000
    limits = Limits(max_total_bytes=40 << 20, max_ratio=1e9)  # the total cap alone
    result = open_bundle(bundle, tmp_path / "work", limits)
    assert [f.name for f in result.files] == ["a.txt", "b.txt", "c.txt"]
    assert result.files[0].path is not None
    assert result.files[1].error.code == "too_large" and "上限" in result.files[1].error.message
    assert result.files[2].error.code == "too_large"  # refused, but listed: nothing is silently dropped
    assert sum(p.stat().st_size for p in (tmp_path / "work").rglob("*") if p.is_file()) <= 40 << 20


def test_an_abnormal_compression_ratio_is_stopped(tmp_path):
    bundle = tmp_path / "高压缩比.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.txt", b"\0" * (40 << 20))
    result = open_bundle(bundle, tmp_path / "work", Limits(max_ratio=100, ratio_floor=1 << 20))
    assert result.files[0].error.code == "too_large" and "压缩比" in result.files[0].error.message


def test_an_archive_over_the_entry_cap_is_refused_whole_with_one_record(tmp_path):
    bundle = tmp_path / "很多文件.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for i in range(12):
            z.writestr(f"{i:02d}.txt", "内容")
    result = open_bundle(bundle, tmp_path / "work", Limits(max_entries=10))
    assert len(result.files) == 1 and result.files[0].path is None
    assert "12 个条目" in result.files[0].error.message and "上限" in result.files[0].error.message
    assert not [p for p in (tmp_path / "work").rglob("*") if p.is_file()]


def test_an_inner_archive_that_would_pass_the_cap_is_one_record(tmp_path):
    def inner(tag: str) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for i in range(6):
                z.writestr(f"{tag}{i}.txt", "学校名单")
        return buf.getvalue()

    bundle = tmp_path / "两个分包.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("甲.zip", inner("甲"))
        z.writestr("乙.zip", inner("乙"))
    files = open_bundle(bundle, tmp_path / "work", Limits(max_entries=10)).files
    assert sum(1 for f in files if f.path) == 6
    refused = [f for f in files if f.error]
    assert [f.name for f in refused] == ["乙.zip"] and "上限" in refused[0].error.message


def test_a_folder_past_the_entry_cap_ends_in_one_record(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    for i in range(15):
        (folder / f"{i:02d}.txt").write_text("佐证", "utf-8")
    files = open_bundle(folder, tmp_path / "work", Limits(max_entries=10)).files
    assert sum(1 for f in files if f.path) == 10
    assert len(files) == 11 and "5 个文件未读取" in files[-1].error.message


def test_the_entry_count_is_read_from_the_end_record(tmp_path):
    from extract.intake import zip_entry_count

    bundle = tmp_path / "目录.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.comment = "注释".encode() * 100
        for i in range(7):
            z.writestr(f"{i}.txt", "内容")
    assert zip_entry_count(bundle) == 7
    truncated = tmp_path / "截断.zip"
    truncated.write_bytes(bundle.read_bytes()[:-700])  # past the 600-byte comment
    assert zip_entry_count(truncated) is None


def test_nested_archives_are_opened_with_their_path_as_prefix(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("经费/公告.txt", "教育经费公告")
    bundle = tmp_path / "外层.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("佐证材料/分包.zip", inner.getvalue())
        z.writestr("自评报告.txt", "报告")
    names = [f.name for f in open_bundle(bundle, tmp_path / "work").files]
    assert names == ["佐证材料/分包.zip/经费/公告.txt", "自评报告.txt"]


def test_nesting_deeper_than_the_limit_is_refused(tmp_path):
    payload = b"innermost"
    for level in range(4):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(f"level{level}.zip" if level else "data.txt", payload)
        payload = buf.getvalue()
    bundle = tmp_path / "套娃.zip"
    bundle.write_bytes(payload)
    result = open_bundle(bundle, tmp_path / "work", Limits(max_depth=2))
    assert any(f.error and "嵌套" in f.error.message for f in result.files)


def test_seven_zip_archives(tmp_path):
    py7zr = pytest.importorskip("py7zr")
    src = tmp_path / "src"
    (src / "佐证材料").mkdir(parents=True)
    (src / "佐证材料" / "名单.txt").write_text("城关一小", "utf-8")
    bundle = tmp_path / "材料.7z"
    with py7zr.SevenZipFile(bundle, "w") as z:
        z.writeall(src / "佐证材料", arcname="佐证材料")
    result = open_bundle(bundle, tmp_path / "work")
    assert [(f.name, f.path.read_text("utf-8")) for f in result.files] == [("佐证材料/名单.txt", "城关一小")]


def test_os_artefacts_are_set_aside_with_a_reason(tmp_path):
    bundle = tmp_path / "mac.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("__MACOSX/._报告.docx", "x")
        z.writestr("佐证/.DS_Store", "x")
        z.writestr("佐证/~$报告.docx", "x")
        z.writestr("佐证/名单.txt", "城关一小")
    result = open_bundle(bundle, tmp_path / "work")
    assert [f.name for f in result.files] == ["佐证/名单.txt"]
    assert len(result.skipped) == 3 and all(reason for _, reason in result.skipped)


def test_a_folder_bundle_refuses_symlinks(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "报告.txt").write_text("报告", "utf-8")
    (folder / "外部链接.txt").symlink_to("/etc/hostname")
    result = open_bundle(folder, tmp_path / "work")
    by_name = {f.name: f for f in result.files}
    assert by_name["报告.txt"].path == folder.resolve() / "报告.txt"
    assert by_name["外部链接.txt"].error is not None


def test_a_corrupt_archive_is_one_error_record(tmp_path):
    bundle = tmp_path / "损坏.zip"
    bundle.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = open_bundle(bundle, tmp_path / "work")
    assert len(result.files) == 1 and result.files[0].error.code == "corrupt"
