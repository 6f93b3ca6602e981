"""Lines broken by a PDF join back into sentences; numbering markers and sentences are recognised."""

import pytest

from corpora.text import join_lines, parse_marker, split_sentences


def test_chinese_lines_join_without_space_latin_words_with_one():
    assert join_lines(["我县坚持教育优先", "发展，经费增长", "5.3%。"]) == "我县坚持教育优先发展，经费增长5.3%。"
    assert join_lines(["采用 Education", "Management 系统"]) == "采用 Education Management 系统"
    assert join_lines(["inter-", "national 合作"]) == "international 合作"


def test_a_sentence_broken_across_lines_is_one_sentence():
    text = join_lines(["2022年全县一般公共预算教育经费为13.52亿元，", "比上年增长5.3%。"])
    assert [s.text for s in split_sentences(text)] == ["2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%。"]


def test_sentences_split_on_terminals_and_inline_markers_with_offsets():
    text = "我县建立了制度。一是健全机制，二是加强保障；（3）落实经费！②完善考核"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "我县建立了制度。",
        "一是健全机制，",
        "二是加强保障；",
        "（3）落实经费！",
        "②完善考核",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_decimal_points_do_not_split_sentences():
    assert len(split_sentences("经费为13.52亿元，增长5.3%。")) == 1


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("一、基本情况", "cn_top", "一"),
        ("（一）加强党的领导", "cn_paren", "一"),
        ("(二)加强教育保障", "cn_paren", "二"),
        ("1.建立制度", "arabic", "1"),
        ("1、健全机制", "arabic", "1"),
        ("１．全角编号", "arabic", "1"),
        ("（1）小学", "arabic_paren", "1"),
        ("⑵初中", "arabic_paren", "⑵"),
        ("①普通高中", "circled", "①"),
        ("2.1.3普惠园名单", "decimal", "2.1.3"),
        ("1.2 党建工作", "decimal", "1.2"),
        ("第三章 总则", "chapter", "三"),
        ("第十二条 各区应当", "article", "十二"),
        ("一是健全机制", "ordinal", "一"),
    ],
)
def test_numbering_markers(text, kind, label):
    marker = parse_marker(text)
    assert marker is not None and (marker.kind, marker.label) == (kind, label)


@pytest.mark.parametrize("text", ["13.52亿元", "2022年全县", "1.5万人", "一般公共预算", "1. ", "三是"])
def test_figures_and_plain_text_are_not_markers(text):
    assert parse_marker(text) is None


def test_marker_ranks_nest_like_official_documents():
    ranks = [parse_marker(t).rank for t in ("第一章 总则", "一、概况", "（一）领导", "1.制度", "（1）小学", "①初中")]
    assert ranks == sorted(ranks)


def test_quotes_are_clipped_at_clause_ends_never_inside_a_document_number():
    from corpora.text import clip

    long = "根据《关于加强县级党委政府教育工作的实施意见》（临办发〔2022〕11号）文件精神，全县建立了定期研究制度。"
    assert clip(long, 40) == "根据《关于加强县级党委政府教育工作的实施意见》（临办发〔2022〕11号）文件精神…"
    assert clip("全年召开县委常委会会议3次，专题研究教育工作；县政府常务会议研究教育工作5次。", 30) == (
        "全年召开县委常委会会议3次，专题研究教育工作…"
    )
    assert clip("关于印发《某县进一步加强和改进新时代教育督导工作实施方案的补充说明》的说明", 20) == "关于印发…"
    assert clip("短句。", 40) == "短句。"
