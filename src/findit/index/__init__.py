"""The index stage: documents and their analysis written into Whoosh generations on disk (`Indexer`),
and the current generation opened for reading (`open_index`). See docs/DESIGN.md for the index folder."""

from typing import TYPE_CHECKING

from findit.lazy import exports

if TYPE_CHECKING:
    from findit.index.commit import UpdateStopped
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
    from findit.index.summary import IndexSummary
    from findit.index.writer import (
        CorpusNotFoundError,
        EmptyCorpusError,
        Indexer,
    )

_WHERE = {
    "IndexerError": "failures",
    "IndexWriteError": "failures",
    "ACRONYMS": "generations",
    "CACHE": "generations",
    "CURRENT": "generations",
    "LEMMAS": "generations",
    "META": "generations",
    "DamagedIndexError": "generations",
    "NoIndexError": "generations",
    "OpenedIndex": "generations",
    "current_generation": "generations",
    "current_path": "generations",
    "open_index": "generations",
    "IndexBusyError": "lock",
    "WriterLock": "lock",
    "program_fingerprint": "manifest",
    "read_manifest": "manifest",
    "CorpusNotFoundError": "writer",
    "EmptyCorpusError": "writer",
    "Indexer": "writer",
    "IndexSummary": "summary",
    "UpdateStopped": "commit",
}
__getattr__ = exports(__name__, _WHERE, globals())
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
