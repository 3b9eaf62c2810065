"""Ingestion: a folder of content files to clean, structured documents.

`ingest_corpus(root, settings)` reads everything (never raising for a bad file); `scan_files(root,
settings)` only hashes the files, so the indexer can tell quickly whether anything changed; an `Ingester`
kept alive re-parses only the files that changed since its last run.

The names are imported on first use (PEP 562): the readers behind them import Markdown, YAML and name
tables (~0.1 s), which `findit index` with nothing changed, needing only the folder's walk
(findit.ingest.files), does not pay."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from findit.ingest.corpus import Ingester, ingest_corpus, read_file, scan_files

__all__ = ["Ingester", "ingest_corpus", "read_file", "scan_files"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from findit.ingest import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
