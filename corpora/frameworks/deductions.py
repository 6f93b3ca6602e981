"""Deduction rules in prose (扣分规则): what a point's 评分标准 and a table's 说明 say a shortfall costs.

A scoring rule is read as parts, each a scored clause with the deductions written after it:

    学前三年毛入园率达到85%及以上得3分；每低1个百分点扣0.5分，扣完为止。
    → part "…达到85%及以上得3分", 3 points, 0.5 per 1 percentage point short

    分幼儿园、普通小学…5个学段考核，每个学段1分，比上年下降的学段不得分
    → part with 1 point per stage, a declining stage scores nothing

Nothing here knows a submission: `classify.suggest` lays findings on these parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpora.frameworks.schema import Flagged, Node
from corpora.text.normalize import match_form
from corpora.text.segment import cut

_NUM = r"(\d+(?:\.\d+)?)"
_CN_ONE = r"(?:1|一)"
# 得3分 / ①…（1分）: a clause's own score
_SCORE = re.compile(rf"得{_NUM}分|[（(]\s*{_NUM}\s*分\s*[)）]")
# ① / （1） / (2) opening a scored sub-point: a clause of its own even without a ；before it
_ENUM = re.compile(r"(?=[①-⑳])|(?<=[^\d])(?=[（(]\d{1,2}[)）])")
_UNIT = r"(个百分点|百分点|%|％|个|次|人|所|项)?"
# 每低1个百分点扣0.5分 / 每少10%扣0.3分 / 少1次扣1分: so much off per unit of shortfall
_PER_UNIT = re.compile(rf"每?(?:低|少|下降|降低|减少|超过|超出|高出)\s*{_NUM}\s*{_UNIT}\s*扣{_NUM}分")
# 每有1项未达到扣0.5分 / 缺一项扣0.5分 / 发现一所…扣0.5分: so much off per item found wanting
_ITEM = r"(?:项|个|所|次|处|例|起)"
_PER_ITEM = re.compile(rf"(?:每有|每缺|缺少?|每发现|发现)\s*{_CN_ONE}\s*{_ITEM}[^，。；;]*?扣{_NUM}分")
_PER_STAGE = re.compile(rf"每个?学段\s*得?\s*{_NUM}\s*分")
_ZERO = re.compile(r"不得分|不计分|得0分")
_EACH_PART = re.compile(r"缺一项扣相应分值|未完成的?(?:项目)?不得分")
_CEIL = re.compile(r"不足\s*(?:1|一)\s*(?:个百分点|%|个|次|人|所|项)?的?按\s*(?:1|一)")
_SPLIT = re.compile(r"[；;。]")


@dataclass
class Part:
    """One scored clause of a rule, with the deductions written for it."""

    text: str
    score: float | None = None  # 得N分 of the clause: the most a failure of it can cost
    per_unit: tuple[float, float] | None = None  # (unit, points): 每低1个百分点扣0.5分 → (1, 0.5)
    per_unit_text: str = ""  # that phrase as written
    round_up: bool = False  # 不足1个百分点按1个百分点计
    per_item: float | None = None  # 每有一项…扣0.5分
    per_stage: float | None = None  # 每个学段1分 (with 下降的学段不得分)
    zero: bool = False  # a failure of the clause costs the clause (不得分)
    numbers: set[float] = field(default_factory=set)  # figures the clause states (its standards)

    @property
    def form(self) -> str:
        return match_form(self.text)


def read_parts(rule: str) -> list[Part]:
    """The parts of a point's scoring rule, in order. A clause without a score of its own (每低1个百分点
    扣0.5分，扣完为止) belongs to the scored clause before it — except after enumerated sub-points
    (①…（1分）；②…（1分）。未达到的不得分), where it speaks of every one of them."""
    parts: list[Part] = []
    enumerated = False
    shared: list[str] = []  # clauses after the sub-points, for all of them
    for clause in (c.strip() for c in _SPLIT.split(rule or "") for c in _ENUM.split(c)):
        if not clause:
            continue
        scores = [float(a or b) for a, b in _SCORE.findall(clause)]
        if scores or not parts:
            enumerated = enumerated or bool(re.match(r"[①-⑳]|[（(]\d{1,2}[)）]", clause))
            parts.append(Part(clause, scores[0] if scores else None))
        elif enumerated:
            shared.append(clause)
            continue
        else:
            parts[-1].text += "；" + clause
        _read_into(parts[-1], clause)
    for clause in shared:
        for part in parts:
            part.text += "；" + clause
            _read_into(part, clause)
    common = _EACH_PART.search(rule or "")
    for part in parts:
        part.zero = part.zero or bool(common)
    return parts


def parts_of(node: Node) -> list[Part]:
    """A point's scored parts: from its 评分标准, else from the sub-points the importer read (①…1分, a
    second score row), each with what its own text says a failure costs."""
    parts = read_parts(node.scoring_rule)
    if any(p.score is not None for p in parts) or not node.sub_points:
        return parts
    out = []
    for sub in node.sub_points:
        part = Part(sub.name, sub.score)
        _read_into(part, sub.name)
        out.append(part)
    return out


def _read_into(part: Part, clause: str) -> None:
    if m := _PER_UNIT.search(clause):
        part.per_unit, part.per_unit_text = (float(m.group(1)), float(m.group(3))), m.group(0)
        part.round_up = part.round_up or bool(_CEIL.search(clause))
    if m := _PER_ITEM.search(clause):
        part.per_item = float(m.group(1))
    if m := _PER_STAGE.search(clause):
        part.per_stage = float(m.group(1))
    part.zero = part.zero or bool(_ZERO.search(clause))
    stated = _SCORE.sub("", re.sub(r"^(?:[①-⑳]|[（(]\d{1,2}[)）])", "", clause))  # not its mark or score
    part.numbers |= {float(x) for x in re.findall(_NUM, stated)}


# -- the table's notes (说明) ----------------------------------------------------------------------------

_NO_EVIDENCE = re.compile(r"无佐证|没有佐证|未提供佐证|缺少佐证")
_COUNTS_AS_UNDONE = re.compile(r"按未完成计分|不得分|按0分计|计0分|按零分计")


def no_evidence_rule(notes: list[str]) -> str | None:
    """The note that makes a point without evidence score as not done (无佐证材料的，该观测点按未完成计分),
    or None where the framework says nothing of it."""
    for note in notes:
        for sentence in re.split(r"[。；;]", note):
            if _NO_EVIDENCE.search(sentence) and _COUNTS_AS_UNDONE.search(sentence):
                return sentence.strip()
    return None


# 发生弄虚作假的，评价等次降一等 / …一票否决 / 发生重大校园安全责任事故的，不得评为优秀
_EFFECTS = (
    ("fail", re.compile(r"一票否决|(?:直接)?(?:定|评)为不合格")),
    ("no_top", re.compile(r"不得评为?优秀|不得评优|不能评为优秀")),
    ("downgrade", re.compile(r"降(?:低)?一(?:个)?等(?:次)?|等次降一等")),
)
_NOTE_MARK = r"(?:说明[:：]\s*)?(?:\d+[.．、]\s*)?(?:说明[:：]\s*)?"  # 说明：1. / 1. 说明：
_CONDITION = re.compile(rf"^{_NOTE_MARK}(?:凡|如|若)?(?:发生|出现|存在|有)?(.+?)(?:的|者)?[，,]")


def vetoes_in(notes: list[str], points: list[Node] | None = None) -> list[Flagged]:
    """The downgrades and vetoes a table's notes set (发生弄虚作假的，评价等次降一等), each with the condition as
    its text; numbered N1, N2… in the order written. A condition that names what some points measure
    (两个只增不减未落实) is linked to them: their standard found unmet suggests it; any other (弄虚作假) only
    a reviewer can tell."""
    out: list[Flagged] = []
    for note in notes:
        for sentence in re.split(r"[；;。]", note):
            effect = next((e for e, pattern in _EFFECTS if pattern.search(sentence)), None)
            if effect is None:
                continue
            m = _CONDITION.search(sentence.strip())
            text = (m.group(1) if m else sentence).strip()
            linked = linked_points(text, points or [])
            out.append(Flagged(id=f"N{len(out) + 1}", text=text, effect=effect, points=linked))
    return out


_SPECIFIC = 3  # a term in more points than this names no point in particular (义务教育, 教师)


def linked_points(condition: str, points: list[Node]) -> list[str]:
    """The points a veto's condition names by a term specific to them: a word of three or more characters
    of a point's name, metric or keywords that at most a few points share (只增不减 → the two funding
    points), found in the condition."""
    terms: dict[str, set[str]] = {}
    for p in points:
        texts = [p.name, p.metric or "", *p.keywords, *(r.metric for r in p.rules)]
        for word in {w for t in texts for w in cut(t) if len(w) >= 3}:
            terms.setdefault(word, set()).add(p.id)
    form = match_form(condition)
    hit = set().union(*(ids for word, ids in terms.items() if len(ids) <= _SPECIFIC and word in form))
    return [p.id for p in points if p.id in hit]
