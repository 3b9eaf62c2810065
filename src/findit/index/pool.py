"""Whoosh's posting pool, with its sorted runs written a batch at a time.

Whoosh gathers a segment's postings in a pool, sorts them in runs of `limitmb`, writes each run to a
temporary file and merges the runs when the segment is written. It pickles the runs one posting at a time
(a call to `pickle.dump` per posting, then one to `pickle.load` to read it back): in a build from nothing,
about a third of the indexing process's time, while the analysis workers wait for it. Here a run is
pickled in batches of postings, each batch one call; the runs are read a batch at a time, so merging them
holds one batch per run, not whole runs. Same postings, same order, same segment.

whoosh-reloaded is pinned (2.7.5): the writer's `pool` attribute and the pool's run methods are replaced
as that version defines them (`SegmentWriter` takes a `poolclass` argument but does not use it).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice

from whoosh.writing import PostingPool

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


def open_writer(ix, limitmb: int = 128, **kwargs):
    """`ix.writer(...)` whose postings go through a BatchedPool."""
    writer = ix.writer(limitmb=limitmb, **kwargs)
    writer.pool = BatchedPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    return writer
