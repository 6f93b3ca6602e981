"""School stages (学段) as reports, tables and scoring rules name them."""

from __future__ import annotations

from collections.abc import Iterable

STAGES = ("幼儿园", "小学", "初中", "普通高中", "中职", "特殊教育")
# Word as written → stage. 高中 after 普通高中 so the longer word wins where both stand.
STAGE_WORDS = (
    ("幼儿园", "幼儿园"),
    ("在园幼儿", "幼儿园"),
    ("学前", "幼儿园"),
    ("小学", "小学"),
    ("村小", "小学"),
    ("初中", "初中"),
    ("普通高中", "普通高中"),
    ("高中", "普通高中"),
    ("中职", "中职"),
    ("职教中心", "中职"),
    ("职业中学", "中职"),
    ("职业中专", "中职"),
    ("特教学校", "特殊教育"),
    ("中等职业", "中职"),
    ("特殊教育", "特殊教育"),
)


def _masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the given spans (metric names such as 普惠性幼儿园覆盖率) blanked out."""
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def last_stage(text: str, skip: Iterable[tuple[int, int]] = ()) -> str | None:
    """The stage named last in `text`, outside the `skip` spans."""
    masked = _masked(text, skip)
    position, stage = max(((masked.rfind(word), stage) for word, stage in STAGE_WORDS), key=lambda x: x[0])
    return stage if position >= 0 else None


def stages_in(text: str) -> list[str]:
    """Every stage `text` names, in the canonical order."""
    found = {stage for word, stage in STAGE_WORDS if word in text}
    return [s for s in STAGES if s in found]


def stages_listed(text: str) -> list[str]:
    """The stages `text` names, in the order it names them, each once (小学、初中分别… → [小学, 初中])."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for word, stage in sorted(STAGE_WORDS, key=lambda w: -len(w[0])):
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                hits.append((start, stage))
            start = text.find(word, end)
    out: list[str] = []
    for _, stage in sorted(hits):
        if stage not in out:
            out.append(stage)
    return out
