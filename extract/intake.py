"""Bundle intake (材料包接收): a folder or an archive (ZIP, nested ZIPs, 7z) → the files to read.

No name from an archive reaches the filesystem: entries are written under numbered names and the
decoded name is kept only as provenance. Traversal and absolute entries are refused; total size, file
size, compression ratio, entry count and nesting depth are capped while the bytes are streamed, so a
bomb stops at the cap. Every entry ends as a file to read or a record of why it was refused."""

from __future__ import annotations

import logging
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extract.errors import ReadError
from extract.model import FileError

log = logging.getLogger(__name__)

_JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
_CHUNK = 1 << 20
_OFFICE_ZIP_MARKERS = {"[Content_Types].xml", "mimetype", "OFD.xml"}


@dataclass
class Limits:
    max_total_bytes: int = 4 << 30  # everything unpacked from one bundle
    max_file_bytes: int = 500 << 20  # one file: larger ones are neither unpacked nor parsed
    max_entries: int = 20000
    # uncompressed : compressed, of an entry (ZIP) and of a whole archive (ZIP and 7z), checked once the
    # output passes ratio_floor; real documents stay far below it, zero-filled bombs far above
    max_ratio: float = 200.0
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

    def reserve(self, count: int) -> None:
        """Refuse an archive as a whole, before anything of it is read, when its declared entries would
        pass the cap: one record for the archive instead of one per entry."""
        if self.entries + count > self.limits.max_entries:
            raise ReadError(
                "too_large",
                f"{count} entries",
                message=f"压缩包有 {count} 个条目，超过文件数上限（{self.limits.max_entries} 个），未解压",
            )


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


@dataclass
class _Source:
    """An archive being unpacked: its size on disk and what has come out of it so far."""

    size: int
    written: int = 0


class _Sink:
    """One entry streamed to disk under every cap — file size, bundle total, the entry's and the whole
    archive's compression ratio — the same for ZIP and 7z; `discard` removes what was written."""

    def __init__(self, intake: _Intake, name: str, source: _Source, compressed: int | None = None):
        self.intake, self.name, self.source, self.compressed = intake, name, source, compressed
        self.path = intake.target(name)
        self.file = self.path.open("wb")
        self.written = 0

    def write(self, chunk: bytes) -> int:
        limits, budget, n = self.intake.limits, self.intake.budget, len(chunk)
        self.written += n
        self.source.written += n
        budget.total += n
        if self.written > limits.max_file_bytes:
            raise ReadError(
                "too_large",
                f"{self.name} > max_file_bytes",
                message=f"文件解压后超过单个文件大小上限（{limits.max_file_bytes >> 20} MB），已停止",
            )
        if budget.total > limits.max_total_bytes:
            raise ReadError(
                "too_large", "bundle > max_total_bytes", message="材料包解压后总大小超过上限（疑似压缩炸弹），已停止"
            )
        for out, packed in ((self.written, self.compressed), (self.source.written, self.source.size)):
            if packed and out > limits.ratio_floor and out / packed > limits.max_ratio:
                raise ReadError(
                    "too_large", f"ratio {out / packed:.0f}", message="文件压缩比异常（疑似压缩炸弹），已停止"
                )
        self.file.write(chunk)
        return n

    def close(self) -> Path:
        self.file.close()
        return self.path

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


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
        if path.is_relative_to(self.workdir):
            path.unlink(missing_ok=True)  # an unpacked inner archive: its files are kept, not it

    def expand(self, path: Path, prefix: str, depth: int, kind: str) -> None:
        if kind == "zip":
            self.unzip(path, prefix, depth)
        elif kind == "7z":
            self.un7z(path, prefix, depth)
        else:
            raise ReadError("unsupported", kind, message="暂不支持 RAR 压缩包，请转换为 ZIP 后重新上传")

    def copy_stream(self, src, name: str, source: _Source, compressed: int | None) -> Path:
        """Stream an entry to disk under the caps; a partial file is removed when a cap is hit."""
        sink = _Sink(self, name, source, compressed)
        try:
            while chunk := src.read(_CHUNK):
                sink.write(chunk)
        except BaseException:
            sink.discard()
            raise
        return sink.close()

    def unzip(self, path: Path, prefix: str, depth: int) -> None:
        count = zip_entry_count(path)
        if count is None:
            raise ReadError(
                "corrupt", "zip: no end record", message="压缩包不完整或已损坏（找不到 ZIP 目录，可能上传或复制中断）"
            )
        self.budget.reserve(count)  # before the central directory is read: its size follows the count
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReadError("corrupt", f"zip: {exc}", message="压缩包已损坏，无法打开") from exc
        source = _Source(path.stat().st_size)
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
                        out = self.copy_stream(src, name, source, info.compress_size)
                except ReadError as exc:
                    self.refuse(shown, exc)
                    if exc.code == "too_large" and self._exhausted(source):
                        self._refuse_rest(archive, info, prefix)
                        return
                    continue
                except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
                    self.refuse(shown, ReadError("corrupt", f"zip entry: {exc}", message="压缩包条目已损坏，无法解压"))
                    continue
                self.add(name, out, depth)

    def _exhausted(self, source: _Source) -> bool:
        """Whether a cap was hit for the whole bundle or the whole archive, so nothing more of it is read."""
        limits = self.limits
        over_ratio = source.written > limits.ratio_floor and source.written / max(source.size, 1) > limits.max_ratio
        return self.budget.total > limits.max_total_bytes or over_ratio

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

        archive = _open_7z(path)
        with archive:
            entries = [info for info in archive.list() if not info.is_directory]
            self.budget.reserve(len(entries))
            wanted: dict[str, str] = {}
            for info in entries:
                shown = _join(prefix, info.filename)
                try:
                    self.budget.entry()
                    name = _join(prefix, safe_name(info.filename))
                    if info.is_symlink:
                        raise ReadError("unsupported", "symlink entry", message="压缩包条目是符号链接，已拒绝")
                    if (info.uncompressed or 0) > self.limits.max_file_bytes:
                        raise ReadError("too_large", "7z declared size", message="文件解压后超过大小上限，未解压")
                except ReadError as exc:
                    self.refuse(shown, exc)
                    continue
                wanted[info.filename] = name
            factory = _SinkFactory(self, wanted, _Source(path.stat().st_size))
            try:
                archive.extract(targets=list(wanted), factory=factory)
                factory.finish()
            except ReadError as exc:
                factory.failed(exc)
            except (
                py7zr.exceptions.Bad7zFile,
                py7zr.exceptions.PasswordRequired,
                OSError,
                EOFError,
                ValueError,
            ) as exc:
                factory.failed(ReadError("corrupt", f"7z extract: {exc}", message="7z 压缩包解压失败"))
        for raw, sink in factory.done:
            self.add(wanted[raw], sink.path, depth)


