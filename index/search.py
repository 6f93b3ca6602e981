"""The search index as callers see it (检索): keyword search with filters and highlights, search by
observation point across submissions, batch search with export. The index is a rebuildable cache of
the stored units: a schema-version marker beside it, a rebuild from the store when it does not match, and
IndexDamaged when it cannot be read, for the caller to rebuild it (`SearchIndex.recreate`)."""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from corpora.frameworks.schema import Framework
from corpora.text import match_form
from index.base import Engine, Filters, Hit, Results
from index.query import Or, Query, Term, parse, positive_terms, snippet
from index.sheets import append_text_row, csv_safe
from index.units import Unit
from index.whoosh_engine import WhooshEngine

log = logging.getLogger(__name__)

SCHEMA_VERSION = "jiaodu.index/1"
ENGINES = {"whoosh": "whoosh3-3.54.0", "tantivy": "tantivy-0.27.0"}
# Above this many units Whoosh's query latency passes the 150 ms p95 target on this machine
# (bench/search.py), so `auto` serves the index from Tantivy.
AUTO_THRESHOLD = 20_000


class IndexDamaged(Exception):
    """The index cannot be read (damaged or lost segments) or has lost what the units store holds."""

    def __init__(self, folder: Path):
        super().__init__(f"检索索引 {folder} 已损坏或不完整，需要从保存的检索单元重建")


def _engine_class(name: str) -> type[Engine]:
    if name == "tantivy":
        from index.tantivy_engine import TantivyEngine

        return TantivyEngine
    return WhooshEngine


