"""Extraction benchmark: pages/s for text PDFs through our reader beside poppler's pdftotext on the same
generated corpus, seconds per OCR'd page, and peak memory. Run: .venv/bin/python bench/extract.py"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's own name would shadow the `extract` package: drop its folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from corpora.samples.render import Heading, TableSpec, scanned_pdf, text_pdf  # noqa: E402
from extract.readers import Probe, ReadContext  # noqa: E402
from extract.readers.pdf import PdfReader  # noqa: E402

PHRASES = [
    "我县坚持教育优先发展，全面落实两个只增不减要求",
    "2022年全县一般公共预算教育经费为13.52亿元，比上年增长5.3%",
    "义务教育教师年均工资不低于当地公务员年均工资水平",
    "普惠性幼儿园覆盖率达到86.5%，公办园在园幼儿占比52.1%",
    "实施县管校聘管理改革，交流轮岗教师312人",
    "全面消除56人以上大班额，大班额比例降至0.8%",
    "建立控辍保学工作台账，适龄残疾儿童少年入学率达到97%",
    "县委常委会每年专题研究教育工作不少于两次",
]


def corpus_items(rng: random.Random, tables: bool) -> list:
    items: list = []
    for section in range(6):
        items.append(Heading(f"{'一二三四五六'[section]}、主要做法{section + 1}"))
        for _ in range(4):
            items.append("，".join(rng.sample(PHRASES, 4)) + "。")
        if tables and section % 2 == 0:
            rows = [["学段", "2021年", "2022年"], ["小学", "11850", "12230"], ["初中", "15620", "16080"]]
            items.append(TableSpec(rows))
    return items


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    n = len(pdf)
    pdf.close()
    return n


def time_reader(files: list[Path]) -> float:
    reader, ctx = PdfReader(), ReadContext(ocr=False)
    start = time.perf_counter()
    for path in files:
        reader.read(Probe.of(path), ctx)
    return time.perf_counter() - start


def time_pdftotext(files: list[Path]) -> float | None:
    if shutil.which("pdftotext") is None:
        return None
    start = time.perf_counter()
    for path in files:
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40, help="text PDFs in the corpus")
    parser.add_argument("--scanned-pages", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain = [text_pdf(root / f"plain{i}.pdf", corpus_items(rng, False)) for i in range(args.docs)]
        tabled = [text_pdf(root / f"table{i}.pdf", corpus_items(rng, True)) for i in range(args.docs // 4)]
        n_plain = sum(map(pages_of, plain))
        n_tabled = sum(map(pages_of, tabled))

        print(f"语料 corpus: {len(plain)} text PDFs / {n_plain} pages; ", end="")
        print(f"{len(tabled)} PDFs with tables / {n_tabled} pages")
        ours = time_reader(plain)
        ref = time_pdftotext(plain)
        print(f"text PDFs   jiaodu PdfReader : {n_plain / ours:8.1f} pages/s")
        if ref is not None:
            print(f"text PDFs   pdftotext (ref)  : {n_plain / ref:8.1f} pages/s  (one process per file)")
        ours_t = time_reader(tabled)
        ref_t = time_pdftotext(tabled)
        print(f"with tables jiaodu PdfReader : {n_tabled / ours_t:8.1f} pages/s  (pdfplumber on table pages)")
        if ref_t is not None:
            print(f"with tables pdftotext (ref)  : {n_tabled / ref_t:8.1f} pages/s  (text only, no table structure)")

        scan = scanned_pdf(root / "scan.pdf", [PHRASES for _ in range(args.scanned_pages)], noise=0.002)
        start = time.perf_counter()
        doc = PdfReader().read(Probe.of(scan), ReadContext(ocr=True, cache_dir=None))
        per_page = (time.perf_counter() - start) / args.scanned_pages
        assert doc.ocr
        print(f"OCR         RapidOCR          : {per_page:8.2f} s/page  (first page includes model load)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process)    : {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
