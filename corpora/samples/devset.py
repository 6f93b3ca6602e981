"""The hand-written development set (开发集): self-evaluation reports written for this project in a small
line format, each claim labelled with its kind and each figure with its value, unit, period, metric and
subject. A report renders to the file format its header names (styled or plain DOCX, text PDF with or
without heading sizes, GBK text), so the same labels test every reader on the way to the claims.

Format, one line each::

    @style docx-styled        docx-styled | docx-plain | docx-outline | pdf | pdf-plain | txt-gbk
    @year 2022                the report's year (上年 resolves against it)
    @title 某县……自评报告
    % a comment
    # 一、基本情况             a heading; the number of # is its level
    +## （一）强化保障。         a run-in heading: printed at the start of the next paragraph
    [funding] 经费{13.52亿元|13.52|亿元|2022|一般公共预算教育经费|全县}……
                              a claim; consecutive claim lines form one paragraph, a blank line ends it.
                              {as written|value|unit|period|metric|subject}, "-" for none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from corpora.samples.render import Heading, Item, docx, text_pdf

STYLES = ("docx-styled", "docx-plain", "docx-outline", "pdf", "pdf-plain", "txt-gbk")
_FIGURE = re.compile(r"\{([^{}|]+)\|([^{}|]+)\|([^{}|]+)\|([^{}|]+)\|([^{}|]+)\|([^{}|]+)\}")
_CLAIM = re.compile(r"\[(\w+)\]\s*(.+)")
_HEADING = re.compile(r"(\+?)(#+)\s*(.+)")


class DevSetError(ValueError):
    pass


@dataclass(frozen=True)
class Figure:
    text: str
    value: float
    unit: str | None
    period: str | None
    metric: str | None
    subject: str | None

    def key(self) -> tuple:
        return (self.text, round(self.value, 6), self.unit, self.period, self.metric, self.subject)


@dataclass
class LabelledClaim:
    text: str
    kind: str
    section: list[str]
    figures: list[Figure]


@dataclass
class DevReport:
    name: str
    style: str
    year: int
    title: str
    items: list[Item] = field(default_factory=list)
    claims: list[LabelledClaim] = field(default_factory=list)
    headings: list[tuple[str, int]] = field(default_factory=list)  # (text, level) in reading order

    def render(self, folder: Path, style: str | None = None) -> Path:
        """The report as a file of `style` (default: its own) in `folder`."""
        style = style or self.style
        stem = folder / f"{self.name}-{style}"
        if style == "docx-styled":
            return docx(stem.with_suffix(".docx"), self.items, styled=True, title=self.title)
        if style in ("docx-plain", "docx-outline"):
            return docx(
                stem.with_suffix(".docx"), self.items, styled=False, outline=style == "docx-outline", title=self.title
            )
        if style == "pdf":
            return text_pdf(stem.with_suffix(".pdf"), self.items, title=self.title)
        if style == "pdf-plain":
            plain = [i.text if isinstance(i, Heading) else i for i in self.items]
            return text_pdf(stem.with_suffix(".pdf"), plain, title=self.title)
        if style == "txt-gbk":
            lines = [self.title] + [i.text if isinstance(i, Heading) else str(i) for i in self.items]
            path = stem.with_suffix(".txt")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes("\r\n".join(lines).encode("gbk"))
            return path
        raise DevSetError(f"未知样式：{style}")


def _figure(m: re.Match, where: str) -> Figure:
    def opt(s: str) -> str | None:
        return None if s.strip() == "-" else s.strip()

    try:
        value = float(m.group(2))
    except ValueError as e:
        raise DevSetError(f"{where}：数值「{m.group(2)}」不是数字") from e
    return Figure(m.group(1), value, opt(m.group(3)), opt(m.group(4)), opt(m.group(5)), opt(m.group(6)))


def parse(text: str, name: str) -> DevReport:
    head: dict[str, str] = {}
    report: DevReport | None = None
    stack: list[tuple[int, str]] = []
    paragraph: list[str] = []
    run_in: str | None = None

    def flush() -> None:
        nonlocal run_in
        if paragraph:
            assert report is not None
            report.items.append((run_in or "") + "".join(paragraph))
            paragraph.clear()
            run_in = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{name} 第{number}行"
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            head[key] = value.strip()
            continue
        if report is None and not line.startswith("%") and line:
            if head.get("style") not in STYLES or not head.get("year", "").isdigit() or not head.get("title"):
                raise DevSetError(f"{where}：缺少 @style / @year / @title")
            report = DevReport(name, head["style"], int(head["year"]), head["title"])
        if not line or line.startswith("%"):
            if not line:
                flush()
            continue
        assert report is not None
        if m := _HEADING.fullmatch(line):
            flush()
            level, heading = len(m.group(2)), m.group(3).strip()
            while stack and stack[-1][0] >= level:
                stack.pop()
            if m.group(1):
                run_in = heading
                heading = heading.rstrip("。：:")
            else:
                report.items.append(Heading(heading, level))
            stack.append((level, heading))
            report.headings.append((heading, len(stack)))
        elif m := _CLAIM.fullmatch(line):
            figures = [_figure(f, where) for f in _FIGURE.finditer(m.group(2))]
            plain = _FIGURE.sub(lambda f: f.group(1), m.group(2))
            if "{" in plain or "}" in plain:
                raise DevSetError(f"{where}：数字标注格式有误")
            paragraph.append(plain)
            report.claims.append(LabelledClaim(plain, m.group(1), [t for _, t in stack], figures))
        else:
            raise DevSetError(f"{where}：无法识别「{line[:20]}」")
    flush()
    if report is None:
        raise DevSetError(f"{name}：没有内容")
    return report


def load(path: Path) -> DevReport:
    return parse(path.read_text("utf-8"), path.stem)


def load_all(folder: Path) -> list[DevReport]:
    return [load(p) for p in sorted(folder.glob("*.txt"))]


def squeeze(text: str) -> str:
    """Text without whitespace, so that a PDF's line joins do not count as differences."""
    return "".join(text.split())


@dataclass
class Tally:
    """Hits against predictions and labels; precision, recall and F1 over any number of reports."""

    hits: int = 0
    predicted: int = 0
    labelled: int = 0

    def add(self, predicted: list, labelled: list) -> list:
        """Count one report's multiset overlap; returns the labels that were missed."""
        pool = list(predicted)
        missed = []
        for item in labelled:
            if item in pool:
                pool.remove(item)
                self.hits += 1
            else:
                missed.append(item)
        self.predicted += len(predicted)
        self.labelled += len(labelled)
        return missed

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.labelled if self.labelled else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
