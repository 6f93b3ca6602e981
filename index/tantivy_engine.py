"""The Tantivy engine (tantivy-py, the official binding of the Rust engine): the same units, analysis
and query semantics as the Whoosh engine — jieba words and character bigrams, computed here and handed
to Tantivy pre-tokenized on whitespace; each term widened to words:X OR grams:X — for indexes larger
than Whoosh can serve within the latency target (see bench/search.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import tantivy

from index.analysis import bigrams, synonyms_of, words
from index.base import READ_ERRORS, Filters, Hit, Results, filter_fields, open_writer
from index.query import And, Not, Or, Query, Term
from index.units import Unit

_HEAP = 128 << 20


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("submission", "region", "year", "kind", "doc_kind"):
        b.add_text_field(name, tokenizer_name="raw")
    for name in ("points", "confirmed", "words", "grams"):
        b.add_text_field(name, tokenizer_name="whitespace")
    b.add_bytes_field("data", stored=True)
    return b.build()


class TantivyEngine:
    name = "tantivy"
    read_errors = READ_ERRORS

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(folder))

    # -- writing -------------------------------------------------------------------------------

    def _writer(self):
        return open_writer(lambda: self.index.writer(_HEAP, 1), lambda exc: "lock" in str(exc).lower())

    def _write(self, action) -> int:
        writer = self._writer()
        try:
            n = action(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self.index.reload()
        return n

    def add(self, units: Iterable[Unit]) -> None:
        def action(w) -> int:
            n = 0
            for u in units:
                w.delete_documents_by_term("id", u.id)
                w.add_document(
                    tantivy.Document(
                        **filter_fields(u),
                        words=" ".join(words(u.text)),
                        grams=" ".join(bigrams(u.text)),
                        data=json.dumps(u.as_dict(), ensure_ascii=False).encode("utf-8"),
                    )
                )
                n += 1
            return n

        self._write(action)

    def remove_submission(self, submission: str) -> int:
        before = self.size()
        self._write(lambda w: w.delete_documents_by_term("submission", submission))
        return before - self.size()

    def clear(self) -> None:
        self._write(lambda w: w.delete_all_documents())

    def size(self) -> int:
        self.index.reload()
        return self.index.searcher().num_docs

    # -- reading -------------------------------------------------------------------------------

    def _t(self, field: str, text: str):
        return tantivy.Query.term_query(self.schema, field, text)

    def _term(self, text: str, phrase: bool):
        w, g = words(text), bigrams(text)
        parts = []
        if len(w) == 1:
            parts.append(self._t("words", w[0]))
        elif w:
            parts.append(
                tantivy.Query.phrase_query(self.schema, "words", w)
                if phrase
                else tantivy.Query.boolean_query([(tantivy.Occur.Must, self._t("words", x)) for x in w])
            )
        if len(text) == 1:
            parts.append(tantivy.Query.regex_query(self.schema, "grams", f"{text}.*"))
        elif len(g) == 1:
            parts.append(self._t("grams", g[0]))
        else:
            parts.append(tantivy.Query.phrase_query(self.schema, "grams", g))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])

    def compile(self, q: Query):
        if isinstance(q, Term):
            own = self._term(q.text, q.phrase)
            others = [] if q.phrase else synonyms_of(q.text)
            if not others:
                return own
            widened = tantivy.Query.disjunction_max_query([self._term(o, True) for o in others])
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, own), (tantivy.Occur.Should, tantivy.Query.boost_query(widened, 0.3))]
            )
        if isinstance(q, Not):
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, self.compile(q.item))]
            )
        if isinstance(q, And):
            clauses = [
                (tantivy.Occur.MustNot, self.compile(i.item))
                if isinstance(i, Not)
                else (tantivy.Occur.Must, self.compile(i))
                for i in q.items
            ]
            return tantivy.Query.boolean_query(clauses)
        assert isinstance(q, Or)
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(i)) for i in q.items])

    def _filters(self, f: Filters) -> list:
        def any_of(field: str, values: list[str]):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self._t(field, v)) for v in values])

        out = []
        if f.submissions is not None:
            out.append(any_of("submission", f.submissions) if f.submissions else tantivy.Query.empty_query())
        if f.region:
            out.append(self._t("region", f.region))
        if f.year is not None:
            out.append(self._t("year", str(f.year)))
        if f.points:
            points = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._t(fl, p)) for p in f.points for fl in ("points", "confirmed")]
            )
            out.append(points)
        if f.kinds:
            out.append(any_of("kind", f.kinds))
        if f.doc_kind:
            out.append(self._t("doc_kind", f.doc_kind))
        return [tantivy.Query.const_score_query(q, 0.0) for q in out]

    def search(
        self, query: Query, filters: Filters, limit: int, *, boost_points: list[str] | None = None, count: bool = False
    ):
        q = self.compile(query)
        if boost_points:
            links = [
                tantivy.Query.boost_query(self._t(f, p), 3.0) for p in boost_points for f in ("points", "confirmed")
            ]
            q = tantivy.Query.boolean_query([(tantivy.Occur.Should, x) for x in [q, *links]])
        restrictions = self._filters(filters)
        if restrictions:
            q = tantivy.Query.boolean_query([(tantivy.Occur.Must, q), *((tantivy.Occur.Must, r) for r in restrictions)])
        searcher = self.index.searcher()
        found = searcher.search(q, limit, count=count)
        hits = []
        for score, address in found.hits:
            doc = searcher.doc(address)
            hits.append(Hit(Unit(**json.loads(bytes(doc["data"][0]).decode("utf-8"))), float(score)))
        hits.sort(key=lambda h: (-round(h.score, 5), h.unit.id))
        return Results(hits, found.count if count else None)
