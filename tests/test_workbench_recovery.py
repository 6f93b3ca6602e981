"""A worker killed in the middle of a submission (临河县, generated) is re-run by the local pool, and a
service stopped mid-run picks the submission up when it starts again; the kept original and the
finished result of the previous run are never lost."""

from __future__ import annotations

import os
import signal
import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from extract.readers.base import file_sha256
from service.app import create_app
from service.db import Result, Store, Submission, User
from service.tasks import InlineRunner, LocalRunner
from tests.workbench import FRAMEWORK, make_users, sample_zip


def _row(store: Store, sid: int) -> Submission:
    with store.session() as db:
        return db.get(Submission, sid)


def _wait(store: Store, sid: int, until, limit: float = 240.0) -> Submission:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        row = _row(store, sid)
        if until(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"submission {sid} never reached the expected state: {row.status} {row.stage} {row.percent}")


def _requeue(store: Store, sid: int) -> None:
    with store.session() as db:
        row = db.get(Submission, sid)
        row.status, row.stage, row.percent, row.attempts = "queued", "intake", 0.0, 0
        db.commit()


def _mid_extraction(row: Submission) -> bool:
    return row.status == "running" and row.stage == "extract" and row.percent > 5.0


def test_killed_worker_and_restarted_service_finish_without_loss(tmp_path):
    from service.workbench import new_submission, store_file

    home = tmp_path / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    archive = sample_zip(tmp_path, 21, "临河县", scanned=0)
    with store.session() as db:
        admin = db.scalar(select(User).where(User.username == "admin"))
        sub = new_submission(
            db,
            home,
            admin,
            store_file(home, archive),
            name="临河县材料",
            framework=FRAMEWORK,
            city="甲市",
            county="临河县",
        )
    sid = sub.id
    InlineRunner(store, home).submit(sid)
    first = _row(store, sid)
    assert first.status == "done"
    with store.session() as db:
        report = db.get(Result, sid).report
    original = home / first.upload_path

    # 1. the worker process is killed mid-extraction: the pool notices and runs the submission again
    runner = LocalRunner(store, home, workers=1, extract_workers=1)
    _requeue(store, sid)
    runner.submit(sid)
    _wait(store, sid, _mid_extraction)
    pid = runner.running()[sid]
    os.kill(pid, signal.SIGKILL)
    with store.session() as db:
        assert db.get(Result, sid).report == report, "the finished result survives a killed run"
    done = _wait(store, sid, lambda r: r.status == "done")
    assert done.attempts == 2
    runner.shutdown(wait=True)

    # 2. the service stops mid-run (its worker ends with it); a new service resumes the submission
    runner = LocalRunner(store, home, workers=1, extract_workers=1)
    _requeue(store, sid)
    runner.submit(sid)
    _wait(store, sid, _mid_extraction)
    runner.shutdown(wait=False)
    time.sleep(0.5)
    stopped = _row(store, sid)
    assert stopped.status == "running", "nothing marks a stopped service's submission as finished or failed"
    assert file_sha256(original) == first.upload_sha256
    with store.session() as db:
        assert db.get(Result, sid).report == report

    app = create_app(home, store, LocalRunner(store, home, workers=1, extract_workers=1), resume=True)
    with TestClient(app):
        resumed = _wait(store, sid, lambda r: r.status == "done")
    assert resumed.message == "" and resumed.error is None
    assert file_sha256(original) == first.upload_sha256, "the uploaded original is never modified"
    with store.session() as db:
        assert db.get(Result, sid).report == report
