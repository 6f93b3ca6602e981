"""The task interface (任务接口) between the web app and whatever runs submissions.

`TaskRunner` is all the web app knows: submit a submission id, shut down. The default `LocalRunner` is a
local worker pool: a few threads, each running one submission at a time in its own worker process
(`python -m service.worker ID`), so that a crash or a kill in the pipeline never takes the web app down.
A deployment that outgrows one machine puts a Celery/Redis runner behind the same two methods.

On start, `recover` hands back every submission left queued or running by a service that stopped or a
worker that died: the pipeline re-runs it from the stored original.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from service.db import Store, Submission

log = logging.getLogger("jiaodu.tasks")
MAX_ATTEMPTS = 3


class TaskRunner(Protocol):
    def submit(self, submission_id: int) -> None: ...

    def shutdown(self, wait: bool = False) -> None: ...


class InlineRunner:
    """Runs a submission in the calling thread (the CLI's `jiaodu submit`, and small tests)."""

    def __init__(self, store: Store, home: Path, options=None):
        self.store, self.home, self.options = store, home, options

    def submit(self, submission_id: int) -> None:
        from service.pipeline import process

        process(self.store, self.home, submission_id, self.options)

    def shutdown(self, wait: bool = False) -> None:
        pass


class LocalRunner:
    """A local worker pool: `workers` submissions at a time, each in a worker process."""

    def __init__(self, store: Store, home: Path, workers: int = 1, extract_workers: int = 0):
        self.store, self.home = store, home
        self.extract_workers = extract_workers
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="jiaodu-task")
        self.processes: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.closing = False

    def submit(self, submission_id: int) -> None:
        self.pool.submit(self._run, submission_id)

    def _command(self, submission_id: int) -> list[str]:
        return [sys.executable, "-m", "service.worker", str(submission_id), "--workers", str(self.extract_workers)]

    def _run(self, submission_id: int) -> None:
        env = os.environ | {"JIAODU_HOME": str(self.home), "JIAODU_DATABASE_URL": self.store.url}
        try:
            proc = subprocess.Popen(self._command(submission_id), env=env)
            with self.lock:
                self.processes[submission_id] = proc
            code = proc.wait()
        except Exception:
            log.exception("worker for submission %s could not run", submission_id)
            code = -1
        finally:
            with self.lock:
                self.processes.pop(submission_id, None)
        if code != 0 and not self.closing:
            self._worker_died(submission_id, code)

    def _worker_died(self, submission_id: int, code: int) -> None:
        """A worker that exited without finishing: try again while attempts remain, else record it."""
        with self.store.session() as db:
            sub = db.get(Submission, submission_id)
            if sub is None or sub.status in ("done", "failed"):
                return
            if sub.attempts < MAX_ATTEMPTS:
                sub.status, sub.message = "queued", f"处理进程意外退出（代码 {code}），重新排队"
                db.commit()
                retry = True
            else:
                sub.status, sub.error = "failed", f"处理进程多次意外退出（代码 {code}），请联系管理员"
                db.commit()
                retry = False
        if retry:
            self.submit(submission_id)

    def running(self) -> dict[int, int]:
        """Submission id → worker process id, for what is running now."""
        with self.lock:
            return {k: p.pid for k, p in self.processes.items()}

    def shutdown(self, wait: bool = False) -> None:
        """Stop taking work; without `wait`, end running workers too (their submissions stay queued or
        running in the database, and `recover` picks them up when the service starts again)."""
        self.closing = True
        if not wait:
            with self.lock:
                for proc in self.processes.values():
                    proc.terminate()
        self.pool.shutdown(wait=wait, cancel_futures=not wait)


def recover(store: Store, runner: TaskRunner) -> list[int]:
    """Re-submit every submission that a stopped service or a dead worker left unfinished."""
    with store.session() as db:
        left = db.scalars(select(Submission).where(Submission.status.in_(("queued", "running")))).all()
        ids = []
        for sub in left:
            sub.status, sub.message = "queued", "服务重启后重新处理"
            ids.append(sub.id)
        db.commit()
    for sid in ids:
        runner.submit(sid)
    return ids
