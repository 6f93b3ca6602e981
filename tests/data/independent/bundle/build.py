"""Build the independent test bundle county2 (砚川县, evaluation year 2023).

    from tests.data.independent.bundle.build import build
    fw_table, bundle_zip, labels = build(Path("/tmp/c2"))

Writes three files into out_dir:
  fw_table_B.xlsx      the city's indicator table (14 observation points D1…D14, 100 points)
  county2.zip          the county's submission: report (.docx), self-score sheet (.xlsx),
                       13 evidence files (.docx/.xlsx/text .pdf) in folders named by point code
  county2.labels.json  the answer key in the schema of ../shared/devset/score.py

The county, the city, every name, document number and figure are invented. Written without reading the
product code. Output is byte-for-byte deterministic (fixed zip timestamps and document properties).
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FIXED_DT = datetime(2024, 1, 15, 9, 30, 0)
ZIP_DT = (2024, 1, 15, 9, 30, 0)

TOP = "砚川县2023年度履行教育职责评价材料"
REPORT = f"{TOP}/砚川县2023年度履行教育职责自评报告.docx"
SELF_SCORE = f"{TOP}/砚川县2023年度履行教育职责自评得分表.xlsx"
EV = f"{TOP}/佐证材料"

# ----------------------------------------------------------------------------- framework
# (一级, 二级, code, name, score, standard, evidence kinds)
POINTS = [
    ("一、党的领导（12分）", "1.统筹领导", "D1", "党委政府专题研究教育工作", 6,
     "县委常委会会议每年专题研究教育工作不少于1次、县政府常务会议不少于2次；每少1次扣2分，扣完为止。",
     "会议纪要、研究教育工作情况一览表"),
    ("一、党的领导（12分）", "2.思政与党建", "D2", "领导干部联系学校和讲思政课", 6,
     "建立县级领导干部联系学校制度，领导干部每学期到联系学校讲思政课不少于1次；中小学全面实行党组织领导的校长负责制。未建立制度的不得分。",
     "制度文件、活动记录"),
    ("二、教育发展（30分）", "3.学前教育", "D3", "学前教育普及普惠", 9,
     "学前三年毛入园率达到85%以上，普惠性幼儿园覆盖率达到80%以上，公办园在园幼儿占比达到50%以上；每项未达到扣3分。",
     "教育事业统计表、政策文件"),
    ("二、教育发展（30分）", "4.义务教育", "D4", "控辍保学", 7,
     "九年义务教育巩固率达到96%以上，失学辍学学生动态清零；巩固率每低1个百分点扣1分。",
     "控辍保学台账、工作文件"),
    ("二、教育发展（30分）", "4.义务教育", "D5", "消除大班额", 7,
     "义务教育56人及以上大班额比例控制在1%以内；超过的不得分。",
     "班额统计表"),
    ("二、教育发展（30分）", "5.特殊教育", "D6", "残疾儿童少年接受教育", 7,
     "适龄残疾儿童少年义务教育入学率达到95%以上，重度残疾儿童送教上门全覆盖；每低1个百分点扣1分。",
     "残疾儿童入学统计表、送教上门记录"),
    ("三、经费投入（30分）", "6.经费保障", "D7", "一般公共预算教育支出只增不减", 10,
     "一般公共预算教育支出逐年只增不减；下降的不得分。",
     "教育经费执行情况统计公告、决算报表"),
    ("三、经费投入（30分）", "6.经费保障", "D8", "生均一般公共预算教育支出只增不减", 10,
     "按在校学生人数平均的一般公共预算教育支出只增不减（分幼儿园、普通小学、普通初中、普通高中、中等职业学校）；任一学段下降扣5分。",
     "教育经费执行情况统计公告"),
    ("三、经费投入（30分）", "7.公用经费", "D9", "义务教育生均公用经费", 10,
     "义务教育生均公用经费不低于基准定额（小学650元、初中850元），足额及时拨付；未达基准定额的不得分。",
     "公用经费拨付明细表"),
    ("四、教师队伍（18分）", "8.教师待遇", "D10", "义务教育教师工资", 8,
     "义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平；低于的不得分。",
     "工资测算表"),
    ("四、教师队伍（18分）", "9.队伍建设", "D11", "教师补充与交流", 5,
     "按规定及时补充教师，推进义务教育教师县管校聘和交流轮岗。",
     "招聘公告、聘用名单、交流轮岗名单"),
    ("四、教师队伍（18分）", "9.队伍建设", "D12", "教师培训", 5,
     "落实五年一周期不少于360学时的教师培训，培训经费按不低于学校年度公用经费总额5%列支。",
     "培训统计表、经费支出凭证"),
    ("五、督导整改（10分）", "10.教育督导", "D13", "督导机构与责任督学", 4,
     "教育督导机构健全，责任督学挂牌督导覆盖全部中小学、幼儿园。",
     "机构文件、责任督学聘任文件"),
    ("五、督导整改（10分）", "11.问题整改", "D14", "上一轮反馈问题整改", 6,
     "上一轮评价反馈问题全部整改到位；未完成整改的每项扣2分。",
     "整改方案、整改台账"),
]
assert sum(p[4] for p in POINTS) == 100

SELF_SCORES = {"D1": 6, "D2": 6, "D3": 8, "D4": 7, "D5": 7, "D6": 7, "D7": 10, "D8": 9, "D9": 10,
               "D10": 8, "D11": 5, "D12": 4.5, "D13": 3.5, "D14": 5}
SELF_TOTAL = sum(SELF_SCORES.values())  # 96.0


# ----------------------------------------------------------------------------- determinism helpers
def _fix_core_xml(data: bytes) -> bytes:
    txt = data.decode("utf-8")
    stamp = "2024-01-15T09:30:00Z"
    txt = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{stamp}\g<2>", txt)
    txt = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", txt)
    return txt.encode("utf-8")


def _normalize_ooxml(raw: bytes) -> bytes:
    """Re-zip an OOXML package with fixed timestamps and fixed core properties."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core_xml(data)
            zi = zipfile.ZipInfo(info.filename, ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    return out.getvalue()


def _docx_bytes(doc: Document) -> bytes:
    doc.core_properties.created = FIXED_DT
    doc.core_properties.modified = FIXED_DT
    doc.core_properties.author = "砚川县教育局"
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_ooxml(buf.getvalue())


def _xlsx_bytes(wb: Workbook) -> bytes:
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    wb.properties.creator = "砚川县教育局"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_ooxml(buf.getvalue())


# ----------------------------------------------------------------------------- document builders
def _new_doc() -> Document:
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "仿宋"
    st.font.size = Pt(14)
    return doc


def _center(doc, text, size=16, bold=False):
    p = doc.add_paragraph()
    p.alignment = 1
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold = bold
    return p


def _docx_notice(header, docno, title_lines, addressee, paras, signer, date, table=None):
    doc = _new_doc()
    _center(doc, header, 22, True)
    _center(doc, docno, 14)
    for t in title_lines:
        _center(doc, t, 18, True)
    if addressee:
        doc.add_paragraph(addressee)
    for para in paras:
        doc.add_paragraph(para)
    if table:
        rows = table
        tb = doc.add_table(rows=len(rows), cols=len(rows[0]))
        tb.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                tb.cell(i, j).text = str(v)
    doc.add_paragraph("")
    p = doc.add_paragraph(signer)
    p.alignment = 2
    p = doc.add_paragraph(date)
    p.alignment = 2
    return _docx_bytes(doc)


def _xlsx_table(title, unit, header, rows, notes=(), sheet="Sheet1"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    n = len(header)
    ws.append([title] + [None] * (n - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    r = 2
    if unit:
        ws.append([unit] + [None] * (n - 1))
        r += 1
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    for note in notes:
        ws.append([note] + [None] * (n - 1))
        last = ws.max_row
        ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=n)
    for col in "ABCDEFGH"[:n]:
        ws.column_dimensions[col].width = 18
    return _xlsx_bytes(wb)


def _pdf_bytes(blocks):
    """blocks: list of (text, size, align) with align in {'c','l','r'}; wraps CJK text by width."""
    from reportlab import rl_config
    rl_config.invariant = 1
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", FONT_PATH, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("")
    c.setAuthor("")
    w, h = A4
    left, right, top, bottom = 72, 72, 72, 80
    y = h - top
    page = 1

    def footer():
        c.setFont("WQY", 10)
        c.drawCentredString(w / 2, 40, f"— {page} —")

    for text, size, align in blocks:
        lines = []
        cur = ""
        maxw = w - left - right - (2 * size if align == "l" else 0)
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, "WQY", size) > maxw:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
        for i, line in enumerate(lines):
            if y < bottom:
                footer()
                c.showPage()
                page += 1
                y = h - top
            c.setFont("WQY", size)
            if align == "c":
                c.drawCentredString(w / 2, y, line)
            elif align == "r":
                c.drawRightString(w - right, y, line)
            else:
                c.drawString(left + (2 * size if i == 0 else 0), y, line)
            y -= size * 1.7
        y -= size * 0.3
    footer()
    c.showPage()
    c.save()
    return buf.getvalue()


# ----------------------------------------------------------------------------- evidence files
def _evidence():
    """Return {path inside zip: (bytes, [ops])}."""
    files = {}

    # D1 — list of meetings (5 rows: 2 party-committee meetings, 3 government meetings)
    files[f"{EV}/D1 统筹领导/2023年县委常委会会议和县政府常务会议研究教育工作一览表.xlsx"] = (_xlsx_table(
        "砚川县2023年县委常委会会议、县政府常务会议研究教育工作情况一览表", None,
        ["序号", "会议名称", "召开时间", "研究议题", "形成决定"],
        [[1, "县委常委会第31次会议", "2023年3月14日", "听取全县教育工作情况汇报", "将教育工作纳入乡镇党委年度考核"],
         [2, "县政府第8次常务会议", "2023年4月20日", "审议学前教育发展提升行动计划", "原则通过，由县政府办公室印发"],
         [3, "县政府第15次常务会议", "2023年7月6日", "研究秋季学期教师招聘和城区学位保障", "同意招聘教师计划，启动城区第二实验小学建设"],
         [4, "县委常委会第42次会议", "2023年8月29日", "研究教师待遇保障和校园安全工作", "教师绩效工资随公务员调资同步调整"],
         [5, "县政府第21次常务会议", "2023年11月23日", "研究2024年教育经费预算安排", "教育支出预算只增不减"]],
        ["注：会议纪要原件存县委办、县政府办备查。"]), ["D1"])

    # D2 — red-header notice (text PDF)
    files[f"{EV}/D2 思政与党建/关于建立县级领导干部联系学校制度的通知.pdf"] = (_pdf_bytes([
        ("中共砚川县委办公室文件", 22, "c"),
        ("砚委办发〔2023〕14号", 12, "c"),
        ("关于建立县级领导干部联系学校制度的通知", 16, "c"),
        ("各乡镇党委，县委各部委，县直各单位党组（党委）：", 12, "l"),
        ("为加强党对教育工作的全面领导，推动思想政治理论课建设，经县委同意，现就建立县级领导干部联系学校制度通知如下。", 12, "l"),
        ("一、联系范围。确定县级领导同志18名，每人联系中小学2所，共覆盖36所学校，联系安排见附件。", 12, "l"),
        ("二、主要任务。联系领导每学期到联系学校讲授思想政治课不少于1次，每年到联系学校调研不少于2次，协调解决学校发展中的实际困难。", 12, "l"),
        ("三、工作要求。县委教育工作领导小组秘书处每学期末汇总联系情况，纳入领导干部年度述职内容。", 12, "l"),
        ("附件：县级领导干部联系学校安排表", 12, "l"),
        ("中共砚川县委办公室", 12, "r"),
        ("2023年3月2日", 12, "r"),
    ]), ["D2"])

    # D3 — preschool statistics (the rate in the table is 90.4%; the report will say 93.1%)
    files[f"{EV}/D3 学前教育/2023年学前教育基本情况统计表.xlsx"] = (_xlsx_table(
        "砚川县2023年学前教育基本情况统计表", "单位：所、人、%",
        ["办园类别", "园数（所）", "在园幼儿数（人）", "在园幼儿占比（%）"],
        [["公办幼儿园", 32, 6120, 70.9],
         ["普惠性民办幼儿园", 11, 1530, 17.7],
         ["非普惠性民办幼儿园", 4, 980, 11.4],
         ["合计", 47, 8630, 100.0],
         ["3—5周岁常住适龄人口（人）", None, 9547, None],
         ["学前三年毛入园率（%）", None, 90.4, None],
         ["公办园和普惠性民办园在园幼儿占比（%）", None, 88.6, None]],
        ["注：数据来源于2023年教育事业统计，统计时点为2023年9月1日。"]), ["D3"])

    files[f"{EV}/D3 学前教育/关于印发学前教育发展提升行动计划的通知.docx"] = (_docx_notice(
        "砚川县人民政府办公室文件", "砚政办发〔2023〕9号",
        ["砚川县人民政府办公室", "关于印发《砚川县学前教育发展提升行动计划（2023—2025年）》的通知"],
        "各乡镇人民政府，县政府各部门：",
        ["《砚川县学前教育发展提升行动计划（2023—2025年）》已经县政府第8次常务会议审议通过，现印发给你们，请认真贯彻落实。",
         "一、总体目标。到2025年，学前三年毛入园率稳定在90%以上，普惠性幼儿园覆盖率稳定在85%以上，公办园在园幼儿占比保持在60%以上。",
         "二、重点任务。（一）扩大公办资源，新建小区按规定配套建设幼儿园并办成公办园。（二）扶持普惠性民办园，落实生均补助。（三）建设乡镇中心园，辐射带动村级园所。",
         "三、保障措施。县财政将学前教育经费列入年度预算，教育、发改、自然资源等部门按职责分工抓好落实。"],
        "砚川县人民政府办公室", "2023年4月26日"), ["D3"])

    # D4 — notice on dropout control (text PDF)
    files[f"{EV}/D4 义务教育/关于进一步做好2023年控辍保学工作的通知.pdf"] = (_pdf_bytes([
        ("砚川县教育局", 22, "c"),
        ("砚教发〔2023〕37号", 12, "c"),
        ("关于进一步做好2023年控辍保学工作的通知", 16, "c"),
        ("各乡镇中心学校，县直各中小学：", 12, "l"),
        ("今年以来，各地各校落实“双线四级”责任，春季学期排查出的23名疑似失学辍学适龄儿童少年已全部返校就读，"
         "我县九年义务教育巩固率保持在97.6%。为巩固成果，现就秋季学期有关工作通知如下。", 12, "l"),
        ("一、开学后一周内完成学生到校情况核查，对未按时报到的学生逐一建档。", 12, "l"),
        ("二、乡镇、村（社区）、学校、家庭四方联动，坚持“一生一案”劝返。", 12, "l"),
        ("三、每月5日前向县教育局报送控辍保学台账。", 12, "l"),
        ("砚川县教育局", 12, "r"),
        ("2023年8月28日", 12, "r"),
    ]), ["D4"])

    # D5 — class-size statistics
    files[f"{EV}/D5 消除大班额/2023年秋季义务教育学校班额情况统计表.xlsx"] = (_xlsx_table(
        "砚川县2023年秋季学期义务教育学校班额情况统计表", "单位：个、人、%",
        ["学段", "班级数（个）", "在校生数（人）", "56人及以上班级（个）", "上年56人及以上班级（个）", "大班额比例（%）"],
        [["小学", 612, 24180, 3, 8, 0.49],
         ["初中", 228, 11105, 2, 4, 0.88],
         ["合计", 840, 35285, 5, 12, 0.60]],
        ["注：班额按2023年9月教育事业统计口径。"]), ["D5"])

    # D7/D8 — funding bulletin (text PDF); 幼儿园 per-student figure falls; 事业收入 falls (not 只增不减)
    files[f"{EV}/D7-D8 教育经费/砚川县2023年教育经费执行情况统计公告.pdf"] = (_pdf_bytes([
        ("砚川县2023年教育经费执行情况统计公告", 16, "c"),
        ("根据教育经费统计年报，现将2023年全县教育经费执行情况公告如下：", 12, "l"),
        ("一、教育经费总投入情况", 12, "l"),
        ("2023年全县教育经费总投入为98,764.30万元，比上年的95,210.80万元增长3.73%。"
         "其中，国家财政性教育经费（主要包括一般公共预算安排的教育经费，政府性基金预算安排的教育经费等）为90,318.60万元，"
         "比上年的87,905.20万元增长2.75%；事业收入3,126.40万元，比上年3,388.90万元下降7.75%。", 12, "l"),
        ("二、一般公共预算教育经费情况", 12, "l"),
        ("全县一般公共预算教育经费为85,402.70万元，比上年的82,117.90万元增长4.00%。"
         "一般公共预算教育经费占一般公共预算支出412,650万元的比例为20.70%，比上年的20.26%提高0.44个百分点。", 12, "l"),
        ("三、各级教育生均一般公共预算教育经费增长情况", 12, "l"),
        ("全县幼儿园、普通小学、普通初中、普通高中、中等职业学校生均一般公共预算教育经费增长情况为：", 12, "l"),
        ("1.幼儿园为9,862.35元，比上年的10,415.20元下降5.31%。", 12, "l"),
        ("2.普通小学上年11,204.56元，本年11,683.90元，同口径增长4.28%。", 12, "l"),
        ("3.普通初中为15,930.12元，比上年的15,302.48元增长4.10%。", 12, "l"),
        ("4.普通高中为18,227.45元，比上年的17,690.03元增长3.04%。", 12, "l"),
        ("5.中等职业学校为20,516.80元，比上年的19,988.61元增长2.64%。", 12, "l"),
        ("砚川县教育局　砚川县统计局　砚川县财政局", 12, "r"),
        ("2024年1月8日", 12, "r"),
    ]), ["D7", "D8"])

    # D9 — per-pupil operating funds (rates 750 / 950 are above the 650 / 850 base)
    files[f"{EV}/D9 公用经费/2023年义务教育学校公用经费拨付明细表.xlsx"] = (_xlsx_table(
        "砚川县义务教育学校公用经费拨付明细表", "单位：人、元/生·年、万元",
        ["学段", "在校生数（人）", "生均定额（元）", "2022年拨付（万元）", "2023年拨付（万元）"],
        [["小学", 24180, 750, 1730.2, 1813.5],
         ["初中", 11105, 950, 923.8, 1055.0],
         ["合计", 35285, None, 2654.0, 2868.5]],
        ["注：2023年按秋季学期在校生数核拨，已全部拨付到校。"]), ["D9"])

    # D10 — salary comparison
    files[f"{EV}/D10 教师待遇/2023年义务教育教师与公务员工资收入测算表.xlsx"] = (_xlsx_table(
        "砚川县2023年义务教育教师与当地公务员年平均工资收入测算表", "单位：人、万元",
        ["项目", "人数（人）", "年工资收入总额（万元）", "年平均工资收入（万元）"],
        [["义务教育学校专任教师", 2915, 39557.6, 13.57],
         ["当地公务员", 1240, 16517.0, 13.32],
         ["差额（教师－公务员）", None, None, 0.25]],
        ["注：工资收入含基本工资、绩效工资、津贴补贴和年终一次性奖励。"]), ["D10"])

    # D11 — hiring summary (DOCX with a table, total 102)
    files[f"{EV}/D11 教师补充/2023年公开招聘教师拟聘用人员情况汇总.docx"] = (_docx_notice(
        "砚川县人力资源和社会保障局　砚川县教育局", "砚人社〔2023〕52号",
        ["关于2023年公开招聘中小学幼儿园教师拟聘用人员的公示"],
        None,
        ["经笔试、面试、体检和考察，现将2023年公开招聘中小学幼儿园教师拟聘用人员情况公示如下，公示期为7个工作日。",
         "拟聘用人员按学段汇总如下（名单另附）："],
        "砚川县人力资源和社会保障局　砚川县教育局", "2023年8月10日",
        table=[["学段", "招聘岗位（个）", "拟聘用（人）"],
               ["幼儿园", 9, 25], ["小学", 17, 46], ["初中", 12, 31], ["合计", 38, 102]]), ["D11"])

    # D12 — training statistics (total 6840)
    files[f"{EV}/D12 教师培训/2023年教师培训情况统计表.xlsx"] = (_xlsx_table(
        "砚川县2023年中小学幼儿园教师培训情况统计表", "单位：人次、万元",
        ["培训类别", "参训人次（人次）", "培训经费（万元）"],
        [["国家级培训", 420, 86.5],
         ["省级培训", 1150, 132.0],
         ["市级培训", 1870, 98.4],
         ["县级培训", 3400, 104.6],
         ["合计", 6840, 421.5]]), ["D12"])

    # D13 — appointment of school inspectors (text PDF)
    files[f"{EV}/D13 教育督导/关于聘任第四届责任督学的通知.pdf"] = (_pdf_bytes([
        ("砚川县人民政府教育督导委员会办公室", 18, "c"),
        ("砚教督〔2023〕3号", 12, "c"),
        ("关于聘任砚川县第四届中小学幼儿园责任督学的通知", 16, "c"),
        ("各乡镇中心学校，县直各学校、幼儿园：", 12, "l"),
        ("根据《中小学校责任督学挂牌督导办法》，经个人申请、单位推荐和县政府教育督导委员会审定，"
         "决定聘任王立新等42名同志为县第四届责任督学（名单附后），聘期三年。", 12, "l"),
        ("全县划分为14个责任区，每名责任督学负责3至4所学校，责任区覆盖全县各级各类学校129所。"
         "各学校应在校门显著位置悬挂责任督学公示牌。", 12, "l"),
        ("砚川县人民政府教育督导委员会办公室", 12, "r"),
        ("2023年2月20日", 12, "r"),
    ]), ["D13"])

    # D14 — rectification ledger (one row still 整改中)
    files[f"{EV}/D14 问题整改/2022年度履职评价反馈问题整改台账.xlsx"] = (_xlsx_table(
        "砚川县2022年度履行教育职责评价反馈问题整改台账", None,
        ["序号", "反馈问题", "整改措施", "责任单位", "完成时限", "整改状态"],
        [[1, "县委常委会研究教育工作次数不足", "将教育工作列入县委常委会年度议题计划", "县委办", "2023年6月", "已完成"],
         [2, "部分乡镇幼儿园保教人员不足", "招聘幼儿教师并核定保育员岗位", "县教育局", "2023年9月", "已完成"],
         [3, "大班额仍有12个", "新增教室、分流学生", "县教育局", "2023年9月", "已完成"],
         [4, "生均公用经费拨付不及时", "按季度预拨到校", "县财政局", "2023年3月", "已完成"],
         [5, "教师培训经费列支不足", "预算单列教师培训经费", "县财政局", "2023年3月", "已完成"],
         [6, "城区义务教育学位供给不足", "新建城区第二实验小学（48个班）", "县住建局", "2024年8月", "整改中（主体工程已完工）"],
         [7, "控辍保学台账更新不及时", "实行月报制度", "县教育局", "2023年4月", "已完成"],
         [8, "责任督学挂牌督导记录不规范", "统一督导记录格式", "县教育督导室", "2023年5月", "已完成"],
         [9, "校园安全隐患排查不彻底", "开展专项排查整治", "县教育局", "2023年6月", "已完成"]],
        ["注：整改状态截至2023年12月31日。"]), ["D14"])
    return files


# ----------------------------------------------------------------------------- report and labels
# (text, op, support, evidence folder prefix or None, snippet, note)
# Each claim is one sentence of the report; a paragraph joins consecutive claims.
SECTIONS = [
    ("一、基本情况", None, [[
        ("全县共有幼儿园47所、在园幼儿8630人，其中公办幼儿园32所。", "D3", "supported", "D3 学前教育/2023年学前教育基本情况统计表", "共有幼儿园47所、在园幼儿8630人", ""),
        ("义务教育阶段共有班级840个，在校学生35285人。", "D5", "supported", "D5 消除大班额", "义务教育阶段共有班级840个，在校学生35285人", ""),
        ("全县义务教育学校共有专任教师2915人。", "D10", "supported", "D10 教师待遇", "全县义务教育学校共有专任教师2915人", ""),
    ]]),
    ("二、主要做法及成效", "（一）坚持党的领导，统筹推进教育发展", [[
        ("2023年，县委常委会会议2次、县政府常务会议3次专题研究教育工作，着力解决学校建设、教师待遇等重点问题。", "D1", "supported", "D1 统筹领导", "县委常委会会议2次、县政府常务会议3次专题研究教育工作", "table lists 2 常委会 + 3 常务会议 rows"),
        ("建立县级领导干部联系学校制度，18名县级领导干部分别联系全县36所中小学。", "D2", "supported", "D2 思政与党建", "18名县级领导干部分别联系全县36所中小学", ""),
        ("县级领导干部每学期至少到联系学校讲1次思政课。", "D2", "supported", "D2 思政与党建", "每学期至少到联系学校讲1次思政课", "notice: 每学期…讲授思想政治课不少于1次"),
        ("全年县级领导干部到校讲思政课41场次。", "D2", "unsupported", None, "全年县级领导干部到校讲思政课41场次", "no record of sessions"),
        ("全县中小学全部实行党组织领导的校长负责制。", "D2", "unsupported", None, "全部实行党组织领导的校长负责制", ""),
    ]]),
    (None, "（二）推进学前教育普及普惠", [[
        ("县政府印发《砚川县学前教育发展提升行动计划（2023—2025年）》，明确公办园和普惠园建设任务。", "D3", "supported", "D3 学前教育/关于印发", "印发《砚川县学前教育发展提升行动计划（2023—2025年）》", ""),
        ("全年新建、改扩建公办幼儿园4所，新增公办学位1080个。", "D3", "unsupported", None, "新建、改扩建公办幼儿园4所，新增公办学位1080个", ""),
        ("学前三年毛入园率达到93.1%。", "D3", "contradicted", "D3 学前教育/2023年学前教育基本情况统计表", "学前三年毛入园率达到93.1%", "statistics table: 90.4% (still above 85%)"),
        ("普惠性幼儿园覆盖率达到88.6%，公办幼儿园在园幼儿占比达到70.9%。", "D3", "supported", "D3 学前教育/2023年学前教育基本情况统计表", "普惠性幼儿园覆盖率达到88.6%", "table: 公办园和普惠性民办园在园幼儿占比 88.6; 公办 70.9"),
    ]]),
    (None, "（三）巩固义务教育发展成果", [[
        ("建立控辍保学动态台账，劝返复学疑似辍学学生23名，实现动态清零。", "D4", "supported", "D4 义务教育", "劝返复学疑似辍学学生23名", "notice: 23名…已全部返校就读"),
        ("全县九年义务教育巩固率达到97.6%。", "D4", "supported", "D4 义务教育", "全县九年义务教育巩固率达到97.6%", ""),
        ("56人及以上大班额由上年的12个减少至5个，占班级总数的0.6%。", "D5", "supported", "D5 消除大班额", "大班额由上年的12个减少至5个", ""),
        ("投入资金3650万元实施薄弱学校改善项目12个。", "D5", "unsupported", None, "投入资金3650万元实施薄弱学校改善项目12个", ""),
    ]]),
    (None, "（四）保障特殊群体受教育权利", [[
        ("适龄残疾儿童少年义务教育入学率达到97.2%。", "D6", "unsupported", None, "适龄残疾儿童少年义务教育入学率达到97.2%", "no D6 evidence at all"),
        ("为86名重度残疾儿童少年提供送教上门服务。", "D6", "unsupported", None, "为86名重度残疾儿童少年提供送教上门服务", "no D6 evidence at all"),
    ]]),
    (None, "（五）落实教育经费“两个只增不减”", [[
        ("2023年全县教育经费总投入98764.3万元。", "D7", "supported", "D7-D8 教育经费", "全县教育经费总投入98764.3万元", "bulletin: 98,764.30万元"),
        ("一般公共预算教育经费85402.7万元，比上年增长4.00%。", "D7", "supported", "D7-D8 教育经费", "一般公共预算教育经费85402.7万元", ""),
        ("各学段生均一般公共预算教育经费均比上年有所增长，“两个只增不减”要求全面落实。", "D8", "contradicted", "D7-D8 教育经费", "各学段生均一般公共预算教育经费均比上年有所增长", "bulletin: 幼儿园 9,862.35 vs 10,415.20元, down 5.31%"),
        ("普通小学、普通初中生均一般公共预算教育经费分别达到11683.90元、15930.12元。", "D8", "supported", "D7-D8 教育经费", "分别达到11683.90元、15930.12元", ""),
        ("全年拨付义务教育学校公用经费2868.5万元，比上年的2654.0万元增长10.1%。", "D9", "supported", "D9 公用经费", "比上年的2654.0万元增长10.1%", "both amounts match the table; the stated rate is wrong (computed 8.08%) -> arithmetic_error"),
        ("小学、初中生均公用经费分别按每生每年750元、950元标准足额拨付。", "D9", "supported", "D9 公用经费", "按每生每年750元、950元标准足额拨付", ""),
    ]]),
    (None, "（六）建设高素质专业化教师队伍", [[
        ("义务教育教师年平均工资收入13.57万元，高于当地公务员年平均工资收入13.32万元。", "D10", "supported", "D10 教师待遇", "义务教育教师年平均工资收入13.57万元", ""),
        ("全年公开招聘补充中小学幼儿园教师102名。", "D11", "supported", "D11 教师补充", "全年公开招聘补充中小学幼儿园教师102名", "hiring table 合计 102 (25+46+31)"),
        ("深化县管校聘改革，全年交流轮岗教师286名。", "D11", "unsupported", None, "全年交流轮岗教师286名", ""),
        ("全年组织各级各类教师培训6840人次。", "D12", "supported", "D12 教师培训", "全年组织各级各类教师培训6840人次", ""),
        ("教师培训经费按不低于学校年度公用经费总额5%的标准足额列支。", "D12", "unsupported", None, "不低于学校年度公用经费总额5%的标准足额列支", "table gives 421.5万元 but no share; 421.5/2868.5=14.7% is not stated"),
    ]]),
    (None, "（七）强化教育督导和问题整改", [[
        ("聘任责任督学42名，对全县129所学校实行挂牌督导全覆盖。", "D13", "supported", "D13 教育督导", "聘任责任督学42名，对全县129所学校实行挂牌督导全覆盖", ""),
        ("针对上一轮评价反馈的9个问题，逐项制定整改措施，明确责任单位和完成时限。", "D14", "supported", "D14 问题整改", "针对上一轮评价反馈的9个问题", "ledger has 9 rows with 责任单位/完成时限"),
        ("截至2023年底，反馈问题已全部整改到位。", "D14", "contradicted", "D14 问题整改", "截至2023年底，反馈问题已全部整改到位", "ledger row 6 is 整改中"),
    ]]),
]

PROBLEMS = [
    "一是城区义务教育学位供给仍然偏紧，新建学校尚未投入使用。",
    "二是农村学校音体美教师结构性缺员，部分学科教师跨学科任教。",
    "三是学前教育保教质量有待提升，乡村幼儿园办园条件与城区仍有差距。",
]
NEXT = [
    "一是加快城区第二实验小学建设，力争2024年秋季学期投入使用。",
    "二是统筹教师编制，优先补充紧缺学科教师。",
    "三是持续加大学前教育投入，确保各学段生均经费稳步增长。",
]


def _report_bytes():
    doc = _new_doc()
    _center(doc, "砚川县人民政府", 22, True)
    _center(doc, "砚政文〔2024〕6号", 14)
    _center(doc, "砚川县人民政府", 18, True)
    _center(doc, "关于2023年度履行教育职责情况的自评报告", 18, True)
    doc.add_paragraph("岚州市人民政府教育督导委员会办公室：")
    doc.add_paragraph("根据《岚州市对县级人民政府履行教育职责评价实施办法》（岚教督〔2023〕5号）要求，我县对照评价指标逐项开展自查，"
                      "自评总得分{}分。现将有关情况报告如下：".format(f"{SELF_TOTAL:g}"))
    for sec, sub, paras in SECTIONS:
        if sec:
            doc.add_heading(sec, level=1)
        if sub:
            doc.add_heading(sub, level=2)
        for para in paras:
            doc.add_paragraph("".join(c[0] for c in para))
    doc.add_heading("三、存在问题", level=1)
    doc.add_paragraph("".join(PROBLEMS))
    doc.add_heading("四、下一步工作", level=1)
    doc.add_paragraph("".join(NEXT))
    doc.add_paragraph("")
    p = doc.add_paragraph("砚川县人民政府")
    p.alignment = 2
    p = doc.add_paragraph("2024年1月12日")
    p.alignment = 2
    return _docx_bytes(doc)


def _self_score_bytes():
    wb = Workbook()
    ws = wb.active
    ws.title = "自评得分"
    ws.append(["砚川县2023年度履行教育职责自评得分表", None, None, None])
    ws.merge_cells("A1:D1")
    ws.append(["观测点编号", "观测点名称", "分值", "自评分"])
    for _, _, code, name, score, _, _ in POINTS:
        ws.append([code, name, score, SELF_SCORES[code]])
    ws.append(["合计", None, 100, SELF_TOTAL])
    ws.column_dimensions["B"].width = 36
    return _xlsx_bytes(wb)


def _framework_bytes():
    wb = Workbook()
    ws = wb.active
    ws.title = "指标体系"
    ws.append(["附件1", None, None, None, None, None])
    ws.append(["岚州市对县级人民政府履行教育职责评价指标体系（2023年版）", None, None, None, None, None])
    ws.merge_cells("A2:F2")
    ws.cell(2, 1).font = Font(bold=True, size=14)
    ws.append(["一级指标", "二级指标", "观测点", "分值", "评分标准", "佐证材料"])
    start = ws.max_row + 1
    for lvl1, lvl2, code, name, score, std, ev in POINTS:
        ws.append([lvl1, lvl2, f"{code} {name}", score, std, ev])
    end = ws.max_row
    # vertical merges of level-1 and level-2 cells, as official tables do
    for col in (1, 2):
        r = start
        while r <= end:
            r2 = r
            while r2 + 1 <= end and ws.cell(r2 + 1, col).value == ws.cell(r, col).value:
                r2 += 1
            if r2 > r:
                for rr in range(r + 1, r2 + 1):
                    ws.cell(rr, col).value = None
                ws.merge_cells(start_row=r, start_column=col, end_row=r2, end_column=col)
            r = r2 + 1
    ws.append(["合计", None, None, 100, None, None])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
    note = ("说明：1.评价总分100分，观测点得分之和为总得分。2.佐证材料按观测点编号分类整理，一个观测点无佐证材料的该项不得分。"
            "3.核查得分低于自评分5分以上的，在评价结果中予以通报。")
    ws.append([note, None, None, None, None, None])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=6)
    for col, wdt in zip("ABCDEF", (18, 14, 32, 8, 60, 28), strict=False):
        ws.column_dimensions[col].width = wdt
    return _xlsx_bytes(wb)


def _labels(evidence):
    paths = sorted(evidence)

    def ev_files(prefix):
        if not prefix:
            return []
        hits = [p for p in paths if p[len(EV) + 1:].startswith(prefix)]
        assert hits, prefix
        return hits

    claims = []
    for _, _, paras in SECTIONS:
        for para in paras:
            for text, op, support, prefix, snippet, note in para:
                assert snippet in text and len(snippet) >= 12, snippet
                item = {"snippet": snippet, "op": op, "support": support, "evidence_files": ev_files(prefix)}
                if note:
                    item["note"] = note
                claims.append(item)
    bulletin = "教育经费执行情况统计公告"
    return {
        "bundle": "county2.zip",
        "framework": "fw_table_B.xlsx",
        "claims": claims,
        "evidence_ops": {p: evidence[p][1] for p in paths},
        "missing_evidence_ops": ["D6"],
        "expected_flags": [
            {"kind": "decline", "op": "D8", "file_contains": bulletin,
             "note": "幼儿园生均一般公共预算教育经费 9862.35元 < 上年 10415.20元 (-5.31%) while the general budget rose 4.00%"},
            {"kind": "arithmetic_error", "op": "D9",
             "note": "report: 2868.5 vs 2654.0万元 stated +10.1%; computed +8.08%"},
            {"kind": "missing_evidence", "op": "D6", "note": "no evidence file for 特殊教育"},
            {"kind": "self_score_inflated", "op": "D6", "note": "self-score 7 of 7 with no evidence at all"},
            {"kind": "contradicted_claim", "op": "D3", "note": "report 毛入园率93.1% vs statistics table 90.4%"},
            {"kind": "contradicted_claim", "op": "D8", "note": "report: every stage rose; bulletin: 幼儿园 fell 5.31%"},
            {"kind": "contradicted_claim", "op": "D14", "note": "report: all rectified; ledger row 6 整改中"},
        ],
        "forbidden_flags": [
            {"kind": "threshold_not_met", "op": "D3", "note": "90.4% (evidence) and 93.1% (report) are both above 85%; 88.6% > 80%; 70.9% > 50%"},
            {"kind": "threshold_not_met", "op": "D4", "note": "巩固率97.6% is above 96%"},
            {"kind": "threshold_not_met", "op": "D5", "note": "大班额 0.6% is below the 1% ceiling"},
            {"kind": "threshold_not_met", "op": "D9", "note": "750/950元 are above the 650/850元 base"},
            {"kind": "threshold_not_met", "op": "D10", "note": "teachers 13.57万元 >= civil servants 13.32万元"},
            {"kind": "decline", "op": "D7", "note": "事业收入 fell 7.75% but is not a 只增不减 metric; general budget rose"},
            {"kind": "decline", "op": "D5", "note": "大班额 12 -> 5 is a decrease that is an improvement"},
            {"kind": "arithmetic_error", "file_contains": bulletin, "note": "every rate in the bulletin is computed correctly"},
            {"kind": "unit_error", "note": "no unit slips were planted"},
            {"kind": "unreadable_file", "note": "every file is readable"},
        ],
        "unreadable_files": [],
        "report_file": REPORT,
        "self_score_file": SELF_SCORE,
        "self_scores": SELF_SCORES,
        "self_score_total": float(SELF_TOTAL),
    }


def build(out_dir: Path) -> tuple[Path, Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fw = out_dir / "fw_table_B.xlsx"
    fw.write_bytes(_framework_bytes())

    evidence = _evidence()
    members = {REPORT: _report_bytes(), SELF_SCORE: _self_score_bytes()}
    members.update({p: b for p, (b, _) in evidence.items()})
    bundle = out_dir / "county2.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        dirs = set()
        for name in sorted(members):
            parts = name.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i]) + "/"
                if d not in dirs:
                    dirs.add(d)
                    z.writestr(zipfile.ZipInfo(d, ZIP_DT), b"")
            zi = zipfile.ZipInfo(name, ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, members[name])

    labels = out_dir / "county2.labels.json"
    labels.write_text(json.dumps(_labels(evidence), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return fw, bundle, labels


if __name__ == "__main__":
    import sys
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/county2")))
