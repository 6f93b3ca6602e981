"""Search queries (检索式): free text with AND / OR / NOT, quoted phrases and brackets, parsed into a small
tree that every engine compiles its own way; and highlighted snippets, the same for every engine.

`普惠 覆盖率` is 普惠 AND 覆盖率; `“县管校聘” OR 交流轮岗 -校长`; `（督导 OR 督学） AND 问责`. Traditional
characters and full-width forms are folded before analysis, so 督導 finds 督导."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpora.text import aligned_form, match_form


@dataclass(frozen=True)
class Term:
    text: str  # match form
    phrase: bool = False  # quoted: its words must stand together, in order


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


Query = Term | And | Or | Not


class QueryError(ValueError):
    pass


_TOKEN = re.compile(r'"([^"]*)"|“([^”]*)”|([()（）])|([^\s()（）]+)')


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        phrase = m.group(1) if m.group(1) is not None else m.group(2)
        if phrase is not None:
            if phrase.strip():
                out.append(("phrase", phrase.strip()))
        elif m.group(3):
            out.append(("(" if m.group(3) in "(（" else ")", m.group(3)))
        else:
            word = m.group(4)
            if word in ("AND", "&", "&&", "且"):
                out.append(("and", word))
            elif word in ("OR", "|", "||", "或"):
                out.append(("or", word))
            elif word in ("NOT", "非"):
                out.append(("not", word))
            elif word.startswith("-") and len(word) > 1:
                out += [("not", "-"), ("term", word[1:])]
            else:
                out.append(("term", word))
    return out


def parse(text: str) -> Query:
    """The query tree of `text`; QueryError in Chinese for an empty or unbalanced query."""
    tokens = _tokens(text)
    pos = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def primary() -> Query:
        kind = peek()
        if kind == "not":
            take()
            return Not(primary())
        if kind == "(":
            take()
            inner = disjunction()
            if peek() != ")":
                raise QueryError("检索式的括号不配对")
            take()
            return inner
        if kind in ("term", "phrase"):
            form = match_form(take()[1])
            if not form:
                raise QueryError("检索词为空")
            if not any(ch.isalnum() for ch in form):
                raise QueryError(f"检索词“{form}”只有标点或符号，无法检索")
            return Term(form, phrase=kind == "phrase")
        raise QueryError("检索式不完整：缺少检索词")

    def conjunction() -> Query:
        items = [primary()]
        while peek() in ("and", "term", "phrase", "not", "("):
            if peek() == "and":
                take()
            items.append(primary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def disjunction() -> Query:
        items = [conjunction()]
        while peek() == "or":
            take()
            items.append(conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    if not tokens:
        raise QueryError("请输入检索词")
    tree = disjunction()
    if pos != len(tokens):
        raise QueryError("检索式的括号不配对")
    if isinstance(tree, Not) or (isinstance(tree, And) and all(isinstance(i, Not) for i in tree.items)):
        raise QueryError("检索式不能只有排除词")
    return tree


def positive_terms(q: Query) -> list[str]:
    """The terms a hit must or may contain (not those it must not): what a snippet highlights."""
    if isinstance(q, Term):
        return [q.text]
    if isinstance(q, Not):
        return []
    return [t for item in q.items for t in positive_terms(item)]


def snippet(text: str, terms: list[str], width: int = 90, mark: tuple[str, str] = ("【", "】")) -> str:
    """A window of `text` around its first matching term with every term marked; offsets from the
    aligned match form, so Traditional text and full-width digits are marked where they stand."""
    form = aligned_form(text)
    spans = []
    for t in sorted(set(terms), key=len, reverse=True):
        for m in re.finditer(re.escape(t), form):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    spans.sort()
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [text[pos:a], mark[0], text[a:b], mark[1]]
        pos = b
    out.append(text[pos:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix
