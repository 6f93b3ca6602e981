"""LibreOffice headless conversion for formats we do not parse ourselves (.doc .wps .odt .ods .rtf …)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extract.errors import ReadError

CONVERT_TIMEOUT = 120.0


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def converted(src: Path, target: str, timeout: float = CONVERT_TIMEOUT) -> Iterator[Path]:
    """`src` converted to format `target` (docx, xlsx) in a private temporary folder; each call uses its
    own LibreOffice profile so that conversions in parallel workers do not collide."""
    binary = soffice()
    if binary is None:
        raise ReadError("unsupported", "LibreOffice not installed", message="读取该格式需要 LibreOffice，但未安装")
    with tempfile.TemporaryDirectory(prefix="jiaodu-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input{src.suffix.lower() or '.bin'}"
        shutil.copyfile(src, source)
        out = work / "out"
        cmd = [
            binary,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work)}
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReadError("timeout", f"LibreOffice conversion exceeded {timeout:.0f}s") from exc
        result = out / f"input.{target}"
        if not result.exists():
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[:300]
            raise ReadError("corrupt", f"LibreOffice could not convert: {detail}")
        yield result
