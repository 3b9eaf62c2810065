"""The nothing-changed check of `findit index`, from a small record beside the manifest.

The manifest (meta.json) names every file with its hash and stat and every document with its fingerprint:
at 100,000 documents 20 MB of JSON, which a run that finds nothing changed read whole to learn that.
`quick.json` holds what that run needs: a digest of every file's path, size and modification time, the
counts its summary gives, the skipped files, and the stat of the manifest it was written with (a record
left beside another manifest, by a run killed between the two writes, is not used). A run whose walk
gives the same digest changed nothing; any other run reads the manifest as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from pathlib import Path

from findit.documents import SkippedFile
from findit.index.generations import META, check_generation, toc_generation
from findit.index.summary import IndexSummary
from findit.jsonfile import read_json, write_json
from findit.text import digest

QUICK = "quick.json"
FORMAT = 2  # 2: the stats packed, not written out


def stats_digest(stats: Iterable[tuple[str, int, int]]) -> str:
    """One digest of (path, size, mtime in ns) of every file, in the walk's order (by path): the paths, one
    per line, then the sizes and times as 64-bit integers, packed as the walk packs them."""
    sources: list[str] = []
    figures = array("q")
    for source, size, mtime in stats:
        sources.append(source)
        figures.extend((size, mtime))
    return _digest(sources, figures.tobytes())


def _digest(sources: list[str], figures: bytes) -> str:
    return digest("\n".join(sources).encode("utf-8", "surrogatepass") + b"\0" + figures)


def walk_digest(walked) -> str | None:
    """stats_digest() of a walk (findit.ingest.files.walk); None when it could not stat every file."""
    if walked.figures is not None:  # packed by the walk: hashed as they are, no ContentFile made
        return _digest(walked.sources, walked.figures)
    if None in (item.stat for item in walked.files):
        return None
    return stats_digest((item.source, *item.stat) for item in walked.files)


def save(gen_path: Path, meta: dict, walked: str | None = None) -> None:
    """The record of a manifest just written (best effort: without it, the next run reads the manifest).
    `walked`: walk_digest() of the walk the manifest's stats come from, when the run has it (at 100,000
    files, a tenth of a second not spent again)."""
    try:
        stat = (gen_path / META).stat()
        # every file stated: then the walk's digest is the stats' (the stats are the walk's)
        complete = meta.get("stats", {}).keys() == meta.get("files", {}).keys()
        write_json(
            gen_path / QUICK,
            {
                "format": FORMAT,
                "manifest": [stat.st_mtime_ns, stat.st_size, stat.st_ino],
                "program": meta.get("program"),
                "corpus": meta.get("corpus"),
                "whoosh_generation": meta.get("whoosh_generation"),
                "check": meta.get("check"),
                "stats": walked
                if walked and complete
                else stats_digest((s, *meta["stats"][s]) for s in sorted(meta.get("stats", {}))),
                "complete": complete,
                "documents": len(meta.get("docs", {})),
                "files": len(meta.get("files", {})),
                "skipped": meta.get("skipped", []),
            },
        )
    except OSError:
        (gen_path / QUICK).unlink(missing_ok=True)


def unchanged(gen_path: Path, corpus: Path, program: str, walked: str | None) -> IndexSummary | None:
    """The summary of a run that changed nothing, when the record says so of this walk (`walked`: its
    walk_digest()); None when the run must read the manifest (no record, another one, an unreadable one:
    it is only a shortcut)."""
    try:
        return _unchanged(gen_path, corpus, program, walked)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _unchanged(gen_path: Path, corpus: Path, program: str, walked: str | None) -> IndexSummary | None:
    record = read_json(gen_path / QUICK, ValueError, "quick record")
    if not isinstance(record, dict) or record.get("format") != FORMAT or not record.get("complete"):
        return None
    try:
        stat = (gen_path / META).stat()
    except OSError:
        return None
    if record.get("manifest") != [stat.st_mtime_ns, stat.st_size, stat.st_ino]:
        return None
    if record.get("program") != program or record.get("corpus") != str(corpus.resolve()):
        return None
    if toc_generation(gen_path) < 0 or check_generation(gen_path, record):
        return None  # damaged: the full path says why and rebuilds
    if walked is None or walked != record.get("stats"):
        return None
    documents = int(record.get("documents", 0))
    return IndexSummary(
        unchanged=documents,
        documents=documents,
        files=int(record.get("files", 0)),
        skipped=[SkippedFile(s, r) for s, r in record.get("skipped", [])],
        generation=gen_path.name,
    )
