"""Whether the candidate pairs of near-duplicate grouping are near-copies, compared one pair at a time.

findit.ingest.neardup reads the candidate pairs from its store's band buckets; here they are put in order
(each marked where its documents are last needed, so that their shingles can be let go), the documents'
shingles are held as sorted hashes, and a pair is confirmed by its shingle overlap and the rules of
findit.ingest.quality (kinds, titles, dates)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from findit.documents import Document, Kind, file_format
from findit.ingest.quality import CONFIRM_JACCARD, same_occasion

if TYPE_CHECKING:  # imported with datasketch, only when something is new
    import numpy as np

# Candidate pairs turned into Python objects at a time.
PAIRS_BLOCK = 65536


def hashed(found: set[str]) -> np.ndarray:
    """A document's shingles as their sorted hashes: 8 bytes each where a set of strings takes ~100, so
    that the documents of every candidate pair fit at 100,000 documents. Python's own string hash is
    stable within the process, which is all a comparison within one run needs."""
    import numpy as np

    return np.unique(np.fromiter(map(hash, found), dtype=np.int64, count=len(found)))


def candidate_pairs(rows: Iterable) -> Iterator[tuple[list[int], list[bool]]]:
    """The candidate pairs (a, b) in order, each with whether it is the last pair of a and of b. Held as
    integer arrays: an archive of near-copies gives millions (2.4 million in the benchmark's 100,000
    documents, ~40 MB so, ~300 MB as a list of tuples)."""
    import numpy as np

    pairs = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64).reshape(-1, 2)
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    flat = pairs.ravel()
    _, from_end = np.unique(flat[::-1], return_index=True)  # each document's last place, counted from the end
    is_last = np.zeros(len(flat), dtype=bool)
    is_last[len(flat) - 1 - from_end] = True
    last = is_last.reshape(-1, 2)
    for start in range(0, len(pairs), PAIRS_BLOCK):
        end = start + PAIRS_BLOCK
        yield from zip(pairs[start:end].tolist(), last[start:end].tolist(), strict=True)


def confirmed(a: Document, b: Document, items_a: np.ndarray, items_b: np.ndarray) -> bool:
    """A candidate pair confirmed (the same piece in two formats
    may be read as two kinds: across formats, or with a page, kinds need not agree)."""
    if a.kind != b.kind and Kind.PAGE not in (a.kind, b.kind) and file_format(a) == file_format(b):
        return False
    import numpy as np

    shared = int(np.intersect1d(items_a, items_b, assume_unique=True).size)
    jaccard = shared / (len(items_a) + len(items_b) - shared)
    return jaccard >= CONFIRM_JACCARD and same_occasion(a, b, jaccard)
