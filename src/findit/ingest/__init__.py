"""Ingestion: a folder of content files to clean, structured documents.

`ingest_corpus(root, settings)` reads everything (never raising for a bad file); `scan_files(root,
settings)` only hashes the files, so the indexer can tell quickly whether anything changed; an `Ingester`
kept alive re-parses only the files that changed since its last run."""

from findit.ingest.corpus import Ingester, ingest_corpus, read_file, scan_files

__all__ = ["Ingester", "ingest_corpus", "read_file", "scan_files"]
