"""The web pages (网页界面): server-rendered Jinja2, a little plain JavaScript for upload and progress, all
in Chinese. Pages read the same store and call the same workbench functions as the API."""

from __future__ import annotations

import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy import select

from classify.findings import KIND_NAMES, SEVERITY_NAMES
from index.query import QueryError
from service import accounts, workbench
from service.api import framework_or_404, hits_out, page_png, point_hits, scoped_filters, search_index
from service.db import StoredFile, Submission, User
from service.deps import COOKIE, check_csrf, current_session, db_session, file_for, page_user, state, submission_for
from service.pipeline import STAGE_NAMES
from service.viewer import matching_blocks, overlays, renderable

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(
    KIND_NAMES=KIND_NAMES,
    SEVERITY_NAMES=SEVERITY_NAMES,
    STATUS_NAMES=workbench.STATUS_NAMES,
    STAGE_NAMES=STAGE_NAMES,
    POINT_STATUS=workbench.POINT_STATUS,
    SUPPORT_NAMES=workbench.SUPPORT_NAMES,
    ROLES=accounts.ROLES,
    ACTIONS=workbench.ACTIONS,
)
templates.env.filters["q"] = lambda s: quote(str(s or ""), safe="")
templates.env.filters["plain"] = lambda s: str(s or "").replace("【", "").replace("】", "")


def _marked(snippet: str) -> Markup:
    """A search snippet with its 【term】 marks as <mark>, everything else escaped."""
    html = str(escape(snippet or ""))
    if html.count("【") == html.count("】"):
        html = html.replace("【", "<mark>").replace("】", "</mark>")
    return Markup(html)


templates.env.filters["marked"] = _marked
LOGIN_CSRF = "jiaodu_login_csrf"


def safe_next(path: str | None) -> str:
    """Only a local path may follow a login: never another site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    context |= {"user": session.user if session else None, "csrf": session.csrf if session else ""}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    titles = {404: "未找到", 403: "无权操作", 409: "暂不可用", 413: "文件过大", 422: "请求有误"}
    return render(request, "error.html", status_code, title=titles.get(status_code, "出错了"), message=message)


# -- login ---------------------------------------------------------------------------------------------


def _login_form(request: Request, next: str, failed: bool = False) -> HTMLResponse:
    """The login page with a fresh token, bound to a cookie, that the form must send back."""
    token = secrets.token_urlsafe(24)
    response = render(
        request, "login.html", 401 if failed else 200, next=safe_next(next), login_csrf=token, failed=failed
    )
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict")
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return _login_form(request, next)


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(max_length=64),
    password: str = Form(max_length=256),
    csrf: str = Form(max_length=64),
    next: str = Form(default="/", max_length=500),
    db=Depends(db_session),
):
    expected = request.cookies.get(LOGIN_CSRF)
    if not expected or not secrets.compare_digest(expected, csrf):
        raise HTTPException(403, "登录表单已过期，请刷新页面后重试")
    got = accounts.login(db, username, password)
    if got is None:
        return _login_form(request, next, failed=True)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, got[0], httponly=True, samesite="lax", max_age=accounts.SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form(max_length=64), session=Depends(current_session), db=Depends(db_session)):
    if session is not None:
        check_csrf(session, csrf)
        accounts.logout(db, request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# -- submissions ---------------------------------------------------------------------------------------


@router.get("/")
def submissions(request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    rows = db.scalars(accounts.visible(user).order_by(Submission.id.desc())).all()
    return render(request, "submissions.html", submissions=rows)


@router.get("/upload")
def upload_page(request: Request, user: User = Depends(page_user)):
    from service.frameworks import available

    return render(request, "upload.html", frameworks=available(state(request).home))


def _context(db, sub: Submission) -> dict:
    """What the submission's pages share: the machine report, the decisions, and the point index."""
    report = workbench.machine_report(db, sub)
    reviews = workbench.reviews_of(db, sub)
    latest = workbench.decisions(reviews)
    flags_by_point: dict[str | None, list[dict]] = {}
    for f in report["flags"]:
        flags_by_point.setdefault(f.get("observation_point"), []).append(f)
    return {"report": report, "latest": latest, "flags_by_point": flags_by_point, "reviews": reviews}


