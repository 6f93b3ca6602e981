"""The search engine interface (检索引擎接口): what callers may ask of an engine, so that Whoosh can be
replaced or joined by another engine without touching them."""

from __future__ import annotations

import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from index.query import Query
from index.units import Unit


@dataclass
class Filters:
    """Restrictions on the units searched; None means any."""

    submissions: list[str] | None = None
    region: str | None = None
    year: int | None = None
    points: list[str] | None = None  # linked by the machine or a reviewer
    kinds: list[str] | None = None  # passage, table_row, claim
    doc_kind: str | None = None


@dataclass
class Hit:
    unit: Unit
    score: float
    snippet: str = ""


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int | None = None  # only when asked for: counting every match costs time


# What any engine's damaged files raise when opened or read: missing or truncated files, foreign bytes.
READ_ERRORS: tuple[type[Exception], ...] = (OSError, EOFError, ValueError, IndexError, struct.error)


class Engine(Protocol):
    name: str
    folder: Path
    read_errors: tuple[type[Exception], ...]  # what its damaged files raise, to be told from a bug

    def __init__(self, folder: Path) -> None: ...

    def add(self, units: Iterable[Unit]) -> None:
        """Add units in one transaction: all of them or, on error, none."""

    def remove_submission(self, submission: str) -> int:
        """Remove every unit of a submission; returns how many there were."""

    def search(
        self, query: Query, filters: Filters, limit: int, *, boost_points: list[str] | None = None, count: bool = False
    ) -> Results: ...

    def clear(self) -> None: ...

    def size(self) -> int: ...


W = TypeVar("W")
WRITE_RETRIES = 40
RETRY_PAUSE = 0.25  # seconds


def open_writer(open_: Callable[[], W], locked: Callable[[Exception], bool]) -> W:
    """The engine's single writer, waiting a bounded time while another process holds its lock."""
    for attempt in range(WRITE_RETRIES):
        try:
            return open_()
        except Exception as exc:
            if not locked(exc) or attempt == WRITE_RETRIES - 1:
                raise
            time.sleep(RETRY_PAUSE)
    raise AssertionError("unreachable")


def filter_fields(u: Unit) -> dict[str, str]:
    """The fields every engine indexes for filters and links, as strings."""
    return {
        "id": u.id,
        "submission": u.submission,
        "region": u.region or "",
        "year": str(u.year or ""),
        "kind": u.kind,
        "doc_kind": u.doc_kind or "",
        "points": " ".join(u.points),
        "confirmed": " ".join(u.confirmed),
    }
