"""One worker process: runs the pipeline for one submission (`python -m service.worker ID`)."""

from __future__ import annotations

import argparse
import logging

from extract.pipeline import ExtractOptions
from service import settings
from service.db import Store
from service.pipeline import process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jiaodu-worker")
    parser.add_argument("submission", type=int)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    options = ExtractOptions(cache_dir=settings.cache_dir(), workers=args.workers)
    process(Store(), settings.home(), args.submission, options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
