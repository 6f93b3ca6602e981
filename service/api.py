"""The REST API (/api), documented by the app's OpenAPI at /api/openapi.json and /api/docs.

Clients sign in with POST /api/login and send the token as `Authorization: Bearer …`; a browser using
its session cookie must send the `X-CSRF-Token` header on every request that changes something.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from index.query import QueryError
from service import accounts, errors, workbench
from service.db import Session, StoredFile, Submission, User
from service.deps import (
    api_user,
    current_session,
    db_session,
    file_for,
    sign_in,
    state,
    submission_for,
    token_of,
)
from service.pipeline import STAGE_NAMES
from service.web import (
    HitOut,
    framework_of,
    headers_of,
    hits_out,
    page_png,
    point_hits,
    scoped_filters,
    search_index,
    status_of,
)

router = APIRouter(prefix="/api")


def to_http(exc: errors.JiaoduError) -> HTTPException:
    """A domain error as the API answers it: its status, its Chinese message, its headers."""
    return HTTPException(status_of(exc), exc.message, headers=headers_of(exc) or None)

Err = {404: {"description": "不存在或不在您的权限范围内"}}


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserOut(BaseModel):
    username: str
    role: str
    role_name: str
    regions: list[str]
    city: str | None
    county: str | None


class TokenOut(BaseModel):
    token: str
    csrf: str
    user: UserOut


class StatusOut(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    status_name: str
    stage: str
    stage_name: str
    percent: float
    message: str
    error: str | None


class SubmissionOut(StatusOut):
    name: str
    city: str
    county: str
    year: int | None
    framework: str
    upload_sha256: str
    upload_size: int
    total: float | None
    grade: str | None
    flags: dict[str, int]
    created_at: datetime
    finished_at: datetime | None


class FileOut(BaseModel):
    id: int
    path: str
    sha256: str
    size: int
    status: str
    format: str | None
    ocr: bool
    pages: int


class ReviewIn(BaseModel):
    target_kind: Literal["claim", "file", "flag", "point", "veto", "component"]
    target_id: str = Field(min_length=1, max_length=1000)
    action: Literal["confirm", "reject", "reassign", "dismiss", "score", "accept", "trigger", "clear"]
    point: str | None = Field(default=None, max_length=64)
    score: float | None = Field(default=None, ge=0, le=1000, description="核定分（观测点的 score 操作）")
    note: str = Field(default="", max_length=4000)


class ReviewOut(BaseModel):
    id: int
    target_kind: str
    target_id: str
    action: str
    point: str | None
    score: float | None = None
    note: str
    by: str
    at: str


class FrameworkOut(BaseModel):
    id: str
    name: str
    points: int
    max_score: float
    source: Literal["shipped", "imported"]


class ValidationOut(BaseModel):
    valid: bool
    problems: list[str]
    frameworks: list[str] = []


class BatchIn(BaseModel):
    items: list[str] = Field(min_length=1, max_length=200)
    framework: str | None = Field(default=None, max_length=100)
    limit: int = Field(default=5, ge=1, le=50)


class BatchRowOut(BaseModel):
    item: str
    count: int
    hits: list[HitOut]


def user_out(u: User) -> UserOut:
    return UserOut(
        username=u.username,
        role=u.role,
        role_name=accounts.ROLES[u.role],
        regions=list(u.regions or []),
        city=u.city,
        county=u.county,
    )


def status_fields(s: Submission) -> dict:
    return {
        "id": s.id,
        "status": s.status,
        "status_name": workbench.STATUS_NAMES[s.status],
        "stage": s.stage,
        "stage_name": STAGE_NAMES.get(s.stage, s.stage),
        "percent": s.percent,
        "message": s.message,
        "error": s.error,
    }


def submission_out(s: Submission) -> SubmissionOut:
    return SubmissionOut(
        **status_fields(s),
        name=s.name,
        city=s.city,
        county=s.county,
        year=s.year,
        framework=s.framework_id,
        upload_sha256=s.upload_sha256,
        upload_size=s.upload_size,
        total=s.total,
        grade=s.grade,
        flags={"high": s.flags_high, "medium": s.flags_medium, "low": s.flags_low},
        created_at=s.created_at,
        finished_at=s.finished_at,
    )


# -- session -------------------------------------------------------------------------------------------


LOGIN_ERRORS = {
    401: {"description": "用户名或密码错误"},
    403: {"description": "账户已停用"},
    429: {"description": "登录失败次数过多，稍后再试（见 Retry-After）"},
}


@router.post("/login", response_model=TokenOut, responses=LOGIN_ERRORS, tags=["账户"])
def login(body: LoginIn, request: Request, db=Depends(db_session)):
    token, session = sign_in(request, db, body.username, body.password)
    return TokenOut(token=token, csrf=session.csrf, user=user_out(session.user))


@router.post("/logout", status_code=204, tags=["账户"])
def logout(request: Request, user: User = Depends(api_user), db=Depends(db_session)):
    accounts.logout(db, token_of(request)[0])
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, tags=["账户"])
def me(user: User = Depends(api_user)):
    return user_out(user)


# -- submissions ---------------------------------------------------------------------------------------


@router.get("/submissions", response_model=list[SubmissionOut], tags=["材料包"])
def list_submissions(user: User = Depends(api_user), db=Depends(db_session)):
    rows = db.scalars(accounts.visible(user).order_by(Submission.id.desc())).all()
    return [submission_out(s) for s in rows]


@router.post(
    "/submissions",
    response_model=SubmissionOut,
    status_code=201,
    tags=["材料包"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={413: {"description": "超过大小上限"}, 400: {"description": "不是压缩包"}},
)
async def upload_submission(
    request: Request,
    name: str = Query(min_length=1, max_length=200, description="材料包名称"),
    framework: str = Query(min_length=1, max_length=100, description="指标体系编号"),
    city: str = Query(default="", max_length=64, description="地市（县级填报员取本人所属）"),
    county: str = Query(default="", max_length=64, description="区县（县级填报员取本人所属）"),
    filename: str | None = Query(default=None, max_length=200, description="上传的文件名（用于提示）"),
    user: User = Depends(api_user),
    db=Depends(db_session),
):
    """Upload a submission as the raw body (a ZIP or 7z), streamed to disk under the size limit. Scope,
    names and framework are checked before the body is read; nothing of a refused upload is kept."""
    st = state(request)
    fields = {"name": name, "framework": framework, "city": city, "county": county}
    workbench.check_request(db, st.home, user, **fields)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > st.max_upload:
        raise HTTPException(413, f"上传文件超过大小上限（{st.max_upload >> 20} MiB）")
    shown = (filename or "").replace("/", "／").strip() or f"{name.strip()}.zip"
    upload = await workbench.store_upload(st, request.stream(), shown)
    try:
        sub = workbench.new_submission(db, st.home, user, upload, **fields, filename=shown)
    except Exception:
        db.rollback()
        workbench.discard_upload(db, st.home, upload[0])
        raise
    st.runner.submit(sub.id)
    return submission_out(sub)


@router.get("/submissions/{submission_id}", response_model=SubmissionOut, responses=Err, tags=["材料包"])
def get_submission(submission_id: int, user: User = Depends(api_user), db=Depends(db_session)):
    return submission_out(submission_for(db, user, submission_id))


@router.get("/submissions/{submission_id}/status", response_model=StatusOut, responses=Err, tags=["材料包"])
def get_status(submission_id: int, user: User = Depends(api_user), db=Depends(db_session)):
    return StatusOut(**status_fields(submission_for(db, user, submission_id)))


@router.get("/submissions/{submission_id}/report", responses=Err, tags=["材料包"])
def get_report(
    submission_id: int,
    reviewed: bool = Query(default=False, description="叠加审核员的处理（撤销的问题不列出）"),
    user: User = Depends(api_user),
    db=Depends(db_session),
) -> dict[str, Any]:
    """The contract's JSON report (schema jiaodu.audit/1) as the machine made it, or with reviews."""
    s = submission_for(db, user, submission_id)
    report = workbench.machine_report(db, s)
    return workbench.reviewed_report(report, workbench.reviews_of(db, s)) if reviewed else report


