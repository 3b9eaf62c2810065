"""Whoosh's posting pool, with its sorted runs written a batch at a time.

Whoosh gathers a segment's postings in a pool, sorts them in runs of `limitmb`, writes each run to a
temporary file and merges the runs when the segment is written. It pickles the runs one posting at a time
(a call to `pickle.dump` per posting, then one to `pickle.load` to read it back): in a build from nothing,
about a third of the indexing process's time, while the analysis workers wait for it. Here a run is
pickled in batches of postings, each batch one call; the runs are read a batch at a time, so merging them
holds one batch per run, not whole runs. Same postings, same order, same segment.

Writing the segment, Whoosh asks each posting's field length of the new segment's per-document reader,
which reads one byte back from the column file each time: about a quarter of a build's final commit. Here
each field's lengths are read once, the first time one is asked.

whoosh-reloaded is pinned (2.7.5): the writer's `pool` attribute, the pool's run methods and the writer's
`per_document_reader` are replaced as that version defines them (`SegmentWriter` takes a `poolclass`
argument but does not use it).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice

from whoosh.writing import PostingPool, SegmentWriter

from findit.index.lengths import LENGTH_OF_BYTE, length_codes

# Postings per pickled batch: a few hundred KB of a run in memory per run being merged.
BATCH = 4096


class BatchedPool(PostingPool):
    def _write_run(self, f, items: Iterable) -> None:
        # `items`: a run just sorted in memory, or runs being merged into one (more runs than files open)
        items = iter(items)
        while batch := list(islice(items, BATCH)):
            pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


class LengthsReadOnce:
    """A per-document reader whose doc_field_length reads each field's lengths once."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._codes: dict[str, bytes] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        codes = self._codes.get(fieldname)
        if codes is None:
            codes = self._codes[fieldname] = length_codes(self._reader, fieldname)
        if not 0 <= docnum < len(codes):
            return self._reader.doc_field_length(docnum, fieldname, default)  # Whoosh's own answer or error
        byte = codes[docnum]
        return LENGTH_OF_BYTE[byte] if byte else None  # None for a zero byte, as Whoosh gives it

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


def open_writer(ix, limitmb: int = 128, **kwargs):
    """`ix.writer(...)` whose postings go through a BatchedPool and whose segment is written with
    LengthsReadOnce."""
    writer = ix.writer(limitmb=limitmb, **kwargs)
    writer.pool = BatchedPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    writer.per_document_reader = lambda: LengthsReadOnce(SegmentWriter.per_document_reader(writer))
    return writer
