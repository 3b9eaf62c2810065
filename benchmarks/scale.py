"""Larger corpora made from the real ones: real paragraphs shuffled and recombined into new documents (new
file names, hence new ids), with real titles, summaries and tags, so that growth is measured on real French
text with the real corpora's length distribution."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import yaml

from findit.ingest import ingest_corpus
from findit.settings import Settings

PER_FOLDER = 1000
MARKER = ".scaled.json"


def paragraph_pool(source: Path) -> dict:
    """Paragraphs, titles, summaries, tags and per-document paragraph counts of the real corpora."""
    documents = ingest_corpus(source, Settings.from_env(corpus=source)).documents
    paragraphs, counts = [], []
    for doc in documents:
        if doc.draft or doc.junk:
            continue
        parts = [p.strip() for p in doc.body.split("\n\n") if len(p.strip()) >= 40]
        if parts:
            paragraphs.extend(parts)
            counts.append(len(parts))
    return {
        "paragraphs": paragraphs,
        "counts": counts,
        "titles": [d.title for d in documents if d.title and not d.junk],
        "summaries": [d.summary for d in documents if d.summary and not d.junk],
        "tags": sorted({t for d in documents for t in d.tags}),
    }


def make_corpus(source: Path, dest: Path, size: int, seed: int = 7) -> Path:
    """Write `size` documents under `dest` (reused when already made with the same size and seed)."""
    marker = dest / MARKER
    wanted = {"size": size, "seed": seed, "source": str(source)}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        return dest
    pool = paragraph_pool(source)
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    for n in range(size):
        folder = dest / f"part-{n // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        count = min(rng.choice(pool["counts"]), 40)
        meta = {
            "title": f"{rng.choice(pool['titles'])} ({n})",
            "date": (start + dt.timedelta(days=rng.randrange(3300))).isoformat(),
            "description": rng.choice(pool["summaries"]) if pool["summaries"] and rng.random() < 0.7 else "",
            "tags": rng.sample(pool["tags"], k=min(len(pool["tags"]), rng.randint(0, 4))),
        }
        body = "\n\n".join(rng.choice(pool["paragraphs"]) for _ in range(count))
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"
        (folder / f"doc-{n:06d}.md").write_text(text, encoding="utf-8")
    marker.write_text(json.dumps(wanted))
    return dest
