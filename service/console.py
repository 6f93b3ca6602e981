"""The terminal of the `jiaodu` commands (service/cli.py, service/cli_web.py): messages to standard error,
a transient progress bar."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def console(stderr: bool = True) -> Console:
    """Messages go to standard error; results a user may pipe (search hits) to standard output."""
    return Console(stderr=stderr, soft_wrap=True)


def progress_bar(out: Console) -> Progress:
    """A transient bar: the step, the bar, done/total, elapsed time and what is being done."""
    columns = (TextColumn("{task.fields[step]}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, TextColumn("{task.description}"), console=out, transient=True)
