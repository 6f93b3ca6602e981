"""Framework import from a table file: our readers give the tables, corpora's importer the framework."""

from __future__ import annotations

import re
from pathlib import Path

from corpora.frameworks.importer import ImportResult, Problem, find_header, import_grid
from extract.pipeline import ExtractOptions, read_one


def import_table(
    path: Path,
    framework_id: str | None = None,
    name: str | None = None,
    jurisdiction: str = "未注明",
    level_evaluated: str = "未注明",
    overrides: dict[str, str] | None = None,
) -> ImportResult:
    """The framework in an official table (.xlsx/.xls/.docx/.doc/.pdf). The table with the best header is
    used, followed by continuation tables (no header, or the same header again)."""
    result = read_one(path, path.name, ExtractOptions(ocr=False))
    if result.document is None:
        assert result.error is not None
        return ImportResult(None, [Problem(None, None, f"无法读取表格文件：{result.error.message}")])
    tables = [b.table for b in result.document.blocks if b.kind == "table" and b.table is not None]
    scored = [(find_header(t.grid(), overrides), i) for i, t in enumerate(tables)]
    candidates = [(len(h[1]), -i, i) for h, i in scored if h is not None]
    if not candidates:
        if not tables:
            no_table = "文件中没有表格：指标体系须是表格（Excel 工作表或 Word 表格）"
            return ImportResult(None, [Problem(None, None, no_table)])
        # no header anywhere: the importer says which rows and columns it looked at
        return import_grid(tables[0].grid(), framework_id="x", name="x", source_file=path.name, overrides=overrides)
    start = max(candidates)[2]
    grid = tables[start].grid()
    several = len(tables) > 1  # rows are then named by table: 第2个表格第5行
    labels = [f"第{start + 1}个表格第{r + 1}行" for r in range(len(grid))]
    roles = scored[start][0][1]
    for k, table in enumerate(tables[start + 1 :], start + 1):
        rows = table.grid()
        header = find_header(rows, overrides)
        if header is not None and header[1] != roles:
            break
        if rows and len(rows[0]) != len(grid[0]):
            break
        grid += rows  # a repeated header row is recognised and skipped by the importer
        labels += [f"第{k + 1}个表格第{r + 1}行" for r in range(len(rows))]
    stem = re.sub(r"[^0-9a-z]+", "-", path.stem.lower()).strip("-") or "imported"
    return import_grid(
        grid,
        framework_id=framework_id or f"imported-{stem}",
        name=name or result.document.meta.title,  # else the table's title row, else the file's name
        source_file=path.name,
        jurisdiction=jurisdiction,
        level_evaluated=level_evaluated,
        overrides=overrides,
        row_labels=labels if several else None,
    )


def to_yaml(fw) -> str:
    """The framework as YAML, without fields left at their defaults, Chinese kept readable."""
    import yaml

    data = fw.model_dump(by_alias=True, exclude_defaults=True)
    data = {"schema": "jiaodu.framework/1", **data}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


def imported_dir(home: Path) -> Path:
    return home / "frameworks"


def imported(home: Path) -> list:
    """The frameworks imported into this JIAODU_HOME (through the web app or the API)."""
    from corpora.frameworks import FrameworkError
    from corpora.frameworks.store import load_file

    out = []
    for path in sorted(imported_dir(home).glob("*.yaml")):
        try:
            out += load_file(path)
        except FrameworkError:
            continue  # a file that no longer validates is listed by `validate`, not served
    return out


def available(home: Path) -> list:
    from corpora.frameworks.store import shipped

    return shipped() + imported(home)


def resolve(ref: str, home: Path):
    """A framework by id: a shipped one, else one imported into this home (FrameworkError if neither);
    an imported file can never stand in for a shipped framework."""
    from corpora.frameworks import FrameworkError, load, shipped

    if _ID.match(ref):
        path = imported_dir(home) / f"{ref}.yaml"
        if path.is_file() and ref not in {fw.id for fw in shipped()}:
            return load(str(path))
        return load(ref)
    raise FrameworkError(ref, ["指标体系编号只能由小写字母、数字、点、横线和下划线组成"])


def save_imported(fw, home: Path) -> Path:
    from corpora.frameworks.store import shipped

    if not _ID.match(fw.id):
        raise ValueError(f"指标体系编号不合规：{fw.id}")
    if fw.id in {s.id for s in shipped()}:
        # an imported file of that name would replace the shipped framework for every city of this home
        raise ValueError(f"编号 {fw.id} 是内置指标体系的编号，导入时请另取编号")
    folder = imported_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fw.id}.yaml"
    path.write_text(to_yaml(fw), "utf-8")
    return path
