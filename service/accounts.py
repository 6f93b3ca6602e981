"""Accounts (账户): users and roles, password hashes, login sessions, and who may see which submission.

Roles: 管理员 (admin) sees everything; 市级审核员 (reviewer) sees the submissions of the cities assigned to
them; 县级填报员 (submitter) uploads and sees only their own. Passwords are stored as scrypt hashes (the
standard library's, RFC 7914) with a per-user salt; a session is a random token whose SHA-256 is stored,
with its own CSRF token for forms. A session ends after SESSION_HOURS, or after IDLE without a request;
disabling an account or changing its password ends its sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, delete, func, not_, select
from sqlalchemy.orm import contains_eager

from service.db import Session, Submission, User, now

ROLES = {"admin": "管理员", "reviewer": "市级审核员", "submitter": "县级填报员"}
SESSION_HOURS = 12  # absolute lifetime of a session, however active
IDLE = timedelta(hours=2)  # a session unused this long ends
TOUCH_EVERY = timedelta(minutes=1)  # how stale last_seen_at may get: not one write per request
DISABLED = "该账户已停用，请联系管理员"
# what the CLI and the administrator page report after each lifecycle action (see ACTIONS)
DONE = {
    "disable": "已停用，其会话已全部结束",
    "enable": "已启用",
    "password": "已重设密码，其会话已全部结束",
    "role": "已更改角色",
    "logout": "的会话已全部结束",
}
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AccountError(ValueError):
    """A user-facing problem with an account request (Chinese message)."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32, n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got.hex(), digest)


def _check_new_password(password: str) -> None:
    if len(password) < 8:
        raise AccountError("密码至少 8 位")


def _check_scope(role: str, regions: list[str] | None, city: str | None, county: str | None) -> None:
    """A role comes with what it covers: a reviewer's cities, a submitter's city and county."""
    if role not in ROLES:
        raise AccountError(f"未知角色 {role}（可用：{'、'.join(ROLES)}）")
    if role == "reviewer" and not regions:
        raise AccountError("市级审核员须指定负责的地市（--region）")
    if role == "submitter" and not (city and county):
        raise AccountError("县级填报员须指定所属地市和区县（--city、--county）")


def add_user(
    db,
    username: str,
    password: str,
    role: str,
    *,
    regions: list[str] | None = None,
    city: str | None = None,
    county: str | None = None,
    display_name: str = "",
) -> User:
    _check_scope(role, regions, city, county)
    _check_new_password(password)
    if not username or len(username) > 64:
        raise AccountError("用户名不能为空，且不超过 64 个字符")
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"用户名 {username} 已存在")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        regions=list(regions or []),
        city=city,
        county=county,
        display_name=display_name or username,
    )
    db.add(user)
    db.commit()
    return user


def find_user(db, username: str) -> User:
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"没有用户 {username}")
    return user


def users(db) -> list[User]:
    return list(db.scalars(select(User).order_by(User.username)))


# -- account lifecycle: disabling and a new password end the sessions; a role applies from the next request


def _keep_an_admin(db, user: User) -> None:
    """Refuse to disable or demote the last administrator who can still sign in."""
    if user.role != "admin" or user.disabled_at is not None:
        return
    others = select(func.count(User.id)).where(User.role == "admin", User.disabled_at.is_(None), User.id != user.id)
    if not db.scalar(others):
        raise AccountError("至少要保留一位可用的管理员")


def set_disabled(db, user: User, disabled: bool) -> None:
    """停用 or 启用 an account; a disabled user cannot sign in and their sessions end now."""
    if disabled:
        _keep_an_admin(db, user)
        user.disabled_at = user.disabled_at or now()
        end_sessions(db, user)
    else:
        user.disabled_at = None
        db.commit()


def set_password(db, user: User, password: str) -> None:
    """A new password ends every session signed in with the old one."""
    _check_new_password(password)
    user.password_hash = hash_password(password)
    end_sessions(db, user)


