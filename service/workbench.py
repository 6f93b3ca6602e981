"""The workbench's operations (审核工作台), shared by the REST API and the web pages: uploads, reviewer
decisions and how they overlay the machine's report, exports, scoped search, and the city comparison."""

from __future__ import annotations

import hashlib
import math
import os
import re
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import select, update

from classify.findings import POINT_STATUS_NAMES, point_status
from corpora.frameworks.scoring import ScoreResult, apply_quotas, quota_allowed
from service import accounts, errors, runs, settings
from service.db import Result, Review, Submission, User
from service.deps import AppState
from service.frameworks import resolve
from service.pipeline import index_key, work_dir
from service.scores import decisions, graded, score_totals, suggested_of, suggested_vetoes, triggered

ACTIONS = {
    "claim": {"confirm": "确认观测点", "reject": "否定观测点", "reassign": "改归观测点"},
    "file": {"confirm": "确认观测点", "reject": "否定观测点", "reassign": "改归观测点"},
    "flag": {"confirm": "确认问题", "dismiss": "撤销问题"},
    "point": {"score": "核定得分", "accept": "采纳建议得分"},
    "veto": {"trigger": "认定", "clear": "撤销认定"},
    "component": {"score": "核定得分"},
}
STATUS_NAMES = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "失败"}
POINT_STATUS = POINT_STATUS_NAMES
LOST_ORIGINAL = "原件已丢失：存储中找不到该文件。可在材料包页面点击“重新处理”，从上传的压缩包重新解出"
SUPPORT_NAMES = {"supported": "有佐证", "partial": "部分佐证", "unsupported": "无佐证", "contradicted": "与佐证矛盾"}


# -- uploads ------------------------------------------------------------------------------------------


async def store_upload(state: AppState, chunks: AsyncIterator[bytes], filename: str) -> tuple[str, str, int]:
    """Stream an uploaded archive to disk under the size limit, checksumming as it goes; see `keep`."""
    from fastapi.concurrency import run_in_threadpool

    partial = _partial(state.home)
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > state.max_upload:
                    raise errors.TooLarge(f"上传文件超过大小上限（{state.max_upload >> 20} MiB）")
                digest.update(chunk)
                out.write(chunk)
        return await run_in_threadpool(keep, state.home, partial, digest.hexdigest(), size, filename)
    finally:
        partial.unlink(missing_ok=True)


def store_file(home: Path, source: Path) -> tuple[str, str, int]:
    """The same for an archive on disk (`jiaodu submit`): copied, never moved or changed."""
    partial = _partial(home)
    digest, size = hashlib.sha256(), 0
    try:
        with source.open("rb") as src, partial.open("wb") as out:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                size += len(chunk)
                digest.update(chunk)
                out.write(chunk)
        return keep(home, partial, digest.hexdigest(), size, source.name)
    finally:
        partial.unlink(missing_ok=True)


def _partial(home: Path) -> Path:
    folder = home / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".partial-{os.getpid()}-{os.urandom(6).hex()}"


def keep(home: Path, partial: Path, sha: str, size: int, filename: str) -> tuple[str, str, int]:
    """Keep a received archive read-only under uploads/, named by its SHA-256 (the same bytes uploaded
    twice are kept once), once it has passed the checks that need no unpacking (`check_archive`: a RAR,
    a truncated or empty archive or one over the entry cap is refused here, by the uploaded file's name,
    and nothing of it is kept); returns (path relative to home, sha256, size)."""
    from extract.errors import ReadError
    from extract.intake import Limits, check_archive

    if size == 0:
        raise errors.BadInput(f"“{filename}”上传内容为空")
    try:
        check_archive(partial, filename, Limits(max_entries=settings.max_files()))
    except ReadError as exc:
        raise errors.BadInput(exc.message) from None
    final = home / "uploads" / f"{sha}.zip"
    if not final.exists():
        partial.rename(final)
        final.chmod(0o444)
    return final.relative_to(home).as_posix(), sha, size


def discard_upload(db, home: Path, path: str) -> None:
    """Remove a kept archive that no submission refers to (an upload refused after it was stored)."""
    if db.scalar(select(Submission.id).where(Submission.upload_path == path).limit(1)) is None:
        (home / path).unlink(missing_ok=True)


