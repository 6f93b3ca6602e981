"""One worker process: runs the pipeline for one submission (`python -m service.worker ID --parent PID`).

The worker leads its own process group (its file readers are in it too) and does not outlive the service
that started it: when the parent dies, the kernel sends it SIGTERM (Linux `PR_SET_PDEATHSIG`; elsewhere a
thread watches the parent's pid), and on SIGTERM it ends the whole group at once — a resumed service
never finds an orphan still writing beside its new run.
"""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import signal
import sys
import threading
import time

from extract.intake import Limits
from extract.pipeline import ExtractOptions
from service import settings
from service.db import Store
from service.pipeline import process

PR_SET_PDEATHSIG = 1


def extract_options(workers: int) -> ExtractOptions:
    """How the workbench reads a bundle: its per-file time limit and file-count budget from the settings."""
    return ExtractOptions(
        cache_dir=settings.cache_dir(),
        workers=workers,
        file_timeout=settings.file_timeout(),
        limits=Limits(max_entries=settings.max_files()),
    )


def _end_group(signum: int, frame) -> None:
    if os.getpgrp() == os.getpid():  # only a group this worker leads, never its service's
        os.killpg(os.getpgrp(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def die_with_parent(parent: int) -> None:
    """End this worker's process group when the process `parent` is gone."""
    signal.signal(signal.SIGTERM, _end_group)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        _end_group(signal.SIGTERM, None)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jiaodu-worker")
    parser.add_argument("submission", type=int)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--parent", type=int, help="the service's pid: the worker ends when it does")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    if args.parent:
        die_with_parent(args.parent)
    process(Store(), settings.home(), args.submission, extract_options(args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
