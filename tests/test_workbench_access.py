"""Access: a reviewer of 甲市 gets 404 on 乙市's submission through every route that names a submission,
API and pages alike — the routes are enumerated from the app, so a new route cannot slip past — and a
county submitter sees only their own."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.app import create_app
from service.db import StoredFile
from tests.test_workbench_api import Recorder, token
from tests.workbench import PASSWORD

pytestmark = pytest.mark.slow  # submissions processed through the pipeline


@pytest.fixture(scope="module")
def app(workbench):
    return create_app(workbench.home, workbench.store, Recorder(), resume=False)


def _fill(path: str, sid: int, file_id: int, point: str, city: str) -> str:
    values = {
        "submission_id": sid,
        "file_id": file_id,
        "page": 1,
        "kind": "opinion.docx",
        "point": point,
        "city": city,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def _routes(*, api: bool) -> list[tuple[str, str]]:
    """Every route of the API's or the pages' router that takes a submission id."""
    from service import api as api_module
    from service import ui

    router = api_module.router if api else ui.router
    out = []
    for route in router.routes:
        if isinstance(route, APIRoute) and "{submission_id}" in route.path:
            out += [(m, route.path) for m in sorted(route.methods)]
    return out


def _login_page_session(client: TestClient, username: str) -> str:
    """Sign in through the login form like a browser; returns the page's CSRF token."""
    page = client.get("/login")
    login_csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf": login_csrf, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    home = client.get("/")
    return re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)


def test_every_api_route_hides_another_city(app, workbench):
    b = workbench.ids["B"]
    with workbench.store.session() as db:
        file_b = db.scalar(select(StoredFile.id).where(StoredFile.submission_id == b, StoredFile.format == "pdf"))
    routes = _routes(api=True)
    assert len(routes) >= 10, routes
    with TestClient(app) as client:
        outsider, insider = token(client, "shen_a"), token(client, "shen_b")
        for method, path in routes:
            url = _fill(path, b, file_b, "H2.3", "乙市")
            body = {"target_kind": "flag", "target_id": "f1", "action": "confirm"} if method == "POST" else None
            r = client.request(method, url, headers=outsider, json=body)
            assert r.status_code == 404, (method, url, r.status_code)
            assert "无权" in r.json()["detail"] or "未找到" in r.json()["detail"]
            if method == "GET":
                assert client.request(method, url, headers=insider).status_code == 200, (method, url)


def test_every_page_hides_another_city(app, workbench):
    b = workbench.ids["B"]
    with workbench.store.session() as db:
        row = db.scalars(select(StoredFile).where(StoredFile.submission_id == b, StoredFile.format == "pdf")).first()
    routes = _routes(api=False)
    assert len(routes) >= 6, routes
    with TestClient(app) as client:
        csrf = _login_page_session(client, "shen_a")
        for method, path in routes:
            url = _fill(path, b, row.id, "H2.3", "乙市")
            if method == "GET":
                url += f"?file={row.path}" if url.endswith("/view") else ""
                r = client.get(url)
            else:
                form = {"csrf": csrf, "target_kind": "flag", "target_id": "f1", "action": "confirm"}
                r = client.post(url, data=form, follow_redirects=False)
            assert r.status_code == 404, (method, url, r.status_code)
            assert "未找到" in r.text
        assert client.get("/city/乙市").status_code == 404
        assert "乙市" not in client.get("/city").text
        assert "西岭县" not in client.get("/").text
        assert "西岭县" not in client.get("/search", params={"q": "教育经费"}).text


def test_submitter_sees_only_their_own(app, workbench):
    a, b = workbench.ids["A"], workbench.ids["B"]
    with TestClient(app) as client:
        own = token(client, "tian_a")
        neighbour = token(client, "tian_a2")  # same city, another county
        assert client.get(f"/api/submissions/{a}", headers=own).status_code == 200
        assert client.get(f"/api/submissions/{b}", headers=own).status_code == 404
        assert client.get(f"/api/submissions/{a}", headers=neighbour).status_code == 404
        assert [s["id"] for s in client.get("/api/submissions", headers=neighbour).json()] == []
        admin_ids = {s["id"] for s in client.get("/api/submissions", headers=token(client, "admin")).json()}
        assert {a, b} <= admin_ids


def test_pages_need_a_login_and_return_to_a_local_page(app):
    with TestClient(app) as client:
        r = client.get("/s/1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/s/1"
        page = client.get("/login", params={"next": "//evil.example/x"})
        assert 'name="next" value="/"' in page.text


def test_an_empty_scope_counts_nothing_in_search(app):
    """A submitter with no finished submission of their own sees 0 hits and counts of 0 in every search —
    API and pages — never the other cities' counts (issue 21, item 7)."""
    items = ["教育经费", "H2.3"]
    with TestClient(app) as client:
        body = {"items": items, "framework": "hn-2021-county-gov"}
        admin = client.post("/api/search/batch", json=body, headers=token(client, "admin")).json()
        assert all(row["count"] > 5 for row in admin), "the query must match more than one page of hits"
        auth = token(client, "tian_a2")
        batch = client.post("/api/search/batch", json=body, headers=auth)
        assert [(r["count"], r["hits"]) for r in batch.json()] == [(0, [])] * 2
        assert client.get("/api/search", params={"q": "教育经费"}, headers=auth).json() == []
        point = {"framework": "hn-2021-county-gov", "point": "H2.3"}
        assert client.get("/api/search/point", params=point, headers=auth).json() == []
        _login_page_session(client, "tian_a2")
        page = client.get("/search/batch", params={"items": "\n".join(items), "framework": "hn-2021-county-gov"})
        assert page.text.count("命中 0") == 2 and "临河县" not in page.text