class _SinkFactory:
    """py7zr's writer factory: each wanted entry is streamed through a `_Sink` as it is decompressed, so a
    7z bomb stops at the first cap instead of being written out in full first."""

    def __init__(self, intake: _Intake, wanted: dict[str, str], source: _Source):
        self.intake, self.wanted, self.source = intake, wanted, source
        self.done: list[tuple[str, _Sink]] = []
        self.current: tuple[str, _Sink] | None = None

    def create(self, filename: str):
        import py7zr.io

        self.finish()
        if filename not in self.wanted:
            return py7zr.io.NullIO()
        sink = _Sink(self.intake, self.wanted[filename], self.source)
        self.current = (filename, sink)
        return _SinkIO(sink)

    def finish(self) -> None:
        """Close the entry being written (the next one begins, or the extraction ended)."""
        if self.current is not None:
            self.current[1].close()
            self.done.append(self.current)
            self.current = None

    def failed(self, exc: ReadError) -> None:
        """Extraction stopped: the entry being written is refused with the reason, and so is every
        wanted entry not reached."""
        reached = {raw for raw, _ in self.done}
        if self.current is not None:
            raw, sink = self.current
            sink.discard()
            self.intake.refuse(self.wanted[raw], exc)
            reached.add(raw)
            self.current = None
        rest = ReadError(exc.code, "7z stopped", message=f"压缩包解压已停止（{exc.message}），未解压该文件")
        for raw, name in self.wanted.items():
            if raw not in reached:
                self.intake.refuse(name, rest)


class _SinkIO:
    """The file-like object py7zr writes one entry into (its `Py7zIO` interface), backed by a `_Sink`."""

    def __init__(self, sink: _Sink):
        self.sink = sink

    def write(self, data: bytes | bytearray) -> int:
        return self.sink.write(bytes(data))

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.sink.written

    def flush(self) -> None:
        pass

    def size(self) -> int:
        return self.sink.written

    def close(self) -> None:
        pass


def _open_7z(path: Path):
    import py7zr

    try:
        archive = py7zr.SevenZipFile(path)
    except py7zr.exceptions.PasswordRequired as exc:
        raise ReadError("encrypted", "7z header", message="7z 压缩包已加密（连文件名都已加密），无法读取") from exc
    except (py7zr.exceptions.Bad7zFile, OSError, EOFError, ValueError) as exc:
        raise ReadError("corrupt", f"7z: {exc}", message="7z 压缩包已损坏，无法打开") from exc
    if archive.needs_password():
        archive.close()
        raise ReadError("encrypted", "7z", message="7z 压缩包已加密，无法读取")
    return archive