def zip_folder(folder: Path, out: Path) -> Path:
    """A folder as a ZIP (for `jiaodu submit DIR`): the web app always keeps the original as an archive."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                z.write(path, path.relative_to(folder).as_posix())
    return out


def check_name(text: str, what: str, limit: int = 64) -> str:
    text = (text or "").strip()
    if not text or len(text) > limit or re.search(r"[\x00-\x1f<>]", text):
        raise errors.Invalid(f"{what}不能为空，不超过 {limit} 个字符，且不含控制字符或尖括号")
    return text


def check_uploader(user: User, city: str) -> None:
    """A reviewer uploads only for the cities assigned to them (checked before the bytes are received)."""
    if user.role == "reviewer" and city not in (user.regions or []):
        raise errors.Forbidden("只能为本人负责的地市上传材料")


def check_request(db, home: Path, user: User, *, name: str, framework: str, city: str, county: str) -> tuple[str, str]:
    """Everything about an upload that can be checked before its bytes are received: the uploader's scope,
    the names and the framework. Returns the (city, county) the submission will have."""
    from corpora.frameworks import FrameworkError

    if user.role == "submitter":
        city, county = user.city or "", user.county or ""
    check_uploader(user, city)
    city, county = check_name(city, "地市"), check_name(county, "区县")
    check_name(name, "材料包名称", 200)
    try:
        resolve(framework, home)
    except FrameworkError as exc:
        raise errors.Invalid("；".join(exc.problems)) from None
    return city, county


def new_submission(
    db,
    home: Path,
    user: User,
    upload: tuple[str, str, int],
    *,
    name: str,
    framework: str,
    city: str,
    county: str,
    filename: str | None = None,
) -> Submission:
    """A queued submission in the uploader's scope; the pipeline is started by the caller's runner."""
    city, county = check_request(db, home, user, name=name, framework=framework, city=city, county=county)
    path, sha, size = upload
    sub = Submission(
        name=name.strip(),
        city=city,
        county=county,
        framework_id=framework,
        owner_id=user.id,
        upload_name=filename or f"{name.strip()}.zip",
        upload_path=path,
        upload_sha256=sha,
        upload_size=size,
    )
    db.add(sub)
    db.commit()
    return sub


def rerun(db, state: AppState, sub: Submission, user: User) -> None:
    """Queue a finished submission again: never while it is queued or running, and a county submitter
    at most `settings.reruns_per_day()` times in 24 hours (reviewers and administrators without limit)."""
    folder = work_dir(state.home, sub.id)
    if user.role == "submitter":
        check_rerun_quota(folder)
    queued = db.execute(
        update(Submission)
        .where(Submission.id == sub.id, Submission.status.not_in(("queued", "running")))
        .values(status="queued", stage="intake", percent=0.0, error=None, message="", attempts=0)
    )
    if queued.rowcount != 1:
        raise errors.Conflict("该材料包正在排队或处理中，请等处理完成后再重新处理")
    db.commit()
    runs.journal(folder, "rerun", user=user.username, role=user.role)
    state.runner.submit(sub.id)
    db.refresh(sub)


def check_rerun_quota(folder: Path) -> None:
    limit, window = settings.reruns_per_day(), 24 * 3600
    asked = [e for e in runs.events(folder, "rerun", time.time() - window) if e.get("role") == "submitter"]
    if len(asked) >= limit:
        wait = max(60, math.ceil(asked[-limit]["at"] + window - time.time()))
        raise errors.TooManyAttempts(
            f"该材料包 24 小时内已由填报员重新处理 {len(asked)} 次，达到上限（{limit} 次）；"
            f"请约 {math.ceil(wait / 3600)} 小时后再试，或请审核员处理",
            wait,
        )


# -- the machine's report and the reviewers' decisions ---------------------------------------------------


def machine_report(db, sub: Submission) -> dict:
    row = db.get(Result, sub.id)
    if row is None:
        raise errors.Conflict(f"该材料包尚未处理完成（{STATUS_NAMES.get(sub.status, sub.status)}）")
    return row.report


def reviews_of(db, sub: Submission) -> list[Review]:
    return list(db.scalars(select(Review).where(Review.submission_id == sub.id).order_by(Review.id)))


def add_review(
    db,
    sub: Submission,
    user: User,
    kind: str,
    target: str,
    action: str,
    point: str | None,
    note: str,
    score: float | None = None,
    home: Path | None = None,
) -> Review:
    if user.role == "submitter":
        raise errors.Forbidden("县级填报员不能审核材料")
    report = machine_report(db, sub)
    if kind not in ACTIONS or action not in ACTIONS[kind]:
        raise errors.Invalid(f"不支持的审核操作：{kind}/{action}")
    points = {p["id"]: p for p in report["observation_points"]}
    fw = resolve(sub.framework_id, home) if home is not None and kind in ("veto", "component") else None
    known = {
        "claim": {c["id"] for c in report["claims"]},
        "file": {f["path"] for f in report["files"]},
        "flag": {f.get("id") for f in report["flags"]},
        "point": set(points),
        "veto": {v.id for v in fw.vetoes} if fw else set(),
        "component": {c.name for c in fw.components} if fw else set(),
    }[kind]
    if target not in known:
        raise errors.NotFound("未找到要审核的条目")
    if action == "reassign" and point not in points:
        raise errors.Invalid("改归的观测点不在本指标体系中")
    if action in ("confirm", "reject") and kind != "flag":
        point = point if point in points else None
    if action in ("dismiss", "trigger") and not (note or "").strip():
        raise errors.Invalid("撤销问题、认定否决或降等情形须填写理由")
    if kind == "veto" and action == "clear" and target in suggested_vetoes(report) and not (note or "").strip():
        raise errors.Invalid("撤销系统建议认定的否决或降等情形须填写理由")
    if kind == "point":
        score, point = _reviewed_score(points[target], action, score, note), target
    elif kind == "component":
        top = next(c.score for c in fw.components if c.name == target)
        score = _reviewed_score({"max_score": top}, action, score, note)
    review = Review(
        submission_id=sub.id,
        target_kind=kind,
        target_id=target,
        action=action,
        point=point if kind != "flag" else None,
        score=score if kind in ("point", "component") else None,
        note=(note or "").strip()[:4000],
        user_id=user.id,
        username=user.username,
    )
    db.add(review)
    db.commit()
    if kind == "flag":
        refresh_flag_counts(db, sub, report)
    if kind in ("point", "veto", "component") and home is not None:
        refresh_grade(db, home, sub)
    return review


def refresh_flag_counts(db, sub: Submission, report: dict) -> None:
    """The submission's finding counts (严重/一般/提示) as the reviewers left them: dismissed ones out."""
    severities = [f["severity"] for f in open_flags(report["flags"], decisions(reviews_of(db, sub)))]
    sub.flags_high, sub.flags_medium, sub.flags_low = (severities.count(s) for s in ("high", "medium", "low"))
    db.commit()