RERUN_ERRORS = Err | {
    409: {"description": "正在排队或处理中"},
    429: {"description": "填报员 24 小时内重新处理次数已达上限（见 Retry-After）"},
}


@router.post(
    "/submissions/{submission_id}/rerun",
    response_model=StatusOut,
    status_code=202,
    responses=RERUN_ERRORS,
    tags=["材料包"],
)
def rerun(submission_id: int, request: Request, user: User = Depends(api_user), db=Depends(db_session)):
    s = submission_for(db, user, submission_id)
    workbench.rerun(db, state(request), s, user)
    return get_status(submission_id, user, db)


@router.get("/submissions/{submission_id}/files", response_model=list[FileOut], responses=Err, tags=["材料包"])
def list_files(submission_id: int, user: User = Depends(api_user), db=Depends(db_session)):
    s = submission_for(db, user, submission_id)
    rows = db.scalars(select(StoredFile).where(StoredFile.submission_id == s.id).order_by(StoredFile.path)).all()
    return [
        FileOut(
            id=f.id,
            path=f.path,
            sha256=f.sha256,
            size=f.size,
            status=f.status,
            format=f.format,
            ocr=f.ocr,
            pages=len(f.layout or []),
        )
        for f in rows
    ]


@router.get("/submissions/{submission_id}/files/{file_id}/original", responses=Err, tags=["材料包"])
def original_file(submission_id: int, file_id: int, request: Request, user=Depends(api_user), db=Depends(db_session)):
    """One file of the submission as it was uploaded (unpacked from the archive, bytes unchanged)."""
    s = submission_for(db, user, submission_id)
    f = file_for(db, s, file_id=file_id)
    if not f.stored:
        raise HTTPException(404, "该文件未被保存")
    path = state(request).home / f.stored
    if not path.is_file():
        raise HTTPException(404, workbench.LOST_ORIGINAL)
    return FileResponse(path, filename=f.path.rsplit("/", 1)[-1])


