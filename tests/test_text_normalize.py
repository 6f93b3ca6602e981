"""The display form keeps what the file says; the match form is folded, Simplified and pinyin-free."""

import re

from corpora.text import clean, fold_width, match_form, strip_pinyin, to_simplified

_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def test_seed_002_match_form_is_simplified_without_pinyin(seeds):
    text = next(seeds.glob("002_*.txt")).read_text("utf-8")
    assert "辦公廳(tīng)" in text or "辦公廳" in text
    form = match_form(text)
    assert "办公厅" in form
    assert "辦公廳" not in form
    assert not _TONED.search(form), "inline pinyin annotations must be gone"
    assert "履行教育职责" in form


def test_display_form_keeps_traditional_characters_but_drops_pinyin():
    assert clean("上海市人民政府辦公廳(tīng)關(guān)於") == "上海市人民政府辦公廳關於"
    assert clean("督導（dǎo）評估") == "督導評估"


def test_pinyin_removal_spares_ordinary_brackets():
    assert strip_pinyin("采用政府和社会资本合作(PPP)模式") == "采用政府和社会资本合作(PPP)模式"
    assert strip_pinyin("见附件(a)") == "见附件(a)"
    assert strip_pinyin("按照?qǐng)?zhí)行") == "按照行"  # a mirror's lost glyph and its "(" became "?"


def test_full_width_folding():
    assert fold_width("２０２２年增长１２．５％（ＡＢＣ）") == "2022年增长12.5%(ABC)"
    assert match_form("　教育經費　　增長") == "教育经费 增长"


def test_traditional_to_simplified():
    assert to_simplified("義務教育學校辦學條件") == "义务教育学校办学条件"


def test_invisible_characters_are_removed():
    assert clean("教育\u200b经费\ufeff") == "教育经费"
    assert match_form("教育\u00a0经费") == "教育 经费"
