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

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

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


# A length byte's value as W3PerDocReader.doc_field_length gives it (None for a zero byte).
_LENGTHS = [None, *(byte_to_length(byte) for byte in range(1, 256))]


class LengthsReadOnce:
    """A per-document reader whose doc_field_length reads each field's lengths once."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._lengths: dict[str, list | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        if fieldname not in self._lengths:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            self._lengths[fieldname] = None if column is None else [_LENGTHS[byte] for byte in column.load()]
        lengths = self._lengths[fieldname]
        if lengths is None or not 0 <= docnum < len(lengths):
            return self._reader.doc_field_length(docnum, fieldname, default)  # Whoosh's own answer or error
        return lengths[docnum]

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


def open_writer(ix, limitmb: int = 128, **kwargs):
    """`ix.writer(...)` whose postings go through a BatchedPool and whose segment is written with
    LengthsReadOnce."""
    writer = ix.writer(limitmb=limitmb, **kwargs)
    writer.pool = BatchedPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    writer.per_document_reader = lambda: LengthsReadOnce(SegmentWriter.per_document_reader(writer))
    return writer