def set_role(
    db, user: User, role: str, *, regions: list[str] | None = None, city: str | None = None, county: str | None = None
) -> None:
    _check_scope(role, regions, city, county)
    if role != "admin":
        _keep_an_admin(db, user)
    user.role, user.regions, user.city, user.county = role, list(regions or []), city, county
    db.commit()


def end_sessions(db, user: User) -> int:
    """Sign the user out everywhere, committing with any pending change to the user; how many ended."""
    ended = db.execute(delete(Session).where(Session.user_id == user.id)).rowcount
    db.commit()
    return ended


@dataclass
class Change:
    """What a lifecycle action needs besides the user: a new password, or a role with its scope."""

    password: str = ""
    role: str = ""
    regions: list[str] = field(default_factory=list)
    city: str | None = None
    county: str | None = None


# the lifecycle actions the CLI and the administrator page offer, by name
ACTIONS: dict[str, Callable[[object, User, Change], object]] = {
    "disable": lambda db, user, c: set_disabled(db, user, True),
    "enable": lambda db, user, c: set_disabled(db, user, False),
    "password": lambda db, user, c: set_password(db, user, c.password),
    "role": lambda db, user, c: set_role(db, user, c.role, regions=c.regions, city=c.city, county=c.county),
    "logout": lambda db, user, c: end_sessions(db, user),
}


# -- sessions -----------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _live(moment: datetime) -> tuple:
    """The conditions of a session still valid at `moment`: within its lifetime and not idle too long."""
    return Session.expires_at >= moment, Session.last_seen_at >= moment - IDLE


def purge_sessions(db) -> int:
    """Delete the sessions that ended (expired or idle); how many were deleted."""
    gone = db.execute(delete(Session).where(not_(and_(*_live(now()))))).rowcount
    db.commit()
    return gone


def live_sessions(db) -> dict[int, int]:
    """user id → how many valid sessions they have."""
    query = select(Session.user_id, func.count()).where(*_live(now())).group_by(Session.user_id)
    return dict(db.execute(query).all())


def login(db, username: str, password: str) -> tuple[str, Session] | None:
    """A new session for valid credentials: (the token to hand out, the stored session); None for a wrong
    name or password; AccountError for a disabled account (told only to whoever knows its password)."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        hash_password(password)  # the same work either way: no timing hint that the name exists
        return None
    if not check_password(password, user.password_hash):
        return None
    if user.disabled_at is not None:
        raise AccountError(DISABLED)
    purge_sessions(db)
    token = secrets.token_urlsafe(32)
    moment = now()
    session = Session(
        token_hash=_token_hash(token),
        user_id=user.id,
        csrf=secrets.token_urlsafe(24),
        created_at=moment,
        last_seen_at=moment,
        expires_at=moment + timedelta(hours=SESSION_HOURS),
    )
    db.add(session)
    db.commit()
    return token, session


def session_for(db, token: str | None) -> Session | None:
    """The valid session of a token, its user loaded (pages and error pages read it after the database
    session ends); using it counts as activity for the idle timeout."""
    if not token:
        return None
    moment = now()
    query = (
        select(Session)
        .join(Session.user)
        .options(contains_eager(Session.user))
        .where(Session.token_hash == _token_hash(token), User.disabled_at.is_(None), *_live(moment))
    )
    session = db.scalar(query)
    if session is not None and moment - session.last_seen_at >= TOUCH_EVERY:
        session.last_seen_at = moment
        db.commit()
    return session


def logout(db, token: str | None) -> None:
    session = session_for(db, token)
    if session is not None:
        db.delete(session)
        db.commit()


def visible(user: User) -> Select:
    """The submissions this user may see, as a query every listing and lookup starts from."""
    query = select(Submission)
    if user.role == "admin":
        return query
    if user.role == "reviewer":
        return query.where(Submission.city.in_(user.regions or []))
    return query.where(Submission.owner_id == user.id)


def can_see_city(user: User, city: str) -> bool:
    return user.role == "admin" or (user.role == "reviewer" and city in (user.regions or []))
