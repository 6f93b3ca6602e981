"""What the matcher is given for a claim, an evidence file and an evidence passage."""

from __future__ import annotations

from pathlib import PurePosixPath

from classify.matcher import Target
from corpora.lexicon.evidence import evidence_kind
from extract.claims import Claim
from extract.model import Document

_FILE_HEAD = 600  # characters of a file's text that speak for the whole file


def claim_target(claim: Claim) -> Target:
    return Target(
        text=claim.text,
        headings=claim.section,
        metrics={q.metric for q in claim.quantities if q.metric},
    )


def file_target(path: str, doc: Document | None) -> Target:
    """A file by its path (folders and name carry codes and topics), title and opening text."""
    name = PurePosixPath(path).stem
    title = doc.meta.title if doc is not None and doc.meta.title else ""
    body = doc.text[:_FILE_HEAD] if doc is not None else ""
    return Target(
        text=" ".join(t for t in (name, title, body) if t),
        path=path,
        kind=evidence_kind(f"{name} {title}") or evidence_kind(PurePosixPath(path).suffix),
    )


def passage_targets(path: str, doc: Document) -> list[tuple[int, Target]]:
    """(block index, target) for every paragraph, list item and table of a file, with its headings."""
    out = []
    for i, block in enumerate(doc.blocks):
        if block.kind in ("paragraph", "list_item", "table") and len(block.text.strip()) >= 6:
            out.append((i, Target(text=block.text, headings=block.heading_path, path=path)))
    return out