@router.get(
    "/submissions/{submission_id}/files/{file_id}/pages/{page}.png",
    responses=Err | {200: {"content": {"image/png": {}}}},
    response_class=Response,
    tags=["材料包"],
)
def page_image(
    submission_id: int, file_id: int, page: int, request: Request, user=Depends(api_user), db=Depends(db_session)
):
    return page_png(request, db, user, submission_id, file_id, page)


# -- reviews --------------------------------------------------------------------------------------------


@router.get("/submissions/{submission_id}/reviews", response_model=list[ReviewOut], responses=Err, tags=["审核"])
def list_reviews(submission_id: int, user: User = Depends(api_user), db=Depends(db_session)):
    s = submission_for(db, user, submission_id)
    return [ReviewOut(**workbench.review_dict(r)) for r in workbench.reviews_of(db, s)]


@router.post("/submissions/{submission_id}/reviews", response_model=ReviewOut, status_code=201, tags=["审核"])
def add_review(
    submission_id: int, body: ReviewIn, request: Request, user: User = Depends(api_user), db=Depends(db_session)
):
    """Confirm, reject or re-assign a claim's or a file's observation point; confirm or dismiss a flag; set
    a point's 核定分 (`score` with a reason where it departs from the suggestion) or `accept` the suggested
    score. The decision is stored apart from the machine's suggestion, with who and when; the submission's
    total and grade follow the reviewed scores."""
    s = submission_for(db, user, submission_id)
    fields = (body.target_kind, body.target_id, body.action, body.point, body.note)
    r = workbench.add_review(db, s, user, *fields, score=body.score, home=state(request).home)
    return ReviewOut(**workbench.review_dict(r))


# -- exports --------------------------------------------------------------------------------------------


@router.get(
    "/submissions/{submission_id}/exports/{kind}",
    responses=Err | {200: {"content": {m: {} for _, m in workbench.EXPORTS.values()}}},
    response_class=FileResponse,
    tags=["导出"],
)
def export(
    submission_id: int,
    kind: Literal["opinion.docx", "problems.xlsx"],
    request: Request,
    user: User = Depends(api_user),
    db=Depends(db_session),
):
    s = submission_for(db, user, submission_id)
    return workbench.download(*workbench.export(db, state(request), s, kind))


# -- frameworks -----------------------------------------------------------------------------------------


@router.get("/frameworks", response_model=list[FrameworkOut], tags=["指标体系"])
def frameworks(request: Request, user: User = Depends(api_user)):
    from corpora.frameworks.store import shipped
    from service.frameworks import imported

    home = state(request).home
    out = [(fw, "shipped") for fw in shipped()] + [(fw, "imported") for fw in imported(home)]
    return [
        FrameworkOut(id=fw.id, name=fw.name, points=len(fw.points()), max_score=fw.max_score, source=src)
        for fw, src in out
    ]


_TABLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post("/frameworks/validate", response_model=ValidationOut, tags=["指标体系"], openapi_extra=_TABLE_BODY)
async def validate_framework(request: Request, user: User = Depends(api_user)):
    """Validate a framework YAML file sent as the body: precise problems, or the ids it defines."""
    from corpora.frameworks import FrameworkError
    from corpora.frameworks.store import load_text

    raw = await _small_body(request, 5 << 20)
    try:
        found = await run_in_threadpool(load_text, raw.decode("utf-8"), "上传的文件")
    except UnicodeDecodeError:
        return ValidationOut(valid=False, problems=["文件不是 UTF-8 编码的 YAML"])
    except FrameworkError as exc:
        return ValidationOut(valid=False, problems=exc.problems)
    return ValidationOut(valid=True, problems=[], frameworks=[fw.id for fw in found])


