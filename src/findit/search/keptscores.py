"""The scores of a query kept for the requests that repeat it (its pages, its facet clicks), in arrays.

As a dict, a query's scores cost about 100 bytes a document (a key, a float, a slot): a broad query at
100,000 documents kept 10 MB, and a page server's recent queries most of its memory. Kept as two arrays
they cost 12 bytes a document; a request that repeats the query makes its dict again (a few ms for a
query scoring 100,000 documents), which the request's other work then changes as it likes."""

from __future__ import annotations

from array import array
from typing import NamedTuple


class KeptScores(NamedTuple):
    docs: array  # document numbers ('i': 4 bytes each)
    scores: array  # their scores, in the same order ('d')
    words: list  # the query's words by field (findit.search.ranking.split_exact)
    bits: int  # the documents as bits (findit.index.facetstore.to_bits)

    def unpacked(self) -> dict[int, float]:
        return dict(zip(self.docs, self.scores, strict=True))


def keep(scores: dict[int, float], words: list, bits: int) -> KeptScores:
    return KeptScores(array("i", scores), array("d", scores.values()), words, bits)


def weight(kept: KeptScores) -> int:
    """What a Recent cache counts of an entry: its documents."""
    return len(kept.docs)
