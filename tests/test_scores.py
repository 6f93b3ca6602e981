"""Grades on the scores that count (service/scores.py), per seed system: 核定分 where a reviewer set one and
建议得分 elsewhere, Hunan's 加分项 as the bonus (capped), Guangdong's 100 + 5 committee points, vetoes and
downgrades the reviewers found, and the city's 优秀 quota applied on those grades."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from corpora.frameworks import load
from corpora.frameworks.scoring import apply_quotas
from service.scores import graded, score_totals


def report_of(fw, minus: dict[str, float] | None = None) -> dict:
    """A machine report whose suggested scores are full marks, less `minus` on some points."""
    points = []
    for p in fw.points():
        full = 0.0 if p.bonus else (p.score or 0.0)
        suggested = full - (minus or {}).get(p.id, 0.0)
        points.append({"id": p.id, "self_score": full, "max_score": p.score, "suggested_score": suggested})
    return {"observation_points": points}


def review(kind: str, target: str, action: str = "score", score: float | None = None):
    return {(kind, target): SimpleNamespace(target_kind=kind, target_id=target, action=action, score=score)}


@pytest.mark.parametrize(
    "fw_id", ["cq-2018-district", "nm-league-city", "sh-2017-district", "gd-2020-county", "hn-2021-county-gov"]
)
def test_each_seed_system_grades_full_marks_and_applies_its_vetoes(fw_id):
    fw = load(fw_id)
    entered = {k: v for c in fw.components for k, v in review("component", c.name, score=c.score).items()}
    full = graded(fw, report_of(fw), entered)
    assert full.total == pytest.approx(fw.max_score + sum(c.score for c in fw.components))
    bands = _bands(fw)
    if not bands:  # Chongqing, Shanghai, Guangdong rank totals instead of grading them
        assert full.grade is None
        return
    assert full.grade == bands[0]
    down = next(v for v in fw.vetoes if v.effect == "downgrade")
    assert graded(fw, report_of(fw), entered | review("veto", down.id, "trigger")).grade == bands[1]
    fail = next((v for v in fw.vetoes if v.effect == "fail"), None)
    if fail is not None:
        assert graded(fw, report_of(fw), entered | review("veto", fail.id, "trigger")).grade == bands[-1]


def test_guangdong_counts_the_committee_points_a_reviewer_enters():
    fw = load("gd-2020-county")
    without = graded(fw, report_of(fw), {})
    with_committee = graded(fw, report_of(fw), review("component", "省政府教育督导委员会合议评价", score=4))
    assert with_committee.total == pytest.approx(without.total + 4) == pytest.approx(104)


def test_hunan_bonus_point_counts_as_bonus_within_its_ceiling():
    fw = load("hn-2021-county-gov")
    bonus_point = next(p.id for p in fw.points() if p.bonus)
    base = graded(fw, report_of(fw, {}), {})
    lifted = graded(fw, report_of(fw), review("point", bonus_point, score=5))
    assert lifted.total == pytest.approx(base.total + fw.bonus_max)  # 5 asked, capped at the ceiling


def test_reviewed_scores_count_where_set_and_the_quota_applies_on_them():
    fw = load("hn-2021-county-gov")
    point = next(p for p in fw.points() if not p.bonus and (p.score or 0) >= 3)
    report = report_of(fw, {point.id: 1.0})
    latest = review("point", point.id, score=0.0)
    totals = score_totals(report, latest)
    assert totals["suggested"] == pytest.approx(totals["self"] - 1.0)
    assert totals["reviewed"] == pytest.approx(totals["self"] - point.score) and totals["reviewed_points"] == 1
    counties = {f"县{i}": graded(fw, report_of(fw, {point.id: i * 0.1}), {}) for i in range(6)}
    apply_quotas(fw, counties)
    # 优秀 ≤ 1/3 of 6: the two highest totals keep it, the others drop to 合格 and say why
    assert {k for k, r in counties.items() if r.grade == "优秀"} == {"县0", "县1"}
    assert all(counties[k].grade == "合格" and "名额" in counties[k].notes[-1] for k in ("县2", "县3", "县4", "县5"))


def _bands(fw) -> list[str]:
    return [g.name for g in sorted(fw.grades, key=lambda g: -(g.min if g.min is not None else -1e9))]