def _reviewed_score(node: dict, action: str, score: float | None, note: str) -> float:
    """The 核定分 a point review sets: the suggestion when accepted, else the reviewer's figure, within
    0 and the point's score, with a reason whenever it departs from the suggestion."""
    suggested = suggested_of(node)
    if action == "accept":
        if suggested is None:
            raise errors.Invalid("该观测点没有建议得分，请直接填写核定分")
        return float(suggested)
    top = node.get("max_score")
    if score is None or not math.isfinite(score) or score < 0 or (top is not None and score > top):
        raise errors.Invalid(f"核定分须在 0 到 {top:g} 分之间" if top is not None else "核定分须不小于 0")
    if suggested is not None and abs(score - suggested) > 1e-9 and not (note or "").strip():
        raise errors.Invalid("核定分与建议得分不同，须填写理由")
    return round(float(score), 2)


def refresh_grade(db, home: Path, sub: Submission) -> None:
    """The submission's total and grade from the scores that count (核定分 where set, 建议得分 elsewhere)."""
    scored = graded(resolve(sub.framework_id, home), machine_report(db, sub), decisions(reviews_of(db, sub)))
    sub.total, sub.grade = round(scored.total, 2), scored.grade
    db.commit()


def reviewed_report(report: dict, reviews: list[Review]) -> dict:
    """The report as the reviewers left it: dismissed flags out, reassigned or rejected points changed.
    The machine's report is not modified; each changed item says what the reviewer did."""
    latest = decisions(reviews)
    out = dict(report)
    flags = []
    for f in report["flags"]:
        r = latest.get(("flag", f.get("id")))
        if r is not None and r.action == "dismiss":
            continue
        flags.append(f | ({"review": _review_dict(r)} if r else {}))
    out["flags"] = flags
    claims = []
    for c in report["claims"]:
        r = latest.get(("claim", c["id"]))
        claims.append(c | ({"review": _review_dict(r)} if r else {}))
    out["claims"] = claims
    points = []
    for p in report["observation_points"]:
        r = latest.get(("point", p["id"]))
        points.append(p | ({"reviewed_score": r.score, "review": _review_dict(r)} if r else {"reviewed_score": None}))
    out["observation_points"] = with_statuses(points, report, latest)
    out["submission"] = report["submission"] | {
        "totals": score_totals(report, latest),
        "vetoes": _vetoes_that_count(report, latest),
    }
    return out


