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
    return path


def cache_dir() -> Path:
    return home() / "cache"
