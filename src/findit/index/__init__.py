"""The index stage: documents and their analysis written into Whoosh generations on disk (`Indexer`),
and the current generation opened for reading (`open_index`). See docs/DESIGN.md for the index folder."""

from findit.index.failures import IndexerError, IndexWriteError
from findit.index.generations import (
    ACRONYMS,
    CACHE,
    CURRENT,
    LEMMAS,
    META,
    DamagedIndexError,
    NoIndexError,
    OpenedIndex,
    current_generation,
    current_path,
    open_index,
)
from findit.index.lock import IndexBusyError, WriterLock
from findit.index.manifest import program_fingerprint, read_manifest
from findit.index.writer import (
    CorpusNotFoundError,
    EmptyCorpusError,
    Indexer,
    IndexSummary,
    UpdateStopped,
)

__all__ = [
    "ACRONYMS",
    "CACHE",
    "CURRENT",
    "LEMMAS",
    "META",
    "CorpusNotFoundError",
    "DamagedIndexError",
    "EmptyCorpusError",
    "IndexBusyError",
    "Indexer",
    "IndexerError",
    "IndexSummary",
    "IndexWriteError",
    "NoIndexError",
    "OpenedIndex",
    "WriterLock",
    "current_generation",
    "current_path",
    "open_index",
    "program_fingerprint",
    "read_manifest",
    "UpdateStopped",
]
