"""Word segmentation (分词): jieba with the domain dictionary, extensible by later stages."""

import logging
import os
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from corpora.text.normalize import match_form

log = logging.getLogger(__name__)
_lock = threading.Lock()


def domain_terms() -> list[str]:
    """The shipped domain dictionary (corpora/lexicon/domain_terms.txt): one term per line."""
    text = resources.files("corpora.lexicon").joinpath("domain_terms.txt").read_text("utf-8")
    return [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # jieba keeps its dictionary cache in the system temp folder unless told; the service names its own
    # cache folder (inside JIAODU_HOME) in JIAODU_CACHE_DIR
    if cache := os.environ.get("JIAODU_CACHE_DIR"):
        os.makedirs(cache, exist_ok=True)
        tok.tmp_dir = cache
    for term in domain_terms():
        tok.add_word(term, freq=200000)
    return tok


def add_terms(terms: Iterable[str]) -> None:
    """Teach the segmenter more words (framework names, metrics, aliases)."""
    tok = _tokenizer()
    with _lock:
        for term in terms:
            term = match_form(term)
            if len(term) > 1:
                tok.add_word(term, freq=200000)


def cut(text: str) -> list[str]:
    """Words of the match form of `text`, without spaces."""
    with _lock:
        return [w for w in _tokenizer().lcut(match_form(text)) if w.strip()]
