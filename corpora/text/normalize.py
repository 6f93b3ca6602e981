"""Normalisation: display form and match form (规范化)."""

import re
import unicodedata
from functools import lru_cache

from corpora.text.chars import CJK

# Zero-width and bidi marks, soft hyphen, BOM: invisible in every viewer, harmful to matching.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
# Inline pinyin annotations of mirrored pages: 辦公廳(tīng), 督導（dǎo）. Only tone-marked syllables are
# taken, so that ordinary bracketed Latin such as (PPP) or (a) survives.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# In some mirrors a lost glyph and its "(" became one "?": 按照?qǐng)?zhí)行.
_PINYIN = re.compile(
    rf"(?<=[{CJK})）])\s?[(（?]\s*(?=[a-zü{_TONED}\s]*[{_TONED}])[a-zü{_TONED}]+(?:\s+[a-zü{_TONED}]+)*\s*[)）]"
)


def strip_pinyin(text: str) -> str:
    """Remove inline pinyin annotations after Chinese characters."""
    return _PINYIN.sub("", text)


def clean(text: str) -> str:
    """Display form: the text as written, without invisible characters, control codes or inline pinyin."""
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return strip_pinyin(text)


def fold_width(text: str) -> str:
    """Unicode NFKC: full-width digits, letters, ％ and brackets become their ASCII forms."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s), for matching only."""
    return _t2s().convert(text)


def aligned_form(text: str) -> str:
    """The match form character by character, same length as `text`, so that offsets found in it are
    offsets in `text`: each character folded (NFKC) and made Simplified and lower-case where that keeps
    it one character; spaces and invisible characters are left in place."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    folded = "".join(out).replace("\u3000", " ")
    simple = to_simplified(folded)
    if len(simple) != len(folded):
        simple = "".join(c if len(c := to_simplified(ch)) == 1 else ch for ch in folded)
    return simple.lower()


def match_form(text: str) -> str:
    """The form every comparison uses: clean, NFKC-folded, Simplified, lower-case, single spaces."""
    text = to_simplified(fold_width(clean(text))).lower()
    return re.sub(r"\s+", " ", text).strip()
