"""spaCy for rule matching over Chinese: `blank("zh")` with one token per character.

Character tokens let a PhraseMatcher find every term, including those jieba would cut differently
(公办园 inside 公办园在园).
"""

from collections.abc import Iterable
from functools import lru_cache

from corpora.text.normalize import match_form


@lru_cache(maxsize=1)
def nlp():
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def char_doc(text: str):
    """A spaCy Doc of the match form, one token per character."""
    return nlp().make_doc(match_form(text))


def phrase_matcher(terms: Iterable[tuple[str, str]]):
    """A PhraseMatcher over character tokens; `terms` are (label, phrase) pairs."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp().vocab)
    by_label: dict[str, list] = {}
    for label, phrase in terms:
        by_label.setdefault(label, []).append(char_doc(phrase))
    for label, docs in by_label.items():
        matcher.add(label, docs)
    return matcher


def find_terms(matcher, text: str) -> list[tuple[str, int, int]]:
    """(label, start, end) character spans of the match form where `matcher` fires."""
    doc = char_doc(text)
    vocab = nlp().vocab
    return [(vocab.strings[m], doc[s:e].start_char, doc[s:e].end_char) for m, s, e in matcher(doc)]
