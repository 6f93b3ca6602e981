"""Formats read through a conversion: legacy Word (.doc, .wps) via LibreOffice with antiword as the
fallback, OpenDocument and RTF via LibreOffice, and encrypted Office files, which say so."""

from __future__ import annotations

import shutil
import struct
import subprocess

from extract.builder import DocumentBuilder
from extract.convert import converted
from extract.errors import ReadError
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader
from extract.readers.docx import DocxReader
from extract.readers.sheets import XlsxReader

_ODF_TEXT = (b"application/vnd.oasis.opendocument.text", "docx")
_ODF_SHEET = (b"application/vnd.oasis.opendocument.spreadsheet", "xlsx")


def _via(probe: Probe, ctx: ReadContext, target: str, fmt: str) -> Document:
    reader = DocxReader() if target == "docx" else XlsxReader()
    with converted(probe.path, target) as path:
        inner = Probe.of(path, name=probe.name)
        inner.sha256 = probe.sha256
        doc = reader.read(inner, ctx)
    doc.format, doc.reader = fmt, f"libreoffice+{reader.name}"
    return doc


class EncryptedOfficeReader(Reader):
    """Password-protected DOCX/XLSX are OLE2 containers holding an EncryptedPackage stream."""

    name = "encrypted-office"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "EncryptedPackage" in probe.ole_streams else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        raise ReadError("encrypted", "OOXML EncryptedPackage")


class LegacyWordReader(Reader):
    name = "doc"

    def bid(self, probe: Probe) -> float:
        return 1.0 if "WordDocument" in probe.ole_streams else 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        if _word_encrypted(probe):
            raise ReadError("encrypted", "Word FIB fEncrypted")
        fmt = "wps" if probe.ext == "wps" else "doc"
        try:
            return _via(probe, ctx, "docx", fmt)
        except ReadError as first:
            if shutil.which("antiword") is None:
                raise
            try:
                return _antiword(probe, fmt)
            except ReadError:
                raise first from None


def _word_encrypted(probe: Probe) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(str(probe.path)) as ole:
            fib = ole.openstream("WordDocument").read(12)
    except OSError:
        return False
    return len(fib) >= 12 and bool(struct.unpack_from("<H", fib, 10)[0] & 0x0100)


def _antiword(probe: Probe, fmt: str) -> Document:
    try:
        proc = subprocess.run(
            ["antiword", "-m", "UTF-8.txt", "-w", "0", str(probe.path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("timeout", "antiword") from exc
    if proc.returncode != 0:
        raise ReadError("corrupt", proc.stderr.decode("utf-8", "replace")[:300])
    doc = Document(path=probe.name, format=fmt, reader="antiword")
    builder = DocumentBuilder(doc)
    builder.page(1)
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        builder.text(line)
    return builder.finish()


class ConvertedReader(Reader):
    """OpenDocument text and spreadsheets, RTF, and OLE files no other reader claims (.et, .wps)."""

    name = "libreoffice"

    def bid(self, probe: Probe) -> float:
        if self._target(probe):
            return 0.9
        return 0.0

    def _target(self, probe: Probe) -> str | None:
        if "mimetype" in probe.zip_names:
            for mime, target in (_ODF_TEXT, _ODF_SHEET):
                if mime in probe.head[:200]:
                    return target
        if probe.head.startswith(b"{\\rtf"):
            return "docx"
        if probe.ole_streams and probe.ext in {"wps", "wpt", "dps"}:
            return "docx"
        if probe.ole_streams and probe.ext in {"et", "ett"}:
            return "xlsx"
        return None

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        target = self._target(probe)
        assert target is not None
        return _via(probe, ctx, target, probe.ext or target)
