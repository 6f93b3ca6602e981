"""The web pages (网页界面): server-rendered Jinja2, a little plain JavaScript for upload and progress, all
in Chinese. Pages read the same store and call the same workbench functions as the API."""

from __future__ import annotations

import re
import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy import select

from classify.findings import KIND_NAMES, SEVERITY_NAMES
from classify.matcher import strength
from extract.model import place
from index.query import QueryError
from service import accounts, errors, settings, workbench
from service import scores as scoring
from service.charts import grouped_bars, stacked_bars
from service.db import StoredFile, Submission, User
from service.deps import (
    COOKIE,
    MAX_ID,
    admin_user,
    check_csrf,
    clear_cookie,
    current_session,
    db_session,
    file_for,
    page_user,
    set_cookie,
    sign_in,
    state,
    submission_for,
)
from service.pipeline import STAGE_NAMES
from service.viewer import matching_blocks, matching_rows, overlays, renderable
from service.web import (
    framework_of,
    headers_of,
    hits_out,
    page_png,
    point_hits,
    scoped_filters,
    search_index,
    status_of,
)

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
    VETO_EFFECTS=scoring.VETO_EFFECTS,
)
templates.env.filters["q"] = lambda s: quote(str(s or ""), safe="")


def where_in(file: str, page: int | None) -> str:
    """A citation's place for pages: 第N页, 第N个工作表, or nothing in Word and text files."""
    at = place(file, page)
    return f" {at}" if at else ""


templates.env.globals["place"] = place
templates.env.filters["where"] = lambda e: where_in(e.get("file"), e.get("page"))
templates.env.filters["local"] = settings.local_time  # every displayed time: local, not UTC
templates.env.filters["strength"] = strength
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
    titles = {404: "未找到", 403: "无权操作", 409: "暂不可用", 413: "文件过大", 422: "请求有误", 503: "暂不可用"}
    return render(request, "error.html", status_code, title=titles.get(status_code, "出错了"), message=message)


# -- login ---------------------------------------------------------------------------------------------


