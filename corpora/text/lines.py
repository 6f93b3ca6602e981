"""Re-joining lines that a PDF or OCR broke inside a sentence."""

from collections.abc import Iterable

from corpora.text.chars import is_wide


def join_lines(lines: Iterable[str]) -> str:
    """Join broken lines: no space between Chinese text, one space between Latin words or numbers."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (is_wide(out[-1]) or is_wide(line[0])):
            if out.endswith("-") and out[-2:-1].isalpha() and line[0].isalpha():
                out = out[:-1]  # a word hyphenated at the line end
            else:
                out += " "
        out += line
    return out
