"""Accounts and sessions (账户与会话): sign-ins are throttled before any password is hashed; cookies are
HttpOnly, SameSite and (behind HTTPS) Secure; every page carries a Content-Security-Policy of 'self' that
the templates satisfy; sessions end when idle and are purged; an administrator can disable, enable,
reset the password of, change the role of and sign out any user — and each change that takes rights away
ends that user's sessions at once. Chinese users and messages throughout."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update

from service import accounts
from service.app import CSP, create_app
from service.db import Session, Store, User, make_engine, migrate, now
from service.throttle import PER_ADDRESS, PER_USERNAME, Limit, LoginThrottle
from tests.test_workbench_api import Recorder
from tests.workbench import PASSWORD, make_users

TEMPLATES = Path(__file__).resolve().parents[1] / "service" / "templates"
NEW_PASSWORD = "新口令-2023-秋季"


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'jiaodu.db'}")
    make_users(store)
    return store


@pytest.fixture
def app(tmp_path, store):
    return create_app(tmp_path, store, Recorder(), resume=False)


def _api_login(client: TestClient, username: str, password: str = PASSWORD):
    return client.post("/api/login", json={"username": username, "password": password})


def _bearer(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = _api_login(client, username, password)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _form_login(client: TestClient, username: str, password: str = PASSWORD):
    page = client.get("/login")
    login_csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"username": username, "password": password, "csrf": login_csrf, "next": "/"}
    return client.post("/login", data=form, follow_redirects=False)


def _admin_page(client: TestClient) -> str:
    """Sign in as the administrator through the form; the page's CSRF token."""
    assert _form_login(client, "admin").status_code == 303
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/users").text).group(1)


def _user_id(store: Store, username: str) -> int:
    with store.session() as db:
        return db.scalar(select(User.id).where(User.username == username))


def _sessions(store: Store, username: str) -> int:
    with store.session() as db:
        query = select(func.count()).select_from(Session).join(Session.user).where(User.username == username)
        return db.scalar(query)


@pytest.fixture
def scrypt_calls(monkeypatch) -> list[int]:
    """Counts every scrypt the app computes (one per password checked or hashed)."""
    calls: list[int] = []
    real = accounts.hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    return calls


# -- throttling ---------------------------------------------------------------------------------------


def test_throttle_limits_a_username_from_any_address_and_an_address_for_any_username():
    clock = [1000.0]
    throttle = LoginThrottle(Limit(3, 60), Limit(5, 60), clock=lambda: clock[0])
    assert [throttle.attempt("张老师", "10.0.0.1") for _ in range(4)] == [0, 0, 0, 60]
    assert throttle.attempt("张老师", "10.0.0.9") == 60, "the username is locked from every address"
    assert throttle.attempt("李老师", "10.0.0.1") == 0, "the address has attempts left"
    clock[0] += 45
    assert throttle.attempt("张老师", "10.0.0.1") == 15
    clock[0] += 15
    assert throttle.attempt("张老师", "10.0.0.1") == 0, "failures leave the window"
    for name in ("甲", "乙", "丙", "丁", "戊"):
        throttle.attempt(name, "10.0.0.2")
    assert throttle.attempt("从未失败的人", "10.0.0.2") == 60, "guessing across usernames locks the address"
    throttle.succeeded("戊", "10.0.0.2")
    assert throttle.attempt("戊", "10.0.0.3") == 0, "a correct password clears the username's count"
    assert throttle.attempt("己", "10.0.0.2") == 0, "and takes its own attempt off the address's"
    assert throttle.attempt("庚", "10.0.0.2") == 60, "but not the address's earlier failures"


def test_concurrent_guesses_cannot_slip_past_one_check():
    """Attempts whose outcome is not known yet already count: a burst gets exactly the limit through."""
    throttle = LoginThrottle(Limit(5, 60), Limit(20, 60))
    results: list[int] = []

    def guess() -> None:
        results.append(throttle.attempt("张老师", "10.0.0.1"))

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(0) == 5


