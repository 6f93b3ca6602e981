"""Totals roll up, grades follow the bands, bonus is capped, vetoes lower grades, and the 优秀 quota holds
across a city's counties."""

import pytest

from corpora.frameworks import load
from corpora.frameworks.scoring import apply_quotas, grade_for, score


@pytest.fixture(scope="module")
def hunan():
    return load("hn-2021-county-gov")


def full_marks(fw, minus=0.0):
    scores = {p.id: p.score for p in fw.points() if not p.bonus}
    first = next(iter(scores))
    scores[first] -= minus
    return scores


def test_totals_roll_up_the_tree(hunan):
    result = score(hunan, full_marks(hunan, minus=1.5))
    assert result.total == 98.5
    assert result.by_node["H1"] == 12.5 and result.by_node["H2"] == 26
    assert result.grade == "优秀"


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (100, "优秀"),
        (90, "优秀"),
        (89.9, "合格"),
        (75, "合格"),
        (74.5, "基本合格"),
        (60, "基本合格"),
        (59.9, "不合格"),
        (0, "不合格"),
    ],
)
def test_grade_bands_include_their_lower_bound(hunan, total, grade):
    assert grade_for(hunan, total) == grade


def test_inner_mongolia_bands():
    fw = load("nm-league-city")
    assert [grade_for(fw, t) for t in (85, 84.99, 60, 59.99)] == ["优秀", "合格", "合格", "不合格"]


def test_scores_are_clamped_and_bonus_capped(hunan):
    scores = full_marks(hunan)
    scores["H1.1"] = 9  # the point is worth 3
    result = score(hunan, scores, bonus=5)
    assert result.by_node["H1.1"] == 3 and result.bonus == 3 and result.total == 103
    assert any("超出" in n for n in result.notes) and any("上限" in n for n in result.notes)


def test_components_count_toward_the_total():
    gd = load("gd-2020-county")
    result = score(gd, full_marks(gd), components={"省政府教育督导委员会合议评价": 4.5})
    assert result.total == 104.5


def test_vetoes_lower_the_grade(hunan):
    downgraded = score(hunan, full_marks(hunan), triggered=["V1"])
    assert downgraded.grade == "合格" and "降低一个等次" in downgraded.notes[0]
    failed = score(hunan, full_marks(hunan), triggered=["V2"])
    assert failed.grade == "不合格"


def test_the_excellent_quota_keeps_at_most_a_third_of_a_citys_counties(hunan):
    totals = {"甲县": 96, "乙县": 95, "丙县": 93, "丁县": 92, "戊县": 80, "己县": 78, "庚县": 70}
    scaled = {name: {p.id: p.score * t / 100 for p in hunan.points() if not p.bonus} for name, t in totals.items()}
    results = {name: score(hunan, s) for name, s in scaled.items()}
    assert [round(r.total, 6) for r in results.values()] == list(totals.values())
    assert sum(r.grade == "优秀" for r in results.values()) == 4
    apply_quotas(hunan, results)
    assert [n for n, r in results.items() if r.grade == "优秀"] == ["甲县", "乙县"]  # floor(7 / 3) = 2
    assert results["丙县"].grade == results["丁县"].grade == "合格"
    assert "7 个中至多 2 个" in results["丙县"].notes[-1]
    assert results["戊县"].notes == []


def test_a_no_top_grade_item_lowers_only_the_top_grade(hunan):
    from corpora.frameworks.schema import Flagged

    fw = hunan.model_copy(update={"vetoes": [Flagged(id="N1", text="重大校园安全责任事故", effect="no_top")]})
    capped = score(fw, full_marks(fw), triggered=["N1"])
    assert capped.grade == "合格" and capped.notes == ["重大校园安全责任事故：不得评为优秀，定为合格"]
    middling = {k: v * 0.8 for k, v in full_marks(fw).items()}
    lower = score(fw, middling, triggered=["N1"])
    assert lower.grade == score(fw, middling).grade != "优秀" and not lower.notes
