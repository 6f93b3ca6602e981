"""Where jiaodu keeps its data: $JIAODU_HOME, else the per-user data folder."""

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger("jiaodu.settings")


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


def _positive(name: str, default: float) -> float:
    """A positive number from the environment variable `name`; `default` when unset or not valid."""
    text = os.environ.get(name, "")
    try:
        value = float(text or default)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        log.warning("环境变量 %s=%r 不是正数，改用默认值 %s", name, text, default)
        return default
    return value


def run_budget() -> float:
    """Seconds one run of a submission may take before its worker is stopped (JIAODU_RUN_BUDGET)."""
    return _positive("JIAODU_RUN_BUDGET", 3600.0)


def file_timeout() -> float:
    """Seconds the workbench spends parsing one file before giving it up (JIAODU_FILE_TIMEOUT)."""
    return _positive("JIAODU_FILE_TIMEOUT", 120.0)


def max_files() -> int:
    """Files one uploaded bundle may hold (JIAODU_MAX_FILES)."""
    return max(1, int(_positive("JIAODU_MAX_FILES", 10000)))


def reruns_per_day() -> int:
    """Re-runs of one submission a county submitter may ask for in 24 hours (JIAODU_RERUNS_PER_DAY)."""
    return max(1, int(_positive("JIAODU_RERUNS_PER_DAY", 3)))


DEFAULT_TIMEZONE = "Asia/Shanghai"


def timezone() -> ZoneInfo:
    """The zone times are shown in ($JIAODU_TIMEZONE, an IANA name; 北京时间 by default): the database
    keeps UTC."""
    name = os.environ.get("JIAODU_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("环境变量 JIAODU_TIMEZONE=%r 不是有效的时区名，改用 %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (naive UTC) time as the reader's local time; empty for none."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(timezone()).strftime(pattern)
