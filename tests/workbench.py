"""Helpers for the workbench tests: a home with users and processed submissions, made by code."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from corpora.frameworks import load
from corpora.samples.generator import SampleOptions, generate
from extract.pipeline import ExtractOptions
from service.accounts import add_user
from service.db import Store, Submission
from service.tasks import InlineRunner
from service.workbench import new_submission, store_file, zip_folder

FRAMEWORK = "hn-2021-county-gov"
PASSWORD = "口令-test-2022"
# name → (role, regions, city, county)
USERS = {
    "admin": ("admin", None, None, None),
    "shen_a": ("reviewer", ["甲市"], None, None),
    "shen_b": ("reviewer", ["乙市"], None, None),
    "tian_a": ("submitter", None, "甲市", "临河县"),
    "tian_a2": ("submitter", None, "甲市", "东坡区"),
}


def sample_zip(folder: Path, seed: int, county: str, scanned: int = 1) -> Path:
    """A generated submission (report, self-score sheet, evidence with planted defects) as a ZIP."""
    bundle = folder / f"bundle-{seed}"
    generate(load(FRAMEWORK), bundle, SampleOptions(seed=seed, county=county, scanned=scanned))
    return zip_folder(bundle, folder / f"{county}-{seed}.zip")


class Recorder:
    """A task runner that only records what it was given."""

    def __init__(self):
        self.submitted: list[int] = []

    def submit(self, submission_id: int) -> None:
        self.submitted.append(submission_id)

    def shutdown(self, wait: bool = False) -> None:
        pass


@dataclass
class Workbench:
    home: Path
    store: Store
    ids: dict[str, int] = field(default_factory=dict)  # "A" (甲市), "B" (乙市) → submission id


def make_users(store: Store) -> None:
    with store.session() as db:
        for name, (role, regions, city, county) in USERS.items():
            add_user(db, name, PASSWORD, role, regions=regions, city=city, county=county)


def add_processed(wb: Workbench, key: str, archive: Path, owner: str, city: str, county: str) -> int:
    """Upload an archive as `owner` and run the pipeline here, as a worker would."""
    from sqlalchemy import select

    from service.db import User

    with wb.store.session() as db:
        user = db.scalar(select(User).where(User.username == owner))
        upload = store_file(wb.home, archive)
        sub = new_submission(
            db, wb.home, user, upload, name=f"{county}材料", framework=FRAMEWORK, city=city, county=county
        )
    InlineRunner(wb.store, wb.home, ExtractOptions(workers=2)).submit(sub.id)
    with wb.store.session() as db:
        done = db.get(Submission, sub.id)
        assert done.status == "done", done.error
    wb.ids[key] = sub.id
    return sub.id


def slow_docx(path: Path, paragraphs: int) -> Path:
    """A small DOCX whose body repeats one paragraph: tiny on disk, seconds to read."""
    from corpora.samples.render import docx

    small = docx(path.with_name("样式.docx"), ["临河县"])
    body = "<w:p><w:r><w:t>临河县校舍改造完成。</w:t></w:r></w:p>" * paragraphs
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            out.writestr(item, data)
    path.with_name("样式.docx").unlink()
    return path
