"""`jiaodu sample` then `jiaodu extract`: the sample reads, the files it broke on purpose are reported."""

import json

import pytest

from corpora.samples.generator import labels_path
from service.cli import main

pytestmark = pytest.mark.slow  # sample bundles read and audited


def test_sample_then_extract_writes_the_json_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    bundle = tmp_path / "样例"
    assert main(["sample", "-o", str(bundle), "--seed", "2", "--broken", "2"]) == 0
    labels = json.loads(labels_path(bundle).read_text("utf-8"))
    out = tmp_path / "extract.json"
    assert main(["extract", str(bundle), "--json", str(out), "--workers", "2"]) == 0
    report = json.loads(out.read_text("utf-8"))
    assert report["schema"] == "jiaodu.extract/1"
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert {p for p, s in statuses.items() if s == "error"} == {e["path"] for e in labels["evidence"] if e["broken"]}
    assert all(statuses[e["path"]] == "ocr" for e in labels["evidence"] if e["scanned"])
    report_file = next(f for f in report["files"] if f["path"] == labels["report"])
    blocks = [b for p in report_file["document"]["pages"] for b in p["blocks"]]
    assert any(b["kind"] == "heading" and b["text"] == "一、基本情况" for b in blocks)
    assert "无法读取" in capsys.readouterr().err
    assert (tmp_path / "home" / "cache" / "ocr").is_dir()


def test_a_missing_bundle_is_a_bad_argument(tmp_path, monkeypatch):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    assert main(["extract", str(tmp_path / "不存在")]) == 2


def _stdin(monkeypatch, text: str) -> None:
    """Standard input as a pipe (not a terminal) holding `text`."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_user_add_without_a_password_or_a_terminal_is_a_chinese_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JIAODU_PASSWORD", raising=False)
    _stdin(monkeypatch, "")
    assert main(["user", "add", "王老师", "--role", "admin"]) == 2
    err = capsys.readouterr().err
    assert "未提供密码" in err and "--password-stdin" in err and "Traceback" not in err
    assert main(["user", "add", "王老师", "--role", "admin", "--password-stdin"]) == 2, "an empty line is no password"


def test_user_lifecycle_commands(tmp_path, monkeypatch, capsys):
    """add (password from stdin), passwd, disable, enable, role, logout and list, each with a Chinese report;
    a new password or disabling ends the user's sessions."""
    from service import accounts
    from service.db import Store

    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("JIAODU_PASSWORD", raising=False)
    _stdin(monkeypatch, "第一个口令-2022\n")
    assert main(["user", "add", "王老师", "--role", "admin", "--password-stdin"]) == 0
    assert main(["user", "add", "赵审核", "--role", "admin", "--password", "审核口令-2022"]) == 0
    store = Store()

    def signed_in(password: str) -> bool:
        with store.session() as db:
            try:
                return accounts.login(db, "王老师", password) is not None
            except accounts.AccountError:
                return False

    def sessions() -> int:
        with store.session() as db:
            return accounts.live_sessions(db).get(accounts.find_user(db, "王老师").id, 0)

    assert signed_in("第一个口令-2022") and sessions() == 1
    _stdin(monkeypatch, "第二个口令-2023\n")
    assert main(["user", "passwd", "王老师", "--password-stdin"]) == 0
    assert sessions() == 0 and not signed_in("第一个口令-2022") and signed_in("第二个口令-2023")
    assert main(["user", "disable", "王老师"]) == 0
    assert sessions() == 0 and not signed_in("第二个口令-2023")
    assert main(["user", "disable", "赵审核"]) == 2, "the last usable administrator stays"
    assert main(["user", "enable", "王老师"]) == 0 and signed_in("第二个口令-2023")
    assert main(["user", "logout", "王老师"]) == 0 and sessions() == 0
    assert main(["user", "role", "赵审核", "--role", "submitter", "--city", "甲市"]) == 2
    assert main(["user", "role", "赵审核", "--role", "reviewer", "--region", "甲市", "--region", "乙市"]) == 0
    assert main(["user", "passwd", "不存在的人", "--password", "随便一个口令-1"]) == 2
    err = capsys.readouterr().err
    said = (
        "已添加用户 王老师（管理员）",
        "已重设密码",
        "已停用",
        "至少要保留一位可用的管理员",
        "已启用",
        "的会话已全部结束",
        "须指定所属地市和区县",
    )
    assert all(s in err for s in said), err
    assert "没有用户 不存在的人" in err and "Traceback" not in err
    assert main(["user", "list"]) == 0
    listing = capsys.readouterr().out
    assert "赵审核" in listing and "甲市、乙市" in listing


