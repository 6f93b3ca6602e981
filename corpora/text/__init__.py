"""The one Chinese text module (文本处理) every stage goes through.

Two forms of every text: the *display* form (what the file says, cleaned of invisible noise and inline
pinyin) and the *match* form (NFKC-folded, Simplified, lower-cased) used for matching and search.
"""

from corpora.text.lines import join_lines
from corpora.text.normalize import aligned_form, clean, fold_width, match_form, strip_pinyin, to_simplified
from corpora.text.numbering import Marker, parse_marker
from corpora.text.segment import add_terms, cut
from corpora.text.sentences import Sentence, clip, split_sentences

__all__ = [
    "Marker",
    "Sentence",
    "add_terms",
    "aligned_form",
    "clean",
    "clip",
    "cut",
    "fold_width",
    "join_lines",
    "match_form",
    "parse_marker",
    "split_sentences",
    "strip_pinyin",
    "to_simplified",
]
