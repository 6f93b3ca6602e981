"""Segmentation uses the domain dictionary; rule matching over character tokens finds every term."""

from corpora.text import add_terms, cut
from corpora.text.nlp import find_terms, nlp, phrase_matcher


def word_doc(text: str):
    """A spaCy Doc whose tokens are jieba words: what a matcher over words would see."""
    from spacy.tokens import Doc

    words = cut(text)
    return Doc(nlp().vocab, words=words, spaces=[False] * len(words))


def test_domain_terms_stay_whole():
    words = cut("落实两个只增不减要求，生均公用经费逐年增长")
    assert "两个只增不减" in words
    assert "生均公用经费" in words


def test_segmentation_works_on_traditional_input():
    assert "义务教育" in cut("義務教育學校")


def test_later_stages_can_add_terms():
    assert "县域教共体" not in cut("推进县域教共体建设")
    add_terms(["县域教共体"])
    assert "县域教共体" in cut("推进县域教共体建设")


def test_character_matcher_finds_terms_jieba_cuts_differently():
    """The reason rule matching runs over characters: jieba keeps 在园幼儿 whole, so a matcher over its
    words never sees 在园; over characters every occurrence is found."""
    from spacy.matcher import PhraseMatcher

    text = "公办园在园幼儿占比达到52%"
    matcher = phrase_matcher([("在园", "在园"), ("公办园", "公办园")])
    assert sorted(find_terms(matcher, text)) == [("公办园", 0, 3), ("在园", 3, 5)]

    words = word_doc(text)
    word_matcher = PhraseMatcher(words.vocab)
    word_matcher.add("在园", [word_doc("在园")])
    assert "在园幼儿" in [t.text for t in words]
    assert word_matcher(words) == []


def test_character_matcher_matches_traditional_text():
    matcher = phrase_matcher([("普惠园", "普惠园")])
    assert [label for label, _, _ in find_terms(matcher, "普惠園覆蓋率達到85%")] == ["普惠园"]
