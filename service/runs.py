"""The runs of one submission (处理记录): the claim a run holds, the journal of runs and re-runs, and the
run folders a finished run leaves behind.

A run claims its submission with an exclusive lock on `claim.lock` in the submission's folder and holds
it until it has committed or failed, so a second worker for the same submission (a resumed service
beside a worker that has not died yet) waits instead of running alongside. The journal `runs.jsonl`
says when each run held the claim (`start`/`end` with the worker's pid) and who asked for each re-run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from service.db import StoredFile

JOURNAL = "runs.jsonl"


def journal(folder: Path, event: str, **fields: object) -> None:
    """Append one event to the submission's journal (one JSON line, appended whole)."""
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"at": time.time(), "event": event} | fields, ensure_ascii=False) + "\n"
    with (folder / JOURNAL).open("a", encoding="utf-8") as out:
        out.write(line)


def events(folder: Path, event: str, since: float = 0.0) -> list[dict]:
    """The journal's events of one kind at or after `since`, oldest first."""
    path = folder / JOURNAL
    if not path.is_file():
        return []
    found = []
    for line in path.read_text("utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed writer
        if entry.get("event") == event and entry.get("at", 0.0) >= since:
            found.append(entry)
    return found


@contextmanager
def claim(folder: Path) -> Iterator[None]:
    """Hold the submission for one run: wait for any other run of it to end, then journal start and end."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "claim.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by the kernel if this process dies
        journal(folder, "start", pid=os.getpid())
        try:
            yield
        finally:
            journal(folder, "end", pid=os.getpid())


def run_folders(db, submission_id: int, folder: Path, home: Path) -> set[Path]:
    """The run folders (run-…) that the submission's committed stored files are in."""
    stored = db.scalars(
        select(StoredFile.stored).where(StoredFile.submission_id == submission_id, StoredFile.stored.is_not(None))
    )
    return {folder / (home / s).relative_to(folder).parts[0] for s in stored}


def remove(folders: set[Path]) -> None:
    for old in folders:
        shutil.rmtree(old, ignore_errors=True)


def remove_dead_runs(db, submission_id: int, folder: Path, home: Path) -> None:
    """Remove the run folders no committed result refers to (left by runs that died); only under the
    claim, where no other run of the submission can be active."""
    kept = run_folders(db, submission_id, folder, home)
    remove({old for old in folder.glob("run-*") if old not in kept})
