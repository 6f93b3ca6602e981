"""The API reference page (接口说明, /api/docs): rendered on the server from the app's own OpenAPI document,
in Chinese, with nothing loaded from another site — government networks are offline and pages run under a
'self'-only Content-Security-Policy, which Swagger UI (a CDN bundle started by an inline script) cannot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fastapi import APIRouter, Request

router = APIRouter(include_in_schema=False)
DOCS_URL = "/api/docs"
TYPES = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否", "array": "列表", "object": "对象"}
PLACES = {"path": "路径", "query": "查询串", "header": "请求头", "cookie": "Cookie"}
STATUS = {
    "200": "成功",
    "201": "已创建",
    "202": "已受理",
    "204": "成功，无内容",
    "422": "请求参数有误（逐项说明哪个参数、为何有误）",
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Operation:
    """One method on one path, as a reader of the reference needs it."""

    method: str
    path: str
    summary: str
    parameters: list[dict] = field(default_factory=list)
    body: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)


def _type(schema: dict) -> str:
    kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return "或".join(TYPES.get(k, "对象") for k in kinds) or "对象"


def _parameter(p: dict) -> dict:
    return {
        "name": p["name"],
        "place": PLACES.get(p["in"], p["in"]),
        "type": _type(p.get("schema", {})),
        "required": "是" if p.get("required") else "否",
        "text": p.get("description", ""),
    }


def _body(op: dict) -> str:
    content = op.get("requestBody", {}).get("content", {})
    for media, spec in content.items():
        ref = spec.get("schema", {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] or media
    return ""


def _response(code: str, spec: dict) -> tuple[str, str]:
    text = spec.get("description", "")
    return code, text if CHINESE.search(text) else STATUS.get(code, "")


def operations(openapi: dict) -> dict[str, list[Operation]]:
    """The operations grouped by their (Chinese) tag, in the document's order."""
    groups: dict[str, list[Operation]] = {}
    for path, methods in openapi["paths"].items():
        for method, op in methods.items():
            groups.setdefault((op.get("tags") or ["其他"])[0], []).append(
                Operation(
                    method.upper(),
                    path,
                    op.get("summary", ""),
                    [_parameter(p) for p in op.get("parameters", [])],
                    _body(op),
                    [_response(code, spec) for code, spec in op.get("responses", {}).items()],
                )
            )
    return groups


@router.get(DOCS_URL)
def api_docs(request: Request):
    from service.ui import render

    return render(request, "api_docs.html", groups=operations(request.app.openapi()))
