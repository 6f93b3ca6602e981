"""The web app (审核工作台): FastAPI serving the REST API under /api and the Chinese pages, with the local
worker pool started and unfinished submissions resumed on start-up."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from index.search import IndexDamaged
from service import errors, reindex, settings
from service.accounts import purge_sessions
from service.db import Store
from service.deps import AppState, LoginRequired
from service.reindex import IndexUnavailable
from service.tasks import LocalRunner, TaskRunner, recover
from service.viewer import PageRenderer
from service.zh import validation_messages

MAX_UPLOAD = 2 << 30  # bytes; JIAODU_MAX_UPLOAD overrides
HERE = Path(__file__).parent
# pages load scripts, styles, images and forms from this site only: no inline script or style attribute
CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"


def create_app(
    home: Path | None = None,
    store: Store | None = None,
    runner: TaskRunner | None = None,
    *,
    workers: int = 1,
    max_upload: int | None = None,
    resume: bool = True,
    new_database: bool = False,
) -> FastAPI:
    """Raises StorageError (a Chinese explanation) when the database is missing beside the workbench's
    data or damaged; `new_database` deliberately starts an empty one."""
    home = home or settings.home()
    settings.use_cache_of(home)
    store = store or Store(new_database=new_database)
    runner = runner or LocalRunner(store, home, workers=workers)
    limit = max_upload or int(os.environ.get("JIAODU_MAX_UPLOAD", MAX_UPLOAD))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        with store.session() as db:
            purge_sessions(db)
        if resume:
            recover(store, runner)
        yield
        runner.shutdown(wait=False)
        app.state.jiaodu.renderer.close()

    app = FastAPI(
        title="教督 jiaodu 审核工作台 API",
        description="履行教育职责评价材料的上传、处理进度、审核报告、检索、审核意见与导出。",
        version="1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    renderer = PageRenderer(home / "cache" / "pages")
    app.state.jiaodu = AppState(
        store=store,
        home=home,
        runner=runner,
        max_upload=limit,
        renderer=renderer,
        secure_cookies=settings.secure_cookies(),
    )

    from service import api, apidocs, ui

    app.include_router(api.router)
    app.include_router(apidocs.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={ui.safe_next(str(request.url.path))}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return ui.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(errors.JiaoduError)
    async def domain_error(request: Request, exc: errors.JiaoduError):
        return await http_error(request, api.to_http(exc))

    @app.exception_handler(IndexDamaged)
    @app.exception_handler(IndexUnavailable)
    async def index_unavailable(request: Request, exc: Exception):
        if isinstance(exc, IndexDamaged):  # broken under a query: rebuild, as when it is found on opening
            reindex.start(home, store)
        return await domain_error(request, errors.Unavailable(reindex.REBUILDING, 30))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = validation_messages(exc.errors())
        detail = "；".join(e["msg"] for e in errors) or "请求参数有误"
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": detail, "errors": errors}, status_code=422)
        return ui.error_page(request, 422, f"请求有误，请检查后重试：{detail}")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return app