def test_api_login_flood_is_refused_in_chinese_before_any_password_is_hashed(app, scrypt_calls):
    with TestClient(app) as client:
        for _ in range(PER_USERNAME.failures):
            assert _api_login(client, "shen_a", "猜的密码").status_code == 401
        hashed = len(scrypt_calls)
        refused = _api_login(client, "shen_a", PASSWORD)  # even the right password waits out the lock
        assert refused.status_code == 429
        assert re.fullmatch(r"登录失败次数过多，请 \d+ 分钟后再试", refused.json()["detail"])
        assert 0 < int(refused.headers["Retry-After"]) <= PER_USERNAME.window
        assert len(scrypt_calls) == hashed, "a refused attempt costs no scrypt"
        assert _api_login(client, "shen_b").status_code == 200, "other users of the address are not locked"


def test_guessing_many_usernames_from_one_address_locks_the_address(app, scrypt_calls):
    with TestClient(app) as client:
        for i in range(PER_ADDRESS.failures):
            assert _api_login(client, f"不存在的用户{i}", "猜的密码").status_code == 401
        hashed = len(scrypt_calls)
        assert _api_login(client, "admin").status_code == 429
        assert len(scrypt_calls) == hashed


def test_a_successful_login_resets_the_usernames_count(app):
    with TestClient(app) as client:
        for _ in range(PER_USERNAME.failures - 1):
            assert _api_login(client, "tian_a", "猜的密码").status_code == 401
        assert _api_login(client, "tian_a").status_code == 200
        for _ in range(PER_USERNAME.failures - 1):
            assert _api_login(client, "tian_a", "猜的密码").status_code == 401
        assert _api_login(client, "tian_a").status_code == 200


def test_the_login_form_says_when_to_retry(app):
    with TestClient(app) as client:
        for _ in range(PER_USERNAME.failures):
            assert _form_login(client, "shen_a", "猜的密码").status_code == 401
        page = _form_login(client, "shen_a")
        assert page.status_code == 429 and "Retry-After" in page.headers
        alert = re.search(r'role="alert">([^<]+)<', page.text).group(1)
        assert re.fullmatch(r"登录失败次数过多，请 \d+ 分钟后再试", alert)


# -- cookies and headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_cookies_are_httponly_samesite_and_secure_behind_https(tmp_path, store, monkeypatch, secure):
    if secure:
        monkeypatch.setenv("JIAODU_SECURE_COOKIES", "1")
    else:
        monkeypatch.delenv("JIAODU_SECURE_COOKIES", raising=False)
    app = create_app(tmp_path, store, Recorder(), resume=False)
    with TestClient(app, base_url="https://testserver") as client:
        form_cookie = client.get("/login").headers["set-cookie"]
        session_cookie = _form_login(client, "shen_a").headers.get_list("set-cookie")[0]
    assert session_cookie.startswith("jiaodu_session=")
    for cookie, samesite in ((form_cookie, "strict"), (session_cookie, "lax")):
        assert "httponly" in cookie.lower() and f"samesite={samesite}" in cookie.lower()
        assert ("secure" in cookie.lower().split("; ")) == secure, cookie


