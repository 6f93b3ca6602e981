"""Chinese numbering markers (编号): 第X章, 一、, （一）, 1., 1、, 1.2.3, （1）, ①, 一是.

`rank` orders the markers as official documents nest them, so a heading stack can compare two markers
without knowing the document. Full-width and half-width forms are both recognised.
"""

import re
from dataclasses import dataclass

_D = "[0-9０-９]+"
_CN = "[一二三四五六七八九十百零〇两]+"
_L = "[(（]"
_R = "[)）]"
_UNIT_AFTER = "万亿元%％个人所次倍千百年月日名项件台套班校"

_PATTERNS: list[tuple[str, float, re.Pattern[str]]] = [
    ("chapter", 1, re.compile(rf"第\s*(?P<n>{_CN}|{_D})\s*(?:章|编|部分)")),
    ("section", 2, re.compile(rf"第\s*(?P<n>{_CN}|{_D})\s*节")),
    ("article", 5.5, re.compile(rf"第\s*(?P<n>{_CN}|{_D})\s*条")),
    ("cn_paren", 4, re.compile(rf"{_L}\s*(?P<n>{_CN})\s*{_R}")),
    # 一、2021年工作 is a heading with a year; only 一.5 (a dot before a digit) is not a marker
    ("cn_top", 3, re.compile(rf"(?P<n>{_CN})\s*(?:、|[．.](?![0-9０-９]))")),
    ("arabic_paren", 6, re.compile(rf"{_L}\s*(?P<n>{_D})\s*{_R}|(?P<p>[⑴-⒇])")),
    ("circled", 7, re.compile("(?P<n>[①-⑳])")),
    # 1.2 / 1.2.3 — but not a decimal figure such as 13.52亿元
    (
        "decimal",
        5,
        re.compile(rf"(?P<n>{_D}(?:[.．]{_D}){{2,}}|{_D}[.．]{_D}(?=\s|[^0-9０-９{_UNIT_AFTER}.．]))\s*[、.．]?"),
    ),
    ("arabic", 5, re.compile(rf"(?P<n>{_D})\s*[.．、](?![0-9０-９])")),
    ("ordinal", 8, re.compile(rf"(?P<n>{_CN})是(?=[，,：:\s]|[^的否])")),
]


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line or paragraph."""

    kind: str
    rank: float
    label: str  # the number as written: 一, 3, 1.2.3, ①
    end: int  # offset where the content after the marker (and its spaces) begins

    @property
    def depth(self) -> int:
        """Levels in a decimal marker (1.2.3 → 3); 1 for every other kind."""
        return self.label.count(".") + 1 if self.kind == "decimal" else 1


def parse_marker(text: str) -> Marker | None:
    """The numbering marker that starts `text` (after leading spaces), or None."""
    stripped = text.lstrip(" \u3000\t")
    lead = len(text) - len(stripped)
    for kind, rank, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if not m:
            continue
        label = (m.group("n") or (m.groupdict().get("p") or "")).translate(_FULLWIDTH_DIGITS)
        label = label.replace("．", ".")
        end = lead + m.end()
        while end < len(text) and text[end] in " \u3000\t":
            end += 1
        if end >= len(text) and kind != "chapter":
            return None  # a bare number is not a marker
        if kind == "decimal":
            rank += 0.1 * label.count(".")
        return Marker(kind, rank, label, end)
    return None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
