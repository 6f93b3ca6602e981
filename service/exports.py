"""Exports (导出) of one audit, both made from the same findings the report and the pages show: the
初审意见 as a Word document and the 问题清单 as an Excel sheet (problem, observation point, responsible
unit, evidence reference)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from classify.findings import KIND_NAMES, SEVERITY_NAMES
from corpora.frameworks.schema import Framework
from index.sheets import append_text_row

_ORDER = ["contradicted_claim", "decline", "threshold_not_met", "arithmetic_error", "unit_error",
          "unsupported_claim", "missing_evidence", "self_score_inflated", "unreadable_file"]  # fmt: skip


def _reference(flag: dict) -> str:
    if not flag.get("file"):
        return ""
    return f"{flag['file']}" + (f" 第{flag['page']}页" if flag.get("page") else "")


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


def problem_list_xlsx(report: dict, out: Path, fw: Framework | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    header = ["序号", "问题类型", "严重程度", "观测点", "问题", "责任单位", "佐证出处", "编号"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
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
                f.get("id", ""),
            ],
        )
    for column, width in zip("ABCDEFGH", (6, 14, 8, 10, 70, 24, 40, 8), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def opinion_docx(report: dict, out: Path, fw: Framework | None = None) -> Path:
    import docx

    sub = report["submission"]
    region, year = sub.get("region") or sub["name"], sub.get("year") or ""
    flags = _sorted(report["flags"])
    counts = Counter(f["kind"] for f in flags)
    severe = sum(f["severity"] == "high" for f in flags)
    document = docx.Document()
    document.add_heading(f"{region}{year}年度履行教育职责自评材料市级初审意见", level=0)
    document.add_heading("一、总体情况", level=1)
    points = report["observation_points"]
    status = Counter(p["status"] for p in points)
    document.add_paragraph(
        f"依据《{report['framework']['name']}》，对{region}报送的自评报告、自评表及佐证材料共"
        f"{len(report['files'])}个文件进行了初审。报告共{len(report['claims'])}条陈述，"
        f"{len(points)}个观测点中佐证充分{status['supported']}个、部分佐证{status['partial']}个、"
        f"缺少佐证{status['missing']}个。发现问题{len(flags)}个，其中严重问题{severe}个。"
    )
    document.add_heading("二、主要问题", level=1)
    for kind in _ORDER:
        of_kind = [f for f in flags if f["kind"] == kind]
        if not of_kind:
            continue
        document.add_heading(f"{KIND_NAMES[kind]}（{counts[kind]}个）", level=2)
        for f in of_kind:
            where = _reference(f)
            point = f"【{f['observation_point']}】" if f.get("observation_point") else ""
            document.add_paragraph(
                f"{point}{f['message']}" + (f"（出处：{where}）" if where else ""), style="List Number"
            )
    document.add_heading("三、整改要求", level=1)
    document.add_paragraph(
        "请对上述问题逐项核实：补充缺少的佐证材料，更正与佐证不一致的数字和计算错误，"
        "按评分标准重新核定自评分，并于规定时间内报送整改说明。"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out
