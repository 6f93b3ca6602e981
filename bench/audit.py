"""Audit benchmark: `jiaodu audit` on a generated sample bundle of ~100 evidence files (text PDFs, DOCX,
XLSX and a few scans), printing the wall time of extraction alone and of the whole audit (extraction,
matching, checks, JSON) in the same run, and peak memory of this process and of its workers.
Run: .venv/bin/python bench/audit.py [--scanned N]"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# Run as a script, bench/extract.py would shadow the `extract` package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main() -> None:
    from corpora.frameworks import load
    from corpora.samples.generator import SampleOptions, generate
    from extract.pipeline import ExtractOptions, extract_bundle
    from service.audit_run import run_audit, to_contract

    parser = argparse.ArgumentParser()
    parser.add_argument("--scanned", type=int, default=3)
    args = parser.parse_args()
    fw = load("gd-2020-county")  # the largest framework: 57 points
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "bundle"
        generate(fw, bundle, SampleOptions(seed=7, scanned=args.scanned, broken=1, defect_rate=0.2))
        files = [p for p in bundle.rglob("*") if p.is_file()]
        kinds = Counter(p.suffix for p in files)
        print(f"bundle: {len(files)} files {dict(kinds)}")
        options = ExtractOptions(cache_dir=Path(tmp) / "cache")  # a cold OCR cache for both runs
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as work:
            extract_bundle(bundle, Path(work), options)
        extraction = time.perf_counter() - started
        options = ExtractOptions(cache_dir=Path(tmp) / "cache2")
        started = time.perf_counter()
        run = run_audit(bundle, fw, options)
        report = to_contract(run)
        whole = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"extraction alone          : {extraction:7.1f} s")
    print(f"whole audit               : {whole:7.1f} s  ({len(report['claims'])} claims, {len(report['flags'])} flags)")
    print(f"audit beyond extraction   : {whole - extraction:7.1f} s")
    print(f"peak memory: this process {me:.0f} MiB, largest worker {workers:.0f} MiB")


if __name__ == "__main__":
    main()
