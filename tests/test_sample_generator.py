"""Generated submissions: readable by ingestion except the files broken on purpose, labels complete
enough to score matching and flags, wording and layout varying with the seed."""

import json
import re

import pytest

from corpora.frameworks import load
from corpora.frameworks.importer import import_grid
from corpora.samples.generator import SampleOptions, generate, labels_path
from extract.pipeline import ExtractOptions, extract_bundle
from service.cli import main

pytestmark = pytest.mark.slow  # generated bundles read with OCR

FLAG_KINDS = {
    "missing_evidence",
    "unsupported_claim",
    "contradicted_claim",
    "arithmetic_error",
    "unit_error",
    "decline",
    "threshold_not_met",
    "self_score_inflated",
    "unreadable_file",
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "江南县"
    labels = generate(load("cq-2018-district"), out, SampleOptions(seed=3, defect_rate=0.3, scanned=1, broken=2))
    return out, labels


def test_ingestion_reads_everything_but_the_planted_broken_files(bundle, tmp_path):
    out, labels = bundle
    result = extract_bundle(out, tmp_path / "work", ExtractOptions(workers=2, cache_dir=tmp_path / "cache"))
    errors = {r.path for r in result.files if r.status == "error"}
    broken = {e["path"] for e in labels["evidence"] if e["broken"]}
    assert errors == broken and len(broken) == 2
    scanned = {e["path"] for e in labels["evidence"] if e["scanned"]}
    assert {r.path for r in result.files if r.status == "ocr"} >= scanned


def test_labels_are_complete(bundle):
    out, labels = bundle
    assert labels == json.loads(labels_path(out).read_text("utf-8"))
    fw = load(labels["framework"])
    points = {p.id for p in fw.points()}
    assert (out / labels["report"]).is_file() and (out / labels["self_score"]).is_file()
    for claim in labels["claims"]:
        if claim["needs_evidence"]:
            assert claim["observation_point"] in points and claim["support"] in {
                "supported",
                "unsupported",
                "contradicted",
                "partial",
            }
        for path in claim["evidence"]:
            assert (out / path).is_file()
    for evidence in labels["evidence"]:
        assert (out / evidence["path"]).is_file()
        assert evidence["broken"] or (set(evidence["observation_points"]) <= points and evidence["observation_points"])
    assert {f["kind"] for f in labels["flags"]} == FLAG_KINDS
    assert set(labels["self_scores"]) == {p.id for p in fw.points() if not p.bonus}
    for flag in labels["flags"]:
        assert flag["observation_point"] in points or flag["kind"] == "unreadable_file"


def test_planted_figures_are_what_the_labels_say(bundle):
    _, labels = bundle
    claims = {c["id"]: c for c in labels["claims"]}
    arithmetic = next(f for f in labels["flags"] if f["kind"] == "arithmetic_error")
    v = arithmetic["values"]
    assert abs(v["stated"] - (v["current"] / v["previous"] - 1) * 100) > 1
    assert f"{v['current']:.2f}" in claims[arithmetic["claim"]]["text"]
    decline = next(f for f in labels["flags"] if f["kind"] == "decline")
    assert decline["values"]["current"] < decline["values"]["previous"] and decline["file"].endswith(".pdf")
    # Clean growth claims state a growth that follows from their figures, to the rounding of one decimal.
    for c in labels["claims"]:
        m = re.search(r"上年的([\d.]+)万元增长([\d.]+)%", c["text"]) or None
        if c["kind"] == "funding" and m and c["id"] != arithmetic["claim"]:
            previous, stated = float(m.group(1)), float(m.group(2))
            current = next(q["value"] for q in c["quantities"] if q["period"] == str(labels["year"]))
            assert abs((current / previous - 1) * 100 - stated) <= 0.05


def test_claims_stand_verbatim_in_the_report(bundle):
    from tests.conftest import read

    out, labels = bundle
    text = "".join(read(out / labels["report"]).document.text.split())
    missing = [c["text"] for c in labels["claims"] if "".join(c["text"].split()) not in text]
    assert missing == []


def test_a_clean_submission_plants_nothing(tmp_path):
    labels = generate(load("gd-2020-county"), tmp_path / "clean", SampleOptions(seed=5, defect_rate=0, broken=0))
    assert labels["flags"] == []
    assert all(c["support"] == "supported" for c in labels["claims"] if c["needs_evidence"])
    fw = load("gd-2020-county")
    assert all(labels["self_scores"][p.id] <= p.score for p in fw.points())


def test_wording_and_layout_vary_with_the_seed_and_repeat_with_it(tmp_path):
    fw = load("hn-2021-county-gov")
    a = generate(fw, tmp_path / "a", SampleOptions(seed=1))
    b = generate(fw, tmp_path / "b", SampleOptions(seed=2))
    again = generate(fw, tmp_path / "again", SampleOptions(seed=1))
    texts_a = {c["text"] for c in a["claims"] if c["needs_evidence"]}
    texts_b = {c["text"] for c in b["claims"] if c["needs_evidence"]}
    assert len(texts_a & texts_b) / len(texts_a) < 0.2
    assert (a["county"], a["layout"]) != (b["county"], b["layout"])
    assert again["claims"] == a["claims"] and again["evidence"] == a["evidence"]


@pytest.mark.parametrize("layout", ["by_indicator", "flat_coded", "unorganised"])
def test_folder_styles(tmp_path, layout):
    labels = generate(load("hn-2021-county-leaders"), tmp_path / layout, SampleOptions(seed=4, layout=layout))
    paths = [e["path"] for e in labels["evidence"] if not e["broken"] and e["kind"] != "照片"]
    if layout == "by_indicator":
        assert all(re.match(r"佐证材料/L1 [^/]+/L1\.\d+ [^/]+/", p) for p in paths)
    elif layout == "flat_coded":
        assert all(re.match(r"佐证材料/L1\.\d+[ _-]", p) for p in paths)
    else:
        assert all(p.startswith("材料/") and "L1." not in p for p in paths)


def test_an_imported_framework_gets_samples_too(tmp_path):
    grid = [
        ["一级指标", "观测点", "分值", "评分标准"],
        ["党的领导", "定期研究教育工作", "4", "每年专题研究不少于2次"],
        ["教育保障", "普惠性幼儿园覆盖率", "3", "普惠性幼儿园覆盖率达到80%以上"],
        ["教育保障", "教师工资", "3", "义务教育教师平均工资收入水平不低于当地公务员"],
    ]
    fw = import_grid(grid, framework_id="imported", name="导入的指标", source_file="x.xlsx").framework
    labels = generate(fw, tmp_path / "imported", SampleOptions(seed=9, defect_rate=0.5))
    assert {c["observation_point"] for c in labels["claims"] if c["needs_evidence"]} == {"1.1", "2.1", "2.2"}


def test_cli_sample_with_a_framework(tmp_path, capsys):
    assert main(["sample", "--framework", "hn-2021-county-leaders", "-o", str(tmp_path / "s"), "--clean"]) == 0
    assert "预置问题：无" in capsys.readouterr().err
    assert labels_path(tmp_path / "s").is_file() and not (tmp_path / "s" / "labels.json").exists()
