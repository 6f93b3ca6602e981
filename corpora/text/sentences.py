"""Sentence splitting (分句) with offsets into the text it was given."""

import re
from dataclasses import dataclass
from itertools import pairwise

from corpora.text.numbering import parse_marker

_TERMINAL = "。！？；!?;"
_CLOSERS = "”’」』）)】\"'"
# An inline list marker opens a new sentence when it follows punctuation: ，二是… ；（2）… ②…
_INLINE_MARKER = re.compile(
    r"(?<=[，,；;：:。！？!?\s])(?=[一二三四五六七八九十]+是|[(（][0-9０-９一二三四五六七八九十]+[)）]|[①-⑳⑴-⒇])"
)


_LEAD_IN = re.compile(r"(?:如下|情况为|分别是|具体为|主要有)\s*[:：]")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split on 。！？； (and their ASCII forms) and before inline list markers; keep offsets."""
    cuts = {0, len(text)}
    i = 0
    while i < len(text):
        if text[i] in _TERMINAL:
            j = i + 1
            while j < len(text) and (text[j] in _TERMINAL or text[j] in _CLOSERS):
                j += 1
            cuts.add(j)
            i = j
        else:
            i += 1
    for m in _INLINE_MARKER.finditer(text):
        marker = parse_marker(text[m.start() :])
        if marker is not None:
            cuts.add(m.start())
    cuts.update(m.start() for m in re.finditer(r"\n+", text))
    # a lead-in closes its own sentence: …报告如下：经逐项核对… / …情况为：幼儿园…
    cuts.update(m.end() for m in _LEAD_IN.finditer(text) if m.end() < len(text))
    out = []
    bounds = sorted(cuts)
    for a, b in pairwise(bounds):
        piece = text[a:b]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            out.append(Sentence(piece[left:right], a + left, a + right))
    return out


_CLAUSE_ENDS = "。！？；!?;，,、：:"
_PAIRS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "《": "》", "“": "”", "「": "」", "【": "】"}


def clip(text: str, limit: int) -> str:
    """`text` shortened to about `limit` characters for quoting: whole when it fits, else cut after the
    last sentence or clause end within the limit — or the first one within half as much again — never
    inside a bracket pair (〔2022〕, 《…》, （…）), with an ellipsis; a text without such an end is cut at the
    limit, before a bracket left open there."""
    text = text.strip()
    if len(text) <= limit:
        return text
    depths, depth = [], 0
    for ch in text[: limit * 3 // 2]:
        if ch in _PAIRS:
            depth += 1
        elif ch in _PAIRS.values() and depth:
            depth -= 1
        depths.append(depth)
    ends = [i for i, d in enumerate(depths) if d == 0 and text[i] in _CLAUSE_ENDS and i >= limit // 3]
    within = [i for i in ends if i < limit]
    cut = within[-1] if within else (ends[0] if ends else None)
    if cut is not None:
        return text[: cut + (1 if text[cut] in "。！？!?" else 0)] + "…"
    at = limit
    while at > 0 and depths[at - 1] > 0:
        at -= 1
    return text[: at or limit].rstrip() + "…"
