"""`jiaodu extract` and `jiaodu sample`: the demo bundle reads, the planted broken file is reported."""

import json

from service.cli import main


def test_sample_then_extract_writes_the_json_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    bundle = tmp_path / "样例"
    assert main(["sample", "-o", str(bundle)]) == 0
    out = tmp_path / "extract.json"
    assert main(["extract", str(bundle), "--json", str(out), "--workers", "2"]) == 0
    report = json.loads(out.read_text("utf-8"))
    assert report["schema"] == "jiaodu.extract/1"
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses["佐证材料/A3 其他/上传中断的文件.pdf"] == "error"
    assert statuses["佐证材料/A2 教育保障/县政府常务会议纪要（扫描件）.pdf"] == "ocr"
    assert sum(1 for s in statuses.values() if s == "error") == 1
    report_file = next(f for f in report["files"] if f["path"].endswith("自评报告.docx"))
    blocks = [b for p in report_file["document"]["pages"] for b in p["blocks"]]
    assert any(b["kind"] == "heading" and b["text"] == "（二）加强教育保障" for b in blocks)
    assert "无法读取" in capsys.readouterr().err
    assert (tmp_path / "home" / "cache" / "ocr").is_dir()


def test_a_missing_bundle_is_a_bad_argument(tmp_path, monkeypatch):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    assert main(["extract", str(tmp_path / "不存在")]) == 2
