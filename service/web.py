"""What the REST API (service/api.py) and the pages (service/ui.py) share, below both: how a domain error
becomes an HTTP status, the framework a request names, searches within a user's scope, page images."""

from __future__ import annotations

from fastapi import Request, Response
from pydantic import BaseModel

from index.base import Filters
from service import errors, workbench
from service.db import Submission, User
from service.deps import file_for, state, submission_for

# The HTTP status of each domain error (service/errors.py); the most specific class wins.
STATUS: dict[type[errors.JiaoduError], int] = {
    errors.BadInput: 400,
    errors.NotLoggedIn: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.TooLarge: 413,
    errors.Invalid: 422,
    errors.TooManyAttempts: 429,
    errors.Unavailable: 503,
}


def status_of(exc: errors.JiaoduError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)


def headers_of(exc: errors.JiaoduError) -> dict[str, str]:
    """Retry-After for a throttled or unavailable service, WWW-Authenticate for a bearer client."""
    if isinstance(exc, errors.TooManyAttempts | errors.Unavailable):
        return {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, errors.NotLoggedIn) and exc.challenge:
        return {"WWW-Authenticate": exc.challenge}
    return {}


class HitOut(BaseModel):
    submission_id: int
    county: str
    file: str
    page: int | None
    kind: str
    points: list[str]
    snippet: str
    score: float


def hits_out(hits, scope: dict[str, Submission]) -> list[HitOut]:
    out = []
    for h in hits:
        s = scope.get(h.unit.submission)
        if s is None:
            continue
        out.append(
            HitOut(
                submission_id=s.id,
                county=s.county,
                file=h.unit.file,
                page=h.unit.page,
                kind=h.unit.kind,
                points=sorted(set(h.unit.points) | set(h.unit.confirmed)),
                snippet=h.snippet,
                score=round(h.score, 4),
            )
        )
    return out


def scoped_filters(db, user: User, region: str | None = None, **kwargs) -> tuple[Filters, dict[str, Submission]]:
    """The filters that keep a search within the user's submissions; a region (地区) is the submission's
    city or county as entered on upload, so 甲市 finds every county of 甲市."""
    scope = workbench.searchable(db, user)
    if region:
        scope = {k: s for k, s in scope.items() if region.strip() in (s.city, s.county)}
    return Filters(submissions=sorted(scope), **kwargs), scope


def search_index(request: Request):
    """The search index when whole; IndexUnavailable (503) while it is being rebuilt."""
    from service.reindex import open_index

    st = state(request)
    return open_index(st.home, st.store)


def framework_of(request: Request, ref: str):
    """The framework a request names by id (shipped or imported into this home)."""
    from corpora.frameworks import FrameworkError
    from service.frameworks import resolve

    try:
        return resolve(ref, state(request).home)
    except FrameworkError:
        raise errors.NotFound("没有这个指标体系") from None


def point_hits(request: Request, db, user: User, fw, point: str, limit: int) -> list[HitOut]:
    """Evidence for one observation point across the submissions the user may see."""
    if point not in {p.id for p in fw.points()}:
        raise errors.NotFound("该指标体系中没有这个观测点")
    filters, scope = scoped_filters(db, user)
    return hits_out(search_index(request).by_point(fw, point, filters, limit).hits, scope)


def page_png(request: Request, db, user: User, submission_id: int, file_id: int, page: int) -> Response:
    from service.viewer import RenderError, renderable

    s = submission_for(db, user, submission_id)
    f = file_for(db, s, file_id=file_id)
    if not f.stored or not renderable(f.format):
        raise errors.NotFound("该文件没有可显示的页面图像")
    path = state(request).home / f.stored
    if not path.is_file():
        raise errors.NotFound(workbench.LOST_ORIGINAL)
    try:
        png = state(request).renderer.png(path, f.format, page, f.sha256)
    except IndexError:
        raise errors.NotFound("页码超出范围") from None
    except RenderError as exc:
        raise errors.Invalid(str(exc)) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
