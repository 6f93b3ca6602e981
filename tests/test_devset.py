"""The hand-written development set (tests/data/devset): seven reports in different styles and formats,
rendered at test time and read back by the readers. Claim boundaries, figures (value, unit, period,
metric, subject), kinds, heading paths and heading trees are measured against the labels."""

from pathlib import Path

import pytest

from corpora.samples.devset import DevReport, Figure, Tally, load_all, parse, squeeze
from extract.claims import extract_claims
from tests.conftest import read

REPORTS = load_all(Path(__file__).parent / "data" / "devset")


def headings(doc) -> list[tuple[str, int]]:
    return [(squeeze(b.text), b.level) for b in doc.blocks if b.kind == "heading" and b.level > 0]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("devset")
    out = []
    for report in REPORTS:
        doc = read(report.render(folder)).document
        out.append((report, doc, extract_claims(doc, report.year)))
    return out


def test_the_development_set_is_large_and_varied():
    assert len(REPORTS) >= 6
    assert sum(len(r.claims) for r in REPORTS) >= 150
    assert len({r.style for r in REPORTS}) >= 5
    assert sum(len(c.figures) for r in REPORTS for c in r.claims) >= 200


def test_claim_boundaries_reach_f1_0_9(results):
    tally, missed = Tally(), {}
    for report, _, claims in results:
        lost = tally.add([squeeze(c.text) for c in claims], [squeeze(c.text) for c in report.claims])
        missed[report.name] = lost
    assert tally.f1 >= 0.9, (tally, missed)
    print(f"claim boundaries: P={tally.precision:.3f} R={tally.recall:.3f} F1={tally.f1:.3f}")


def test_figures_are_extracted_exactly(results):
    tally, missed = Tally(), {}
    for report, _, claims in results:
        got = [
            Figure(squeeze(q.text), q.value, q.unit, q.period, q.metric, q.subject).key()
            for c in claims
            for q in c.quantities
        ]
        want = [Figure(squeeze(f.text), *f.key()[1:]).key() for c in report.claims for f in c.figures]
        missed[report.name] = tally.add(got, want)
    print(f"figures: exact {tally.recall:.3f} of {tally.labelled}, precision {tally.precision:.3f}")
    assert tally.recall >= 0.95, missed
    assert tally.precision >= 0.95, missed


def test_claim_kinds_and_heading_paths_follow_the_labels(results):
    kinds = paths = total = 0
    wrong = []
    for report, _, claims in results:
        by_text = {squeeze(c.text): c for c in claims}
        for label in report.claims:
            got = by_text.get(squeeze(label.text))
            if got is None:
                continue
            total += 1
            kinds += got.kind == label.kind
            paths += [squeeze(s) for s in got.section] == [squeeze(s) for s in label.section]
            if got.kind != label.kind:
                wrong.append((label.text[:20], label.kind, got.kind, got.reason))
    assert kinds / total >= 0.9, wrong
    assert paths / total >= 0.98


@pytest.mark.parametrize("index", range(len(REPORTS)))
def test_every_report_gets_its_heading_tree(results, index):
    report, doc, _ = results[index]
    assert headings(doc) == [(squeeze(t), level) for t, level in report.headings]


@pytest.mark.parametrize(
    ("name", "styles"),
    [
        ("01_yunan_district", ("docx-styled", "docx-plain", "docx-outline", "pdf", "pdf-plain", "txt-gbk")),
        ("03_sandy_banner", ("pdf", "pdf-plain", "docx-plain")),
    ],
)
def test_a_report_without_heading_styles_gets_the_tree_of_its_styled_twin(tmp_path, name, styles):
    report = next(r for r in REPORTS if r.name == name)
    trees = {style: headings(read(report.render(tmp_path, style)).document) for style in styles}
    want = [(squeeze(t), level) for t, level in report.headings]
    assert all(tree == want for tree in trees.values()), trees


def test_the_format_refuses_what_it_cannot_read():
    from corpora.samples.devset import DevSetError

    with pytest.raises(DevSetError, match="缺少"):
        parse("# 一、基本情况\n", "坏报告")
    with pytest.raises(DevSetError, match="第4行"):
        parse("@style pdf\n@year 2022\n@title 某县报告\n[rate] 毛入园率{90%|九十|%|2022|-|全县}\n", "坏报告")
    text = "@style pdf\n@year 2022\n@title 某县报告\n# 一、概况\n[background] 全县学校{12所|12|所|2022|-|全县}。\n"
    report: DevReport = parse(text, "好")
    assert report.claims[0].figures == [Figure("12所", 12, "所", "2022", None, "全县")]
    assert report.claims[0].section == ["一、概况"]