def _vetoes_that_count(report: dict, latest: dict) -> list[dict]:
    """The veto and downgrade items in force: suggested by the findings and not cleared, or found by a
    reviewer (an item only a reviewer found carries its id and the review, its text is the framework's)."""
    suggested = suggested_vetoes(report)
    out = []
    for vid in triggered(latest, report):
        r = latest.get(("veto", vid))
        out.append(suggested.get(vid, {"id": vid}) | ({"review": _review_dict(r)} if r else {}))
    return out


def open_flags(flags: list[dict], latest: dict) -> list[dict]:
    """The findings that still stand: all but those a reviewer dismissed (撤销)."""
    return [f for f in flags if getattr(latest.get(("flag", f.get("id"))), "action", None) != "dismiss"]


def with_statuses(points: list[dict], report: dict, latest: dict) -> list[dict]:
    """The points with their status (观测点状态) as the reviewers left it, by the machine's own rule:
    dismissed findings no longer count, claims and files count under the point a reviewer gave them."""
    placed: dict[str | None, list[dict]] = {}
    for c in report["claims"]:
        placed.setdefault(claim_point(c, latest), []).append(c)
    severe: dict[str | None, set[str]] = {}
    for f in open_flags(report["flags"], latest):
        if f["severity"] == "high":
            severe.setdefault(f.get("observation_point"), set()).add(f["kind"])
    out = []
    for p in points:
        claims = placed.get(p["id"], [])
        verdicts = [c["support"] for c in claims if c.get("support")]
        files = len(point_files(p, latest))
        out.append(p | {"status": point_status(files, len(claims), verdicts, severe.get(p["id"], set()))})
    return out


def point_files(node: dict, latest: dict) -> list[str]:
    """A point's evidence files: the machine's, and those a reviewer re-assigned to it."""
    files = list(node["evidence_files"])
    for (kind, target), r in latest.items():
        if kind == "file" and r.action == "reassign" and r.point == node["id"] and target not in files:
            files.append(target)
    return files


def _review_dict(r: Review) -> dict:
    return {
        "action": r.action,
        "point": r.point,
        "score": r.score,
        "note": r.note,
        "by": r.username,
        "at": r.created_at.isoformat(timespec="seconds"),
    }


def review_dict(r: Review) -> dict:
    return {"id": r.id, "target_kind": r.target_kind, "target_id": r.target_id} | _review_dict(r)


def claim_point(claim: dict, latest: dict) -> str | None:
    """The point a claim counts under: the reviewer's re-assignment, else the machine's best match."""
    r = latest.get(("claim", claim["id"]))
    if r is not None and r.action == "reassign":
        return r.point
    if r is not None and r.action == "reject":
        return None
    return claim["observation_points"][0]["id"] if claim["observation_points"] else None


# -- exports ----------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def batch_xlsx(rows: list[tuple]) -> bytes:
    """Batch-search rows (item, count, hits as the API gives them) as an Excel sheet: one line per hit, an
    item without hits kept with its count of 0; every cell written as text."""
    import io

    from openpyxl import Workbook

    from index.sheets import append_text_row

    wb = Workbook()
    ws = wb.active
    ws.title = "批量检索"
    ws.append(["检索项", "命中数", "序号", "区县", "文件", "页码", "观测点", "摘要"])
    for item, count, hits in rows:
        for i, h in enumerate(hits or [None], 1):
            if h is None:
                append_text_row(ws, [item, count, "", "", "", "", "", ""])
                continue
            snippet = h.snippet.replace("【", "").replace("】", "")
            append_text_row(ws, [item, count, i, h.county, h.file, h.page or "", "、".join(h.points), snippet])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


