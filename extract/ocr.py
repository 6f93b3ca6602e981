"""OCR (文字识别) with RapidOCR, whose wheel ships the PP-OCR Chinese models: nothing is downloaded.

OCR is the slowest step, so results are cached by the file's hash and page number."""

from __future__ import annotations

import json
import logging
import os
from functools import lru_cache
from pathlib import Path

from extract.layout import Line

log = logging.getLogger(__name__)
CACHE_VERSION = "rapidocr3-v1"


@lru_cache(maxsize=1)
def _engine():
    # onnxruntime otherwise writes a device id and a telemetry database under ~/.cache, outside
    # JIAODU_HOME, on machines that never send anything anywhere
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from rapidocr import RapidOCR

    params: dict = {"Global.log_level": "error"}
    threads = int(os.environ.get("JIAODU_OCR_THREADS", "0"))
    if threads > 0:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    return RapidOCR(params=params)


def recognise(image, scale: float = 1.0) -> list[Line]:
    """Text lines of a PIL image; coordinates divided by `scale` (pixels → points)."""
    import numpy as np

    result = _engine()(np.asarray(image.convert("RGB")))
    if result.txts is None or result.boxes is None:
        return []
    lines = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
        xs = [float(p[0]) / scale for p in box]
        ys = [float(p[1]) / scale for p in box]
        lines.append(Line(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return lines


def recognise_cached(image_fn, key: str, cache_dir: Path | None, scale: float = 1.0) -> list[Line]:
    """`recognise(image_fn())`, cached under `cache_dir` by `key` (file hash + page)."""
    path = cache_dir / "ocr" / key[:2] / f"{key}.{CACHE_VERSION}.json" if cache_dir else None
    if path and path.exists():
        try:
            return [Line(**d) for d in json.loads(path.read_text("utf-8"))]
        except (ValueError, TypeError) as exc:
            log.warning("OCR 缓存 %s 无法读取，重新识别：%s", path, exc)
    lines = recognise(image_fn(), scale)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps([ln.__dict__ for ln in lines], ensure_ascii=False), "utf-8")
        tmp.replace(path)
    return lines
