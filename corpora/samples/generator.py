"""Realistic sample submissions (样例报送材料) for any framework, with planted defects and a label file.

A submission is a self-evaluation report (DOCX or PDF), a self-score sheet and evidence of the kinds each
observation point expects (notices with 文号, minutes, statistics tables, funding bulletins, salary tables,
plans, ledgers, photos, scanned pages), organised in one of the folder styles counties use. Wording,
layout and organisation vary with the seed. The label file beside the bundle (`labels_path`) records the
truth: every claim with its text,
section, observation point, kind, support and quantities; every evidence file with its points; every
planted defect as the flag an audit should raise.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpora.frameworks.schema import Framework, Node, Rule
from corpora.lexicon.metrics import by_name
from corpora.samples.render import Heading, TableSpec, docx, page_image, scanned_pdf, text_pdf, xlsx

LABELS_SCHEMA = "jiaodu.sample-labels/1"
COUNTIES = ["江南县", "青山县", "临河县", "云溪县", "白沙县", "东湖区", "石门县", "安宁县", "桃源县", "龙泉县"]
DEFECTS = [
    "missing_evidence",
    "unsupported_claim",
    "contradicted_claim",
    "arithmetic_error",
    "unit_error",
    "decline",
    "threshold_not_met",
]
LAYOUTS = ["by_indicator", "flat_coded", "unorganised"]
LAYOUT_NAMES = dict(zip(LAYOUTS, ["按指标分目录", "平铺、文件名带编号", "未整理"], strict=True))
STAGES_PER_STUDENT = ["幼儿园", "小学", "初中", "普通高中", "中职"]
_VERBS = ["印发", "出台", "制定印发", "研究出台"]
_DOC_KINDS = ["实施意见", "工作方案", "实施方案", "管理办法", "通知"]
_LEADS = ["我县", "县委、县政府", "县政府", "全县上下"]
_MEETINGS = ["县委常委会", "县政府常务会议", "县教育工作领导小组会议", "专题工作会议"]


@dataclass
class SampleOptions:
    seed: int = 0
    year: int = 2022
    county: str | None = None
    defect_rate: float = 0.3  # share of eligible points that get a planted defect
    layout: str | None = None  # one of LAYOUTS; chosen by the seed if None
    report_format: str | None = None  # docx-styled, docx-plain or pdf; chosen by the seed if None
    scanned: int = 1  # evidence files rendered as scanned pages (OCR is slow: keep it small)
    broken: int = 1  # unreadable files planted on purpose
    score_tag_rate: float = 0.4  # share of top-level headings tagged （分值X分，自评得Y分）
    point_headings: bool | None = None  # one heading per point with its code (（1）C7 …); by the seed if None


@dataclass
class ClaimLabel:
    id: str
    text: str
    section: list[str]
    observation_point: str | None
    kind: str  # mechanism, activity, funding, rate, growth, parity, background, problem, plan, boilerplate
    needs_evidence: bool
    support: str | None = None  # supported, partial, unsupported, contradicted
    evidence: list[str] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)


@dataclass
class EvidenceLabel:
    path: str
    observation_points: list[str]
    kind: str
    scanned: bool = False
    broken: bool = False


@dataclass
class FlagLabel:
    kind: str
    observation_point: str | None
    claim: str | None = None
    file: str | None = None
    values: dict = field(default_factory=dict)


@dataclass
class _Doc:
    """An evidence document to write: its kind, title, body items and the points it serves."""

    kind: str
    title: str
    items: list
    points: list[str]
    fmt: str  # pdf, docx, xlsx, jpg
    doc_number: str | None = None
    sheets: dict | None = None
    scanned: bool = False
    key: str = ""  # how claims and flags refer to it until it has a path


class _Writer:
    def __init__(self, fw: Framework, opts: SampleOptions):
        self.fw, self.opts = fw, opts
        self.rng = random.Random(opts.seed)
        self.county = opts.county or self.rng.choice(COUNTIES)
        self.short = self.county[0]
        self.year = opts.year
        self.layout = opts.layout or self.rng.choice(LAYOUTS)
        self.report_format = opts.report_format or self.rng.choice(["docx-styled", "docx-plain", "pdf"])
        # Drawn apart from the main stream, so that adding the option left every earlier sample as it was.
        self.heading_rng = random.Random(opts.seed + 7919)
        drawn = self.heading_rng.random() < 0.35
        self.point_headings = opts.point_headings if opts.point_headings is not None else drawn
        self.claims: list[ClaimLabel] = []
        self.docs: list[_Doc] = []
        self.flags: list[FlagLabel] = []
        self.defects: dict[str, str] = {}
        self.doc_counter = 0
        self.numbers_used: set[int] = set()
        self.self_scores: dict[str, float] = {}

    # -- the plan --------------------------------------------------------------------------------

    def plan_defects(self) -> None:
        points = [p for p in self.fw.points() if not p.bonus]
        eligible = {p.id: self._defects_for(p) for p in points}
        candidates = [pid for pid, kinds in eligible.items() if kinds]
        self.rng.shuffle(candidates)
        n = round(len(candidates) * self.opts.defect_rate)
        # Every defect kind that some point allows is planted at least once when defects are wanted.
        chosen: dict[str, str] = {}
        if n:
            for kind in DEFECTS:
                pid = next((p for p in candidates if kind in eligible[p] and p not in chosen), None)
                if pid is not None and len(chosen) < max(n, len(DEFECTS)):
                    chosen[pid] = kind
            for pid in candidates:
                if len(chosen) >= n:
                    break
                chosen.setdefault(pid, self.rng.choice(eligible[pid]))
        self.defects = chosen

    def _defects_for(self, p: Node) -> list[str]:
        kinds = ["missing_evidence"]
        rule_kinds = {r.kind for r in p.rules}
        if p.kind == "定性":
            kinds.append("unsupported_claim")
        if "threshold" in rule_kinds and not any(r.stages for r in p.rules):
            kinds += ["threshold_not_met", "contradicted_claim"]
            if self._unit(p) == "%":
                kinds.append("unit_error")
        if "no_decrease" in rule_kinds:
            kinds.append("decline" if any(r.stages for r in p.rules) else "arithmetic_error")
            if not any(r.stages for r in p.rules):
                kinds.append("unit_error")
        if "not_below" in rule_kinds:
            kinds += ["threshold_not_met", "contradicted_claim"]
        return kinds

    def _unit(self, p: Node) -> str | None:
        metric = by_name(p.metric) if p.metric else None
        return metric.unit if metric else None

    # -- claims and evidence per point -----------------------------------------------------------

    def claim(
        self,
        text: str,
        section: list[str],
        point: str | None,
        kind: str,
        needs: bool = True,
        quantities: list[dict] | None = None,
    ) -> ClaimLabel:
        label = ClaimLabel(
            f"c{len(self.claims) + 1}",
            text,
            list(section),
            point,
            kind,
            needs,
            "supported" if needs else None,
            quantities=quantities or [],
        )
        self.claims.append(label)
        return label

    def flag(
        self,
        kind: str,
        point: str | None,
        claim: str | None = None,
        file: str | None = None,
        values: dict | None = None,
    ) -> None:
        """Record a planted defect as the flag an audit should raise."""
        self.flags.append(FlagLabel(kind, point, claim=claim, file=file, values=values or {}))

    def add_doc(self, doc: _Doc) -> _Doc:
        doc.key = f"doc{len(self.docs) + 1}"
        self.docs.append(doc)
        return doc

    def doc_number(self) -> str:
        self.doc_counter += 1
        prefix = self.rng.choice([f"{self.short}政发", f"{self.short}政办发", f"{self.short}教发", f"{self.short}办发"])
        number = self.rng.randint(3, 60) + self.doc_counter
        while number in self.numbers_used:  # one 文号 is one document
            number += 1
        self.numbers_used.add(number)
        return f"{prefix}〔{self.year}〕{number}号"

    def point_claims(self, p: Node, section: list[str]) -> list[ClaimLabel]:
        defect = self.defects.get(p.id)
        rule = p.rules[0] if p.rules else None
        if rule is not None and rule.kind == "no_decrease":
            claims = self.funding(p, rule, section, defect)
        elif rule is not None and rule.kind == "not_below":
            claims = self.parity(p, rule, section, defect)
        elif rule is not None and rule.kind == "threshold":
            claims = self.level(p, [r for r in p.rules if r.kind == "threshold"], section, defect)
        else:
            claims = self.mechanism(p, section, defect)
        if defect == "missing_evidence":
            for c in claims:
                c.support, c.evidence = "unsupported", []
            self.docs = [d for d in self.docs if p.id not in d.points or len(d.points) > 1]
            self.flag("missing_evidence", p.id)
            for c in claims:
                if c.needs_evidence:
                    self.flag("unsupported_claim", p.id, claim=c.id)
        return claims

    def mechanism(self, p: Node, section: list[str], defect: str | None) -> list[ClaimLabel]:
        rng = self.rng
        topic = rng.choice(p.keywords[:2]) if p.keywords and rng.random() < 0.35 else p.name
        # Under a heading of its own a report often leaves the topic to the heading.
        said = topic
        if self.point_headings and self.heading_rng.random() < 0.4:
            said = self.heading_rng.choice(["该项工作", "相关工作", "这项工作"])
        number = self.doc_number()
        lead = rng.choice(["进一步", ""])
        title = f"关于{'' if p.name.startswith(lead) else lead}{p.name}的{rng.choice(_DOC_KINDS)}"
        text = rng.choice(
            [
                f"{rng.choice(_LEADS)}高度重视{said}，{rng.choice(_VERBS)}了《{title}》（{number}），明确了目标任务和责任分工。",
                f"围绕{said}，{rng.choice(_VERBS)}《{title}》（{number}），建立了定期调度和考核机制。",
                f"{rng.choice(_LEADS)}把{said}摆在重要位置，{rng.choice(_VERBS)}《{title}》（{number}），工作机制不断健全。",
            ]
        )
        first = self.claim(text, section, p.id, "mechanism")
        meetings = rng.randint(2, 6)
        meeting = rng.choice(_MEETINGS)
        tail = "相关工作" if said == topic else ""
        second_text = rng.choice(
            [
                f"{self.year}年共召开{meeting}{meetings}次专题研究{said}，协调解决了一批实际问题。",
                f"全年召开{meeting}{meetings}次，研究部署{said}{tail}，推动各项任务落地见效。",
            ]
        )
        second = self.claim(
            second_text,
            section,
            p.id,
            "activity",
            quantities=[
                {"metric": "会议次数", "value": meetings, "unit": "次", "period": str(self.year), "subject": "全县"}
            ],
        )
        notice = _Doc(
            "文件",
            title,
            self.notice_body(title, number, topic),
            [p.id],
            rng.choice(["pdf", "docx"]),
            doc_number=number,
        )
        first.evidence = [self.add_doc(notice).key]
        minutes_title = f"{self.county}{meeting.removeprefix('县')}纪要（{self.year}年第{rng.randint(1, 12)}次）"
        if defect == "unsupported_claim":
            second.support = "unsupported"
            self.flag("unsupported_claim", p.id, claim=second.id)
        else:
            minutes = self.add_doc(
                _Doc(
                    "会议纪要",
                    minutes_title,
                    [
                        f"{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{meeting}召开，专题研究{topic}。",
                        f"会议听取了县教育局关于{p.name}工作情况的汇报，要求各有关部门按照职责分工抓好落实。",
                        f"会议明确，{self.year}年共安排{meeting}{meetings}次研究{topic}，相关事项纳入年度考核。",
                    ],
                    [p.id],
                    rng.choice(["docx", "pdf"]),
                )
            )
            second.evidence = [minutes.key]
        return [first, second]

    def notice_body(self, title: str, number: str, topic: str) -> list:
        rng = self.rng
        return [
            f"{self.county}人民政府办公室文件",
            number,
            "各乡镇人民政府，县直有关单位：",
            f"为深入推进{topic}，经县人民政府同意，现就有关事项通知如下。",
            Heading("一、总体要求"),
            f"坚持问题导向和目标导向，将{topic}纳入政府年度重点工作，{rng.choice(['压实', '落实', '明确'])}部门责任。",
            Heading("二、主要任务"),
            f"县教育局牵头，县财政局、县人社局等单位配合，{rng.choice(['按季度', '按月', '每半年'])}调度工作进展。",
            Heading("三、保障措施"),
            "各单位要加强组织领导，确保各项任务按时完成。",
            f"{self.county}人民政府办公室",
            f"{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        ]

    def level(self, p: Node, rules: list[Rule], section: list[str], defect: str | None) -> list[ClaimLabel]:
        rng = self.rng
        rule = rules[0]
        unit = rule.unit or self._unit(p) or ""
        good = rule.comparator in (">=", ">")
        margin = rng.uniform(1.5, 9.0) if unit == "%" else rng.uniform(0.3, 2.0)
        value = (rule.value + margin) if good else max(rule.value - rng.uniform(0.1, 0.8) * rule.value, 0.0)
        if good and unit == "%":
            value = min(value, max(99.6, rule.value))
        if defect == "threshold_not_met":
            value = (rule.value - margin) if good else rule.value + margin
        value = round(value, 1)
        previous = round(value - rng.uniform(0.4, 3.0) if good else value + rng.uniform(0.1, 0.6), 1)
        diff = round(value - previous, 1)
        reported = value
        if defect == "contradicted_claim":
            reported = round(value + (rng.uniform(4, 9) if good else rng.uniform(0.3, 0.6)), 1)
        change_unit = "个百分点" if unit == "%" else unit
        written_change_unit = "%" if defect == "unit_error" else change_unit
        metric = rule.metric
        direction = "提高" if diff >= 0 else "下降"
        text = rng.choice(
            [
                f"{self.year}年，全县{metric}达到{reported:g}{unit}，比上年{direction}{abs(diff):g}{written_change_unit}。",
                f"截至{self.year}年底，全县{metric}为{reported:g}{unit}，较上年{direction}{abs(diff):g}{written_change_unit}。",
            ]
        )
        quantity = {"metric": metric, "value": reported, "unit": unit, "period": str(self.year), "subject": "全县"}
        kind = "funding" if unit in ("元", "万元", "亿元") else "rate"
        claim = self.claim(text, section, p.id, kind, quantities=[quantity])
        table_title = f"{self.county}{self.year}年{metric}统计表"
        rows = [
            ["指标", f"{self.year - 1}年", f"{self.year}年"],
            [f"{metric}（{unit}）", f"{previous:g}", f"{value:g}"],
        ]
        stats = self.add_doc(
            _Doc("统计表", table_title, [], [p.id], rng.choice(["xlsx", "pdf"]), sheets={"统计表": TableSpec(rows)})
        )
        claim.evidence = [stats.key]
        if defect == "threshold_not_met":
            self.flag(
                "threshold_not_met",
                p.id,
                claim=claim.id,
                values={"metric": metric, "current": value, "threshold": rule.value, "comparator": rule.comparator},
            )
        elif defect == "contradicted_claim":
            claim.support = "contradicted"
            self.flag(
                "contradicted_claim",
                p.id,
                claim=claim.id,
                values={"metric": metric, "period": str(self.year), "reported": reported, "evidence": value},
            )
        elif defect == "unit_error":
            self.flag(
                "unit_error", p.id, claim=claim.id, values={"metric": metric, "written": "%", "expected": "个百分点"}
            )
        return [claim]

    def funding(self, p: Node, rule: Rule, section: list[str], defect: str | None) -> list[ClaimLabel]:
        rng = self.rng
        title = f"{self.county}{self.year}年教育经费执行情况统计公告"
        falls: dict = {}
        if not rule.stages:
            previous = round(rng.uniform(60000, 180000), 2)
            growth = rng.uniform(2.0, 9.0)
            current = round(previous * (1 + growth / 100), 2)
            stated = round(growth, 1)
            if defect == "arithmetic_error":
                stated = round(growth + rng.choice([-1, 1]) * rng.uniform(2.5, 5.0), 1)
            unit = "元" if defect == "unit_error" else "万元"
            text = rng.choice(
                [
                    f"{self.year}年全县{rule.metric}为{current:.2f}{unit}，比上年的{previous:.2f}万元增长{stated:g}%。",
                    f"全县{rule.metric}由上年的{previous:.2f}万元增加到{self.year}年的{current:.2f}{unit}，增长{stated:g}%。",
                ]
            )
            quantities = [
                {"metric": rule.metric, "value": current, "unit": unit, "period": str(self.year), "subject": "全县"},
                {
                    "metric": rule.metric,
                    "value": previous,
                    "unit": "万元",
                    "period": str(self.year - 1),
                    "subject": "全县",
                },
            ]
            claim = self.claim(text, section, p.id, "funding", quantities=quantities)
            rows = [
                ["项目", f"{self.year - 1}年", f"{self.year}年", "增长率"],
                [f"{rule.metric}（万元）", f"{previous:.2f}", f"{current:.2f}", f"{growth:.1f}%"],
            ]
            if defect == "arithmetic_error":
                self.flag(
                    "arithmetic_error",
                    p.id,
                    claim=claim.id,
                    values={
                        "metric": rule.metric,
                        "previous": previous,
                        "current": current,
                        "stated": stated,
                        "computed": round(growth, 2),
                    },
                )
            elif defect == "unit_error":
                self.flag(
                    "unit_error",
                    p.id,
                    claim=claim.id,
                    values={"metric": rule.metric, "written": "元", "expected": "万元"},
                )
        else:
            stages = [s for s in STAGES_PER_STUDENT if s in rule.stages]
            falling = rng.choice(stages) if defect == "decline" else None
            rows = [["学段", f"{self.year - 1}年（元）", f"{self.year}年（元）"]]
            parts, quantities = [], []
            for stage in stages:
                previous = round(rng.uniform(8000, 26000), 2)
                change = rng.uniform(-6, -1.5) if stage == falling else rng.uniform(1.0, 6.0)
                current = round(previous * (1 + change / 100), 2)
                rows.append([stage, f"{previous:.2f}", f"{current:.2f}"])
                parts.append(f"{stage}{current:.2f}元")
                quantities.append(
                    {"metric": rule.metric, "value": current, "unit": "元", "period": str(self.year), "subject": stage}
                )
                if stage == falling:
                    falls = {
                        "metric": rule.metric,
                        "subject": stage,
                        "period": str(self.year),
                        "previous": previous,
                        "current": current,
                    }
            text = f"{self.year}年全县{rule.metric}分别为{'、'.join(parts)}。"
            claim = self.claim(text, section, p.id, "funding", quantities=quantities)
        # One bulletin per submission carries every funding table, each after its caption, and serves
        # every funding point; a point whose evidence is planted missing adds nothing to it.
        if defect != "missing_evidence":
            bulletin = next((d for d in self.docs if d.kind == "公告"), None) or self.add_doc(
                _Doc("公告", title, ["根据教育经费统计年报，现将全县教育经费执行情况公告如下。"], [], "pdf")
            )
            bulletin.items += [f"{'各学段' if rule.stages else '全县'}{rule.metric}情况如下。", TableSpec(rows)]
            bulletin.points.append(p.id)
            claim.evidence = [bulletin.key]
            if falls:
                self.flag("decline", p.id, claim=claim.id, file=bulletin.key, values=falls)
        return [claim]

    def parity(self, p: Node, rule: Rule, section: list[str], defect: str | None) -> list[ClaimLabel]:
        rng = self.rng
        civil = rng.randint(98000, 132000)
        teacher = civil + rng.randint(800, 6000)
        if defect == "threshold_not_met":
            teacher = civil - rng.randint(1500, 6000)
        reported = teacher + (rng.randint(7000, 12000) if defect == "contradicted_claim" else 0)
        text = rng.choice(
            [
                f"{self.year}年全县义务教育教师年均工资为{reported}元，当地公务员年均工资为{civil}元。",
                f"经测算，义务教育教师年均工资{reported}元，公务员年均工资{civil}元。",
            ]
        )
        quantities = [
            {"metric": "教师年均工资", "value": reported, "unit": "元", "period": str(self.year), "subject": "全县"},
            {"metric": "公务员年均工资", "value": civil, "unit": "元", "period": str(self.year), "subject": "全县"},
        ]
        claim = self.claim(text, section, p.id, "parity", quantities=quantities)
        title = f"{self.county}{self.year}年义务教育教师工资测算表"
        rows = [
            ["类别", "人数", "年均工资（元）"],
            ["义务教育教师", str(rng.randint(1200, 4800)), str(teacher)],
            ["当地公务员", str(rng.randint(900, 3000)), str(civil)],
        ]
        table = self.add_doc(_Doc("工资测算表", title, [], [p.id], "xlsx", sheets={"测算表": TableSpec(rows)}))
        claim.evidence = [table.key]
        if defect == "threshold_not_met":
            self.flag(
                "threshold_not_met",
                p.id,
                claim=claim.id,
                values={"metric": "教师年均工资", "current": teacher, "other": civil},
            )
        elif defect == "contradicted_claim":
            claim.support = "contradicted"
            self.flag(
                "contradicted_claim",
                p.id,
                claim=claim.id,
                values={"metric": "教师年均工资", "reported": reported, "evidence": teacher},
            )
        return [claim]

    # -- the report ------------------------------------------------------------------------------

    def report(self) -> list:
        rng = self.rng
        items: list = []
        basis = self.fw.source.document
        rolled = self.fw.roll_up(self.self_scores)
        self_total = round(sum(rolled[r.id] for r in self.fw.roots() if not r.bonus), 2)
        opening = self.claim(
            f"根据《{basis}》要求，我县对照评价指标逐项开展自查自评，自评总得分{self_total:g}分。",
            [],
            None,
            "boilerplate",
            needs=False,
        )
        items.append(opening.text)
        items.append(Heading("一、基本情况", 1))
        counts = {
            "幼儿园": rng.randint(40, 120),
            "小学": rng.randint(30, 90),
            "初中": rng.randint(10, 30),
            "普通高中": rng.randint(2, 6),
            "中职学校": rng.randint(1, 3),
        }
        total = sum(counts.values())
        background = self.claim(
            f"全县共有各级各类学校{total}所，其中" + "、".join(f"{k}{v}所" for k, v in counts.items()) + "。",
            ["一、基本情况"],
            None,
            "background",
            needs=False,
            quantities=[
                {"metric": "学校数", "value": total, "unit": "所", "period": str(self.year), "subject": "全县"}
            ],
        )
        items.append(background.text)
        main = rng.choice(["二、主要做法及成效", "二、履行教育职责情况", "二、主要工作及成效"])
        items.append(Heading(main, 1))
        cn = "一二三四五六七八九十"
        for i, root in enumerate(r for r in self.fw.roots() if not r.bonus):
            head = f"（{cn[i]}）{root.name}"
            if rng.random() < self.opts.score_tag_rate and root.score:
                head += f"（分值{root.score:g}分，自评得{rolled[root.id]:g}分）"
            items.append(Heading(head, 2))
            section = [main, head]
            groups = self.fw.children(root.id) or [root]
            for j, group in enumerate(groups):
                points = self.fw.children(group.id) or [group]
                sub_section = section
                if len(groups) > 1 and self.fw.children(group.id):
                    sub = f"{j + 1}.{group.name}"
                    items.append(Heading(sub, 3))
                    sub_section = [*section, sub]
                for k, p in enumerate(points):
                    point_section = sub_section
                    if self.point_headings:
                        # The code with the point's name, one of its keywords, or a word of the county's own
                        marker = f"（{k + 1}）" if sub_section is not section else f"{k + 1}."
                        label = self.heading_rng.choice(
                            [p.name, p.name, *(p.keywords[:1] or [p.name]), "落实情况", "工作开展情况"]
                        )
                        heading = f"{marker}{p.id} {label}"
                        items.append(Heading(heading, len(sub_section) + 1))
                        point_section = [*sub_section, heading]
                    claims = self.point_claims(p, point_section)
                    items += self.arrange([c.text for c in claims])
        items.append(Heading("三、存在问题", 1))
        problems = ["一是部分学校办学条件仍需改善；", "二是教师队伍结构性矛盾依然存在。"]
        for text in problems:
            self.claim(text, ["三、存在问题"], None, "problem", needs=False)
        items.append("".join(problems))
        items.append(Heading("四、下一步工作", 1))
        plan = self.claim(
            f"下一步，{self.county}将持续加大教育投入，推动教育高质量发展。",
            ["四、下一步工作"],
            None,
            "plan",
            needs=False,
        )
        items.append(plan.text)
        return items

    def arrange(self, texts: list[str]) -> list[str]:
        """One paragraph per claim, or all of a point's claims in one paragraph."""
        return texts if self.rng.random() < 0.6 else ["".join(texts)]

    # -- self-scores -----------------------------------------------------------------------------

    def score_points(self) -> None:
        for p in self.fw.points():
            if p.bonus:
                continue
            full = p.score or 0.0
            defect = self.defects.get(p.id)
            if defect in ("missing_evidence", "threshold_not_met"):
                self.self_scores[p.id] = full
                self.flag("self_score_inflated", p.id, values={"self_score": full})
            elif self.rng.random() < 0.1:
                self.self_scores[p.id] = round(full * 0.5, 2)  # an honest deduction
            else:
                self.self_scores[p.id] = full

    # -- files -----------------------------------------------------------------------------------

    def folder(self, doc: _Doc) -> str:
        pid = doc.points[0]
        point = self.fw.node(pid)
        root = point
        while root.parent is not None:
            root = self.fw.node(root.parent)
        safe = doc.title.replace("/", "／")
        if self.layout == "by_indicator":
            return f"佐证材料/{root.id} {root.name[:12]}/{pid} {point.name[:14]}/{safe}"
        if self.layout == "flat_coded":
            return f"佐证材料/{pid}{self.rng.choice([' ', '-', '_'])}{safe}"
        return f"材料/{safe}"

    def write(self, out: Path) -> dict:
        self.plan_defects()
        self.score_points()
        items = self.report()
        title = f"{self.county}人民政府{self.year}年度履行教育职责自评报告"
        if self.report_format == "pdf":
            report_path = text_pdf(out / f"{self.county}自评报告.pdf", items, title=title)
        else:
            report_path = docx(
                out / f"{self.county}自评报告.docx", items, styled=self.report_format == "docx-styled", title=title
            )
        sheet_rows = [["指标编号", "观测点", "分值", "自评分", "自评说明"]]
        for p in self.fw.points():
            if not p.bonus:
                sheet_rows.append([p.id, p.name, f"{p.score:g}", f"{self.self_scores[p.id]:g}", "对照评分标准自评"])
        sheet_path = xlsx(out / "自评表.xlsx", {"自评表": TableSpec(sheet_rows)})
        evidence = self.write_evidence(out)
        self.fix_evidence_paths(evidence)
        labels = {
            "schema": LABELS_SCHEMA,
            "framework": self.fw.id,
            "county": self.county,
            "year": self.year,
            "seed": self.opts.seed,
            "layout": self.layout,
            "report_format": self.report_format,
            "report": report_path.relative_to(out).as_posix(),
            "self_score": sheet_path.relative_to(out).as_posix(),
            "self_scores": self.self_scores,
            "claims": [asdict(c) for c in self.claims],
            "evidence": [asdict(e) for e in evidence],
            "flags": [asdict(f) for f in self.flags],
        }
        labels_path(out).write_text(json.dumps(labels, ensure_ascii=False, indent=1), "utf-8")
        return labels

    def write_evidence(self, out: Path) -> list[EvidenceLabel]:
        labels = []
        scannable = [d for d in self.docs if d.kind in ("文件", "会议纪要")]
        for d in self.rng.sample(scannable, min(self.opts.scanned, len(scannable))):
            d.scanned = True
        used: set[str] = set()
        for d in self.docs:
            stem = base = self.folder(d)
            copy = 1
            while stem in used:  # two documents with one title must not overwrite each other
                copy += 1
                stem = f"{base}（{copy}）"
            used.add(stem)
            if d.scanned:
                lines = [d.title, *(i for i in d.items if isinstance(i, str))]
                path = scanned_pdf(out / f"{stem}（扫描件）.pdf", [[ln[:24] for ln in lines[:14]]], noise=0.002)
            elif d.fmt == "xlsx" and d.sheets:
                path = xlsx(out / f"{stem}.xlsx", d.sheets)
            elif d.fmt == "docx":
                path = docx(
                    out / f"{stem}.docx",
                    [*d.items, *(d.sheets or {}).values()],
                    styled=self.rng.random() < 0.5,
                    title=d.title,
                )
            else:
                path = text_pdf(out / f"{stem}.pdf", [*d.items, *(d.sheets or {}).values()], title=d.title)
            labels.append(EvidenceLabel(path.relative_to(out).as_posix(), d.points, d.kind, scanned=d.scanned))
        labels += self.write_photos_and_broken(out)
        return labels

    def write_photos_and_broken(self, out: Path) -> list[EvidenceLabel]:
        labels = []
        safety = next((p for p in self.fw.points() if any(k in p.name for k in ("安全", "思想政治", "思政"))), None)
        if safety is not None and safety.id not in self.defects:
            path = out / ("材料" if self.layout == "unorganised" else "佐证材料") / f"{safety.id} 现场照片.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            page_image([f"{self.county}{safety.name[:10]}", "现场照片"], size=(900, 600), font_px=36).convert(
                "RGB"
            ).save(path, quality=80)
            labels.append(EvidenceLabel(path.relative_to(out).as_posix(), [safety.id], "照片"))
        for i in range(self.opts.broken):
            path = out / ("材料" if self.layout == "unorganised" else "佐证材料") / f"补充材料{i + 1}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" if i % 2 == 0 else b"")
            labels.append(EvidenceLabel(path.relative_to(out).as_posix(), [], "其他", broken=True))
            self.flag("unreadable_file", None, file=path.relative_to(out).as_posix())
        return labels

    def fix_evidence_paths(self, evidence: list[EvidenceLabel]) -> None:
        """Claims and flags name their evidence by key while writing; the labels give file paths."""
        by_key = {d.key: e.path for d, e in zip(self.docs, evidence, strict=False)}
        for c in self.claims:
            c.evidence = [by_key[k] for k in c.evidence if k in by_key]
            if c.needs_evidence and not c.evidence and c.support == "supported":
                c.support = "unsupported"
        for f in self.flags:
            if f.file in by_key:
                f.file = by_key[f.file]


def labels_path(bundle: Path) -> Path:
    """Where a sample bundle's answer key is: beside the bundle (FOLDER.labels.json), never inside it, so
    that nothing that reads the bundle sees it."""
    bundle = bundle.resolve()
    return bundle.with_name(f"{bundle.name}.labels.json")


def generate(fw: Framework, out: Path, options: SampleOptions | None = None) -> dict:
    """Write a sample submission for `fw` under `out` and return its labels (also in labels_path(out))."""
    out.mkdir(parents=True, exist_ok=True)
    return _Writer(fw, options or SampleOptions()).write(out)