def _hits(capsys, query: str) -> list[str]:
    """The hits `jiaodu search` prints: "submission · file 第p页 | snippet" for each."""
    capsys.readouterr()
    assert main(["search", query, "--limit", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heads = [i for i, ln in enumerate(lines) if ln[:3].strip().rstrip(".").isdigit()]
    return [f"{lines[i].split('. ', 1)[1]} | {lines[i + 1].strip()}" for i in heads]


def test_one_bundle_audited_and_submitted_is_one_set_of_hits(tmp_path, monkeypatch, capsys):
    """`make demo` audits a bundle with `jiaodu audit`, then loads the same bundle into the workbench:
    `jiaodu search` (same JIAODU_HOME) finds each passage once, under the workbench's submission; auditing
    it again afterwards adds no second copy."""
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    bundle = tmp_path / "示范县材料"
    assert main(["sample", "-o", str(bundle), "--seed", "3", "--scanned", "0", "--broken", "0"]) == 0
    audit = ["audit", str(bundle), "--framework", "hn-2021-county-gov", "--no-ocr", "--workers", "1"]
    assert main(audit) == 0
    assert {h.split(" · ")[0] for h in _hits(capsys, "教育经费")} != {"sub-1"}
    assert main(["user", "add", "演示", "--role", "admin", "--password", "口令-演示-2022"]) == 0
    assert main(["submit", str(bundle), "--framework", "hn-2021-county-gov", "--user", "演示", "--city", "示范市"]) == 0
    hits = _hits(capsys, "教育经费")
    assert hits and len(hits) == len(set(h.split(" · ", 1)[1] for h in hits))
    assert {h.split(" · ")[0] for h in hits} == {"sub-1"}
    assert main(audit) == 0
    assert "检索索引中已有同一材料包（sub-1）" in capsys.readouterr().err
    assert _hits(capsys, "教育经费") == hits


def test_serve_on_a_busy_port_is_a_chinese_error_and_never_says_started(tmp_path, monkeypatch, capsys):
    import socket

    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "工作台"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert "已启动" not in out + err
    assert f"端口 {port} 已被占用" in err and "--port" in err and "error" not in err.lower()


def test_serve_says_started_only_when_it_answers(tmp_path):
    """The 已启动 line comes once the app has started on its socket: a request right after it is answered."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"JIAODU_HOME": str(tmp_path / "工作台"), "PYTHONPATH": str(Path(__file__).parents[1])}
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            line = proc.stdout.readline()
            assert "已启动" in line and f":{port}/" in line
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/docs", timeout=10) as r:
                assert r.status == 200
        finally:
            proc.terminate()
        assert "INFO" not in proc.stderr.read(), "no English log lines (alembic's) on start-up"


def test_argparse_speaks_chinese(capsys):
    """Usage, help titles and every kind of argument error from argparse itself are Chinese."""
    import pytest

    english = ["usage:", "options", "positional arguments", "show this help", "error:", "required", "invalid"]
    for argv in (
        [],
        ["sample"],
        ["sample", "-o", "输出", "--layout", "乱放"],
        ["sample", "-o", "输出", "--seed", "七"],
        ["audit", "材料包", "--framework"],
        ["search", "经费", "--多余"],
        ["user", "passwd", "王老师", "--password", "甲", "--password-stdin"],
        ["serve", "--help"],
        ["--help"],
    ):
        with pytest.raises(SystemExit):
            main(argv)
        out, err = capsys.readouterr()
        said = out + err
        assert "用法：jiaodu" in said and not [w for w in english if w in said], (argv, said)


def test_sample_names_its_layout_and_planted_problems_in_chinese(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    assert main(["sample", "-o", str(tmp_path / "样例"), "--seed", "1", "--layout", "unorganised"]) == 0
    err = capsys.readouterr().err
    assert "目录样式：未整理" in err and "陈述无佐证" in err
    assert not [w for w in ("unorganised", "unsupported_claim", "missing_evidence") if w in err]
