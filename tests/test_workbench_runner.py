"""The local runner shares its workers fairly and bounds each run (issue 21, item 5): queued submissions
are taken round-robin across uploaders, a run over the time budget is stopped with its whole process
group and fails with a Chinese reason, and the workbench's worker reads files under its own per-file
time limit and file-count budget. Fixtures are 甲市 submissions made here."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from service.db import Result, Store, Submission, User
from service.tasks import LocalRunner
from service.workbench import new_submission, store_file, zip_folder
from tests.workbench import FRAMEWORK, make_users, sample_zip, slow_docx

pytestmark = pytest.mark.slow  # distributed: a pool of worker processes


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def store(home) -> Store:
    store = Store(f"sqlite:///{home / 'jiaodu.db'}")
    make_users(store)
    return store


def _submit(store: Store, home: Path, archive: Path, owner: str) -> int:
    with store.session() as db:
        user = db.scalar(select(User).where(User.username == owner))
        upload = store_file(home, archive)
        names = {"name": "临河县材料", "city": "甲市", "county": "临河县"}
        return new_submission(db, home, user, upload, framework=FRAMEWORK, **names).id


def _small_zip(tmp_path: Path, name: str, texts: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for fname, text in texts.items():
        (folder / fname).write_text(text, "utf-8")
    return zip_folder(folder, tmp_path / f"{name}.zip")


class RecordingRunner(LocalRunner):
    """Runs a stand-in worker that notes which submission it was given, so the order can be read."""

    def __init__(self, *args, journal: Path, **kwargs):
        self.journal = journal
        super().__init__(*args, **kwargs)

    def _command(self, submission_id: int) -> list[str]:
        note = f"import time; time.sleep(0.3); open({str(self.journal)!r}, 'a').write('{submission_id}\\n')"
        return [sys.executable, "-c", note]


def test_queued_submissions_are_taken_round_robin_across_uploaders(tmp_path, home, store):
    """One county's batch of three does not keep another county's single upload waiting behind it."""
    archive = _small_zip(tmp_path, "临河县", {"说明.txt": "临河县2022年校舍改造。"})
    batch = [_submit(store, home, archive, "tian_a") for _ in range(3)]
    other = _submit(store, home, archive, "tian_a2")
    journal = tmp_path / "order.txt"
    runner = RecordingRunner(store, home, workers=1, journal=journal)
    for sid in [*batch, other]:
        runner.submit(sid)
    runner.shutdown(wait=True)
    order = [int(line) for line in journal.read_text().split()]
    assert order == [batch[0], other, batch[1], batch[2]]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def test_a_run_over_its_time_budget_is_stopped_and_fails_in_chinese(tmp_path, home, store):
    """A worker still running when the budget ends is killed with the readers it started; the
    submission ends 失败 with the reason, and is not retried."""
    sid = _submit(store, home, sample_zip(tmp_path, 31, "临河县", scanned=0), "tian_a")
    runner = LocalRunner(store, home, workers=1, extract_workers=1, budget=4.0)
    runner.submit(sid)
    pid, deadline = None, time.monotonic() + 30
    while pid is None and time.monotonic() < deadline:
        pid = runner.running().get(sid)
        time.sleep(0.05)
    assert pid is not None
    runner.shutdown(wait=True)
    with store.session() as db:
        row = db.get(Submission, sid)
    assert row.status == "failed" and "处理超时" in row.error and "1 分钟" in row.error, row.error
    assert row.attempts == 1, "a run over budget is not retried"
    assert _gone(pid)
    deadline = time.monotonic() + 3  # SIGKILL is sent to the whole group at once; members exit in a moment
    while _group(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group(pid), "the worker's file readers are stopped with it"


def _group(leader: int) -> list[int]:
    """The live processes of a process group."""
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _in_group(int(p.name), leader)]


def _in_group(pid: int, group: int) -> bool:
    try:
        return os.getpgid(pid) == group and not _gone(pid)
    except ProcessLookupError:
        return False


def test_the_worker_reads_under_the_workbench_file_limit_and_file_budget(tmp_path, home, store, monkeypatch):
    """JIAODU_FILE_TIMEOUT stops one slow file in the workbench's worker, with a Chinese reason, and the rest
    of the submission is processed; an archive past JIAODU_MAX_FILES is refused whole, in one record."""
    from service import worker

    folder = tmp_path / "临河县"
    folder.mkdir()
    slow_docx(folder / "a-校舍改造.docx", 20000)
    for i in range(4):
        (folder / f"b-佐证{i}.txt").write_text(f"临河县第{i}号佐证：2022年改造校舍{i}平方米。", "utf-8")
    sid = _submit(store, home, zip_folder(folder, tmp_path / "临河县.zip"), "tian_a")
    monkeypatch.setenv("JIAODU_HOME", str(home))
    monkeypatch.setenv("JIAODU_DATABASE_URL", store.url)
    monkeypatch.setenv("JIAODU_FILE_TIMEOUT", "1")
    started = time.monotonic()
    assert worker.main([str(sid), "--workers", "1"]) == 0
    assert time.monotonic() - started < 10, "the slow file is given up after its second"
    with store.session() as db:
        assert db.get(Submission, sid).status == "done"
        errors = {f["path"]: f["error"] for f in db.get(Result, sid).report["files"]}
    assert "解析超时（超过 1 秒）" in errors.pop("a-校舍改造.docx")
    assert len(errors) == 4 and all(e is None for e in errors.values()), "the other files are read"

    monkeypatch.setenv("JIAODU_MAX_FILES", "3")
    assert worker.main([str(sid), "--workers", "1"]) == 0
    with store.session() as db:
        files = db.get(Result, sid).report["files"]
    assert len(files) == 1 and "超过文件数上限（3 个）" in files[0]["error"]
