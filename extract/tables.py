"""Building a Table from a grid whose merged regions are known (合并单元格)."""

from collections.abc import Iterable, Mapping, Sequence

from extract.model import BBox, Cell, Table

Origins = Mapping[tuple[int, int], tuple[int, int]]


def origins_of_regions(
    regions: Iterable[tuple[int, int, int, int]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged regions given as (first_row, first_col, last_row, last_col) → covered cell → origin."""
    origins = {}
    for r0, c0, r1, c1 in regions:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    origins[(r, c)] = (r0, c0)
    return origins


def table_from_grid(
    texts: list[list[str | None]],
    origins: Origins | None = None,
    boxes: Sequence[Sequence[BBox | None]] | None = None,
) -> Table:
    """`texts[r][c]` is a cell's text; `origins` maps each cell covered by a merged region to the region's
    origin. Covered cells take the origin's text and record where it came from. `boxes[r][c]`, where the
    format has geometry, is a cell's box on the page; covered cells take the origin's box."""
    origins = origins or {}
    n_rows = len(texts)
    n_cols = max((len(r) for r in texts), default=0)

    def text_at(r: int, c: int) -> str:
        row = texts[r]
        value = row[c] if c < len(row) else None
        return str(value).strip() if value is not None else ""

    def box_at(r: int, c: int) -> BBox | None:
        row = boxes[r] if boxes is not None and r < len(boxes) else ()
        return row[c] if c < len(row) else None

    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            src = origins.get((r, c))
            text, box = (text_at(*src), box_at(*src)) if src else (text_at(r, c), box_at(r, c))
            cells.append(Cell(r, c, text, merged_from=src, bbox=box))
    return Table(n_rows=n_rows, n_cols=n_cols, cells=cells)
