"""The run of one submission (材料包处理) as a list of steps with one interface. Each step has a name, the
stage (处理阶段) it belongs to, and `run(state, progress)`; `run_steps` runs a list in order and reports
each step's progress as its stage and the fraction of that stage done — no caller maps step names back to
stages. The stages live here, in the lowest layer whose steps emit them (extract and classify)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, Protocol


class Stage(StrEnum):
    """The stages of a run, in order; the value is what a submission's row stores."""

    INTAKE = "intake"
    EXTRACT = "extract"
    CLAIMS = "claims"
    MATCH = "match"
    VERIFY = "verify"
    CHECK = "check"
    INDEX = "index"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def span(self) -> tuple[float, float]:
        """The percent of the whole run at the stage's start and end (for a progress bar)."""
        return _SPANS[self]


_LABELS = {
    Stage.INTAKE: "接收材料",
    Stage.EXTRACT: "解析文件",
    Stage.CLAIMS: "拆分陈述",
    Stage.MATCH: "匹配观测点",
    Stage.VERIFY: "核对陈述",
    Stage.CHECK: "规则核查",
    Stage.INDEX: "写入索引",
}
_SPANS = {
    Stage.INTAKE: (0.0, 5.0),
    Stage.EXTRACT: (5.0, 60.0),
    Stage.CLAIMS: (60.0, 65.0),
    Stage.MATCH: (65.0, 80.0),
    Stage.VERIFY: (80.0, 88.0),
    Stage.CHECK: (88.0, 95.0),
    Stage.INDEX: (95.0, 100.0),
}

Progress = Callable[[Stage, float, str], None]  # (stage, fraction of the stage done, what is being done)
StepProgress = Callable[[float, str], None]  # what a step reports: (fraction of the step done, message)


class Step(Protocol):
    """One step of a run. `weight` is its share of its stage's progress among the stage's steps."""

    name: str
    stage: Stage
    weight: float

    def run(self, state: Any, progress: StepProgress) -> None: ...


def run_steps(steps: Sequence[Step], state: Any, progress: Progress | None = None) -> None:
    """Run the steps in order on one state; each step's own fractions become its stage's."""
    report = progress or (lambda stage, fraction, message: None)
    totals: dict[Stage, float] = {}
    for step in steps:
        totals[step.stage] = totals.get(step.stage, 0.0) + step.weight
    done: dict[Stage, float] = {}
    for step in steps:
        before = done.get(step.stage, 0.0)
        on_step = _within(report, step, before, totals[step.stage] or 1.0)
        on_step(0.0, step.name)
        step.run(state, on_step)
        done[step.stage] = before + step.weight
        on_step(1.0, step.name)


def _within(report: Progress, step: Step, before: float, total: float) -> StepProgress:
    """A step's progress as its stage's: the weights of the stage's earlier steps, plus its own share."""

    def on_step(fraction: float, message: str) -> None:
        report(step.stage, (before + step.weight * max(0.0, min(fraction, 1.0))) / total, message)

    return on_step
