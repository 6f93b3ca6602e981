"""Accounts (账户): users and roles, password hashes, login sessions, and who may see which submission.

Roles: 管理员 (admin) sees everything; 市级审核员 (reviewer) sees the submissions of the cities assigned to
them; 县级填报员 (submitter) uploads and sees only their own. Passwords are stored as scrypt hashes (the
standard library's, RFC 7914) with a per-user salt; a session is a random token whose SHA-256 is stored,
with its own CSRF token for forms.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from service.db import Session, Submission, User, now

ROLES = {"admin": "管理员", "reviewer": "市级审核员", "submitter": "县级填报员"}
SESSION_HOURS = 12
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
    if role not in ROLES:
        raise AccountError(f"未知角色 {role}（可用：{'、'.join(ROLES)}）")
    if len(password) < 8:
        raise AccountError("密码至少 8 位")
    if not username or len(username) > 64:
        raise AccountError("用户名不能为空，且不超过 64 个字符")
    if role == "reviewer" and not regions:
        raise AccountError("市级审核员须指定负责的地市（--region）")
    if role == "submitter" and not (city and county):
        raise AccountError("县级填报员须指定所属地市和区县（--city、--county）")
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(db, username: str, password: str) -> tuple[str, Session] | None:
    """A new session for valid credentials: (the token to hand out, the stored session)."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        hash_password(password)  # the same work either way: no timing hint that the name exists
        return None
    if not check_password(password, user.password_hash):
        return None
    token = secrets.token_urlsafe(32)
    session = Session(
        token_hash=_token_hash(token),
        user_id=user.id,
        csrf=secrets.token_urlsafe(24),
        expires_at=now() + timedelta(hours=SESSION_HOURS),
    )
    db.add(session)
    db.commit()
    return token, session


def session_for(db, token: str | None) -> Session | None:
    if not token:
        return None
    # the user is loaded with the session: pages and error pages read it after the database session ends
    session = db.get(Session, _token_hash(token), options=[joinedload(Session.user)])
    if session is None or session.expires_at < now():
        return None
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
