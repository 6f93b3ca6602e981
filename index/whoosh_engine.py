"""The Whoosh engine (whoosh3, pinned): Chinese analysed twice — jieba words with the domain dictionary
for precision, character bigrams for recall — and every query term widened in place to
`words:X OR grams:X`, so that NOT and phrases keep their meaning and a term that jieba cuts otherwise
in the text is still found. One writer at a time behind Whoosh's lock, with bounded retries; a failed
write is cancelled, leaving the last committed state."""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from index.analysis import bigrams, synonyms_of, words
from index.base import READ_ERRORS, Filters, Hit, Results, filter_fields, open_writer
from index.query import And, Not, Query, Term
from index.units import Unit

log = logging.getLogger(__name__)


class _ListTokenizer(Tokenizer):
    """Tokens from a function of the text; positions are the list's order (for phrase queries)."""

    split = staticmethod(words)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs) -> Iterator[Token]:  # fmt: skip
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, text in enumerate(self.split(value)):
            t.text = text
            t.boost = 1.0
            if positions:
                t.pos = start_pos + i
            yield t


class JiebaTokenizer(_ListTokenizer):
    split = staticmethod(words)


class BigramTokenizer(_ListTokenizer):
    split = staticmethod(bigrams)


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        submission=ID(stored=True),
        region=ID,
        year=ID,
        kind=ID,
        doc_kind=ID,
        points=KEYWORD,
        confirmed=KEYWORD,
        words=TEXT(analyzer=JiebaTokenizer(), phrase=True),
        grams=TEXT(analyzer=BigramTokenizer(), phrase=True),
        data=STORED,
    )


def _term(text: str, phrase: bool) -> wq.Query:
    """words:X OR grams:X. Unquoted, X's words may stand in any order in the words field (jieba's cut of
    校长教师交流 finds 教师校长交流); the bigram field always wants the characters as written."""
    w, g = words(text), bigrams(text)
    if not w:
        word_q: wq.Query = wq.NullQuery
    elif len(w) == 1:
        word_q = wq.Term("words", w[0])
    else:
        word_q = wq.Phrase("words", w) if phrase else wq.And([wq.Term("words", x) for x in w])
    if len(text) == 1:
        gram_q: wq.Query = wq.Prefix("grams", text)
    else:
        gram_q = wq.Term("grams", g[0]) if len(g) == 1 else wq.Phrase("grams", g)
    return wq.Or([word_q, gram_q])


def compile_query(q: Query) -> wq.Query:
    if isinstance(q, Term):
        own = _term(q.text, q.phrase)
        others = [] if q.phrase else synonyms_of(q.text)
        if not others:
            return own
        # A domain synonym widens an unquoted term (普惠园 → 普惠性幼儿园), weighing less than the term.
        return wq.Or([own, wq.DisjunctionMax([_term(o, True) for o in others], boost=0.3)])
    if isinstance(q, Not):
        return wq.Not(compile_query(q.item))
    parts = [compile_query(i) for i in q.items]
    return wq.And(parts) if isinstance(q, And) else wq.Or(parts)


def _filter(f: Filters) -> wq.Query | None:
    """The restriction as a query; NullQuery when no unit may pass (Whoosh drops a NullQuery from an And,
    so an empty scope must make the whole restriction null, not one part of it)."""
    if f.submissions == []:
        return wq.NullQuery
    parts: list[wq.Query] = []
    if f.submissions is not None:
        parts.append(wq.Or([wq.Term("submission", s) for s in f.submissions]))
    if f.region:
        parts.append(wq.Term("region", f.region))
    if f.year is not None:
        parts.append(wq.Term("year", str(f.year)))
    if f.points:
        parts.append(wq.Or([wq.Term(field, p) for p in f.points for field in ("points", "confirmed")]))
    if f.kinds:
        parts.append(wq.Or([wq.Term("kind", k) for k in f.kinds]))
    if f.doc_kind:
        parts.append(wq.Term("doc_kind", f.doc_kind))
    return wq.And(parts) if parts else None


class WhooshEngine:
    name = "whoosh"
    read_errors = (*READ_ERRORS, pickle.UnpicklingError, windex.IndexError)  # IndexError: a foreign TOC

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.ix = (
            windex.open_dir(str(folder)) if windex.exists_in(str(folder)) else windex.create_in(str(folder), schema())
        )

    def _writer(self):
        return open_writer(self.ix.writer, lambda exc: isinstance(exc, LockError))

    def _write(self, action) -> int:
        writer = self._writer()
        try:
            n = action(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.ix = windex.open_dir(str(self.folder))
        return n

    def add(self, units: Iterable[Unit]) -> None:
        def action(w) -> int:
            n = 0
            for u in units:
                w.update_document(
                    **filter_fields(u), words=u.text, grams=u.text, data=json.dumps(u.as_dict(), ensure_ascii=False)
                )
                n += 1
            return n

        self._write(action)

    def remove_submission(self, submission: str) -> int:
        return self._write(lambda w: w.delete_by_term("submission", submission))

    def clear(self) -> None:
        self.ix = windex.create_in(str(self.folder), schema())

    def size(self) -> int:
        return self.ix.doc_count()

    def search(
        self, query: Query, filters: Filters, limit: int, *, boost_points: list[str] | None = None, count: bool = False
    ) -> Results:
        q = compile_query(query)
        if boost_points:
            links = [wq.Term(f, p, boost=3.0) for p in boost_points for f in ("points", "confirmed")]
            q = wq.Or([q, *links])
        restriction = _filter(filters)
        with self.ix.searcher() as searcher:
            allowed = None if restriction is None else set(searcher.docs_for_query(restriction))
            if allowed == set():  # Whoosh takes an empty filter for none, and would count every match
                return Results([], 0 if count else None)
            found = searcher.search(q, limit=limit, filter=allowed, terms=False)
            hits = [Hit(Unit(**json.loads(h["data"])), float(h.score or 0.0)) for h in found]
            hits.sort(key=lambda h: (-round(h.score, 9), h.unit.id))  # ties in a stable order, whatever the insertion
            total = len(found) if count else None
        return Results(hits, total)
