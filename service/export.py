"""JSON forms of extraction results (the `jiaodu extract --json` file), and writing any report as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from extract.model import FileResult
from extract.pipeline import BundleResult

EXTRACT_SCHEMA = "jiaodu.extract/1"


def file_summary(result: FileResult) -> dict[str, Any]:
    doc = result.document
    return {
        "path": result.path,
        "size": result.size,
        "sha256": result.sha256,
        "status": result.status,
        "format": doc.format if doc else None,
        "reader": doc.reader if doc else None,
        "pages": len(doc.pages) if doc else 0,
        "seconds": round(result.seconds, 3),
        "error": asdict(result.error) if result.error else None,
        "warnings": doc.warnings if doc else [],
    }


def extract_report(name: str, result: BundleResult, with_documents: bool = True) -> dict[str, Any]:
    files = []
    for r in result.files:
        entry = file_summary(r)
        if with_documents and r.document is not None:
            doc = asdict(r.document)
            entry["document"] = {"meta": doc["meta"], "pages": doc["pages"]}
        files.append(entry)
    return {
        "schema": EXTRACT_SCHEMA,
        "bundle": name,
        "files": files,
        "skipped": [{"path": p, "reason": why} for p, why in result.skipped],
    }


def write_json(data: dict, out: Path) -> None:
    """A report as UTF-8 JSON (Chinese kept readable), its folder made if needed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
