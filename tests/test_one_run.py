"""`jiaodu audit` and the workbench run a submission through the same function (service/audit_run.py's
run_submission, one list of steps), so the same bundle gives the same report in both."""

from __future__ import annotations

import json

import pytest

from extract.pipeline import ExtractOptions
from extract.steps import Stage
from service import audit_run
from service.cli import main
from service.db import Result, Store
from service.tasks import InlineRunner
from tests.workbench import FRAMEWORK, make_users, sample_zip

pytestmark = pytest.mark.slow  # two whole-bundle audits


@pytest.fixture
def spied(monkeypatch):
    """Every list of steps run, with the stages it reported, in order."""
    runs: list[tuple[list, list[Stage]]] = []
    real = audit_run.run_steps

    def spy(steps, state, progress=None):
        stages: list[Stage] = []
        runs.append((steps, stages))

        def seen(stage, fraction, message):
            stages.append(stage)
            if progress:
                progress(stage, fraction, message)

        return real(steps, state, seen)

    monkeypatch.setattr(audit_run, "run_steps", spy)
    return runs


def test_cli_and_workbench_give_identical_reports_from_one_run(tmp_path, monkeypatch, spied):
    monkeypatch.setenv("JIAODU_HOME", str(tmp_path / "home"))
    archive = sample_zip(tmp_path, seed=23, county="临河县", scanned=0)

    out = tmp_path / "cli.json"
    assert main(["audit", str(archive), "--framework", FRAMEWORK, "--json", str(out), "--no-ocr"]) == 0
    from_cli = json.loads(out.read_text("utf-8"))

    home = tmp_path / "workbench"
    monkeypatch.setenv("JIAODU_HOME", str(home))
    store = Store()
    make_users(store)
    from sqlalchemy import select

    from service.db import User
    from service.workbench import new_submission, store_file

    with store.session() as db:
        user = db.scalar(select(User).where(User.username == "tian_a"))
        upload = store_file(home, archive)
        sub = new_submission(
            db, home, user, upload, name=archive.name, framework=FRAMEWORK, city="甲市", county="临河县"
        )
    InlineRunner(store, home, ExtractOptions(workers=2, ocr=False)).submit(sub.id)
    with store.session() as db:
        from_workbench = db.query(Result).filter(Result.submission_id == sub.id).one().report

    assert from_cli["claims"] and from_cli["flags"]  # a real audit, not two empty reports
    assert json.loads(json.dumps(from_workbench)) == from_cli

    # one run function: both went through run_submission's one list of steps, stage by stage in order
    assert len(spied) == 2 and spied[0][0] is spied[1][0] is audit_run.STEPS
    for _, stages in spied:
        order = list(dict.fromkeys(stages))
        assert order == list(Stage)