def _login_form(request: Request, next: str, error: errors.JiaoduError | None = None) -> HTMLResponse:
    """The login page with a fresh token, bound to a cookie, that the form must send back; after a refused
    attempt, with its message and status (401, 403 or 429 with Retry-After)."""
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        status_of(error) if error else 200,
        next=safe_next(next),
        login_csrf=token,
        error=error.message if error else "",
    )
    response.headers.update(headers_of(error) if error else {})
    set_cookie(request, response, LOGIN_CSRF, token, samesite="strict")
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
        raise errors.Forbidden("登录表单已过期，请刷新页面后重试")
    try:
        token, _ = sign_in(request, db, username, password)
    except errors.JiaoduError as exc:
        return _login_form(request, next, exc)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(request, response, COOKIE, token, samesite="lax", max_age=accounts.SESSION_HOURS * 3600)
    clear_cookie(request, response, LOGIN_CSRF, samesite="strict")
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form(max_length=64), session=Depends(current_session), db=Depends(db_session)):
    if session is not None:
        check_csrf(session, csrf)
        accounts.logout(db, request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    clear_cookie(request, response, COOKIE, samesite="lax")
    return response


# -- submissions ---------------------------------------------------------------------------------------


@router.get("/")
def submissions(request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    rows = db.scalars(accounts.visible(user).order_by(Submission.id.desc())).all()
    return render(request, "submissions.html", submissions=rows, framework_names=_framework_names(request))


def _framework_names(request: Request) -> dict[str, str]:
    """Framework id → name, for pages that list submissions (a reader knows 湖南省…评价, not hn-2021-…)."""
    from service.frameworks import available

    return {fw.id: fw.name for fw in available(state(request).home)}


@router.get("/upload")
def upload_page(request: Request, user: User = Depends(page_user)):
    from service.frameworks import available

    return render(request, "upload.html", frameworks=available(state(request).home))


def _context(db, sub: Submission) -> dict:
    """What the submission's pages share: the machine report, the decisions, and the point index."""
    report = workbench.machine_report(db, sub)
    reviews = workbench.reviews_of(db, sub)
    latest = scoring.decisions(reviews)
    flags_by_point: dict[str | None, list[dict]] = {}
    for f in report["flags"]:
        flags_by_point.setdefault(f.get("observation_point"), []).append(f)
    report = report | {"observation_points": workbench.with_statuses(report["observation_points"], report, latest)}
    return {"report": report, "latest": latest, "flags_by_point": flags_by_point, "reviews": reviews}


@router.get("/s/{submission_id}")
def overview(submission_id: int, request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    sub = submission_for(db, user, submission_id)
    if sub.status != "done":
        return render(request, "progress.html", sub=sub, framework_names=_framework_names(request))
    return _overview_page(request, db, sub)


def _overview_page(request: Request, db, sub: Submission, status_code: int = 200, **extra) -> HTMLResponse:
    ctx = _context(db, sub)
    open_flags = workbench.open_flags(ctx["report"]["flags"], ctx["latest"])
    counts = Counter(f["severity"] for f in open_flags)
    scores = scoring.point_scores(ctx["report"], ctx["latest"])
    totals = scoring.score_totals(ctx["report"], ctx["latest"])
    fw = framework_of(request, sub.framework_id)
    graded = scoring.graded(fw, ctx["report"], ctx["latest"])
    return render(
        request,
        "overview.html",
        status_code,
        sub=sub,
        counts=counts,
        scores=scores,
        totals=totals,
        vetoes=fw.vetoes,
        suggested_vetoes=scoring.suggested_vetoes(ctx["report"]),
        area_chart=_areas_chart(fw, open_flags),
        decided_flags={target for kind, target in ctx["latest"] if kind == "flag"},
        components=fw.components,
        graded=graded,
        grade_notes=graded.notes,
        **ctx,
        **extra,
    )


FILE_ROLES = {"report": "自评报告", "self_score": "自评表", "evidence": "佐证材料"}
FILE_STATUS = {"ok": "已读取", "ocr": "已识别（OCR）", "error": "无法读取"}
FLAG_STATES = {"open": "待处理", "confirm": "已确认", "dismiss": "已撤销"}


@router.get("/s/{submission_id}/files")
def file_list(submission_id: int, request: Request, user=Depends(page_user), db=Depends(db_session)):
    """材料清单: every file of the submission with its role, status, pages, matched points and why it could
    not be read — files matched to no point listed first among the evidence."""
    sub = submission_for(db, user, submission_id)
    ctx = _context(db, sub)
    stored = {f.path: f for f in db.scalars(select(StoredFile).where(StoredFile.submission_id == sub.id))}
    order = lambda f: (f["role"] != "evidence", bool(f["observation_points"]), f["path"])  # noqa: E731
    files = sorted(ctx["report"]["files"], key=order)
    unmatched = sum(1 for f in files if f["role"] == "evidence" and not f["observation_points"])
    return render(
        request, "files.html", sub=sub, files=files, stored=stored, unmatched=unmatched,
        FILE_ROLES=FILE_ROLES, FILE_STATUS=FILE_STATUS, **ctx,
    )  # fmt: skip


@router.get("/s/{submission_id}/findings")
def findings_list(
    submission_id: int,
    request: Request,
    severity: str = Query(default="", max_length=8),
    kind: str = Query(default="", max_length=32),
    point: str = Query(default="", max_length=64),
    state: str = Query(default="", max_length=8),
    sort: str = Query(default="severity", max_length=16),
    user=Depends(page_user),
    db=Depends(db_session),
):
    """All findings of a submission, filtered by severity, kind, point and state (待处理 / 已确认 / 已撤销) and
    sorted; with how many the reviewers have handled."""
    sub = submission_for(db, user, submission_id)
    ctx = _context(db, sub)
    latest = ctx["latest"]

    def state_of(f: dict) -> str:
        r = latest.get(("flag", f.get("id")))
        return r.action if r is not None else "open"

    flags = ctx["report"]["flags"]
    handled = sum(1 for f in flags if state_of(f) != "open")
    shown = [
        f for f in flags
        if (not severity or f["severity"] == severity) and (not kind or f["kind"] == kind)
        and (not point or f.get("observation_point") == point) and (not state or state_of(f) == state)
    ]  # fmt: skip
    rank = {"high": 0, "medium": 1, "low": 2}
    keys = {
        "severity": lambda f: (rank[f["severity"]], f.get("observation_point") or ""),
        "point": lambda f: (f.get("observation_point") or "~", rank[f["severity"]]),
        "kind": lambda f: (f["kind"], rank[f["severity"]]),
    }
    shown.sort(key=keys.get(sort, keys["severity"]))
    filters = {"severity": severity, "kind": kind, "point": point, "state": state, "sort": sort}
    return render(
        request, "findings.html", sub=sub, flags=shown, total=len(flags), handled=handled,
        state_of=state_of, filters=filters, FLAG_STATES=FLAG_STATES, **ctx,
    )  # fmt: skip


@router.get("/s/{submission_id}/p/{point}")
def point_detail(submission_id: int, point: str, request: Request, user=Depends(page_user), db=Depends(db_session)):
    return _point_page(request, db, submission_for(db, user, submission_id), point)


def _point_page(request: Request, db, sub: Submission, point: str, status_code: int = 200, **extra) -> HTMLResponse:
    ctx = _context(db, sub)
    node = next((p for p in ctx["report"]["observation_points"] if p["id"] == point), None)
    if node is None:
        raise errors.NotFound("没有这个观测点")
    latest = ctx["latest"]
    claims = [c for c in ctx["report"]["claims"] if workbench.claim_point(c, latest) == point]
    file_ids = {f.path: f.id for f in db.scalars(select(StoredFile).where(StoredFile.submission_id == sub.id))}
    return render(
        request,
        "point.html",
        status_code,
        sub=sub,
        node=node,
        claims=claims,
        files=workbench.point_files(node, latest),
        file_ids=file_ids,
        flags=ctx["flags_by_point"].get(point, []),
        points=ctx["report"]["observation_points"],
        flag_ids={f.get("id"): f for f in ctx["report"]["flags"]},
        claim_texts={c["id"]: c["text"] for c in ctx["report"]["claims"]},
        scores=scoring.point_scores(ctx["report"], latest)[point],
        neighbours=_neighbours(ctx["report"]["observation_points"], point),
        standard=_standard(request, sub, point),
        **ctx,
        **extra,
    )


def _areas_chart(fw, flags: list[dict]):
    """The open findings by area (一级指标), by severity."""
    def root_of(point: str | None) -> str:
        try:
            node = fw.node(point)
            while node.parent:
                node = fw.node(node.parent)
            return f"{node.id} {node.name[:8]}"
        except KeyError:
            return "未归属观测点"

    rows: dict[str, dict[str, int]] = {f"{n.id} {n.name[:8]}": {} for n in fw.roots()}
    for f in flags:
        counts = rows.setdefault(root_of(f.get("observation_point")), {})
        name = SEVERITY_NAMES[f["severity"]]
        counts[name] = counts.get(name, 0) + 1
    return stacked_bars("各领域未撤销的问题", list(rows.items()), list(SEVERITY_NAMES.values()))


def _neighbours(points: list[dict], point: str) -> tuple[dict | None, dict | None]:
    """The points before and after `point` in the framework's order (上一个 / 下一个观测点)."""
    ids = [p["id"] for p in points]
    i = ids.index(point)
    return (points[i - 1] if i > 0 else None, points[i + 1] if i + 1 < len(points) else None)


def _standard(request: Request, sub: Submission, point: str) -> dict:
    """The point's 评分标准 as written and the machine-readable standards the checks applied."""
    from corpora.frameworks.store import rule_text

    try:
        node = framework_of(request, sub.framework_id).node(point)
    except (KeyError, errors.NotFound):
        return {"rule": "", "checks": []}
    return {"rule": node.scoring_rule, "checks": [rule_text(r) for r in node.rules]}


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
    score: str = Form(default="", max_length=16),
    back: str = Form(default="", max_length=500),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    check_csrf(request.state.session, csrf)
    sub = submission_for(db, user, submission_id)
    try:
        value = float(score) if score.strip() else None
    except ValueError:
        raise errors.Invalid("核定分须是数字") from None
    fields = (target_kind, target_id, action, point or None, note)
    back = safe_next(back) if back else f"/s/{sub.id}"
    try:
        workbench.add_review(db, sub, user, *fields, score=value, home=state(request).home)
    except errors.Invalid as e:
        # the page the reviewer came from, with the message beside the form and what they typed kept
        typed = {"kind": target_kind, "target": target_id, "message": e.message, "note": note, "score": score}
        page = _BACK_POINT.match(back)
        if page:
            return _point_page(request, db, sub, unquote(page.group(1)), 422, form_error=typed)
        return _overview_page(request, db, sub, 422, form_error=typed)
    return RedirectResponse(_with_anchor(back, target_kind, target_id), status_code=303)


_BACK_POINT = re.compile(r"^/s/\d+/p/([^#?]+)")


def _with_anchor(back: str, kind: str, target: str) -> str:
    """Back to where the decision was made: the item's own anchor on the page (#flag-f3, #claim-c12)."""
    if "#" in back:
        return back
    anchor = {"point": "scores"}.get(kind, f"{kind}-{quote(target, safe='')}")
    return f"{back}#{anchor}"


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
        raise errors.NotFound("页码超出范围")
    layout = pages[page - 1] if pages else {"blocks": []}
    marked = matching_blocks(layout, q)
    rows = matching_rows(layout, q, marked)
    marked_rows: dict[int, dict[int, set[int]]] = {}
    for m in rows:
        marked_rows.setdefault(m.block, {})[m.row] = set(m.cells)
    lost = bool(stored.stored) and not (state(request).home / stored.stored).is_file()
    return render(
        request,
        "viewer.html",
        sub=sub,
        stored=stored,
        page=page,
        pages=len(pages),
        layout=layout,
        marked=set(marked),
        rows=marked_rows,
        boxes=overlays(layout, marked, rows) if renderable(stored.format) else [],
        image=renderable(stored.format) and bool(stored.stored) and not lost,
        lost=workbench.LOST_ORIGINAL if lost else "",
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
    return workbench.download(*workbench.export(db, state(request), sub, kind))


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


PER_PAGE = 30


@router.get("/search")
def search_page(
    request: Request,
    q: str = Query(default="", max_length=500),
    region: str = Query(default="", max_length=64),
    year: str = Query(default="", max_length=4),
    kind: str = Query(default="", max_length=16),
    page: int = Query(default=1, ge=1, le=100),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    """Full-text search within the user's scope, 30 hits a page, with the number of all matches."""
    hits, error, total = [], "", 0
    if q.strip():
        filters, scope = scoped_filters(
            db,
            user,
            region=region or None,
            year=int(year) if year.isdigit() else None,
            kinds=[kind] if kind in ("passage", "table_row", "claim") else None,
        )
        try:
            results = search_index(request).search(q, filters, page * PER_PAGE, count=True)
            total = results.total or 0
            hits = hits_out(results.hits[(page - 1) * PER_PAGE :], scope)
        except QueryError as exc:
            error = str(exc)
    pages = max(1, -(-total // PER_PAGE))
    args = {"q": q, "region": region, "year": year, "kind": kind}
    return render(
        request, "search.html", hits=hits, error=error, total=total, page=page, pages=pages, args=args, **args
    )


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
    fw = framework_of(request, framework) if framework else None
    hits = []
    if fw is not None and point:
        hits = point_hits(request, db, user, fw, point, 30)
    return render(request, "search_point.html", frameworks=frameworks, fw=fw, point=point, hits=hits)


BATCH_LISTED = 50  # hits listed per item on the page; the export has them all up to BATCH_EXPORTED
BATCH_EXPORTED = 1000


def _batch_rows(request: Request, db, user: User, items: str, framework: str, limit: int) -> list[tuple]:
    """(item, count, hits) per line of the batch, within the user's scope (QueryError for a bad line)."""
    wanted = [line.strip() for line in items.splitlines() if line.strip()][:200]
    if not wanted:
        return []
    fw = framework_of(request, framework) if framework else None
    filters, scope = scoped_filters(db, user)
    return [(r.item, r.count, hits_out(r.hits, scope)) for r in search_index(request).batch(wanted, fw, filters, limit)]


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
    try:
        rows = _batch_rows(request, db, user, items, framework, BATCH_LISTED)
    except QueryError as exc:
        error = str(exc)
    frameworks = available(state(request).home)
    return render(
        request, "search_batch.html", items=items, framework=framework, frameworks=frameworks, rows=rows,
        error=error, listed=BATCH_LISTED,
    )  # fmt: skip


@router.get("/search/batch/export")
def search_batch_export(
    request: Request,
    items: str = Query(default="", max_length=20000),
    framework: str = Query(default="", max_length=100),
    user: User = Depends(page_user),
    db=Depends(db_session),
):
    """The batch's hits as an Excel sheet (all of them, up to 1,000 an item), what the page shows."""
    try:
        rows = _batch_rows(request, db, user, items, framework, BATCH_EXPORTED)
    except QueryError as exc:
        raise errors.Invalid(str(exc)) from None
    if not rows:
        raise errors.Invalid("请先填写检索项")
    return workbench.download(workbench.batch_xlsx(rows), "批量检索结果.xlsx", workbench.XLSX)


# -- city view and frameworks --------------------------------------------------------------------------


@router.get("/city")
def city_list(request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    return render(request, "cities.html", cities=workbench.cities(db, user))


@router.get("/city/{city}")
def city_view(city: str, request: Request, user: User = Depends(page_user), db=Depends(db_session)):
    rows, notes = workbench.city_rows(db, state(request), user, city)
    totals = [(r["submission"].county, [r["totals"][k] for k in ("self", "suggested", "reviewed")]) for r in rows]
    kinds = [(r["submission"].county, {KIND_NAMES[k]: n for k, n in r["kinds"].items()}) for r in rows]
    charts = [
        grouped_bars("各区县总分", totals, ["自评总分", "建议总分", "核定总分"]),
        stacked_bars("各区县未撤销的问题（按类型）", kinds, list(KIND_NAMES.values())),
    ] if rows else []  # fmt: skip
    return render(request, "city.html", city=city, rows=rows, notes=notes, charts=charts)


@router.get("/frameworks")
def frameworks_page(request: Request, user: User = Depends(page_user)):
    from corpora.frameworks.store import shipped
    from service.frameworks import imported

    home = state(request).home
    return render(request, "frameworks.html", shipped=shipped(), imported=imported(home))


# -- accounts (administrators only) --------------------------------------------------------------------


def _regions(text: str) -> list[str]:
    return [r for r in re.split(r"[、，,\s]+", text) if r]


def _users_page(request: Request, db, status_code: int = 200, **context) -> HTMLResponse:
    limits = {"idle_hours": f"{accounts.IDLE.total_seconds() / 3600:g}", "lifetime_hours": accounts.SESSION_HOURS}
    rows, sessions = accounts.users(db), accounts.live_sessions(db)
    return render(request, "users.html", status_code, users=rows, sessions=sessions, **limits, **context)


@router.get("/admin/users")
def users_page(
    request: Request,
    done: str = Query(default="", max_length=16),
    who: int = Query(default=0),
    admin: User = Depends(admin_user),
    db=Depends(db_session),
):
    """The accounts; after an action, what was done to whom (the name read here, never from the link)."""
    target = db.get(User, who) if 0 < who <= MAX_ID else None
    notice = f"用户 {target.username} {accounts.DONE[done]}" if target and done in accounts.DONE else ""
    return _users_page(request, db, notice=notice)


@router.post("/admin/users/{user_id}/{action}")
def users_action(
    user_id: int,
    action: str,
    request: Request,
    csrf: str = Form(max_length=64),
    password: str = Form(default="", max_length=256),
    role: str = Form(default="", max_length=16),
    regions: str = Form(default="", max_length=1000),
    city: str = Form(default="", max_length=64),
    county: str = Form(default="", max_length=64),
    admin: User = Depends(admin_user),
    db=Depends(db_session),
):
    check_csrf(request.state.session, csrf)
    target = db.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if target is None or action not in accounts.ACTIONS:
        raise errors.NotFound("没有这个用户或操作")
    change = accounts.Change(password, role, _regions(regions), city or None, county or None)
    try:
        accounts.ACTIONS[action](db, target, change)
    except accounts.AccountError as exc:
        return _users_page(request, db, 422, error=f"用户 {target.username}：{exc}")
    return RedirectResponse(f"/admin/users?done={action}&who={target.id}", status_code=303)


@router.get("/favicon.ico")
def favicon():
    return Response(status_code=204)