EXPORTS = {
    "opinion.docx": ("初审意见", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "problems.xlsx": ("问题清单", XLSX),
}


def export(db, state: AppState, sub: Submission, kind: str) -> tuple[bytes, str, str]:
    """(content, download name, media type) of one export, made from the reviewed findings. Each request
    writes its own file and reads it back, so concurrent downloads never share one."""
    import tempfile

    from service.exports import opinion_docx, problem_list_xlsx

    if kind not in EXPORTS:
        raise errors.NotFound("没有这种导出格式")
    report = reviewed_report(machine_report(db, sub), reviews_of(db, sub))
    fw = resolve(sub.framework_id, state.home)
    folder = state.home / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    title, media = EXPORTS[kind]
    suffix = Path(kind).suffix
    with tempfile.TemporaryDirectory(prefix=f"{sub.id}-", dir=folder) as tmp:
        out = Path(tmp) / f"export{suffix}"
        if kind == "opinion.docx":
            opinion_docx(report, out, fw, issuer=f"{sub.city}人民政府教育督导委员会办公室")
        else:
            problem_list_xlsx(report, out, fw)
        content = out.read_bytes()
    return content, f"{sub.county}{sub.year or ''}-{title}{suffix}", media


def download(content: bytes, filename: str, media: str):
    """A response that offers `content` as a download named `filename` (Chinese names encoded per RFC 6266)."""
    from urllib.parse import quote

    from fastapi import Response

    disposition = f"attachment; filename*=utf-8''{quote(filename)}"
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


# -- search within the user's scope --------------------------------------------------------------------


def searchable(db, user: User) -> dict[str, Submission]:
    """Index key → submission, for the finished submissions this user may see."""
    subs = db.scalars(accounts.visible(user).where(Submission.status == "done")).all()
    return {index_key(s.id): s for s in subs}


# -- the city view ------------------------------------------------------------------------------------


def cities(db, user: User) -> list[str]:
    subs = db.scalars(accounts.visible(user)).all()
    return sorted({s.city for s in subs if accounts.can_see_city(user, s.city)})


def _county_figures(report: dict, latest: dict) -> dict:
    """A county's totals and its open findings by kind (dismissed ones left out), for the city view."""
    from collections import Counter

    standing = open_flags(report["flags"], latest)
    return {"totals": score_totals(report, latest), "kinds": Counter(f["kind"] for f in standing)}


def city_rows(db, state: AppState, user: User, city: str) -> tuple[list[dict], list[str]]:
    """One row per county (its newest finished submission per framework and year), with its self,
    suggested and reviewed totals, the grade on the scores that count (核定分 where set, 建议得分
    elsewhere) and after the framework's quota (优秀 ≤ 1/3 of a city's counties); and the quota notes."""
    if not accounts.can_see_city(user, city):
        raise errors.NotFound("未找到该地市，或您无权查看")
    subs = db.scalars(
        accounts.visible(user).where(Submission.city == city).order_by(Submission.created_at.desc())
    ).all()
    if not subs:
        raise errors.NotFound("未找到该地市，或您无权查看")
    newest: dict[tuple, Submission] = {}
    for s in subs:
        if s.status == "done":
            newest.setdefault((s.framework_id, s.year, s.county), s)
    rows, notes = [], []
    groups: dict[tuple, dict[str, Submission]] = {}
    for (fw_id, year, county), s in newest.items():
        groups.setdefault((fw_id, year), {})[county] = s
    for (fw_id, year), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        fw = resolve(fw_id, state.home)
        results = {c: ScoreResult(s.total or 0.0, {}, 0.0, s.grade) for c, s in members.items()}
        apply_quotas(fw, results)
        for quota in fw.quotas:
            allowed = quota_allowed(quota, len(members))
            held = sum(r.grade == quota.grade for r in results.values())
            notes.append(
                f"{fw.name} {year or ''}：{quota.grade}不超过{quota.max_share:.0%}，"
                f"{len(members)} 个区县中至多 {allowed} 个，现为 {held} 个"
            )
        for county, s in sorted(members.items(), key=lambda kv: -(kv[1].total or 0)):
            r = results[county]
            rows.append(
                {
                    "submission": s,
                    "framework": fw.name,
                    **_county_figures(machine_report(db, s), decisions(reviews_of(db, s))),
                    "grade_after_quota": r.grade,
                    "quota_notes": r.notes,
                }
            )
    return rows, notes
