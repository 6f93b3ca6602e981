"""Document furniture (版面要素): what surrounds a document's text without being part of what it says —
page numbers, running headers and footers, the 文号 and red-header line, the addressee line, the
signature and date, 此件公开 notes, 附件 lists and the title over its two lines. Furniture stays in the
document (as blocks of kind "furniture", so a viewer can show it) and never becomes a claim.

By pattern here, line by line; by position and repetition across pages in `mark_repeated`."""

from __future__ import annotations

import re

_DASHES = "—\\-－–~～"
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}\s]*(?:第\s*)?\d{{1,4}}\s*(?:页)?[{_DASHES}\s]*$"
    rf"|^[{_DASHES}\s]*第\s*\d+\s*页\s*[,，]?\s*(?:共\s*\d+\s*页)?[{_DASHES}\s]*$"
    r"|^\d+\s*/\s*\d+$|^(?:page|p\.)\s*\d+(?:\s*of\s*\d+)?$",
    re.I,
)
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,14}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$")
_RED_HEADER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:文件|公报|简报)$")
_BODY = r"(?:委员会|办公室|督导室|督导办|人民政府|政府|教育局|教育体育局|统计局|财政局|局|厅|委|部|处|室)"
_ADDRESSEE = re.compile(rf"^[\u4e00-\u9fff、，,（）()\s]{{2,40}}{_BODY}\s*[:：]$")
_ISSUERS = re.compile(rf"^(?:[\u4e00-\u9fff（）()]{{2,24}}?{_BODY}[\s　]*){{1,4}}$")
_CN_DIGIT = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"^(?:\d{{4}}|[{_CN_DIGIT}○]{{4}})\s*年\s*[\d{_CN_DIGIT}]{{1,3}}\s*月(?:\s*[\d{_CN_DIGIT}]{{1,3}}\s*日)?$"
)
_PUBLIC = re.compile(r"^[（(]\s*此件.{0,12}[)）]$|^[（(]\s*(?:联系人|联系电话).{0,40}[)）]$")
_ATTACHMENT = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]")
_TITLE_END = re.compile(r"(?:报告|公告|通知|意见|方案|决定|通报|纪要|请示|函|自评表|统计表)$")
_TERMINAL = re.compile(r"[。；;！？!?]$")


def furniture_reason(text: str) -> str | None:
    """Why a line is furniture (页码, 文号, 文头, 主送, 落款, 日期, 公开属性, 附件), or None."""
    line = text.strip()
    if not line or len(line) > 60:
        return None
    checks = (
        (_PAGE_NUMBER, "页码"),
        (_DOC_NUMBER, "文号"),
        (_RED_HEADER, "文头"),
        (_ADDRESSEE, "主送"),
        (_DATE, "日期"),
        (_PUBLIC, "公开属性"),
        (_ATTACHMENT, "附件"),
    )
    for pattern, reason in checks:
        if pattern.search(line):
            return reason
    if _ISSUERS.match(line) and not _TERMINAL.search(line):
        return "落款"
    return None


def is_title_line(text: str) -> bool:
    """The last line of a document's title (…关于2022年度履行教育职责情况的自评报告)."""
    line = text.strip()
    return 4 <= len(line) <= 60 and bool(_TITLE_END.search(line)) and not re.search(r"[。，,；;：:]", line)


def short_line(text: str) -> bool:
    """A line that could be the first part of a title broken over two lines."""
    line = text.strip()
    return 2 <= len(line) <= 40 and not re.search(r"[。，,；;：:！？]", line)


def repeat_key(text: str) -> str:
    """A running header or footer compared across pages: digits (page numbers, dates) aside."""
    return re.sub(r"[\d\s]+", "#", text.strip())


def attachment_item(text: str) -> bool:
    """A further line of an 附件 list: a numbered title of an attached table or document."""
    line = text.strip()
    numbered = re.match(r"^\d+\s*[.．、]", line)
    return len(line) <= 60 and bool(numbered) and bool(re.search(r"(?:表|报告|文件|通知|方案|清单|名单)$", line))
