"""Bundle intake (材料包接收): a folder or an archive (ZIP, nested ZIPs, 7z) → the files to read.

No name from an archive reaches the filesystem: entries are written under numbered names and the
decoded name is kept only as provenance. Traversal and absolute entries are refused; total size, file
size, compression ratio, entry count and nesting depth are capped while the bytes are streamed, so a
bomb stops at the cap. Every entry ends as a file to read or a record of why it was refused."""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extract.errors import ReadError
from extract.model import FileError

log = logging.getLogger(__name__)

_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_CHUNK = 1 << 20
_ARCHIVE_EXTS = {"zip", "7z", "rar"}
_OFFICE_ZIP_MARKERS = {"[Content_Types].xml", "mimetype", "OFD.xml"}


@dataclass
class Limits:
    max_total_bytes: int = 4 << 30  # everything unpacked from one bundle
    max_file_bytes: int = 1 << 30  # one file
    max_entries: int = 20000
    max_ratio: float = 1000.0  # uncompressed : compressed, checked once an entry passes ratio_floor
    ratio_floor: int = 16 << 20
    max_depth: int = 3  # archives inside archives


@dataclass
class BundleFile:
    """One file of a submission: where its bytes are on disk, or why it was refused."""

    name: str  # path inside the bundle, "/"-separated
    path: Path | None = None
    error: FileError | None = None


