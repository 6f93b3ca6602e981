"""Readers bid on a file by looking at its bytes; the best bid reads it (Aleph ingest-file's way)."""

from __future__ import annotations

import hashlib
import zipfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extract.errors import ReadError
from extract.model import Document

_HEAD = 8192
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Probe:
    """What readers may look at to bid: the bytes' head, the zip member names, OLE2 stream names."""

    path: Path  # where the bytes are on disk
    name: str  # the path inside the bundle, for provenance
    size: int
    head: bytes
    sha256: str = ""
    zip_names: frozenset[str] = frozenset()
    ole_streams: frozenset[str] = frozenset()

    @property
    def ext(self) -> str:
        return PurePosixPath(self.name).suffix.lower().lstrip(".")

    @classmethod
    def of(cls, path: Path, name: str | None = None) -> Probe:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_HEAD)
        probe = cls(path=path, name=name or path.name, size=size, head=head, sha256=file_sha256(path))
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(path) as z:
                    probe.zip_names = frozenset(z.namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                pass
        elif head.startswith(_OLE_MAGIC):
            import olefile

            try:
                with olefile.OleFileIO(str(path)) as ole:
                    probe.ole_streams = frozenset("/".join(e) for e in ole.listdir())
            except (OSError, ValueError, TypeError) as exc:
                raise ReadError("corrupt", f"OLE2: {exc}") from exc
        return probe


@dataclass
class ReadContext:
    """What a reader needs beyond the file: the OCR cache and the limits."""

    cache_dir: Path | None = None
    ocr: bool = True
    max_pages: int = 2000
    max_rows: int = 50000  # per sheet


class Reader(ABC):
    name: str = ""

    @abstractmethod
    def bid(self, probe: Probe) -> float:
        """How well this reader fits the file: 0 cannot read it, 1 certain."""

    @abstractmethod
    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        """The Document, or a ReadError saying why not."""
