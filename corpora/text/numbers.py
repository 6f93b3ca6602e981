"""Numbers written in Chinese numerals (两分, 三十五, 一千二百)."""

from __future__ import annotations

import re

import cn2an

_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿点]+")


def chinese_number(text: str) -> float | None:
    """The value of a number written only in Chinese numerals (两 → 2, 十二 → 12, 零点五 → 0.5), else None."""
    text = text.strip()
    if not _CN_NUMBER.fullmatch(text):
        return None
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None
