"""`jiaodu sample` then `jiaodu extract`: the sample reads, the files it broke on purpose are reported."""

import json

from service.cli import main


def test_sample_then_extract_writes_the_json_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    bundle = tmp_path / "样例"
    assert main(["sample", "-o", str(bundle), "--seed", "2", "--broken", "2"]) == 0
    labels = json.loads((bundle / "labels.json").read_text("utf-8"))
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