@router.get("/s/{submission_id}")
def overview(submission_id: int, request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    sub = submission_for(db, user, submission_id)
    if sub.status != "done":
        return render(request, "progress.html", sub=sub)
    ctx = _context(db, sub)
    open_flags = [
        f
        for f in ctx["report"]["flags"]
        if getattr(ctx["latest"].get(("flag", f.get("id"))), "action", None) != "dismiss"
    ]
    counts = Counter(f["severity"] for f in open_flags)
    return render(request, "overview.html", sub=sub, counts=counts, **ctx)


@router.get("/s/{submission_id}/p/{point}")
def point_detail(submission_id: int, point: str, request: Request, user=Depends(page_user), db=Depends(db_session)):
    sub = submission_for(db, user, submission_id)
    ctx = _context(db, sub)
    node = next((p for p in ctx["report"]["observation_points"] if p["id"] == point), None)
    if node is None:
        raise HTTPException(404, "没有这个观测点")
    latest = ctx["latest"]
    claims = [c for c in ctx["report"]["claims"] if workbench.claim_point(c, latest) == point]
    files = list(node["evidence_files"])
    for (kind, target), r in latest.items():
        if kind == "file" and r.action == "reassign" and r.point == point and target not in files:
            files.append(target)
    file_ids = {f.path: f.id for f in db.scalars(select(StoredFile).where(StoredFile.submission_id == sub.id))}
    points = ctx["report"]["observation_points"]
    return render(
        request,
        "point.html",
        sub=sub,
        node=node,
        claims=claims,
        files=files,
        file_ids=file_ids,
        flags=ctx["flags_by_point"].get(point, []),
        points=points,
        **ctx,
    )


@router.post("/s/{submission_id}/review")
def review_submit(
    submission_id: int,
    request: Request,
    csrf: str = Form(max_length=64),
    target_kind: str = Form(max_length=8),
    target_id: str = Form(max_length=1000),
    action: str = Form(max_length=16),
    point: str = Form(default="", max_length=64),
    note: str = Form(default="", max_length=4000),
    back: str = Form(default="", max_length=500),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    check_csrf(request.state.session, csrf)
    sub = submission_for(db, user, submission_id)
    workbench.add_review(db, sub, user, target_kind, target_id, action, point or None, note)
    return RedirectResponse(safe_next(back) if back else f"/s/{sub.id}", status_code=303)


@router.get("/s/{submission_id}/view")
def viewer(
    submission_id: int,
    request: Request,
    file: str = Query(max_length=1000),
    page: int = Query(default=1, ge=1, le=100000),
    q: str = Query(default="", max_length=2000),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    sub = submission_for(db, user, submission_id)
    stored = file_for(db, sub, path=file)
    pages = stored.layout or []
    if pages and not 1 <= page <= len(pages):
        raise HTTPException(404, "页码超出范围")
    layout = pages[page - 1] if pages else {"blocks": []}
    marked = matching_blocks(layout, q)
    return render(
        request,
        "viewer.html",
        sub=sub,
        stored=stored,
        page=page,
        pages=len(pages),
        layout=layout,
        marked=set(marked),
        boxes=overlays(layout, marked) if renderable(stored.format) else [],
        image=renderable(stored.format) and bool(stored.stored),
        q=q,
    )


@router.get("/s/{submission_id}/page/{file_id}/{page}.png")
def page_image(
    submission_id: int, file_id: int, page: int, request: Request, user=Depends(page_user), db=Depends(db_session)
):
    return page_png(request, db, user, submission_id, file_id, page)


@router.get("/s/{submission_id}/export/{kind}")
def export(submission_id: int, kind: str, request: Request, user=Depends(page_user), db=Depends(db_session)):
    sub = submission_for(db, user, submission_id)
    path, filename, media = workbench.export(db, state(request), sub, kind)
    return FileResponse(path, filename=filename, media_type=media)


@router.post("/s/{submission_id}/rerun")
def rerun(
    submission_id: int,
    request: Request,
    csrf: str = Form(max_length=64),
    user=Depends(page_user),
    db=Depends(db_session),
):
    check_csrf(request.state.session, csrf)
    sub = submission_for(db, user, submission_id)
    workbench.rerun(db, state(request), sub, user)
    return RedirectResponse(f"/s/{sub.id}", status_code=303)


# -- search --------------------------------------------------------------------------------------------


@router.get("/search")
def search_page(
    request: Request,
    q: str = Query(default="", max_length=500),
    region: str = Query(default="", max_length=64),
    year: str = Query(default="", max_length=4),
    kind: str = Query(default="", max_length=16),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    hits, error = [], ""
    if q.strip():
        filters, scope = scoped_filters(
            db,
            user,
            region=region or None,
            year=int(year) if year.isdigit() else None,
            kinds=[kind] if kind in ("passage", "table_row", "claim") else None,
        )
        try:
            hits = hits_out(search_index(request).search(q, filters, 30).hits, scope)
        except QueryError as exc:
            error = str(exc)
    return render(request, "search.html", q=q, region=region, year=year, kind=kind, hits=hits, error=error)


@router.get("/search/point")
def search_point_page(
    request: Request,
    framework: str = Query(default="", max_length=100),
    point: str = Query(default="", max_length=64),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    from service.frameworks import available

    frameworks = available(state(request).home)
    fw = framework_or_404(request, framework) if framework else None
    hits = []
    if fw is not None and point:
        hits = point_hits(request, db, user, fw, point, 30)
    return render(request, "search_point.html", frameworks=frameworks, fw=fw, point=point, hits=hits)


@router.get("/search/batch")
def search_batch_page(
    request: Request,
    items: str = Query(default="", max_length=20000),
    framework: str = Query(default="", max_length=100),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    from service.frameworks import available

    rows, error = [], ""
    wanted = [line.strip() for line in items.splitlines() if line.strip()][:200]
    if wanted:
        fw = framework_or_404(request, framework) if framework else None
        filters, scope = scoped_filters(db, user)
        try:
            rows = [
                (r.item, r.count, hits_out(r.hits, scope)) for r in search_index(request).batch(wanted, fw, filters, 5)
            ]
        except QueryError as exc:
            error = str(exc)
    frameworks = available(state(request).home)
    return render(
        request, "search_batch.html", items=items, framework=framework, frameworks=frameworks, rows=rows, error=error
    )


# -- city view and frameworks --------------------------------------------------------------------------


@router.get("/city")
def city_list(request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    return render(request, "cities.html", cities=workbench.cities(db, user))


@router.get("/city/{city}")
def city_view(city: str, request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    rows, notes = workbench.city_rows(db, state(request), user, city)
    return render(request, "city.html", city=city, rows=rows, notes=notes)


@router.get("/frameworks")
def frameworks_page(request: Request, user: User = Depends(page_user)):
    from corpora.frameworks.store import shipped
    from service.frameworks import imported

    home = state(request).home
    return render(request, "frameworks.html", shipped=shipped(), imported=imported(home))


@router.get("/favicon.ico")
def favicon():
    return Response(status_code=204)
