"""Where jiaodu keeps its data: $JIAODU_HOME, else the per-user data folder."""

import os
from pathlib import Path


class StorageError(Exception):
    """Stored data that cannot be used safely (数据缺失或损坏): what is wrong and what to do, in Chinese."""


def home() -> Path:
    """The data folder (database, index, stored files, OCR cache), created on first use."""
    explicit = os.environ.get("JIAODU_HOME")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "jiaodu"
    path.mkdir(parents=True, exist_ok=True)
    use_cache_of(path)
    return path


def use_cache_of(path: Path) -> None:
    """Name the home's cache folder to the libraries below the service (jieba's dictionary cache) and to
    worker processes, so nothing is written outside the home."""
    os.environ.setdefault("JIAODU_CACHE_DIR", str(path / "cache"))


def cache_dir() -> Path:
    return home() / "cache"


def secure_cookies() -> bool:
    """JIAODU_SECURE_COOKIES=1 when the workbench is served over HTTPS: cookies then travel only over it."""
    return os.environ.get("JIAODU_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes", "on")
