"""Document metadata from its text: 文号 (document number), 发文机关 (issuing body), dates, title."""

from __future__ import annotations

import datetime as dt
import re

from corpora.text import parse_marker
from corpora.text.numbers import chinese_number
from extract.model import Document

_DOC_NO = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{1,12})\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]\s*(?P<num>\d{1,5})\s*号"
)
_LEAD_WORDS = re.compile(r".*(?:根据|按照|依据|依照|参照|印发|转发|贯彻|落实|见|和|及|与|的|《|》|、)")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*日?")
_CN_DATE = re.compile(
    r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_ISSUER_HEADER = re.compile(r"^(?P<org>[\u4e00-\u9fa5（）()]{4,40}?)\s*文\s*件$")
_ISSUER_SIGNATURE = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5（）()]{2,40}(?:人民政府|办公室|办公厅|教育局|教育委员会|教育厅|教育体育局|财政局|"
    r"人力资源和社会保障局|委员会|领导小组|督导室|督导委员会|局|厅|委))$"
)
_ISSUER_TITLE = re.compile(r"^(?P<org>[\u4e00-\u9fa5（）()]{2,40}?)关于")
_NOT_IN_TITLE = re.compile(r"[。，,；;：:]")


def _cn_int(text: str) -> int | None:
    """一, 十二, 三十一, 二〇二二 (a year read digit by digit) as an integer, by cn2an."""
    value = chinese_number(text.replace("○", "〇"))
    return int(value) if value is not None else None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for m in _DATE.finditer(text):
        if (iso := _iso(int(m["y"]), int(m["m"]), int(m["d"]))) is not None:
            found.append((m.start(), iso))
    for m in _CN_DATE.finditer(text):
        year, month, day = _cn_int(m["y"]), _cn_int(m["m"]), _cn_int(m["d"])
        if year and month and day and (iso := _iso(year, month, day)) is not None:
            found.append((m.start(), iso))
    return list(dict.fromkeys(iso for _, iso in sorted(found)))


def find_doc_number(text: str) -> str | None:
    """The first document number, e.g. 渝府办发〔2018〕193号, without the words that lead into it."""
    for m in _DOC_NO.finditer(text):
        org = _LEAD_WORDS.sub("", m["org"])
        if org:
            return f"{org}〔{m['year']}〕{m['num']}号"
    return None


def _title_like(line: str) -> bool:
    """A short line that is not a sentence, a document number, a red header or a numbered heading."""
    return (
        4 <= len(line) <= 60
        and not _NOT_IN_TITLE.search(line)
        and not _DOC_NO.search(line)
        and not line.replace(" ", "").endswith("文件")
        and parse_marker(line) is None
    )


def enrich(doc: Document) -> Document:
    """Fill the metadata the reader could not give from the document's own text."""
    blocks = [b for b in doc.blocks if b.kind not in ("table", "caption")]
    head = [b.text.strip() for b in blocks[:12]]
    tail = [b.text.strip() for b in blocks[-8:]]
    text = doc.text
    meta = doc.meta
    # A document's own number stands on a short line of its own near the top; numbers quoted in the body
    # ("印发了《…》（江政办发〔2022〕15号）") belong to other documents.
    meta.doc_number = meta.doc_number or next(
        (n for line in head[:8] if len(line) <= 40 and (n := find_doc_number(line))), None
    )
    meta.dates = meta.dates or find_dates(text)
    if not meta.issuer:
        for line in head:
            if m := _ISSUER_HEADER.match(line.replace(" ", "")):
                meta.issuer = m["org"]
                break
    if not meta.title:
        meta.title = next((t for t in head[:4] if _title_like(t)), None)
    if not meta.issuer:
        for line in reversed(tail):
            if m := _ISSUER_SIGNATURE.match(line.replace(" ", "")):
                meta.issuer = m["org"]
                break
    if not meta.issuer and meta.title and (m := _ISSUER_TITLE.match(meta.title)):
        meta.issuer = m["org"]
    if meta.title:
        meta.title = meta.title.strip()
    return doc