@router.post(
    "/frameworks/import",
    response_model=FrameworkOut,
    status_code=201,
    responses={403: {"description": "仅管理员"}, 422: {"description": "表格无法导入"}},
    tags=["指标体系"],
    openapi_extra=_TABLE_BODY,
)
async def import_framework(
    request: Request,
    filename: str = Query(min_length=1, max_length=200, pattern=r"^[^/\\]+\.(xlsx|xls|docx|doc|pdf)$"),
    framework_id: str | None = Query(default=None, pattern=r"^[a-z0-9][a-z0-9._-]{0,99}$"),
    name: str | None = Query(default=None, max_length=200),
    user: User = Depends(api_user),
):
    """Import an official indicator table (Excel, Word or PDF, sent as the body) as a framework."""
    import tempfile
    from pathlib import Path

    from service.frameworks import import_table, save_imported

    if user.role != "admin":
        raise HTTPException(403, "仅管理员可以导入指标体系")
    raw = await _small_body(request, 20 << 20)
    with tempfile.TemporaryDirectory(prefix="jiaodu-table-") as tmp:
        path = Path(tmp) / Path(filename).name
        path.write_bytes(raw)
        result = await run_in_threadpool(import_table, path, framework_id=framework_id, name=name)
    if result.framework is None:
        raise HTTPException(422, "；".join(p.message for p in result.problems) or "表格无法导入")
    fw = result.framework
    try:
        save_imported(fw, state(request).home)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return FrameworkOut(id=fw.id, name=fw.name, points=len(fw.points()), max_score=fw.max_score, source="imported")


async def _small_body(request: Request, limit: int) -> bytes:
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise HTTPException(413, f"文件超过大小上限（{limit >> 20} MiB）")
    if not data:
        raise HTTPException(400, "请求体为空")
    return bytes(data)


# -- search ---------------------------------------------------------------------------------------------


Unavailable = {503: {"description": "检索索引正在重建，请稍后再试"}}


@router.get(
    "/search", response_model=list[HitOut], responses={422: {"description": "检索式有误"}} | Unavailable, tags=["检索"]
)
def search(
    request: Request,
    q: str = Query(min_length=1, max_length=500, description="检索式：词语，AND/OR/NOT，引号短语"),
    region: str | None = Query(default=None, max_length=64),
    year: int | None = Query(default=None, ge=1990, le=2100),
    kind: Literal["passage", "table_row", "claim"] | None = None,
    limit: int = Query(default=20, ge=1, le=100),
    user: User = Depends(api_user),
    db=Depends(db_session),
):
    filters, scope = scoped_filters(db, user, region=region, year=year, kinds=[kind] if kind else None)
    try:
        results = search_index(request).search(q, filters, limit)
    except QueryError as exc:
        raise HTTPException(422, str(exc)) from None
    return hits_out(results.hits, scope)


@router.get("/search/point", response_model=list[HitOut], responses=Err | Unavailable, tags=["检索"])
def search_point(
    request: Request,
    framework: str = Query(min_length=1, max_length=100),
    point: str = Query(min_length=1, max_length=64),
    limit: int = Query(default=20, ge=1, le=100),
    user: User = Depends(api_user),
    db=Depends(db_session),
):
    return point_hits(request, db, user, framework_of(request, framework), point, limit)


@router.post("/search/batch", response_model=list[BatchRowOut], responses=Unavailable, tags=["检索"])
def search_batch(request: Request, body: BatchIn, user: User = Depends(api_user), db=Depends(db_session)):
    fw = framework_of(request, body.framework) if body.framework else None
    filters, scope = scoped_filters(db, user)
    items = [i.strip() for i in body.items if i.strip()]
    try:
        rows = search_index(request).batch(items, fw, filters, body.limit)
    except QueryError as exc:
        raise HTTPException(422, str(exc)) from None
    return [BatchRowOut(item=r.item, count=r.count, hits=hits_out(r.hits, scope)) for r in rows]


__all__ = ["Session", "current_session", "router"]


# The reference page (/api/docs) and the OpenAPI document name every operation in Chinese.
SUMMARIES = {
    "login": "登录，取得访问令牌",
    "logout": "退出登录",
    "me": "当前用户",
    "list_submissions": "材料包列表",
    "upload_submission": "上传材料包（压缩包作为请求体）",
    "get_submission": "材料包详情",
    "get_status": "处理进度",
    "get_report": "审核报告（JSON）",
    "rerun": "重新处理材料包",
    "list_files": "材料包中的文件",
    "original_file": "下载原始文件",
    "page_image": "文件某页的图像",
    "list_reviews": "审核意见列表",
    "add_review": "添加审核意见（确认、驳回或改判观测点）",
    "export": "导出初审意见（Word）或问题清单（Excel）",
    "frameworks": "指标体系列表",
    "validate_framework": "校验指标体系文件",
    "import_framework": "导入官方指标表",
    "search": "全文检索",
    "search_point": "按观测点检索",
    "search_batch": "批量检索",
}
for _route in router.routes:
    _route.summary = SUMMARIES[_route.name]
