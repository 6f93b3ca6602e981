"""Damaged storage (存储损坏): a database missing or emptied beside the workbench's data, or a corrupt or
truncated one, stops `jiaodu serve` and the app factory with a Chinese explanation and what to do —
never an empty product, never a traceback (issue 21, item 10)."""

from __future__ import annotations

import shutil

import pytest

from service.app import create_app
from service.cli import main
from service.db import Store, User
from service.settings import StorageError
from tests.test_workbench_api import Recorder
from tests.workbench import make_users


@pytest.fixture
def served(monkeypatch):
    """`jiaodu serve` up to the point where it would listen: uvicorn.run only records the app."""
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
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
