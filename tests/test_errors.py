"""Domain errors (service/errors.py) carry a Chinese message and no HTTP; the API gives each kind its
status and headers in one place, the CLI prints the message and exits 2."""

from __future__ import annotations

import inspect

from service import errors
from service.api import to_http
from service.web import STATUS, headers_of, status_of


def test_every_domain_error_has_its_own_status():
    kinds = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.JiaoduError)]
    unmapped = [k.__name__ for k in kinds if k is not errors.JiaoduError and k not in STATUS]
    assert unmapped == []
    assert len(set(STATUS.values())) == len(STATUS)


def test_the_api_answers_with_status_message_and_headers():
    throttled = to_http(errors.TooManyAttempts("登录尝试过于频繁，请 30 秒后再试", 30))
    assert (throttled.status_code, throttled.detail) == (429, "登录尝试过于频繁，请 30 秒后再试")
    assert throttled.headers == {"Retry-After": "30"}
    bearer = errors.NotLoggedIn("请先登录", challenge="Bearer")
    assert status_of(bearer) == 401 and headers_of(bearer) == {"WWW-Authenticate": "Bearer"}
    missing = to_http(errors.NotFound("未找到该材料包"))
    assert (missing.status_code, missing.headers) == (404, None)
    assert str(errors.Conflict("该材料包正在排队或处理中")) == "该材料包正在排队或处理中"


def test_the_cli_turns_a_domain_error_into_exit_code_2(tmp_path, monkeypatch, capsys):
    from service import cli

    def refuse(args):
        raise errors.Forbidden("只能为本人负责的地市上传材料")

    monkeypatch.setattr(cli, "cmd_frameworks", refuse)
    assert cli.main(["frameworks"]) == 2
    assert "只能为本人负责的地市上传材料" in capsys.readouterr().err
