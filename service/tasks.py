"""The task interface (任务接口) between the web app and whatever runs submissions.

`TaskRunner` is all the web app knows: submit a submission id, shut down. The default `LocalRunner` is a
local worker pool: a few threads, each running one submission at a time in its own worker process
(`python -m service.worker ID`), so that a crash or a kill in the pipeline never takes the web app down;
it takes queued submissions round-robin across uploaders and stops a run over its time budget.
A deployment that outgrows one machine puts a Celery/Redis runner behind the same two methods.

On start, `recover` hands back every submission left queued or running by a service that stopped or a
worker that died: the pipeline re-runs it from the stored original.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from service import settings
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


class FairQueue:
    """Submissions waiting for a worker (公平排队), handed out round-robin across uploaders: the uploader
    served least recently goes next, first come first served within one uploader's own submissions, so
    one user's big batch does not starve another's upload."""

    def __init__(self):
        self.ready = threading.Condition()
        self.waiting: list[tuple[int, object]] = []  # (submission id, uploader), in arrival order
        self.served: dict[object, int] = {}  # uploader → turn it was last served at
        self.turn = 0
        self.closed = self.drain = False

    def put(self, submission_id: int, uploader: object) -> None:
        with self.ready:
            if all(sid != submission_id for sid, _ in self.waiting):
                self.waiting.append((submission_id, uploader))
                self.ready.notify()

    def get(self) -> int | None:
        """The next submission to run, waiting for one; None once closed (and drained, if asked)."""
        with self.ready:
            while not self.waiting and not self.closed:
                self.ready.wait()
            if not self.waiting or (self.closed and not self.drain):
                return None
            turns = [self.served.get(uploader, -1) for _, uploader in self.waiting]
            submission_id, uploader = self.waiting.pop(turns.index(min(turns)))
            self.turn += 1
            self.served[uploader] = self.turn
            return submission_id

    def close(self, drain: bool) -> None:
        with self.ready:
            self.closed, self.drain = True, drain
            self.ready.notify_all()


class LocalRunner:
    """A local worker pool: `workers` submissions at a time, each in a worker process of its own process
    group, tied to this service and stopped when it runs over the run budget."""

    def __init__(
        self, store: Store, home: Path, workers: int = 1, extract_workers: int = 0, budget: float | None = None
    ):
        self.store, self.home = store, home
        self.extract_workers = extract_workers
        self.budget = budget or settings.run_budget()
        self.queue = FairQueue()
        self.processes: dict[int, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.closing = False
        # A worker's parent-death signal follows the thread that started it: these threads outlive their
        # workers, since each waits for its worker to end.
        self.threads = [
            threading.Thread(target=self._serve, name=f"jiaodu-task-{i}", daemon=True) for i in range(max(1, workers))
        ]
        for thread in self.threads:
            thread.start()

    def submit(self, submission_id: int) -> None:
        with self.store.session() as db:
            sub = db.get(Submission, submission_id)
        self.queue.put(submission_id, sub.owner_id if sub else None)

    def _serve(self) -> None:
        while (submission_id := self.queue.get()) is not None:
            try:
                self._run(submission_id)
            except Exception:  # the pool keeps its thread whatever one submission's bookkeeping hits
                log.exception("材料包 #%s 处理出错", submission_id)

    def _command(self, submission_id: int) -> list[str]:
        worker = [sys.executable, "-m", "service.worker", str(submission_id)]
        return [*worker, "--workers", str(self.extract_workers), "--parent", str(os.getpid())]

    def _run(self, submission_id: int) -> None:
        env = os.environ | {"JIAODU_HOME": str(self.home), "JIAODU_DATABASE_URL": self.store.url}
        try:
            proc = subprocess.Popen(self._command(submission_id), env=env, process_group=0)
            with self.lock:
                self.processes[submission_id] = proc
            code = self._wait(proc)
        except Exception:
            log.exception("材料包 #%s 的处理进程无法启动", submission_id)
            code = -1
        finally:
            with self.lock:
                self.processes.pop(submission_id, None)
        if code is None:
            self._over_budget(submission_id)
        elif code != 0 and not self.closing:
            self._worker_died(submission_id, code)

    def _wait(self, proc: subprocess.Popen) -> int | None:
        """The worker's exit code, or None when it ran over the budget and was stopped."""
        try:
            return proc.wait(timeout=self.budget)
        except subprocess.TimeoutExpired:
            _end(proc, signal.SIGKILL)
            proc.wait()
            return None

    def _over_budget(self, submission_id: int) -> None:
        limit = f"{math.ceil(self.budget / 60)} 分钟"
        reason = f"处理超时：超过单个材料包的处理时限（{limit}），已停止处理；请拆分材料包后重新上传，或联系管理员"
        self._record_failure(submission_id, reason)

    def _worker_died(self, submission_id: int, code: int) -> None:
        """A worker that exited without finishing: try again while attempts remain, else record it."""
        with self.store.session() as db:
            sub = db.get(Submission, submission_id)
            if sub is None or sub.status in ("done", "failed"):
                return
            retry = sub.attempts < MAX_ATTEMPTS
            if retry:
                sub.status, sub.message = "queued", f"处理进程意外退出（代码 {code}），重新排队"
                db.commit()
        if retry:
            self.submit(submission_id)
        else:
            self._record_failure(submission_id, f"处理进程多次意外退出（代码 {code}），请联系管理员")

    def _record_failure(self, submission_id: int, reason: str) -> None:
        with self.store.session() as db:
            sub = db.get(Submission, submission_id)
            if sub is not None and sub.status not in ("done", "failed"):
                sub.status, sub.error = "failed", reason
                db.commit()

    def running(self) -> dict[int, int]:
        """Submission id → worker process id, for what is running now."""
        with self.lock:
            return {k: p.pid for k, p in self.processes.items()}

    def shutdown(self, wait: bool = False) -> None:
        """Stop taking work; without `wait`, end running workers too (their submissions stay queued or
        running in the database, and `recover` picks them up when the service starts again)."""
        self.closing = True
        self.queue.close(drain=wait)
        if not wait:
            with self.lock:
                for proc in self.processes.values():
                    _end(proc, signal.SIGTERM)
        else:
            for thread in self.threads:
                thread.join()


def _end(proc: subprocess.Popen, sig: int) -> None:
    """Signal a worker's whole process group: the worker and the file readers it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


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
