"""A run is a list of steps with one interface; run_steps runs them in order and reports each step's own
progress as its stage's, weighted among the stage's steps — so a progress bar never runs backwards."""

from __future__ import annotations

from itertools import pairwise

from extract.steps import Stage, run_steps


class Count:
    """A step that notes its name on the shared state and reports halfway and done."""

    def __init__(self, name: str, stage: Stage, weight: float = 1.0):
        self.name, self.stage, self.weight = name, stage, weight

    def run(self, state: list[str], progress) -> None:
        state.append(self.name)
        progress(0.5, f"{self.name}进行中")


def test_steps_run_in_order_and_progress_within_each_stage_only_grows():
    steps = [
        Count("解析文件", Stage.EXTRACT, weight=3.0),
        Count("识别自评报告", Stage.EXTRACT, weight=1.0),
        Count("匹配佐证材料", Stage.MATCH),
        Count("匹配陈述", Stage.MATCH),
    ]
    seen: list[tuple[Stage, float, str]] = []
    state: list[str] = []
    run_steps(steps, state, lambda stage, fraction, message: seen.append((stage, fraction, message)))
    assert state == ["解析文件", "识别自评报告", "匹配佐证材料", "匹配陈述"]
    extract = [f for s, f, _ in seen if s is Stage.EXTRACT]
    match = [f for s, f, _ in seen if s is Stage.MATCH]
    assert extract == sorted(extract) and match == sorted(match)
    assert extract[:3] == [0.0, 0.375, 0.75]  # the first step holds three quarters of its stage
    assert extract[-1] == match[-1] == 1.0
    assert ("匹配陈述" in seen[-1][2]) and seen[-1][0] is Stage.MATCH


def test_stages_cover_the_whole_run_in_order_with_chinese_names():
    spans = [s.span for s in Stage]
    assert spans[0][0] == 0.0 and spans[-1][1] == 100.0
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert [s.label for s in Stage][:3] == ["接收材料", "解析文件", "拆分陈述"]


def test_a_run_without_a_listener_still_runs_every_step():
    state: list[str] = []
    run_steps([Count("写入检索索引", Stage.INDEX)], state)
    assert state == ["写入检索索引"]
