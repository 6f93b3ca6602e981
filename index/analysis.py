"""Chinese analysis for the index, the same for every engine: jieba words (with the domain dictionary)
for precision, character bigrams for recall, and the domain synonyms that widen an unquoted term."""

from __future__ import annotations

import re
from functools import lru_cache

from classify.profiles import synonym_groups
from corpora.text import cut, match_form

_SPLIT = re.compile(r"[^\w]+")


def bigrams(text: str) -> list[str]:
    """Character bigrams of the match form within each run of letters and digits; a lone character
    stands for itself."""
    out: list[str] = []
    for chunk in _SPLIT.split(match_form(text)):
        if len(chunk) == 1:
            out.append(chunk)
        out += [chunk[i : i + 2] for i in range(len(chunk) - 1)]
    return out


def words(text: str) -> list[str]:
    return [w for w in cut(text) if _SPLIT.sub("", w)]


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for group in synonym_groups():
        for word in group:
            out[word] = tuple(w for w in group if w != word)
    return out


def synonyms_of(term: str) -> tuple[str, ...]:
    """The other words of the term's synonym group (普惠园 → 普惠性幼儿园, 普惠性资源 …), if any."""
    return _synonyms().get(term, ())
