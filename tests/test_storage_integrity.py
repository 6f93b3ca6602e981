"""Damaged storage (存储损坏): a database missing or emptied beside the workbench's data, or a corrupt or
truncated one, stops `jiaodu serve` and the app factory with a Chinese explanation and what to do —
never an empty product, never a traceback; a damaged or lost search index answers 503 in Chinese while it
rebuilds itself from the units files and the stored results — never a bare 500 nor a silent 0
(issue 21, item 10)."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from index.search import UnitStore
from service import reindex
from service.app import create_app
from service.cli import main
from service.db import Store, Submission, User
from service.pipeline import index_key
from service.settings import StorageError
from tests.test_workbench_access import _login_page_session
from tests.test_workbench_api import Recorder, token
from tests.workbench import make_users

pytestmark = pytest.mark.slow  # workbenches started on damaged storage


@pytest.fixture
def served(monkeypatch):
    """`jiaodu serve` up to the point where it would listen: no port is taken, the server only records the app."""
    import socket

    import uvicorn

    apps = []
    monkeypatch.setattr("service.cli_web._listen", lambda host, port: socket.socket())
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: apps.append(server.config.app))
    return apps


def _home_with_data(tmp_path, monkeypatch):
    home = tmp_path / "数据目录"
    (home / "uploads").mkdir(parents=True)
    (home / "uploads" / f"{'ab' * 32}.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (home / "submissions" / "1").mkdir(parents=True)
    monkeypatch.setenv("JIAODU_HOME", str(home))
    monkeypatch.delenv("JIAODU_DATABASE_URL", raising=False)
    return home


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_lost_database_beside_workbench_data_refuses_to_start(tmp_path, monkeypatch, capsys, served, state):
    home = _home_with_data(tmp_path, monkeypatch)
    db = home / "jiaodu.db"
    if state == "empty":
        db.write_bytes(b"")
    assert main(["serve"]) == 2 and served == []
    err = capsys.readouterr().err
    assert "拒绝启动" in err and "uploads/ 中 1 个原始材料包" in err and "备份" in err and "--new-database" in err
    assert "Traceback" not in err
    assert main(["user", "add", "新管理员", "--role", "admin", "--password", "口令-2024"]) == 2
    assert not db.exists() or db.stat().st_size == 0, "a refused start must not create the database"
    with pytest.raises(StorageError, match="拒绝启动"):
        create_app(runner=Recorder(), resume=False)
    # starting afresh is a deliberate choice
    assert main(["serve", "--new-database"]) == 0 and len(served) == 1
    assert db.stat().st_size > 0


def test_a_fresh_home_or_one_with_only_search_data_starts(tmp_path, monkeypatch, served):
    home = tmp_path / "新目录"
    (home / "units").mkdir(parents=True)  # `jiaodu audit` indexes without a database
    monkeypatch.setenv("JIAODU_HOME", str(home))
    monkeypatch.delenv("JIAODU_DATABASE_URL", raising=False)
    assert main(["serve"]) == 0 and len(served) == 1


def _real_database(folder) -> bytes:
    folder.mkdir()
    store = Store(f"sqlite:///{folder / 'jiaodu.db'}")
    make_users(store)
    store.engine.dispose()  # the last connection checkpoints the WAL into the file
    return (folder / "jiaodu.db").read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "half", "tail"])
def test_a_corrupt_database_exits_in_chinese(tmp_path, monkeypatch, capsys, served, damage):
    home = _home_with_data(tmp_path, monkeypatch)
    real = _real_database(tmp_path / "原库")
    cut = {"half": len(real) // 2, "tail": len(real) - 1000}  # a copy that stopped early, or just short of the end
    damaged = bytes(range(256)) * 64 if damage == "garbage" else real[: cut[damage]]
    (home / "jiaodu.db").write_bytes(damaged)
    assert main(["serve"]) == 2 and served == []
    err = capsys.readouterr().err
    assert "已损坏或不完整" in err and "备份" in err and "Traceback" not in err
    with pytest.raises(StorageError, match="已损坏"):
        create_app(runner=Recorder(), resume=False)
    assert (home / "jiaodu.db").read_bytes() == damaged, "the damaged file is left as it was, for rescue"
    shutil.copy(tmp_path / "原库" / "jiaodu.db", home / "jiaodu.db")  # restored from the backup
    assert main(["serve"]) == 0 and len(served) == 1
    with Store().session() as db:
        assert db.query(User).count() == 5


def _copy_of(workbench, folder):
    """The shared workbench home copied (the database through SQLite's backup), to be damaged freely."""
    home = folder / "副本"
    shutil.copytree(workbench.home, home, ignore=shutil.ignore_patterns("jiaodu.db*"))
    with sqlite3.connect(workbench.home / "jiaodu.db") as src, sqlite3.connect(home / "jiaodu.db") as dst:
        src.backup(dst)
    return home, Store(f"sqlite:///{home / 'jiaodu.db'}")


def _settled(home) -> None:
    deadline = time.monotonic() + 120
    while reindex.rebuilding(home):
        assert time.monotonic() < deadline, "the rebuild never finished"
        time.sleep(0.1)


def _search(client, auth):
    return client.get("/api/search", params={"q": "教育经费", "limit": 100}, headers=auth)


def _found(response) -> set[tuple]:
    """The hits without their scores, which a fresh index computes without the old one's deleted units."""
    return {(h["submission_id"], h["file"], h["page"], h["snippet"]) for h in response.json()}


def _damage_segments(home) -> None:
    for seg in (home / "index" / "whoosh").glob("*.seg"):
        seg.write_bytes("损坏的索引段".encode() * 50)


def test_a_damaged_index_answers_503_in_chinese_and_rebuilds_itself(workbench, tmp_path):
    home, store = _copy_of(workbench, tmp_path)
    app = create_app(home, store, Recorder(), resume=False)
    with TestClient(app) as client:
        auth = token(client, "admin")
        before = _found(_search(client, auth))
        assert before
        _damage_segments(home)
        r = _search(client, auth)
        assert r.status_code == 503 and r.json()["detail"] == "检索索引正在重建，请稍后再试"
        _settled(home)
        assert _found(_search(client, auth)) == before
        _damage_segments(home)
        _login_page_session(client, "admin")
        page = client.get("/search", params={"q": "教育经费"})
        assert page.status_code == 503 and "检索索引正在重建" in page.text
        _settled(home)
        batch = client.post("/api/search/batch", json={"items": ["教育经费"]}, headers=auth)
        assert batch.status_code == 200 and batch.json()[0]["count"] >= len(before)
        shutil.rmtree(home / "index")  # lost, its units kept: rebuilt in the background, not in the request
        assert _search(client, auth).status_code == 503
        _settled(home)
        assert _found(_search(client, auth)) == before


def test_lost_index_and_units_are_rebuilt_from_the_database(workbench, tmp_path):
    home, store = _copy_of(workbench, tmp_path)
    key = index_key(workbench.ids["A"])
    original = UnitStore(home / "units").units(key)
    shutil.rmtree(home / "index")
    shutil.rmtree(home / "units")
    app = create_app(home, store, Recorder(), resume=False)
    with TestClient(app) as client:
        auth = token(client, "admin")
        r = _search(client, auth)
        assert r.status_code == 503, "a lost index must not answer 0 hits in silence"
        _settled(home)
        counties = {h["county"] for h in _search(client, auth).json()}
        with store.session() as db:
            finished = set(db.scalars(select(Submission.county).where(Submission.status == "done")))
        assert {"临河县", "西岭县"} <= counties == finished
    rebuilt = reindex.stored_units(store, workbench.ids["A"])
    claims = [(u.id, u.text, u.points) for u in original if u.kind == "claim"]
    assert claims and claims == [(u.id, u.text, u.points) for u in rebuilt if u.kind == "claim"]
    texts = " ".join(u.text for u in rebuilt)
    passages = [u.text for u in original if u.kind == "passage"]
    kept = sum(t in texts for t in passages) / len(passages)
    print(f"passages found again from the stored layouts: {kept:.3f} of {len(passages)}")
    assert kept >= 0.9


def test_the_search_command_rebuilds_a_damaged_or_lost_index_with_a_word(workbench, tmp_path, monkeypatch, capsys):
    home, _ = _copy_of(workbench, tmp_path)
    monkeypatch.setenv("JIAODU_HOME", str(home))
    monkeypatch.delenv("JIAODU_DATABASE_URL", raising=False)
    _damage_segments(home)
    assert main(["search", "教育经费"]) == 0
    printed = capsys.readouterr()
    assert "正在" in printed.err and "重建" in printed.err and " 1. " in printed.out
    shutil.rmtree(home / "index")
    shutil.rmtree(home / "units")
    assert main(["search", "教育经费", "--limit", "100"]) == 0
    printed = capsys.readouterr()
    assert "重建" in printed.err and "Traceback" not in printed.err
    assert all(f"sub-{sid} · " in printed.out for sid in workbench.ids.values()), "both submissions found again"


def test_migrating_says_nothing_in_english(tmp_path, caplog):
    """Alembic's INFO lines ("Context impl SQLiteImpl.", "Will assume non-transactional DDL.") were printed by
    every worker run; bringing a database up to date is silent unless something is wrong."""
    import logging

    from service.db import migrate

    caplog.set_level(logging.INFO)
    migrate(f"sqlite:///{tmp_path / '审核.db'}")
    assert (tmp_path / "审核.db").exists()
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("alembic")]
