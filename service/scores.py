"""Scores as the reviewers leave them (核定): per observation point the self-score, the machine's suggested
score and the reviewer's 核定分; the totals; and the grade on the scores that count (核定分 where set,
建议得分 elsewhere). Shared by the workbench's pages and API and by the pipeline after a re-run."""

from __future__ import annotations

from corpora.frameworks.schema import Framework
from corpora.frameworks.scoring import ScoreResult, score


def decisions(reviews) -> dict[tuple[str, str], object]:
    """The latest decision per reviewed item: (target kind, target id) → review."""
    return {(r.target_kind, r.target_id): r for r in reviews}


def suggested_of(point: dict) -> float | None:
    """A report point's suggested score; a report made before suggestions existed offers its self-score."""
    return point.get("suggested_score", point.get("self_score"))


def point_scores(report: dict, latest: dict) -> dict[str, dict]:
    """Per point: self, suggested and reviewed score, and the one that counts (reviewed where set,
    else suggested)."""
    out = {}
    for p in report["observation_points"]:
        r = latest.get(("point", p["id"]))
        suggested = suggested_of(p)
        reviewed = r.score if r is not None else None
        out[p["id"]] = {
            "self": p.get("self_score"),
            "suggested": suggested,
            "reviewed": reviewed,
            "counts": reviewed if reviewed is not None else suggested,
        }
    return out


def score_totals(report: dict, latest: dict) -> dict:
    """Self / suggested / reviewed totals; `reviewed` counts the suggestion where no 核定分 is set yet,
    and is None until a first point is reviewed."""
    scores = point_scores(report, latest).values()

    def total(key: str) -> float | None:
        values = [s[key] for s in scores if s[key] is not None]
        return round(sum(values), 2) if values else None

    reviewed = sum(1 for s in scores if s["reviewed"] is not None)
    return {
        "self": total("self"),
        "suggested": total("suggested"),
        "reviewed": total("counts") if reviewed else None,
        "reviewed_points": reviewed,
        "points": len(scores),
    }


# what a veto or downgrade item does to the grade, as the pages and the 初审意见 both say it
VETO_EFFECTS = {"fail": "一票否决（定为最低等次）", "downgrade": "降低一个等次", "no_top": "不得评为最高等次"}


def suggested_vetoes(report: dict) -> dict[str, dict]:
    """The veto and downgrade items the audit's findings suggest (两个只增不减未落实 on a decline), by id."""
    return {v["id"]: v for v in report.get("submission", {}).get("vetoes", [])}


def triggered(latest: dict, report: dict | None = None) -> list[str]:
    """The veto and downgrade items that count: those a reviewer found to apply (认定), and those the findings
    suggest that no reviewer has cleared (撤销认定)."""
    out = [target for (kind, target), r in latest.items() if kind == "veto" and r.action == "trigger"]
    for vid in suggested_vetoes(report or {}):
        r = latest.get(("veto", vid))
        if r is None and vid not in out:
            out.append(vid)
    return out


def components(latest: dict) -> dict[str, float]:
    """The scores reviewers entered for parts outside the indicator tree (省督导委员会合议评价 5 分)."""
    return {target: r.score for (kind, target), r in latest.items() if kind == "component" and r.score is not None}


def graded(fw: Framework, report: dict, latest: dict) -> ScoreResult:
    """Total and grade on the scores that count — bonus points (加分项) as the bonus, the components the
    reviewers entered, the vetoes and downgrades they found; the result's notes say why the grade is what
    it is."""
    counts = {k: v["counts"] for k, v in point_scores(report, latest).items() if v["counts"] is not None}
    bonus_ids = {p.id for p in fw.points() if p.bonus}
    bonus = sum(v for k, v in counts.items() if k in bonus_ids)
    return score(fw, counts, bonus=bonus, components=components(latest), triggered=triggered(latest, report))
