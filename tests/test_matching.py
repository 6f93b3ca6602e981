"""Matching ranks observation points for claims and evidence files with fuzzy and NLP signals; every
decision says why. Measured on generated bundles whose seeds the weights were not fitted on (the shipped
weights come from seeds 100–111), and on a framework imported from a bare table."""

import pytest

from classify.fit import Example, fit
from classify.matcher import FEATURES, Matcher, Target
from classify.targets import file_target, passage_targets
from corpora.frameworks import load
from corpora.frameworks.importer import import_grid
from corpora.lexicon.evidence import evidence_kind
from corpora.samples.generator import SampleOptions, generate
from service.evaluation import evaluate, generate_bundles, read_bundle
from tests.conftest import read

pytestmark = pytest.mark.slow  # matching measured on generated bundles


@pytest.fixture(scope="module")
def dev_bundles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("match")
    return [read_bundle(p, workers=2) for p in generate_bundles(folder, 6, 300)]


def test_claims_and_files_find_their_points_on_held_out_bundles(dev_bundles):
    result = evaluate(dev_bundles)
    assert result.claims.n >= 300 and result.files.n >= 250
    assert result.claims.rate("top1") >= 0.90, result.claims.misses[:10]
    assert result.claims.rate("top3") >= 0.98
    assert result.files.rate("top1") >= 0.90, result.files.misses[:10]


def bare_table(fw) -> list[list[str]]:
    """The framework as an official table would give it: codes, names, scores and scoring rules only."""
    rows = [["一级指标", "二级指标", "观测点", "分值", "评分标准"]]
    for p in fw.points():
        chain = []
        node = p
        while node.parent is not None:
            node = fw.node(node.parent)
            chain.insert(0, node)
        if len(chain) == 2:
            rows.append([*(f"{c.id} {c.name}" for c in chain), f"{p.id} {p.name}", f"{p.score or 0:g}", p.scoring_rule])
    return rows


def test_a_framework_imported_from_a_bare_table_still_matches(tmp_path):
    original = load("gd-2020-county")
    imported = import_grid(
        bare_table(original), framework_id="gd-imported", name="广东县级（导入）", source_file="指标表.xlsx"
    ).framework
    assert imported is not None
    assert all(not p.keywords and not p.aliases for p in imported.points())
    paths = generate_bundles(tmp_path, 2, 400, frameworks=("gd-2020-county",))
    result = evaluate([read_bundle(p, imported, workers=2) for p in paths])
    assert result.claims.n >= 100
    assert result.claims.rate("top1") >= 0.80, result.claims.misses[:10]


def test_a_code_in_the_heading_decides_and_says_so():
    matcher = Matcher(load("gd-2020-county"))
    text = "全年召开县政府常务会议3次，研究部署相关工作，推动各项任务落地见效。"
    best = matcher.rank(Target(text, headings=["二、主要工作", "（三）C12 落实情况（分值2分）"]))[0]
    assert best.point == "C12"
    assert any("标题代码 C12" in r for r in best.reasons), best.reasons
    without = matcher.rank(Target(text, headings=["二、主要工作", "（三）落实情况"]))[0]
    assert without.point != "C12"


def test_every_match_carries_reasons_and_a_score_in_0_1():
    matcher = Matcher(load("hn-2021-county-gov"))
    ranked = matcher.rank(
        Target("全县普惠园覆盖率达到88.2%，公办园在园幼儿占比52.4%。", metrics={"普惠性幼儿园覆盖率"})
    )
    assert len(ranked) == 5 and all(0 <= m.score <= 1 for m in ranked)
    assert ranked[0].reasons and set(ranked[0].features) == set(FEATURES)
    assert ranked[0].score >= ranked[1].score
    assert any("术语" in r or "指标口径" in r for r in ranked[0].reasons)


def test_a_synonym_finds_the_point_of_a_bare_table():
    grid = [
        ["一级指标", "观测点", "分值"],
        ["1.1 学前教育", "1.1.1 普惠性幼儿园覆盖率达到80%以上", "3"],
        ["1.1 学前教育", "1.1.2 特殊教育学校建设", "3"],
        ["1.2 教师队伍", "1.2.1 义务教育学校校长教师交流", "3"],
    ]
    fw = import_grid(grid, framework_id="t", name="测试", source_file="t.xlsx").framework
    matcher = Matcher(fw)
    assert matcher.rank(Target("深化县管校聘改革，全年交流轮岗教师286人。"))[0].point == "1.2.1"
    assert matcher.rank(Target("为43名重度残疾儿童提供送教上门服务。"))[0].point == "1.1.2"
    assert matcher.rank(Target("全县普惠园在园幼儿占比稳步提高。"))[0].point == "1.1.1"


def test_a_funding_bulletin_serves_several_points(tmp_path):
    fw = load("hn-2021-county-gov")
    labels = generate(fw, tmp_path, SampleOptions(seed=5, layout="unorganised", scanned=0, broken=0))
    shared = max(labels["evidence"], key=lambda e: len(e["observation_points"]))
    assert len(shared["observation_points"]) >= 2
    doc = read(tmp_path / shared["path"]).document
    ranked = Matcher(fw).rank(file_target(shared["path"], doc), "file", top=5)
    strong = {m.point for m in ranked if m.score >= 0.5}
    assert len(strong & set(shared["observation_points"])) >= 2, ranked


def test_passages_of_a_file_are_ranked_with_their_headings(tmp_path):
    fw = load("hn-2021-county-gov")
    labels = generate(fw, tmp_path, SampleOptions(seed=6, layout="by_indicator", scanned=0, broken=0))
    ev = next(e for e in labels["evidence"] if e["kind"] == "文件" and len(e["observation_points"]) == 1)
    doc = read(tmp_path / ev["path"]).document
    matcher = Matcher(fw)
    passages = passage_targets(ev["path"], doc)
    assert passages
    tops = [matcher.rank(t, "file", top=1)[0].point for _, t in passages]
    assert tops.count(ev["observation_points"][0]) / len(tops) >= 0.8


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("云溪县委常委会纪要（2022年第3次）.pdf", "会议纪要"),
        ("2022年教师工资测算表.xlsx", "工资测算表"),
        ("关于加强学校党建工作的实施意见.docx", "文件"),
        ("H1.2 现场照片.jpg", "照片"),
        ("说明.txt", None),
    ],
)
def test_evidence_kinds_from_file_names(name, kind):
    assert evidence_kind(name) == kind


def test_fitting_learns_which_signal_marks_the_labelled_point():
    rows_for = lambda hot: [[1.0 if (i == hot and f == "code_point") else 0.3 for f in FEATURES] for i in range(4)]  # noqa: E731
    weights = fit([Example(rows_for(h), {h}) for h in range(4)] * 5)
    assert weights["weights"]["code_point"] > 1.0
    with pytest.raises(ValueError, match="正例"):
        fit([Example([[0.0] * len(FEATURES)], set())])


def test_shipped_weights_cover_every_feature_for_both_roles():
    from classify.matcher import shipped_weights

    w = shipped_weights()
    for role in ("claim", "file"):
        assert set(w[role]["weights"]) == set(FEATURES)