def test_every_response_carries_a_self_only_content_security_policy(app):
    assert "'self'" in CSP and "unsafe" not in CSP and "http" not in CSP
    with TestClient(app) as client:
        responses = [client.get("/login"), client.get("/static/app.js"), client.get("/api/submissions")]
        _form_login(client, "shen_a")
        responses += [client.get("/"), client.get("/search/point"), client.get("/s/999999")]
    assert [r.status_code for r in responses] == [200, 200, 401, 200, 200, 404]
    assert all(r.headers["content-security-policy"] == CSP for r in responses)


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_need_nothing_the_policy_forbids(template):
    """No inline script, event handler attribute, style attribute or element, or javascript: link."""
    html = (TEMPLATES / template).read_text("utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"\sstyle\s*=|<style", html), "inline style"
    assert "javascript:" not in html


# -- session lifetime ---------------------------------------------------------------------------------


def _set_times(store: Store, token: str, **times) -> None:
    with store.session() as db:
        db.execute(update(Session).where(Session.token_hash == accounts._token_hash(token)).values(**times))
        db.commit()


def test_a_session_ends_when_idle_and_activity_keeps_it_alive(store):
    with store.session() as db:
        token, _ = accounts.login(db, "shen_a", PASSWORD)
    almost = now() - accounts.IDLE + timedelta(minutes=5)
    _set_times(store, token, last_seen_at=almost)
    with store.session() as db:
        assert accounts.session_for(db, token).last_seen_at > almost + timedelta(minutes=4), "use is activity"
    _set_times(store, token, last_seen_at=now() - accounts.IDLE - timedelta(minutes=1))
    with store.session() as db:
        assert accounts.session_for(db, token) is None, "idle too long"
    _set_times(store, token, last_seen_at=now(), expires_at=now() - timedelta(seconds=1))
    with store.session() as db:
        assert accounts.session_for(db, token) is None, "the absolute lifetime still holds"


def test_ended_sessions_are_purged_on_login_and_on_start_up(tmp_path, store):
    with store.session() as db:
        idle, _ = accounts.login(db, "shen_a", PASSWORD)
        expired, _ = accounts.login(db, "shen_a", PASSWORD)
        accounts.login(db, "shen_a", PASSWORD)
    _set_times(store, idle, last_seen_at=now() - accounts.IDLE - timedelta(minutes=1))
    _set_times(store, expired, expires_at=now() - timedelta(minutes=1))
    with store.session() as db:
        accounts.login(db, "shen_b", PASSWORD)
    assert _sessions(store, "shen_a") == 1
    with store.session() as db:
        token, _ = accounts.login(db, "shen_a", PASSWORD)
    _set_times(store, token, expires_at=now() - timedelta(minutes=1))
    with TestClient(create_app(tmp_path, store, Recorder(), resume=False)):
        assert _sessions(store, "shen_a") == 1


def test_upgrading_a_0001_database_keeps_its_sessions(tmp_path):
    """A session open during the upgrade counts as last seen when it began; no user is disabled."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url, "0001")
    with make_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, username, password_hash, role, display_name, regions, created_at) "
                "VALUES (1, '王老师', 'x', 'admin', '王老师', '[]', '2026-11-30 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
                "VALUES ('h', 1, 'c', '2026-11-30 09:00:00', '2026-11-30 21:00:00')"
            )
        )
    with Store(url).session() as db:
        session = db.get(Session, "h")
        assert session.last_seen_at == datetime(2026, 11, 30, 9, 0)
        assert session.user.disabled_at is None


# -- account lifecycle on the administrator page ------------------------------------------------------


def test_only_an_administrator_reaches_the_accounts_page(app, store):
    uid = _user_id(store, "shen_b")
    with TestClient(app) as client:
        assert client.get("/admin/users", follow_redirects=False).status_code == 303  # to the login page
        assert _form_login(client, "shen_a").status_code == 303
        home = client.get("/")
        assert "账户管理" not in home.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
        page = client.get("/admin/users")
        assert page.status_code == 403 and "仅管理员可以管理账户" in page.text
        r = client.post(f"/admin/users/{uid}/disable", data={"csrf": csrf}, follow_redirects=False)
        assert r.status_code == 403
    with store.session() as db:
        assert db.get(User, uid).disabled_at is None


def test_a_disabled_user_cannot_sign_in_and_their_sessions_end(app, store):
    uid = _user_id(store, "shen_a")
    with TestClient(app) as client:
        victim = _bearer(client, "shen_a")
        csrf = _admin_page(client)
        assert client.post(f"/admin/users/{uid}/disable", data={"csrf": "伪造"}).status_code == 403
        assert client.get("/api/me", headers=victim).status_code == 200, "a forged form changes nothing"
        r = client.post(f"/admin/users/{uid}/disable", data={"csrf": csrf})
        assert r.status_code == 200 and "用户 shen_a 已停用，其会话已全部结束" in r.text
        assert client.get("/api/me", headers=victim).status_code == 401
        refused = _api_login(client, "shen_a")
        assert refused.status_code == 403 and refused.json()["detail"] == "该账户已停用，请联系管理员"
        assert _api_login(client, "shen_a", "猜的密码").status_code == 401, "no hint without the password"
        assert "已停用" in _form_login(client, "shen_a").text
        client.post(f"/admin/users/{uid}/enable", data={"csrf": csrf})
        assert _api_login(client, "shen_a").status_code == 200


def test_a_password_reset_ends_the_users_sessions(app, store):
    uid = _user_id(store, "tian_a")
    with TestClient(app) as client:
        victim = _bearer(client, "tian_a")
        csrf = _admin_page(client)
        short = client.post(f"/admin/users/{uid}/password", data={"csrf": csrf, "password": "短密码"})
        assert short.status_code == 422 and "密码至少 8 位" in short.text
        assert client.get("/api/me", headers=victim).status_code == 200
        r = client.post(f"/admin/users/{uid}/password", data={"csrf": csrf, "password": NEW_PASSWORD})
        assert "用户 tian_a 已重设密码" in r.text
        assert client.get("/api/me", headers=victim).status_code == 401
        assert _api_login(client, "tian_a").status_code == 401
        assert _api_login(client, "tian_a", NEW_PASSWORD).status_code == 200


def test_a_role_change_is_checked_and_takes_effect(app, store):
    uid = _user_id(store, "shen_b")
    with TestClient(app) as client:
        user = _bearer(client, "shen_b")
        csrf = _admin_page(client)
        bad = client.post(f"/admin/users/{uid}/role", data={"csrf": csrf, "role": "submitter", "city": "乙市"})
        assert bad.status_code == 422 and "县级填报员须指定所属地市和区县" in bad.text
        form = {"csrf": csrf, "role": "reviewer", "regions": "甲市、乙市，丙市"}
        assert "用户 shen_b 已更改角色" in client.post(f"/admin/users/{uid}/role", data=form).text
        assert client.get("/api/me", headers=user).json()["regions"] == ["甲市", "乙市", "丙市"]


def test_signing_a_user_out_everywhere(app, store):
    uid = _user_id(store, "tian_a2")
    with TestClient(app) as client:
        first, second = _bearer(client, "tian_a2"), _bearer(client, "tian_a2")
        csrf = _admin_page(client)
        page = client.get("/admin/users").text
        assert re.search(r'data-user="tian_a2">(?:(?!</tr>).)*<td>2</td>', page, re.S), "two sessions listed"
        assert "的会话已全部结束" in client.post(f"/admin/users/{uid}/logout", data={"csrf": csrf}).text
        assert client.get("/api/me", headers=first).status_code == 401
        assert client.get("/api/me", headers=second).status_code == 401
        assert _api_login(client, "tian_a2").status_code == 200, "the account itself is untouched"


def test_the_last_administrator_can_be_neither_disabled_nor_demoted(app, store):
    uid = _user_id(store, "admin")
    with TestClient(app) as client:
        csrf = _admin_page(client)
        r = client.post(f"/admin/users/{uid}/disable", data={"csrf": csrf})
        assert r.status_code == 422 and "至少要保留一位可用的管理员" in r.text
        form = {"csrf": csrf, "role": "reviewer", "regions": "甲市"}
        assert client.post(f"/admin/users/{uid}/role", data=form).status_code == 422
        assert client.get("/admin/users").status_code == 200, "still signed in, still an administrator"
        assert client.post(f"/admin/users/{uid + 100}/disable", data={"csrf": csrf}).status_code == 404
