"""Exports (导出) of one audit, both made from the same findings the report and the pages show: the
初审意见 as a Word document and the 问题清单 as an Excel sheet (problem, observation point, responsible
unit, evidence reference)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from classify.findings import KIND_NAMES, POINT_STATUS_NAMES, SEVERITY_NAMES
from corpora.frameworks.schema import Framework
from extract.model import place
from index.sheets import append_text_row
from service.scores import VETO_EFFECTS

_ORDER = ["contradicted_claim", "decline", "threshold_not_met", "arithmetic_error", "unit_error",
          "unsupported_claim", "missing_evidence", "self_score_inflated", "unreadable_file"]  # fmt: skip


def _reference(flag: dict) -> str:
    if not flag.get("file"):
        return ""
    at = place(flag["file"], flag.get("page"))
    return f"{flag['file']} {at}" if at else flag["file"]


def _units(fw: Framework | None, point: str | None) -> str:
    if fw is None or not point:
        return ""
    try:
        return "、".join(fw.node(point).responsible_units)
    except KeyError:
        return ""


def _sorted(flags: list[dict]) -> list[dict]:
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(flags, key=lambda f: (rank[f["severity"]], _ORDER.index(f["kind"]), f.get("observation_point") or ""))


def _deducted(report: dict) -> dict[str, float]:
    """Finding id → the points its deductions took off the suggested score."""
    out: dict[str, float] = {}
    for p in report["observation_points"]:
        for d in p.get("deductions", []):
            out[d["finding"]] = round(out.get(d["finding"], 0.0) + d["amount"], 2)
    return out


def _veto_lines(vetoes: list[dict], fw: Framework | None) -> list[str]:
    """One sentence per veto or downgrade item in force: what it is, why, and what it does to the grade."""
    known = {v.id: v for v in fw.vetoes} if fw else {}
    out = []
    for v in vetoes:
        text = v.get("text") or getattr(known.get(v["id"]), "text", v["id"])
        effect = v.get("effect") or getattr(known.get(v["id"]), "effect", "downgrade")
        why = v.get("reason") or (v.get("review") or {}).get("note") or "经审核认定"
        who = "经审核认定" if v.get("review") else "建议认定"
        out.append(f"{who}“{text}”情形：{why}。按评价办法，{VETO_EFFECTS[effect]}。")
    return out


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, int | float) else "—"


def _score_rows(report: dict) -> list[list[str]]:
    """One row per point whose scores differ or carry a deduction or a reviewer's 核定分: 编号, 分值,
    自评分, 建议得分, 核定分, 理由."""
    rows = []
    for p in report["observation_points"]:
        suggested, reviewed = p.get("suggested_score"), p.get("reviewed_score")
        if not p.get("deductions") and reviewed is None and suggested == p.get("self_score"):
            continue
        why = [d["reason"] for d in p.get("deductions", [])]
        if p.get("review") and p["review"].get("note"):
            why.append(f"核定理由：{p['review']['note']}")
        cells = [p["id"], _num(p.get("max_score")), _num(p.get("self_score")), _num(suggested), _num(reviewed)]
        rows.append([*cells, "；".join(why)])
    return rows


def problem_list_xlsx(report: dict, out: Path, fw: Framework | None = None) -> Path:
    """The 问题清单: one row per finding, worst first, ready to filter and to print (A4 landscape, one page
    wide, the header on every page, frozen on screen); no internal ids, only what a county can act on."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    header = ["序号", "问题类型", "严重程度", "观测点", "问题", "责任单位", "佐证出处", "建议扣分"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    cost = _deducted(report)
    for i, f in enumerate(_sorted(report["flags"]), 1):
        append_text_row(
            ws,
            [
                i,
                KIND_NAMES[f["kind"]],
                SEVERITY_NAMES[f["severity"]],
                f.get("observation_point") or "",
                f["message"],
                _units(fw, f.get("observation_point")),
                _reference(f),
                cost.get(f.get("id"), ""),
            ],
        )
    for column, width in zip("ABCDEFGH", (6, 12, 8, 9, 60, 20, 36, 9), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{ws.max_row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


_CN_ORDINALS = "一二三四五六七八九十"


def opinion_docx(
    report: dict,
    out: Path,
    fw: Framework | None = None,
    *,
    issuer: str = "市级初审组",
    addressee: str | None = None,
    day: date | None = None,
) -> Path:
    """The 初审意见 as an official document (公文格式): title, 主送, body, 落款 and date."""
    from service.gongwen import Gongwen

    sub = report["submission"]
    region, year = sub.get("region") or sub["name"], sub.get("year") or ""
    flags = _sorted(report["flags"])
    counts = Counter(f["kind"] for f in flags)
    severe = sum(f["severity"] == "high" for f in flags)
    doc = Gongwen()
    doc.title(f"{region}{year}年度履行教育职责自评材料市级初审意见")
    doc.addressee(addressee or f"{region}人民政府")
    doc.heading("一、总体情况")
    points = report["observation_points"]
    status = Counter(p["status"] for p in points)
    doc.para(
        f"依据《{report['framework']['name']}》，对{region}报送的自评报告、自评表及佐证材料共"
        f"{len(report['files'])}个文件进行了初审。报告共{len(report['claims'])}条陈述，"
        f"{len(points)}个观测点中{'、'.join(f'{name}{status[k]}个' for k, name in POINT_STATUS_NAMES.items())}。"
        f"发现问题{len(flags)}个，其中严重问题{severe}个。"
    )
    doc.heading("二、主要问题")
    kinds = [k for k in _ORDER if counts[k]]
    for n, kind in enumerate(kinds):
        doc.heading(f"（{_CN_ORDINALS[n]}）{KIND_NAMES[kind]}（{counts[kind]}个）", level=2)
        for i, f in enumerate((f for f in flags if f["kind"] == kind), 1):
            where = _reference(f)
            point = f"【{f['observation_point']}】" if f.get("observation_point") else ""
            doc.para(f"{i}．{point}{f['message']}" + (f"（出处：{where}）" if where else ""))
    doc.heading("三、得分核定")
    totals = sub.get("totals") or {}
    line = f"自评总分{_num(totals.get('self'))}分，按评分标准建议总分{_num(totals.get('suggested'))}分"
    if totals.get("reviewed") is not None:
        done = totals.get("reviewed_points", 0)
        line += f"，核定总分{_num(totals['reviewed'])}分（已核定{done}个观测点，其余取建议得分）"
    doc.para(line + "。")
    if rows := _score_rows(report):
        doc.table(["观测点", "分值", "自评分", "建议得分", "核定分", "理由"], rows)
    for line in _veto_lines(sub.get("vetoes") or [], fw):
        doc.para(line)
    doc.heading("四、整改要求")
    doc.para(
        "请对上述问题逐项核实：补充缺少的佐证材料，更正与佐证不一致的数字和计算错误，"
        "按评分标准重新核定自评分，并于规定时间内报送整改说明。"
    )
    doc.signature(issuer, day or datetime.now(ZoneInfo("Asia/Shanghai")).date())
    return doc.save(out)
