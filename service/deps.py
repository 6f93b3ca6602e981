"""What every route of the web app and the API shares: the store, the signed-in user, CSRF, and the one
lookup of a submission within the user's scope (anything outside it is 404, never 403)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Depends, Request, Response

from service import accounts, errors
from service.db import Session, Store, StoredFile, Submission, User
from service.tasks import TaskRunner
from service.throttle import LoginThrottle, retry_message
from service.viewer import PageRenderer

COOKIE = "jiaodu_session"
CSRF_HEADER = "x-csrf-token"
NOT_FOUND = "未找到该材料包，或您无权查看"
WRONG_LOGIN = "用户名或密码错误"
MAX_ID = 2**31 - 1  # ids beyond any database's integer column are simply not found


@dataclass
class AppState:
    store: Store
    home: Path
    runner: TaskRunner
    max_upload: int
    renderer: PageRenderer
    secure_cookies: bool = False  # served over HTTPS: cookies are marked Secure
    throttle: LoginThrottle = field(default_factory=LoginThrottle)


class LoginRequired(Exception):
    """Raised for a page that needs a signed-in user; the app answers with a redirect to the login page."""


def state(request: Request) -> AppState:
    return request.app.state.jiaodu


def db_session(request: Request):
    with state(request).store.session() as db:
        yield db


def sign_in(request: Request, db, username: str, password: str) -> tuple[str, Session]:
    """A new session for the API and the login form alike. Throttled attempts are refused (TooManyAttempts)
    before the password is hashed; a wrong name or password is NotLoggedIn, a disabled account Forbidden."""
    throttle = state(request).throttle
    address = request.client.host if request.client else ""
    wait = throttle.attempt(username, address)
    if wait:
        raise errors.TooManyAttempts(retry_message(wait), wait)
    try:
        got = accounts.login(db, username, password)
    except accounts.AccountError as exc:
        raise errors.Forbidden(str(exc)) from None
    if got is None:
        raise errors.NotLoggedIn(WRONG_LOGIN)
    throttle.succeeded(username, address)
    return got


def set_cookie(request: Request, response: Response, name: str, value: str, **options) -> None:
    """Every cookie of the app: out of reach of scripts, and Secure when served over HTTPS."""
    response.set_cookie(name, value, httponly=True, secure=state(request).secure_cookies, **options)


def clear_cookie(request: Request, response: Response, name: str, **options) -> None:
    response.delete_cookie(name, httponly=True, secure=state(request).secure_cookies, **options)


def token_of(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from a bearer header (exempt from CSRF checks)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), True
    return request.cookies.get(COOKIE), False


def current_session(request: Request, db=Depends(db_session)) -> Session | None:
    token, bearer = token_of(request)
    session = accounts.session_for(db, token)
    request.state.bearer = bearer
    request.state.session = session
    return session


def api_user(request: Request, session: Session | None = Depends(current_session)) -> User:
    if session is None:
        raise errors.NotLoggedIn("请先登录", challenge="Bearer")
    if request.method not in ("GET", "HEAD", "OPTIONS") and not request.state.bearer:
        check_csrf(session, request.headers.get(CSRF_HEADER))
    return session.user


def page_user(session: Session | None = Depends(current_session)) -> User:
    if session is None:
        raise LoginRequired()
    return session.user


def admin_user(user: User = Depends(page_user)) -> User:
    if user.role != "admin":
        raise errors.Forbidden("仅管理员可以管理账户")
    return user


def check_csrf(session: Session, token: str | None) -> None:
    if not token or not hmac.compare_digest(token.encode(), session.csrf.encode()):  # bytes: any token compares
        raise errors.Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


def submission_for(db, user: User, submission_id: int) -> Submission:
    if not 0 < submission_id <= MAX_ID:
        raise errors.NotFound(NOT_FOUND)
    sub = db.scalar(accounts.visible(user).where(Submission.id == submission_id))
    if sub is None:
        raise errors.NotFound(NOT_FOUND)
    return sub


def file_for(db, sub: Submission, *, file_id: int | None = None, path: str | None = None) -> StoredFile:
    """A stored file of a submission, looked up in the database only: a request never names a disk path."""
    query = db.query(StoredFile).filter(StoredFile.submission_id == sub.id)
    in_range = file_id is not None and 0 < file_id <= MAX_ID
    row = query.filter(StoredFile.id == file_id).first() if in_range else None
    if row is None and path is not None:
        row = query.filter(StoredFile.path == path).first()
    if row is None:
        raise errors.NotFound("未找到该文件")
    return row
