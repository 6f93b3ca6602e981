"""Every figure of a report sentence with value, unit, period, comparison, metric and subject; template
placeholders, dates and document numbers are not figures."""

import pytest

from extract.quantities import find_quantities

YEAR = 2022
# sentence → [(text, value, unit, period, comparison, metric, subject)]
CASES = {
    "2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%。": [
        ("13.52亿元", 13.52, "亿元", "2022", None, "一般公共预算教育经费", "全县"),
        ("5.3%", 5.3, "%", "2022", "up", "一般公共预算教育经费", "全县"),
    ],
    "全县一般公共预算教育经费由上年的139328.99万元增加到2022年的149701.58万元，增长7.4%。": [
        ("139328.99万元", 139328.99, "万元", "2021", None, "一般公共预算教育经费", "全县"),
        ("149701.58万元", 149701.58, "万元", "2022", None, "一般公共预算教育经费", "全县"),
        ("7.4%", 7.4, "%", "2022", "up", "一般公共预算教育经费", "全县"),
    ],
    "生均一般公共预算教育经费分别为小学12230元、初中16080元、普通高中17320.10元。": [
        ("12230元", 12230, "元", "2022", None, "生均一般公共预算教育经费", "小学"),
        ("16080元", 16080, "元", "2022", None, "生均一般公共预算教育经费", "初中"),
        ("17320.10元", 17320.10, "元", "2022", None, "生均一般公共预算教育经费", "普通高中"),
    ],
    "普惠性幼儿园覆盖率达到86.5%，比上年提高2.1个百分点。": [
        ("86.5%", 86.5, "%", "2022", None, "普惠性幼儿园覆盖率", "全县"),
        ("2.1个百分点", 2.1, "个百分点", "2022", "up", "普惠性幼儿园覆盖率", "全县"),
    ],
    "义务教育教师年均工资为11.2万元，不低于当地公务员年均工资10.9万元。": [
        ("11.2万元", 11.2, "万元", "2022", None, "教师年均工资", "全县"),
        ("10.9万元", 10.9, "万元", "2022", None, "公务员年均工资", "全县"),
    ],
    "全年召开县委常委会三次、县政府常务会议两次，专题研究教育工作。": [
        ("三次", 3, "次", "2022", None, None, "全县"),
        ("两次", 2, "次", "2022", None, None, "全县"),
    ],
    "全县共有各级各类学校186所，在校学生8.56万人，教职工6,120人。": [
        ("186所", 186, "所", "2022", None, None, "全县"),
        ("8.56万人", 8.56, "万人", "2022", None, None, "全县"),
        ("6,120人", 6120, "人", "2022", None, None, "全县"),
    ],
    "56人以上大班额比例控制在1%以内。": [("1%", 1, "%", "2022", "at_most", "大班额比例", "全县")],
    "全县学前三年毛入园率为９１．２％。": [("９１．２％", 91.2, "%", "2022", None, "学前三年毛入园率", "全县")],
    "全區小學、初中生均公用經費分別為720元和920元，分別比上年增長2.1%和1.6%。": [
        ("720元", 720, "元", "2022", None, "生均公用经费", "小学"),
        ("920元", 920, "元", "2022", None, "生均公用经费", "初中"),
        ("2.1%", 2.1, "%", "2022", "up", "生均公用经费", "小学"),
        ("1.6%", 1.6, "%", "2022", "up", "生均公用经费", "初中"),
    ],
    "全县有中小学、幼儿园186所，其中小学52所；班额控制在45～50人，确保两个只增不减，无一名学生失学。": [
        ("186所", 186, "所", "2022", None, None, "全县"),
        ("52所", 52, "所", "2022", None, None, "小学"),
        ("45", 45, "人", "2022", "at_most", None, "全县"),
        ("50人", 50, "人", "2022", None, None, "全县"),
    ],
    "（2）交流轮岗教师比例为12.4%，其中骨干教师156人，合格率93.9%，任教满20年的教师颁发证书。": [
        ("12.4%", 12.4, "%", "2022", None, "交流轮岗教师比例", "全县"),
        ("156人", 156, "人", "2022", None, None, "全县"),
        ("93.9%", 93.9, "%", "2022", None, None, "全县"),
        ("20年", 20, "年", "2022", None, None, "全县"),
    ],
    "2021年全县教育经费98,563.27万元，上年为93,120.45万元，同比增长5.84%。": [
        ("98,563.27万元", 98563.27, "万元", "2021", None, None, "全县"),
        ("93,120.45万元", 93120.45, "万元", "2020", None, None, "全县"),
        ("5.84%", 5.84, "%", "2021", "up", None, "全县"),
    ],
    "初中生均公用经费较2021年的785元增加65元，不低于800元。": [
        ("785元", 785, "元", "2021", None, "生均公用经费", "初中"),
        ("65元", 65, "元", "2022", "up", "生均公用经费", "初中"),
        ("800元", 800, "元", "2022", "at_least", "生均公用经费", "初中"),
    ],
    "2021年大班额比例下降了0.6个百分点。": [("0.6个百分点", 0.6, "个百分点", "2021", "down", "大班额比例", "全县")],
    "新增学位一千二百个。": [("一千二百个", 1200, "个", "2022", None, None, "全县")],
}


@pytest.mark.parametrize("sentence", list(CASES))
def test_figures_of_report_sentences(sentence):
    got = [
        (q.text, q.value, q.unit, q.period, q.comparison, q.metric, q.subject) for q in find_quantities(sentence, YEAR)
    ]
    assert got == [(t, pytest.approx(v), *rest) for t, v, *rest in CASES[sentence]]


@pytest.mark.parametrize(
    "sentence",
    [
        "普惠性幼儿园覆盖率达到xx%，公办园在园幼儿占比**%。",
        "教育经费投入XX万元，增长x%。",
        "根据渝府办发〔2018〕193号文件要求。",
        "2021年12月31日前完成。",
        "一是加强领导，统一部署。",
    ],
)
def test_placeholders_dates_and_document_numbers_are_not_figures(sentence):
    assert find_quantities(sentence, YEAR) == []


def test_offsets_and_base_units():
    text = "全县一般公共预算教育经费为13.52亿元，生均经费为1.2万元"
    first, second = find_quantities(text, YEAR)
    assert text[first.start : first.end] == "13.52亿元"
    assert first.base() == (pytest.approx(1.352e9), "元") and second.base() == (pytest.approx(12000), "元")
    assert first.as_contract() == {
        "metric": "一般公共预算教育经费",
        "value": 13.52,
        "unit": "亿元",
        "period": "2022",
        "text": "13.52亿元",
    }


def test_a_bare_number_is_a_figure_even_at_the_start_of_the_text():
    assert [(q.value, q.unit) for q in find_quantities("147361.05", None)] == [(147361.05, None)]
    assert [q.value for q in find_quantities("12000名学生", None)] == [12000]


def test_without_a_report_year_relative_periods_stay_as_written():
    (q,) = find_quantities("上年普惠性幼儿园覆盖率为84.4%", None)
    assert q.period == "上年"
