"""Search benchmark: an index of >= 100,000 passages made from generated sample bundles (their passages'
sentences recombined, with other counties and figures), built in the same run with SQLite FTS5 (trigram
tokenizer) as the reference and with our two engines, Tantivy and Whoosh; prints indexing rate, index
size and the latency p50/p95 of typical 2–4 term queries, with and without highlights.
Run: .venv/bin/python bench/search.py [--passages N]"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, bench/extract.py would shadow the `extract` package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

QUERIES = [
    "普惠 覆盖率", "只增不减 生均", "教师 工资 公务员", "督导 整改", "大班额 比例", "控辍保学 机制",
    "学前三年 毛入园率", "食品安全 校园", "教育经费 增长", "思政课 联系学校", "双减 课后服务 作业",
    "随迁子女 公办学校", "特殊教育 残疾儿童 入学率", "教师 交流 轮岗", "教育信息化 宽带", "领导小组 会议 纪要",
]  # fmt: skip
COUNTIES = ["临河县", "云溪县", "江南县", "龙泉县", "安宁县", "石门县", "桃源县", "青山县", "白沙县", "东海县"]


def sample_sentences() -> list[str]:
    from corpora.frameworks import load
    from corpora.samples.generator import SampleOptions, generate
    from extract.pipeline import ExtractOptions
    from index.units import units_of
    from service.audit_run import run_audit

    sentences: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i, fid in enumerate(("hn-2021-county-gov", "gd-2020-county", "sh-2017-district")):
            out = Path(tmp) / fid
            generate(load(fid), out, SampleOptions(seed=900 + i, scanned=0, broken=0))
            run = run_audit(out, load(fid), ExtractOptions(ocr=False))
            for u in units_of(fid, run.result, run.files):
                sentences.update(s for s in re.split(r"(?<=[。；])", u.text) if len(s) >= 8)
    return sorted(sentences)


def passages(n: int, sentences: list[str]):
    from index.units import Unit

    rng = random.Random(1)
    for i in range(n):
        county = rng.choice(COUNTIES)
        text = "".join(rng.sample(sentences, rng.randint(2, 4)))
        text = re.sub(r"\d+(?:\.\d+)?", lambda m: str(round(float(m.group()) * rng.uniform(0.8, 1.2), 1)), text)
        for c in COUNTIES:
            text = text.replace(c, county)
        sub = f"{county}-{i % 40}"
        yield Unit(f"{sub}|f{i}", sub, f"材料/{i}.pdf", "passage", text, region=county, year=2022, page=1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def size_of(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def bench_ours(units, folder: Path, engine: str) -> None:
    from index.search import SearchIndex

    index = SearchIndex(folder, engine)
    started = time.perf_counter()
    index.engine.add(units)
    seconds = time.perf_counter() - started
    rate = len(units) / seconds
    size = size_of(folder)
    print(f"{index.engine.name:<10} indexed {len(units)} in {seconds:.0f} s ({rate:.0f}/s), size {size:.0f} MiB")
    for highlight in (False, True):
        times = []
        for q in QUERIES * 3:
            started = time.perf_counter()
            index.search(q, limit=10, highlight=highlight)
            times.append((time.perf_counter() - started) * 1000)
        label = "with highlights" if highlight else "no highlights"
        print(
            f"{'':<10} query {label:<16} p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
        )


def bench_fts5(units, folder: Path) -> None:
    from corpora.text import match_form

    db = sqlite3.connect(folder / "fts.db")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, text, tokenize='trigram')")
    started = time.perf_counter()
    db.executemany("INSERT INTO t VALUES (?, ?)", ((u.id, match_form(u.text)) for u in units))
    db.commit()
    seconds = time.perf_counter() - started
    rate, size = len(units) / seconds, size_of(folder)
    print(f"{'fts5':<10} indexed {len(units)} in {seconds:.0f} s ({rate:.0f}/s), size {size:.0f} MiB")
    for highlight in (False, True):
        times = []
        for q in QUERIES * 3:
            terms = q.split()
            # trigram needs 3 characters; shorter terms fall back to LIKE, as a real deployment would
            match = " AND ".join(f'"{t}"' for t in terms if len(t) >= 3)
            likes = [t for t in terms if len(t) < 3]
            where = " AND ".join(["t MATCH ?"] * bool(match) + ["text LIKE ?"] * len(likes))
            args = ([match] if match else []) + [f"%{t}%" for t in likes]
            cols = "id, highlight(t, 1, '【', '】')" if highlight else "id"
            started = time.perf_counter()
            db.execute(f"SELECT {cols} FROM t WHERE {where} ORDER BY rank LIMIT 10", args).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        label = "with highlights" if highlight else "no highlights"
        print(
            f"{'':<10} query {label:<16} p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    args = parser.parse_args()
    sentences = sample_sentences()
    units = list(passages(args.passages, sentences))
    print(f"{len(units)} passages from {len(sentences)} sample sentences")
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, tempfile.TemporaryDirectory() as c:
        bench_fts5(units, Path(b))
        bench_ours(units, Path(c), "tantivy")
        bench_ours(units, Path(a), "whoosh")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
