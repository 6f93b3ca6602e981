"""Character classes shared by the text functions."""

import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014"
CJK_RE = re.compile(f"[{CJK}]")


def is_wide(ch: str) -> bool:
    """A CJK ideograph or CJK punctuation: text that joins its neighbours without a space."""
    return bool(re.match(f"[{CJK}{CJK_PUNCT}]", ch))


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


# Printable ASCII, Latin-1 symbols (not its letters: CID mojibake often looks like ÁÂÃ), CJK and its
# punctuation, and the symbol blocks such documents use (≥ × ℃ ㎡ ① ■ Ⅱ →).
_GOOD = re.compile(
    f"[\\x20-\\x7e\\u00a0-\\u00bf\\u00d7\\u00f7{CJK}{CJK_PUNCT}\\u2010-\\u2044\\u2100-\\u22ff\\u2460-\\u25ff"
    "\\u3200-\\u33ff\\uff00-\\uffef]"
)
_BAD = re.compile("[\\ue000-\\uf8ff\\ufffd]")


def garbage_ratio(text: str) -> float:
    """Share of characters that cannot be real text: private-use and replacement characters, control
    codes, and symbols outside the scripts a Chinese government document uses. A text layer from a CID
    font without a Unicode map scores high; 0.0 for empty text."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for ch in chars if _BAD.match(ch) or not _GOOD.match(ch))
    return bad / len(chars)
