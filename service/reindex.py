"""Keeping the search index whole (检索索引自检与重建). The index is a cache of the units files, and those
are a cache of what the database holds: an index that cannot be read, or one that lacks a finished
submission, is rebuilt — in the background for the web app, which meanwhile answers 503 in Chinese — from
the units files, and the units of a finished submission whose file is lost are made again from its stored
report and page layouts."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import select

from extract.model import Block, Document, Page
from index.search import IndexDamaged, SearchIndex, UnitStore
from index.units import Unit, claim_unit, doc_kind, document_units
from service import settings
from service.db import Result, Store, StoredFile, Submission, database_url, sqlite_path
from service.pipeline import index_key

log = logging.getLogger("jiaodu.reindex")

REBUILDING = "检索索引正在重建，请稍后再试"
_jobs: dict[Path, threading.Thread] = {}
_lock = threading.Lock()


class IndexUnavailable(Exception):
    """The index is being rebuilt: a search must wait."""

    def __init__(self) -> None:
        super().__init__(REBUILDING)


def rebuilding(home: Path) -> bool:
    with _lock:
        job = _jobs.get(home)
        return job is not None and job.is_alive()


def start(home: Path, store: Store | None) -> None:
    """Rebuild in the background, once at a time per home."""
    with _lock:
        job = _jobs.get(home)
        if job is not None and job.is_alive():
            return
        job = threading.Thread(target=_rebuild_logged, args=(home, store), name="jiaodu-reindex", daemon=True)
        _jobs[home] = job
        job.start()


def _rebuild_logged(home: Path, store: Store | None) -> None:
    try:
        n = rebuild(home, store)
        log.warning("检索索引已重建：%d 个检索单元", n)
    except Exception:
        log.exception("检索索引重建失败")


def whole_index(home: Path, store: Store | None) -> SearchIndex:
    """The index, when it can be read and holds every finished submission; else IndexUnavailable."""
    try:
        index = SearchIndex(home, build_now=False)
    except IndexDamaged:
        raise IndexUnavailable from None
    if store is not None and _missing(store, index.store):
        raise IndexUnavailable
    return index


def open_index(home: Path, store: Store | None) -> SearchIndex:
    """The whole index for the web app; else a rebuild starts in the background and IndexUnavailable."""
    if rebuilding(home):
        raise IndexUnavailable
    try:
        return whole_index(home, store)
    except IndexUnavailable:
        start(home, store)
        raise


def _finished(store: Store) -> list[int]:
    with store.session() as db:
        return list(db.scalars(select(Submission.id).where(Submission.status == "done")).all())


def _missing(store: Store, units: UnitStore) -> bool:
    """Whether a finished submission has no units stored (the units and the index were lost)."""
    stored = units.counts()
    return any(index_key(sid) not in stored for sid in _finished(store))


def rebuild(home: Path, store: Store | None) -> int:
    """Units for every finished submission (kept where readable, else made from the database), then the
    index afresh from all the units (those of `jiaodu audit` too); returns the number of units indexed."""
    units = UnitStore(home / "units")
    if store is not None:
        for sid in _finished(store):
            key = index_key(sid)
            try:
                kept = units.units(key)
            except (OSError, ValueError, TypeError, KeyError):
                kept = stored_units(store, sid)
            units.save(key, kept)
    return SearchIndex.recreate(home).engine.size()


def stored_units(store: Store, submission_id: int) -> list[Unit]:
    """A finished submission's units made from the database alone: claims from the stored report as the
    pipeline makes them; passages from the stored page layouts, which keep no heading path, heading level
    or table cells — so passages carry no heading, and a table comes back as one passage of its text."""
    key = index_key(submission_id)
    with store.session() as db:
        result = db.get(Result, submission_id)
        files = db.scalars(select(StoredFile).where(StoredFile.submission_id == submission_id)).all()
    if result is None:
        return []
    report = result.report
    common = {
        "submission": key,
        "region": report["submission"].get("region"),
        "year": report["submission"].get("year"),
        "framework": report["framework"]["id"],
    }
    described = {f["path"]: f for f in report["files"]}
    units: list[Unit] = []
    for f in files:
        about = described.get(f.path, {})
        role = about.get("role", "evidence")
        if role == "report" or not f.layout:
            continue
        base = {**common, "file": f.path, "role": role, "doc_kind": doc_kind(f.path, None, f.ocr)}
        units += document_units(key, _document(f), base | {"points": about.get("observation_points", [])})
    for c in report["claims"]:
        matches = c.get("observation_points") or []
        units.append(
            claim_unit(
                common,
                claim_id=c["id"],
                file=c["file"],
                text=c["text"],
                page=c.get("page"),
                section=c.get("section") or [],
                point=matches[0]["id"] if matches else None,
            )
        )
    return units


def _document(f: StoredFile) -> Document:
    """The document as far as its stored layout tells it."""
    pages = []
    for p in f.layout:
        blocks = [
            Block("paragraph" if b["kind"] == "table" else b["kind"], b["text"], p["number"]) for b in p["blocks"]
        ]
        pages.append(Page(p["number"], blocks, ocr=p.get("ocr", False)))
    return Document(f.path, f.format or "", "layout", pages)


def store_for(home: Path) -> Store | None:
    """The workbench database that goes with an index home, when there is one (`jiaodu search --index`)."""
    url = database_url() if home.resolve() == settings.home().resolve() else f"sqlite:///{home / 'jiaodu.db'}"
    path = sqlite_path(url)
    return Store(url) if path is None or path.is_file() else None