class UnitStore:
    """The units of every submission, one JSON file each: what the index is rebuilt from."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, submission: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else f"%{ord(ch):x}" for ch in submission)
        return self.folder / f"{safe}.json"

    def _write(self, path: Path, data: dict) -> None:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, delete=False, suffix=".tmp") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(f.name, path)

    def counts(self) -> dict[str, int]:
        """Units per submission, from the manifest."""
        manifest = self.folder / "manifest.json"
        return json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}

    def save(self, submission: str, units: list[Unit]) -> None:
        self._write(self._path(submission), {"submission": submission, "units": [u.as_dict() for u in units]})
        self._write(self.folder / "manifest.json", {**self.counts(), submission: len(units)})

    def remove(self, submission: str) -> None:
        self._path(submission).unlink(missing_ok=True)
        counts = self.counts()
        counts.pop(submission, None)
        self._write(self.folder / "manifest.json", counts)
        self.mark(submission, None, False)

    def submissions(self) -> list[str]:
        return sorted(self.counts())

    def contents(self) -> dict[str, dict]:
        """Submission → the bundle it was made from: {"content": content_key, "provisional": bool}."""
        path = self.folder / "contents.json"
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def mark(self, submission: str, content: str | None, provisional: bool) -> None:
        marks = {k: v for k, v in self.contents().items() if k != submission}
        if content:
            marks[submission] = {"content": content, "provisional": provisional}
        self._write(self.folder / "contents.json", marks)

    def units(self, submission: str) -> list[Unit]:
        data = json.loads(self._path(submission).read_text("utf-8"))
        return [Unit(**u) for u in data["units"]]


@dataclass
class BatchRow:
    item: str  # the term or observation point asked for
    count: int
    hits: list[Hit]


def point_terms(fw: Framework, point: str) -> list[str]:
    node = fw.node(point)
    return list(dict.fromkeys([node.name, *node.keywords, *node.aliases]))


class SearchIndex:
    """`engine`: whoosh, tantivy or auto (by the number of stored units); default from the environment
    variable JIAODU_SEARCH_ENGINE, else auto."""

    def __init__(self, home: Path, engine: str | None = None, *, build_now: bool = True):
        """A missing or outdated index is built from the units store here — or, without `build_now`,
        reported as IndexDamaged for the caller to rebuild it elsewhere (a web request should not wait)."""
        self.home = home
        self.store = UnitStore(home / "units")
        name = engine or os.environ.get("JIAODU_SEARCH_ENGINE") or "auto"
        if name == "auto":
            name = "tantivy" if sum(self.store.counts().values()) > AUTO_THRESHOLD else "whoosh"
        if name not in ENGINES:
            raise ValueError(f"未知的检索引擎：{name}（可选 whoosh、tantivy、auto）")
        folder = home / "index" / name
        marker = folder / "VERSION"
        version = f"{SCHEMA_VERSION}+{ENGINES[name]}"
        stale = not marker.exists() or marker.read_text().strip() != version
        if stale and not build_now and self.store.submissions():
            raise IndexDamaged(folder)
        if stale and folder.exists():
            shutil.rmtree(folder)
        engine_class = _engine_class(name)
        self.read_errors = engine_class.read_errors
        try:
            self.engine = engine_class(folder)
            emptied = not stale and self.engine.size() == 0 and any(self.store.counts().values())
        except self.read_errors as exc:
            log.warning("检索索引无法打开：%s", exc)
            raise IndexDamaged(folder) from exc
        if emptied:  # its table of contents lost, Whoosh starts an empty index in the folder
            raise IndexDamaged(folder)
        if stale:
            marker.write_text(version)
        if stale and self.store.submissions():
            self.rebuild()

    @classmethod
    def recreate(cls, home: Path, engine: str | None = None) -> SearchIndex:
        """The index built afresh from the units store, whatever state the old one was in."""
        shutil.rmtree(home / "index", ignore_errors=True)
        return cls(home, engine)

    # -- writing -------------------------------------------------------------------------------

    def put(self, submission: str, units: list[Unit], *, content: str | None = None, provisional: bool = False) -> str:
        """Add or replace one submission's units: stored first, then indexed; returns the key that holds
        them. One bundle is one set of hits: `content` (content_key of its files) ties the copies of a
        bundle together. A provisional copy (`jiaodu audit`) is not added where a lasting one (the
        workbench's) holds the same bundle — that key is returned — and a lasting copy replaces the
        provisional ones."""
        if content:
            copies = {k: m["provisional"] for k, m in self.store.contents().items() if m["content"] == content}
            lasting = next((k for k, prov in copies.items() if not prov and k != submission), None)
            if provisional and lasting:
                return lasting
            for key in [k for k, prov in copies.items() if prov and k != submission]:
                self.remove(key)
        self.store.save(submission, units)
        self.store.mark(submission, content, provisional)
        self.engine.remove_submission(submission)
        self.engine.add(units)
        return submission

    def remove(self, submission: str) -> int:
        n = self.engine.remove_submission(submission)
        self.store.remove(submission)
        return n

    def rebuild(self) -> int:
        """Index every stored submission afresh."""
        self.engine.clear()
        n = 0
        for submission in self.store.submissions():
            units = self.store.units(submission)
            self.engine.add(units)
            n += len(units)
        return n

    # -- reading -------------------------------------------------------------------------------

    def search(
        self, text: str | Query, filters: Filters | None = None, limit: int = 10, highlight: bool = True, count=False
    ) -> Results:
        query = parse(text) if isinstance(text, str) else text
        results = self._read(query, filters, limit, count=count)
        if highlight:
            terms = positive_terms(query)
            for h in results.hits:
                h.snippet = snippet(h.unit.text, terms)
        return results

    def _read(self, query: Query, filters: Filters | None, limit: int, **options) -> Results:
        try:
            return self.engine.search(query, filters or Filters(), limit, **options)
        except self.read_errors as exc:
            log.warning("检索索引读取出错：%s", exc)
            raise IndexDamaged(self.engine.folder) from exc

    def by_point(
        self, fw: Framework, point: str, filters: Filters | None = None, limit: int = 10, count: bool = False
    ) -> Results:
        """Units linked to the observation point or matching its terms (name, keywords, aliases), best
        first, across all or the chosen submissions."""
        terms = [match_form(t) for t in point_terms(fw, point) if match_form(t)]
        query = Or(tuple(Term(t) for t in terms)) if len(terms) > 1 else Term(terms[0])
        results = self._read(query, filters, limit, boost_points=[point], count=count)
        for h in results.hits:
            h.snippet = snippet(h.unit.text, terms)
        return results

    def batch(self, items: list[str], fw: Framework | None = None, filters: Filters | None = None, limit: int = 5):
        """Per item (a query, or an observation point id of `fw`) its hit count and best hits."""
        rows = []
        ids = {p.id for p in fw.points()} if fw else set()
        for item in items:
            if item in ids:
                assert fw is not None
                r = self.by_point(fw, item, filters, limit, count=True)
            else:
                r = self.search(item, filters, limit, count=True)
            rows.append(BatchRow(item, r.total or 0, r.hits))
        return rows


def export_batch(rows: list[BatchRow], out: Path) -> Path:
    """Batch results as CSV or XLSX (by the suffix), one line per hit, items without hits kept."""
    header = ["检索项", "命中数", "序号", "材料包", "文件", "页码", "观测点", "摘要"]
    lines = []
    for row in rows:
        for i, h in enumerate(row.hits or [None], 1):
            if h is None:
                lines.append([row.item, row.count, "", "", "", "", "", ""])
                continue
            u = h.unit
            lines.append([row.item, row.count, i, u.submission, u.file, u.page or "", " ".join(u.points), h.snippet])
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "批量检索"
        ws.append(header)
        for line in lines:
            append_text_row(ws, line)
        wb.save(out)
    else:
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(csv_safe(line) for line in lines)
    return out
