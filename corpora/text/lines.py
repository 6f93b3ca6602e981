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
            if _number_broken(out, line):
                pass  # 8|50元, 20|22年, 74.|65%: a figure of Chinese text broken by the line end
            elif out.endswith("-") and out[-2:-1].isalpha() and line[0].isalpha():
                out = out[:-1]  # a word hyphenated at the line end
            else:
                out += " "
        out += line
    return out


def _number_broken(out: str, line: str) -> bool:
    """A number split over two lines of Chinese text: digits (or a decimal point) on both sides, and the
    text before it Chinese, so no word space was meant."""
    left, right = out[-1], line[0]
    if not ((left.isdigit() or left == ".") and (right.isdigit() or right in ".%")):
        return False
    return any(is_wide(ch) for ch in out[-40:])