@dataclass
class Bundle:
    files: list[BundleFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # OS artefacts, with the reason


class _Budget:
    def __init__(self, limits: Limits):
        self.limits = limits
        self.total = 0
        self.entries = 0

    def entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise ReadError("too_large", "entry count", message=f"压缩包文件数超过上限（{self.limits.max_entries} 个）")


def is_junk(name: str) -> str | None:
    """Why an entry is an operating-system artefact rather than submitted material, or None."""
    parts = PurePosixPath(name).parts
    base = parts[-1] if parts else name
    if "__MACOSX" in parts or base.startswith("._"):
        return "macOS 压缩时附带的资源文件"
    if base.lower() in _JUNK_NAMES:
        return "操作系统生成的索引文件"
    if base.startswith("~$"):
        return "Office 临时锁定文件"
    return None


def safe_name(raw: str) -> str:
    """A bundle-relative '/'-separated name, or ReadError for absolute or traversing names."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        raise ReadError("unsupported", f"absolute entry {raw!r}", message="压缩包条目使用绝对路径，已拒绝")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ReadError("unsupported", f"traversal entry {raw!r}", message="压缩包条目路径含“..”（路径穿越），已拒绝")
    if not parts:
        raise ReadError("unsupported", f"empty entry name {raw!r}", message="压缩包条目没有文件名")
    return "/".join(parts)


def zip_entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name: archives made on Chinese Windows store GBK bytes without the UTF-8 flag,
    which zipfile decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _join(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix else name


def _suffix(name: str) -> str:
    ext = PurePosixPath(name).suffix.lower()
    return ext if re.fullmatch(r"\.[a-z0-9]{1,8}", ext) else ""


class _Intake:
    def __init__(self, workdir: Path, limits: Limits):
        self.workdir = workdir
        self.limits = limits
        self.budget = _Budget(limits)
        self.bundle = Bundle()
        self.counter = 0

    def target(self, name: str) -> Path:
        self.counter += 1
        return self.workdir / f"{self.counter:06d}{_suffix(name)}"

    def refuse(self, name: str, exc: ReadError) -> None:
        self.bundle.files.append(BundleFile(name, error=exc.to_record()))

    def add(self, name: str, path: Path, depth: int) -> None:
        """A file found in the bundle: an archive is opened in place, anything else is kept to read."""
        if (reason := is_junk(name)) is not None:
            self.bundle.skipped.append((name, reason))
            return
        kind = archive_kind(path, name)
        if kind is None:
            self.bundle.files.append(BundleFile(name, path=path))
            return
        if depth >= self.limits.max_depth:
            self.refuse(name, ReadError("too_large", "nesting", message="压缩包嵌套层数过多，已拒绝"))
            return
        try:
            self.expand(path, name, depth + 1, kind)
        except ReadError as exc:
            self.refuse(name, exc)

    def expand(self, path: Path, prefix: str, depth: int, kind: str) -> None:
        if kind == "zip":
            self.unzip(path, prefix, depth)
        elif kind == "7z":
            self.un7z(path, prefix, depth)
        else:
            raise ReadError("unsupported", kind, message="暂不支持 RAR 压缩包，请转换为 ZIP 后重新上传")

    def copy_stream(self, src, name: str, compressed: int | None) -> Path:
        """Stream an entry to disk under the caps; a partial file is removed when a cap is hit."""
        out = self.target(name)
        written = 0
        try:
            with out.open("wb") as f:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    self.budget.total += len(chunk)
                    if written > self.limits.max_file_bytes:
                        raise ReadError(
                            "too_large",
                            f"{name} > max_file_bytes",
                            message="文件解压后超过单个文件大小上限，已停止",
                        )
                    if self.budget.total > self.limits.max_total_bytes:
                        raise ReadError(
                            "too_large",
                            "bundle > max_total_bytes",
                            message="材料包解压后总大小超过上限（疑似压缩炸弹），已停止",
                        )
                    if (
                        compressed
                        and written > self.limits.ratio_floor
                        and written / compressed > self.limits.max_ratio
                    ):
                        raise ReadError(
                            "too_large",
                            f"ratio {written / compressed:.0f}",
                            message="文件压缩比异常（疑似压缩炸弹），已停止",
                        )
                    f.write(chunk)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return out

    def unzip(self, path: Path, prefix: str, depth: int) -> None:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReadError("corrupt", f"zip: {exc}", message="压缩包已损坏，无法打开") from exc
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                raw = zip_entry_name(info)
                shown = _join(prefix, raw)
                try:
                    self.budget.entry()
                    name = _join(prefix, safe_name(raw))
                    if stat.S_ISLNK(info.external_attr >> 16):
                        raise ReadError("unsupported", "symlink entry", message="压缩包条目是符号链接，已拒绝")
                    if info.flag_bits & 0x1:
                        raise ReadError("encrypted", "zip entry encrypted", message="压缩包条目已加密，无法读取")
                    if (reason := is_junk(name)) is not None:
                        self.bundle.skipped.append((name, reason))
                        continue
                    with archive.open(info) as src:
                        out = self.copy_stream(src, name, info.compress_size)
                except ReadError as exc:
                    self.refuse(shown, exc)
                    if exc.code == "too_large" and self.budget.total > self.limits.max_total_bytes:
                        self._refuse_rest(archive, info, prefix)
                        return
                    continue
                except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
                    self.refuse(shown, ReadError("corrupt", f"zip entry: {exc}", message="压缩包条目已损坏，无法解压"))
                    continue
                self.add(name, out, depth)

    def _refuse_rest(self, archive: zipfile.ZipFile, stopped_at: zipfile.ZipInfo, prefix: str) -> None:
        infos = archive.infolist()
        for info in infos[infos.index(stopped_at) + 1 :]:
            if not info.is_dir():
                raw = zip_entry_name(info)
                self.refuse(
                    _join(prefix, raw),
                    ReadError("too_large", "bundle cap reached", message="材料包解压总量已达上限，未解压该文件"),
                )

    def un7z(self, path: Path, prefix: str, depth: int) -> None:
        import py7zr

        try:
            archive = py7zr.SevenZipFile(path)
        except (py7zr.exceptions.Bad7zFile, OSError, EOFError) as exc:
            raise ReadError("corrupt", f"7z: {exc}", message="7z 压缩包已损坏，无法打开") from exc
        with archive, tempfile.TemporaryDirectory(dir=self.workdir) as tmp:
            if archive.needs_password():
                raise ReadError("encrypted", "7z", message="7z 压缩包已加密，无法读取")
            wanted: dict[str, str] = {}
            for info in archive.list():
                if info.is_directory:
                    continue
                shown = _join(prefix, info.filename)
                try:
                    self.budget.entry()
                    name = _join(prefix, safe_name(info.filename))
                    declared = info.uncompressed or 0
                    if (
                        declared > self.limits.max_file_bytes
                        or self.budget.total + declared > self.limits.max_total_bytes
                    ):
                        raise ReadError("too_large", "7z declared size", message="文件解压后超过大小上限，未解压")
                    self.budget.total += declared
                except ReadError as exc:
                    self.refuse(shown, exc)
                    continue
                wanted[info.filename] = name
            try:
                archive.extract(path=tmp, targets=list(wanted))
            except (py7zr.exceptions.Bad7zFile, OSError, EOFError, ValueError) as exc:
                raise ReadError("corrupt", f"7z extract: {exc}", message="7z 压缩包解压失败") from exc
            root = Path(tmp).resolve()
            for raw, name in wanted.items():
                found = (root / raw).resolve()
                if not found.is_relative_to(root) or not found.is_file() or found.is_symlink():
                    self.refuse(name, ReadError("corrupt", "7z entry missing", message="7z 条目未能解压"))
                    continue
                out = self.target(name)
                shutil.move(str(found), out)
                self.add(name, out, depth)


def archive_kind(path: Path, name: str) -> str | None:
    """'zip', '7z' or 'rar' for an archive of files; None for anything else (including DOCX/XLSX/OFD,
    which are ZIP containers too)."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return None
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"PK\x03\x04") or (head.startswith(b"PK\x05\x06") and _suffix(name) == ".zip"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip" if _suffix(name) == ".zip" else None
        return None if names & _OFFICE_ZIP_MARKERS or "word/document.xml" in names else "zip"
    return None


def open_bundle(source: Path, workdir: Path, limits: Limits | None = None) -> Bundle:
    """The files of a submission given as a folder or an archive. Archive contents are written under
    `workdir`; a folder's files are read where they are (symbolic links are not followed)."""
    limits = limits or Limits()
    workdir.mkdir(parents=True, exist_ok=True)
    intake = _Intake(workdir, limits)
    if source.is_dir():
        root = source.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            for fname in sorted(filenames):
                full = Path(dirpath) / fname
                name = full.relative_to(root).as_posix()
                if full.is_symlink():
                    intake.refuse(name, ReadError("unsupported", "symlink", message="符号链接不予读取"))
                    continue
                try:
                    intake.budget.entry()
                except ReadError as exc:
                    intake.refuse(name, exc)
                    continue
                intake.add(name, full, 0)
    elif source.is_file():
        kind = archive_kind(source, source.name)
        if kind is None:
            intake.bundle.files.append(BundleFile(source.name, path=source))
        else:
            try:
                intake.expand(source, "", 1, kind)
            except ReadError as exc:
                intake.refuse(source.name, exc)
    else:
        raise FileNotFoundError(source)
    return intake.bundle
