"""Matching benchmark: claims/s, evidence files/s and evidence passages/s through the full matcher on
generated sample bundles, beside a TF-IDF-only ranking (the simplest useful baseline) measured in the
same run on the same targets, with top-1 accuracy for both and peak memory.
Run: .venv/bin/python bench/match.py [--bundles N]"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, bench/extract.py would shadow the `extract` package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main() -> None:
    from classify.matcher import Matcher
    from classify.targets import passage_targets
    from extract.pipeline import ExtractOptions, extract_bundle
    from service.evaluation import generate_bundles, read_bundle

    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_bundles(Path(tmp), args.bundles, 500)
        bundles = [read_bundle(p) for p in paths]
        passages = []
        for p in paths:
            with tempfile.TemporaryDirectory() as work:
                result = extract_bundle(p, Path(work), ExtractOptions(ocr=False))
            passages.append([t for f in result.files if f.document for _, t in passage_targets(f.path, f.document)])

    matchers = [Matcher(b.framework) for b in bundles]

    def run(kind: str, role: str, baseline: bool) -> tuple[float, int, float]:
        n = hits = 0
        started = time.perf_counter()
        for b, m, ps in zip(bundles, matchers, passages, strict=True):
            if kind == "claims" and not baseline:
                # the audit's path: every claim of the report ranked with its neighbours
                ranked = m.rank_claims(b.report_claims, top=1)
                n += len(b.report_claims)
                hits += sum(ranked[i.index][0].point in i.truth for i in b.claims)
                continue
            items = {"claims": b.claims, "files": b.files}.get(kind)
            targets = [(i.target, i.truth) for i in items] if items is not None else [(t, set()) for t in ps]
            for target, truth in targets:
                if baseline:
                    scores = m._tfidf.scores(target.text)
                    best = m.profiles[max(range(len(scores)), key=scores.__getitem__)].id
                else:
                    best = m.rank(target, role, top=1)[0].point
                n += 1
                hits += best in truth
        seconds = time.perf_counter() - started
        labelled = sum(len(b.claims) for b in bundles) if kind == "claims" else n
        return n / seconds, n, hits / labelled if kind != "passages" else float("nan")

    print(f"{'target':<18}{'n':>6}{'matcher /s':>12}{'top-1':>8}{'tf-idf only /s':>16}{'top-1':>8}")
    for kind, role in (("claims", "claim"), ("files", "file"), ("passages", "file")):
        rate, n, acc = run(kind, role, False)
        base_rate, _, base_acc = run(kind, role, True)
        print(f"{kind:<18}{n:>6}{rate:>12.0f}{acc:>8.3f}{base_rate:>16.0f}{base_acc:>8.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