_EOCD, _EOCD64_LOCATOR, _EOCD64 = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
_OFFICE_MAX_PARTS = 10_000  # an Office package has a few dozen parts; more entries mean an archive


def zip_entry_count(path: Path) -> int | None:
    """The number of entries a ZIP declares in its end record (ZIP64 included), read from the file's
    end without loading the central directory, whose size follows the count; None when the file has no
    end record (truncated, or not a ZIP)."""
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            start = max(0, size - (22 + 0xFFFF))  # the record, then a comment of at most 65535 bytes
            f.seek(start)
            tail = f.read()
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) - at < 22:
                return None
            count = int.from_bytes(tail[at + 10 : at + 12], "little")
            if count != 0xFFFF or start + at < 20:
                return count
            f.seek(start + at - 20)
            locator = f.read(20)
            if locator[:4] != _EOCD64_LOCATOR:
                return count
            f.seek(int.from_bytes(locator[8:16], "little"))
            record = f.read(40)
            return int.from_bytes(record[32:40], "little") if record[:4] == _EOCD64 else None
    except OSError:
        return None


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
        count = zip_entry_count(path)
        if count is None or count > _OFFICE_MAX_PARTS:
            return "zip" if count or _suffix(name) == ".zip" else None
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip" if _suffix(name) == ".zip" else None
        return None if names & _OFFICE_ZIP_MARKERS or "word/document.xml" in names else "zip"
    return None


def check_archive(path: Path, name: str, limits: Limits | None = None) -> str:
    """The kind of an archive received as a submission ('zip' or '7z'), after the checks that need no
    unpacking; ReadError with a Chinese message, naming the file, when it cannot be a submission (empty,
    not an archive, RAR, truncated, encrypted, over the entry cap, no files in it)."""
    limits = limits or Limits()

    def refuse(code: str, why: str) -> ReadError:
        return ReadError(code, why, message=f"“{name}”{why}")

    if path.stat().st_size == 0:
        raise refuse("empty", "是空文件（0 字节）")
    kind = archive_kind(path, name if _suffix(name) else f"{name}.zip")
    if kind is None:
        raise refuse("unsupported", "不是 ZIP 或 7z 压缩包")
    if kind == "rar":
        raise refuse("unsupported", "是 RAR 压缩包，暂不支持，请转换为 ZIP 后重新上传")
    try:
        if kind == "zip":
            count = zip_entry_count(path)
            if count is None:
                raise refuse("corrupt", "不完整或已损坏（找不到 ZIP 目录，可能上传中断），请重新打包上传")
            _Budget(limits).reserve(count)
            with zipfile.ZipFile(path) as z:
                count = sum(1 for i in z.infolist() if not i.is_dir())
        else:
            with _open_7z(path) as z:
                count = sum(1 for i in z.list() if not i.is_directory)
                _Budget(limits).reserve(count)
    except zipfile.BadZipFile:
        raise refuse("corrupt", "已损坏，无法打开") from None
    except ReadError as exc:
        raise exc if exc.message.startswith("“") else refuse(exc.code, f"：{exc.message}") from None
    if count == 0:
        raise refuse("empty", "中没有任何文件")
    return kind


def open_bundle(source: Path, workdir: Path, limits: Limits | None = None, shown: str | None = None) -> Bundle:
    """The files of a submission given as a folder or an archive. Archive contents are written under
    `workdir`; a folder's files are read where they are (symbolic links are not followed). `shown` is the
    name the submitter knows the archive by (a stored upload is named by its checksum)."""
    limits = limits or Limits()
    workdir.mkdir(parents=True, exist_ok=True)
    intake = _Intake(workdir, limits)
    if source.is_dir():
        _walk(intake, source.resolve())
    elif source.is_file():
        kind = archive_kind(source, source.name)
        if kind is None:
            intake.bundle.files.append(BundleFile(shown or source.name, path=source))
        else:
            try:
                intake.expand(source, "", 1, kind)
            except ReadError as exc:
                intake.refuse(shown or source.name, exc)
    else:
        raise FileNotFoundError(source)
    return intake.bundle


def _walk(intake: _Intake, root: Path) -> None:
    """A folder's files in name order; past the entry cap, one record says how many were left unread."""
    names = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        names += [Path(dirpath) / fname for fname in sorted(filenames)]
    for i, full in enumerate(names):
        name = full.relative_to(root).as_posix()
        if full.is_symlink():
            intake.refuse(name, ReadError("unsupported", "symlink", message="符号链接不予读取"))
            continue
        try:
            intake.budget.entry()
        except ReadError:
            left = len(names) - i
            cap = intake.limits.max_entries
            intake.refuse(
                name,
                ReadError(
                    "too_large", "entry count", message=f"文件数超过上限（{cap} 个），自此起 {left} 个文件未读取"
                ),
            )
            return
        intake.add(name, full, 0)
