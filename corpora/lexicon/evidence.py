"""Kinds of evidence (佐证材料种类): one list, read from `evidence_kinds.yaml`, for the framework importer's
佐证材料 column and for the matcher's file names and titles alike."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from corpora.text import match_form


@lru_cache(maxsize=1)
def kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    text = resources.files("corpora.lexicon").joinpath("evidence_kinds.yaml").read_text("utf-8")
    return tuple((k["kind"], re.compile("|".join(k["cues"]))) for k in yaml.safe_load(text))


def evidence_kind(text: str) -> str | None:
    """The kind of evidence a cue, file name or title names (会议纪要, 台账, 统计表, 文件 …), or None."""
    form = match_form(text)
    return next((kind for kind, cue in kinds() if cue.search(form)), None)
