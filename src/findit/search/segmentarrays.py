"""A segment's posting lists and field lengths as numpy arrays, read from Whoosh's codec directly: a term's
documents and weights a posting block at a time, a field's length bytes for every document at once. What
findit.search.vectorscore scores whole blocks of documents from, where Whoosh's matchers read one posting
at a time.

They are private attributes of the pinned Whoosh 2.7.5 codec (whoosh3): tests check the scores built on
them against Whoosh's matchers on real indexes. A posting list in another form raises Unsupported, and its
clause goes through Whoosh's matcher.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from findit.index.lengths import LENGTH_OF_BYTE, length_codes

# Length bytes to field lengths, as Whoosh's doc_field_length() decodes them.
_LENGTHS = np.array(LENGTH_OF_BYTE, dtype=np.float64)


class Unsupported(Exception):
    """A clause computed by Whoosh's matcher instead."""


def field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """The field's length for each of the segment's `size` documents (0 past the end of its column)."""
    raw = length_codes(reader._perdoc, fieldname)
    codes = np.zeros(size, dtype=np.uint8)
    codes[: min(len(raw), size)] = np.frombuffer(raw, dtype=np.uint8)[:size]
    return _LENGTHS[codes]


def postings(reader, fieldname: str, text: bytes, among: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights in one segment, read a block at a time; given `among`, only
    the blocks that may hold one of those documents, and only those documents."""
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted documents: taken out at the end (vectorscore.all_scores)
    if not isinstance(matcher, W3LeafMatcher):
        raise Unsupported
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    below = -1  # every document of the blocks read so far is at most this one
    while matcher.is_active():
        top = matcher._maxid
        if among is None or np.searchsorted(among, below, "right") < np.searchsorted(among, top, "right"):
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
        below = top
        matcher._next_block()
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    found, weight = np.concatenate(ids), np.concatenate(weights)
    if among is not None:
        keep = np.isin(found, among, assume_unique=True)
        found, weight = found[keep], weight[keep]
    return found, weight
