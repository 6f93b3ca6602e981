"""A worker killed in the middle of a submission (临河县, generated) is re-run by the local pool, and a
service stopped mid-run picks the submission up when it starts again; the kept original and the
finished result of the previous run are never lost. A service killed outright takes its worker with it,
and one run of a submission at a time ever holds its files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from extract.readers.base import file_sha256
from service.app import create_app
from service.db import Result, Store, StoredFile, Submission, User
from service.runs import events
from service.tasks import InlineRunner, LocalRunner
from tests.workbench import FRAMEWORK, PASSWORD, make_users, sample_zip, slow_docx

pytestmark = pytest.mark.slow  # worker processes killed and restarted

ROOT = Path(__file__).resolve().parents[1]


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


def _proc(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _descendants(pid: int) -> set[int]:
    parents = {int(p.name): _proc(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, st in parents.items() if st and st[1] in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    st = _proc(pid)
    return st is not None and st[0] != "Z"  # a zombie has ended; only its parent's wait is missing


def _serve(home: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`jiaodu serve` as its own process, and its address once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"JIAODU_HOME": str(home), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/api/openapi.json", timeout=1)
            return server, url
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start: {log.read_text('utf-8')[-2000:]}")


def _many_small_files(tmp_path: Path, count: int, slow: int = 0) -> Path:
    """A ZIP of `count` one-line files, and with `slow`, a DOCX of that many paragraphs read last."""
    from service.workbench import zip_folder

    folder = tmp_path / "临河县佐证材料"
    folder.mkdir()
    for i in range(count):
        (folder / f"佐证{i:04d}.txt").write_text(f"临河县第{i}号佐证材料：2022年改造校舍{i}平方米。", "utf-8")
    if slow:
        slow_docx(folder / "佐证说明.docx", slow)
    return zip_folder(folder, tmp_path / "临河县材料.zip")


def test_a_killed_server_takes_its_worker_and_runs_never_overlap(tmp_path):
    """kill -9 of `jiaodu serve` mid-run: its worker (and the worker's file readers) end with it; the
    restarted service runs the submission alone, and every stored file is on disk and downloads."""
    from service.workbench import new_submission, store_file

    home = tmp_path / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    count = 3000  # a run of ~10 s: an orphan left running could not finish while the test waits
    with store.session() as db:
        admin = db.scalar(select(User).where(User.username == "admin"))
        upload = store_file(home, _many_small_files(tmp_path, count))
        sid = new_submission(
            db, home, admin, upload, name="临河县材料", framework=FRAMEWORK, city="甲市", county="临河县"
        ).id
    log = tmp_path / "server.log"
    servers, workers = [], set()
    try:
        server, _ = _serve(home, log)  # resumes the queued submission on start
        servers.append(server)
        _wait(store, sid, lambda r: r.status == "running" and r.percent >= 10.0, limit=60)
        workers = _descendants(server.pid)
        assert workers, "the submission runs in a worker process"
        server.send_signal(signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 3
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "the worker and its readers end with the killed server"
        assert _row(store, sid).status == "running", "nothing finished the run after the kill"
        gone_at = time.time()

        server, url = _serve(home, log)
        servers.append(server)
        done = _wait(store, sid, lambda r: r.status in ("done", "failed"), limit=90)
        assert done.status == "done", done.error

        folder = home / "submissions" / str(sid)
        ends = {e["pid"]: e["at"] for e in events(folder, "end")}
        runs = [(e["at"], ends.get(e["pid"], gone_at), e["pid"]) for e in events(folder, "start")]
        assert len(runs) == 2 and runs[0][2] in workers and runs[0][2] not in ends
        assert all(end <= following[0] for (_, end, _), following in pairwise(runs)), "one run at a time"

        with store.session() as db:
            stored = db.scalars(select(StoredFile).where(StoredFile.submission_id == sid)).all()
        assert len(stored) == count and all((home / f.stored).is_file() for f in stored)
        with httpx.Client(base_url=url, timeout=10) as client:
            token = client.post("/api/login", json={"username": "admin", "password": PASSWORD}).json()["token"]
            client.headers["Authorization"] = f"Bearer {token}"
            for f in stored:
                r = client.get(f"/api/submissions/{sid}/files/{f.id}/original")
                assert r.status_code == 200 and r.text.startswith("临河县第"), (f.path, r.status_code)
    finally:
        for server in servers:
            server.kill()
            server.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_two_runs_of_one_submission_take_turns_and_keep_every_file(tmp_path):
    """A second run started while the first is reading files waits for the first to end (the claim), so
    neither deletes the folder the other's result refers to. The bundle's last file is read until its
    2 s time limit, so the second run would be well under way before the first could finish."""
    import threading

    from extract.pipeline import ExtractOptions
    from service.workbench import new_submission, store_file

    home = tmp_path / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    with store.session() as db:
        admin = db.scalar(select(User).where(User.username == "admin"))
        upload = store_file(home, _many_small_files(tmp_path, 200, slow=20000))
        sid = new_submission(
            db, home, admin, upload, name="临河县材料", framework=FRAMEWORK, city="甲市", county="临河县"
        ).id
    runner = InlineRunner(store, home, ExtractOptions(workers=1, file_timeout=2.0))
    first = threading.Thread(target=runner.submit, args=(sid,))
    first.start()
    _wait(store, sid, _mid_extraction, limit=60)
    second = threading.Thread(target=runner.submit, args=(sid,))
    second.start()
    first.join()
    second.join()
    assert _row(store, sid).status == "done"
    folder = home / "submissions" / str(sid)
    starts, ends = events(folder, "start"), events(folder, "end")
    assert len(starts) == len(ends) == 2 and ends[0]["at"] <= starts[1]["at"], "one run at a time"
    with store.session() as db:
        stored = db.scalars(select(StoredFile.stored).where(StoredFile.submission_id == sid)).all()
    assert len(stored) == 201 and all((home / s).is_file() for s in stored)
    assert [d.name for d in folder.glob("run-*")] == [Path(stored[0]).parts[2]], "only the kept run's folder"
