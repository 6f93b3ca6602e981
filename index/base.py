"""The search engine interface (检索引擎接口): what callers may ask of an engine, so that Whoosh can be
replaced or joined by another engine without touching them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

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


class Engine(Protocol):
    name: str

    def add(self, units: Iterable[Unit]) -> None:
        """Add units in one transaction: all of them or, on error, none."""

    def remove_submission(self, submission: str) -> int:
        """Remove every unit of a submission; returns how many there were."""

    def search(
        self, query: Query, filters: Filters, limit: int, *, boost_points: list[str] | None = None, count: bool = False
    ) -> Results: ...

    def clear(self) -> None: ...

    def size(self) -> int: ...
