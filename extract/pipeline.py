"""Reading a whole bundle: intake, then every file in a worker process with a time limit, so that a
hostile or broken file can neither hang nor crash the batch. Results come back in bundle order."""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import ReadError
from extract.intake import Bundle, BundleFile, Limits, open_bundle
from extract.metadata import enrich
from extract.model import FileError, FileResult
from extract.readers import Probe, ReadContext, choose_reader
from extract.readers.base import file_sha256

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


@dataclass
class ExtractOptions:
    cache_dir: Path | None = None  # OCR cache
    ocr: bool = True
    workers: int = 0  # 0: one per core
    file_timeout: float = 300.0  # seconds per file
    memory_limit: int = 4 << 30  # address space of one worker process, bytes
    limits: Limits = field(default_factory=Limits)  # intake caps; files over limits.max_file_bytes are not parsed


@dataclass
class BundleResult:
    files: list[FileResult]
    skipped: list[tuple[str, str]]


def read_one(path: Path, name: str, options: ExtractOptions) -> FileResult:
    """Read one file into a FileResult; every failure becomes an error record, never an exception."""
    started = time.perf_counter()
    size, digest = 0, ""
    try:
        size = path.stat().st_size
        if size == 0:
            raise ReadError("empty", "zero bytes")
        if size > options.limits.max_file_bytes:
            raise ReadError("too_large", f"{size} bytes", message=f"文件过大（{size / 2**20:.0f} MB），超出处理上限")
        probe = Probe.of(path, name)
        digest = probe.sha256
        reader = choose_reader(probe)
        if reader is None:
            ext = probe.ext or "未知"
            raise ReadError("unsupported", f"no reader for .{probe.ext}", message=f"不支持的文件格式（.{ext}）")
        ctx = ReadContext(cache_dir=options.cache_dir, ocr=options.ocr)
        doc = reader.read(probe, ctx)
        if not doc.blocks and doc.format != "image":
            if doc.ocr:
                raise ReadError("no_text", "OCR found nothing")
            raise ReadError("empty", "no content", message="文件中没有可读取的内容")
        enrich(doc)
        status = "ocr" if doc.ocr else "ok"
        return FileResult(name, size, digest, status, document=doc, seconds=time.perf_counter() - started)
    except ReadError as exc:
        error = exc.to_record()
    except MemoryError:
        error = FileError("too_large", "解析该文件所需内存超出上限", "MemoryError")
    except Exception as exc:  # a parser's own exception on malformed input
        log.warning("读取 %s 时出错", name, exc_info=True)
        error = FileError("corrupt", "文件无法解析（可能已损坏或格式不符）", f"{type(exc).__name__}: {exc}")
    if not digest and size:
        digest = _sha256(path)
    return FileResult(name, size, digest, "error", error=error, seconds=time.perf_counter() - started)


def _sha256(path: Path) -> str:
    """The file's hash for an error record; empty when the file cannot even be read."""
    try:
        return file_sha256(path)
    except OSError:
        return ""


def worker_init(memory_limit: int) -> None:
    # One OCR thread per worker: the pool already runs one worker per core.
    os.environ.setdefault("JIAODU_OCR_THREADS", "1")
    # A file that needs more memory fails alone (MemoryError → too_large) instead of starving the machine.
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


def _refused(item: BundleFile) -> FileResult:
    assert item.error is not None
    return FileResult(item.name, 0, "", "error", error=item.error)


def read_files(items: list[BundleFile], options: ExtractOptions, progress: Progress | None = None) -> list[FileResult]:
    """Read the bundle's files in worker processes, each under `options.file_timeout`."""
    from pebble import ProcessExpired, ProcessPool

    results: list[FileResult | None] = [None] * len(items)
    todo = []
    for i, item in enumerate(items):
        if item.error is not None or item.path is None:
            results[i] = _refused(item)
        else:
            todo.append(i)
    done = len(items) - len(todo)
    if progress:
        progress(done, len(items), "")
    if todo:
        workers = options.workers or min(len(todo), os.cpu_count() or 1)
        context = multiprocessing.get_context("spawn")
        with ProcessPool(
            max_workers=workers, context=context, initializer=worker_init, initargs=(options.memory_limit,)
        ) as pool:
            futures = {
                i: pool.schedule(read_one, args=(items[i].path, items[i].name, options), timeout=options.file_timeout)
                for i in todo
            }
            for i, future in futures.items():
                item = items[i]
                try:
                    results[i] = future.result()
                except FutureTimeout:
                    results[i] = _failed(
                        item,
                        FileError("timeout", f"解析超时（超过 {options.file_timeout:.0f} 秒），已停止处理该文件"),
                    )
                except ProcessExpired as exc:
                    results[i] = _failed(item, FileError("crashed", "解析进程异常退出（文件可能已损坏）", str(exc)))
                except Exception as exc:
                    log.error("解析进程处理 %s 时出错", item.name, exc_info=True)
                    results[i] = _failed(item, FileError("crashed", "解析进程异常退出", f"{type(exc).__name__}: {exc}"))
                done += 1
                if progress:
                    progress(done, len(items), item.name)
    return [r for r in results if r is not None]


def _failed(item: BundleFile, error: FileError) -> FileResult:
    assert item.path is not None
    size = item.path.stat().st_size if item.path.exists() else 0
    return FileResult(item.name, size, _sha256(item.path), "error", error=error)


def extract_bundle(
    source: Path, workdir: Path, options: ExtractOptions | None = None, progress: Progress | None = None
) -> BundleResult:
    """Every file of a submission (folder or archive) as a Document or an error record."""
    options = options or ExtractOptions()
    bundle: Bundle = open_bundle(source, workdir, options.limits)
    return BundleResult(read_files(bundle.files, options, progress), bundle.skipped)
