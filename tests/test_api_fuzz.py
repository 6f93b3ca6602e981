"""API fuzzing: schemathesis generates requests from the app's own OpenAPI (/api/openapi.json) and no
response may be a server error. Signed in as the administrator of a home with two processed submissions
(甲市临河县, 乙市西岭县), so that ids, files and pages that exist are reached as well as ones that don't."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from service.app import create_app
from service.db import Store
from tests.test_workbench_api import Recorder, token

pytestmark = pytest.mark.slow  # API fuzzing

EXAMPLES = 25  # per operation


@schemathesis.serializer("application/zip", "application/octet-stream")
def _raw_bytes(ctx, value):
    """Uploads are raw bodies: send generated values as bytes (mostly not archives, which must be refused)."""
    return value if isinstance(value, bytes) else str(value).encode()


def test_no_operation_answers_with_a_server_error(workbench, tmp_path):
    # a copy of the shared home: the fuzzer re-queues, reviews and uploads, which other tests must not see
    home = tmp_path / "home"
    workbench.store.engine.dispose()
    shutil.copytree(workbench.home, home)
    app = create_app(home, Store(f"sqlite:///{home / 'jiaodu.db'}"), Recorder(), resume=False, max_upload=1 << 20)
    with TestClient(app) as client:
        auth = token(client, "admin")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, [op.label for op in operations]
    failures: dict[str, str] = {}
    for op in operations:
        if op.path == "/api/logout":
            continue  # would end the shared session mid-run; logging out is covered by the access tests

        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.call_and_validate(headers=auth, checks=[not_a_server_error])

        try:
            fuzz()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures[op.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
