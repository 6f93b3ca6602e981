"""Evidence tables give (metric, subject, period, value, unit) facts from their headers, so a report's
figure can be compared with the table it came from."""

import pytest

from corpora.frameworks import load
from corpora.samples.generator import SampleOptions, generate
from corpora.samples.render import TableSpec, docx
from extract.tablefacts import table_facts
from tests.conftest import read


def facts(path, year=2022):
    return [
        (f.metric, f.subject, f.period, f.value, f.unit, f.comparison) for f in table_facts(read(path).document, year)
    ]


def test_a_bulletin_table_with_the_metric_in_the_sentence_before_it(tmp_path):
    table = TableSpec(
        [
            ["学段", "2021年（元）", "2022年（元）", "增长率"],
            ["小学", "11850", "12230", "3.2%"],
            ["初中", "15620", "15480", "-0.9%"],
        ]
    )
    path = docx(
        tmp_path / "公告.docx", ["各学段生均一般公共预算教育经费情况如下：", table], title="教育经费执行情况统计公告"
    )
    assert facts(path) == [
        ("生均一般公共预算教育经费", "小学", "2021", 11850, "元", None),
        ("生均一般公共预算教育经费", "小学", "2022", 12230, "元", None),
        ("生均一般公共预算教育经费", "小学", "2022", 3.2, "%", "change"),
        ("生均一般公共预算教育经费", "初中", "2021", 15620, "元", None),
        ("生均一般公共预算教育经费", "初中", "2022", 15480, "元", None),
        ("生均一般公共预算教育经费", "初中", "2022", -0.9, "%", "change"),
    ]


def test_units_in_row_headers_and_provenance(tmp_path):
    table = TableSpec([["项目", "2021年", "2022年"], ["一般公共预算教育经费（万元）", "128400", "135200.5"]])
    path = docx(tmp_path / "决算.docx", [table])
    found = table_facts(read(path).document, 2022)
    assert [(f.metric, f.period, f.value, f.unit) for f in found] == [
        ("一般公共预算教育经费", "2021", 128400, "万元"),
        ("一般公共预算教育经费", "2022", 135200.5, "万元"),
    ]
    assert (found[1].row, found[1].col, found[1].text, found[1].file) == (1, 2, "135200.5", "决算.docx")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("facts")
    labels = generate(load("cq-2018-district"), out, SampleOptions(seed=3, scanned=0, broken=0))
    return out, labels


def test_the_evidence_of_a_planted_decline_shows_it(bundle):
    out, labels = bundle
    flag = next(f for f in labels["flags"] if f["kind"] == "decline")
    v = flag["values"]
    got = {
        (f.subject, f.period): f.value
        for f in table_facts(read(out / flag["file"]).document, labels["year"])
        if f.metric == v["metric"]
    }
    assert got[(v["subject"], str(labels["year"] - 1))] == pytest.approx(v["previous"])
    assert got[(v["subject"], v["period"])] == pytest.approx(v["current"])


def test_the_evidence_of_a_contradicted_claim_gives_the_true_value(bundle):
    out, labels = bundle
    claims = {c["id"]: c for c in labels["claims"]}
    for flag in (f for f in labels["flags"] if f["kind"] == "contradicted_claim"):
        evidence = claims[flag["claim"]]["evidence"][0]
        values = {
            f.value
            for f in table_facts(read(out / evidence).document, labels["year"])
            if f.metric == flag["values"]["metric"]
        }
        assert flag["values"]["evidence"] in values and flag["values"]["reported"] not in values


def test_a_salary_table_gives_teacher_and_civil_servant_pay(bundle):
    out, labels = bundle
    path = next(e["path"] for e in labels["evidence"] if e["kind"] == "工资测算表")
    metrics = {f.metric for f in table_facts(read(out / path).document, 2022) if f.unit == "元"}
    assert metrics == {"教师年均工资", "公务员年均工资"}
