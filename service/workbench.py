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

from fastapi import HTTPException
from sqlalchemy import select, update

from corpora.frameworks.scoring import ScoreResult, apply_quotas, quota_allowed
from extract.intake import archive_kind
from service import accounts, runs, settings
from service.db import Result, Review, Submission, User
from service.deps import AppState
from service.frameworks import resolve
from service.pipeline import index_key, work_dir

ACTIONS = {
    "claim": {"confirm": "确认观测点", "reject": "否定观测点", "reassign": "改归观测点"},
    "file": {"confirm": "确认观测点", "reject": "否定观测点", "reassign": "改归观测点"},
    "flag": {"confirm": "确认问题", "dismiss": "撤销问题"},
}
STATUS_NAMES = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "失败"}
POINT_STATUS = {"supported": "有支撑", "partial": "部分支撑", "unsupported": "缺少支撑", "missing": "未涉及"}
SUPPORT_NAMES = {"supported": "有佐证", "partial": "部分佐证", "unsupported": "无佐证", "contradicted": "与佐证矛盾"}


# -- uploads ------------------------------------------------------------------------------------------


async def store_upload(state: AppState, chunks: AsyncIterator[bytes]) -> tuple[str, str, int]:
    """Stream an uploaded archive to disk under the size limit, checksumming as it goes; see `keep`."""
    partial = _partial(state.home)
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > state.max_upload:
                    raise HTTPException(413, f"上传文件超过大小上限（{state.max_upload >> 20} MiB）")
                digest.update(chunk)
                out.write(chunk)
        return keep(state.home, partial, digest.hexdigest(), size)
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
        return keep(home, partial, digest.hexdigest(), size)
    finally:
        partial.unlink(missing_ok=True)


def _partial(home: Path) -> Path:
    folder = home / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".partial-{os.getpid()}-{os.urandom(6).hex()}"


def keep(home: Path, partial: Path, sha: str, size: int) -> tuple[str, str, int]:
    """Keep a received archive read-only under uploads/, named by its SHA-256 (the same bytes uploaded
    twice are kept once); returns (path relative to home, sha256, size)."""
    if size == 0:
        raise HTTPException(400, "上传内容为空")
    if archive_kind(partial, "upload.zip") is None:
        raise HTTPException(400, "上传的不是 ZIP 或 7z 压缩包")
    final = home / "uploads" / f"{sha}.zip"
    if not final.exists():
        partial.rename(final)
        final.chmod(0o444)
    return final.relative_to(home).as_posix(), sha, size


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
        raise HTTPException(422, f"{what}不能为空，不超过 {limit} 个字符，且不含控制字符或尖括号")
    return text


def check_uploader(user: User, city: str) -> None:
    """A reviewer uploads only for the cities assigned to them (checked before the bytes are received)."""
    if user.role == "reviewer" and city not in (user.regions or []):
        raise HTTPException(403, "只能为本人负责的地市上传材料")


def new_submission(
    db, home: Path, user: User, upload: tuple[str, str, int], *, name: str, framework: str, city: str, county: str
) -> Submission:
    """A queued submission in the uploader's scope; the pipeline is started by the caller's runner."""
    from corpora.frameworks import FrameworkError

    if user.role == "submitter":
        city, county = user.city or "", user.county or ""
    check_uploader(user, city)
    city, county = check_name(city, "地市"), check_name(county, "区县")
    try:
        resolve(framework, home)
    except FrameworkError as exc:
        raise HTTPException(422, "；".join(exc.problems)) from None
    path, sha, size = upload
    sub = Submission(
        name=check_name(name, "材料包名称", 200),
        city=city,
        county=county,
        framework_id=framework,
        owner_id=user.id,
        upload_name=f"{name}.zip",
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
        raise HTTPException(409, "该材料包正在排队或处理中，请等处理完成后再重新处理")
    db.commit()
    runs.journal(folder, "rerun", user=user.username, role=user.role)
    state.runner.submit(sub.id)
    db.refresh(sub)


def check_rerun_quota(folder: Path) -> None:
    limit, window = settings.reruns_per_day(), 24 * 3600
    asked = [e for e in runs.events(folder, "rerun", time.time() - window) if e.get("role") == "submitter"]
    if len(asked) >= limit:
        wait = max(60, math.ceil(asked[-limit]["at"] + window - time.time()))
        raise HTTPException(
            429,
            f"该材料包 24 小时内已由填报员重新处理 {len(asked)} 次，达到上限（{limit} 次）；"
            f"请约 {math.ceil(wait / 3600)} 小时后再试，或请审核员处理",
            headers={"Retry-After": str(wait)},
        )


# -- the machine's report and the reviewers' decisions ---------------------------------------------------


def machine_report(db, sub: Submission) -> dict:
    row = db.get(Result, sub.id)
    if row is None:
        raise HTTPException(409, f"该材料包尚未处理完成（{STATUS_NAMES.get(sub.status, sub.status)}）")
    return row.report


def reviews_of(db, sub: Submission) -> list[Review]:
    return list(db.scalars(select(Review).where(Review.submission_id == sub.id).order_by(Review.id)))


def decisions(reviews: list[Review]) -> dict[tuple[str, str], Review]:
    """The latest decision per reviewed item: (target kind, target id) → review."""
    return {(r.target_kind, r.target_id): r for r in reviews}


def add_review(
    db, sub: Submission, user: User, kind: str, target: str, action: str, point: str | None, note: str
) -> Review:
    if user.role == "submitter":
        raise HTTPException(403, "县级填报员不能审核材料")
    report = machine_report(db, sub)
    if kind not in ACTIONS or action not in ACTIONS[kind]:
        raise HTTPException(422, f"不支持的审核操作：{kind}/{action}")
    known = {
        "claim": {c["id"] for c in report["claims"]},
        "file": {f["path"] for f in report["files"]},
        "flag": {f.get("id") for f in report["flags"]},
    }[kind]
    if target not in known:
        raise HTTPException(404, "未找到要审核的条目")
    points = {p["id"] for p in report["observation_points"]}
    if action == "reassign" and point not in points:
        raise HTTPException(422, "改归的观测点不在本指标体系中")
    if action in ("confirm", "reject") and kind != "flag":
        point = point if point in points else None
    if action == "dismiss" and not (note or "").strip():
        raise HTTPException(422, "撤销问题须填写理由")
    review = Review(
        submission_id=sub.id,
        target_kind=kind,
        target_id=target,
        action=action,
        point=point if kind != "flag" else None,
        note=(note or "").strip()[:4000],
        user_id=user.id,
        username=user.username,
    )
    db.add(review)
    db.commit()
    return review


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
    return out


def _review_dict(r: Review) -> dict:
    return {
        "action": r.action,
        "point": r.point,
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

EXPORTS = {
    "opinion.docx": ("初审意见", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "problems.xlsx": ("问题清单", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def export(db, state: AppState, sub: Submission, kind: str) -> tuple[Path, str, str]:
    """(file, download name, media type) of one export, made from the reviewed findings."""
    from service.exports import opinion_docx, problem_list_xlsx

    if kind not in EXPORTS:
        raise HTTPException(404, "没有这种导出格式")
    report = reviewed_report(machine_report(db, sub), reviews_of(db, sub))
    fw = resolve(sub.framework_id, state.home)
    folder = state.home / "exports" / str(sub.id)
    folder.mkdir(parents=True, exist_ok=True)
    title, media = EXPORTS[kind]
    out = folder / kind
    (opinion_docx if kind == "opinion.docx" else problem_list_xlsx)(report, out, fw)
    return out, f"{sub.county}{sub.year or ''}-{title}{out.suffix}", media


# -- search within the user's scope --------------------------------------------------------------------


def searchable(db, user: User) -> dict[str, Submission]:
    """Index key → submission, for the finished submissions this user may see."""
    subs = db.scalars(accounts.visible(user).where(Submission.status == "done")).all()
    return {index_key(s.id): s for s in subs}


# -- the city view ------------------------------------------------------------------------------------


def cities(db, user: User) -> list[str]:
    subs = db.scalars(accounts.visible(user)).all()
    return sorted({s.city for s in subs if accounts.can_see_city(user, s.city)})


def city_rows(db, state: AppState, user: User, city: str) -> tuple[list[dict], list[str]]:
    """One row per county (its newest finished submission per framework and year), with the grade after
    the framework's quota (优秀 ≤ 1/3 of a city's counties); and the quota notes."""
    if not accounts.can_see_city(user, city):
        raise HTTPException(404, "未找到该地市，或您无权查看")
    subs = db.scalars(
        accounts.visible(user).where(Submission.city == city).order_by(Submission.created_at.desc())
    ).all()
    if not subs:
        raise HTTPException(404, "未找到该地市，或您无权查看")
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
                    "grade_after_quota": r.grade,
                    "quota_notes": r.notes,
                }
            )
    return rows, notes
