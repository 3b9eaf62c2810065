"""Which segments an incremental commit merges: the small ones at the end, the others left in place.

Whoosh's MERGE_SMALL merges the smallest segments but lists those it keeps by size, which puts the
archive's large segment after small ones and renumbers its documents. The facet tables of a commit are
derived from the previous commit's as long as document numbers stay (findit.index.facetupdate): after
such a merge they were read from the whole index again (2 to 4 s at 100,000 documents, one update in
eight). Here the segments at the end are merged with the commit's new documents, as long as each is no
larger than twice those taken after it (a size-tiered rule: what one merge rewrites stays of the order
of the recent updates), and the segments before them keep their place and their documents' numbers.
"""

from __future__ import annotations

# A segment is merged with those after it when it holds at most this many times their documents.
TIER = 2


def tail(segments: list) -> int:
    """Where the merged tail of `segments` starts (len(segments): nothing worth merging)."""
    start, after = len(segments), 0
    while start > 0:
        count = segments[start - 1].doc_count_all()
        if after and count > TIER * after:
            break
        start -= 1
        after += count
    return start if len(segments) - start > 1 else len(segments)


def merge_tail(writer, segments: list) -> list:
    """A Whoosh merge policy (`writer.commit(mergetype=merge_tail)`): the tail's documents are added to the
    segment the commit writes; the segments returned are kept as they are, in their order."""
    from whoosh.reading import SegmentReader

    start = tail(segments)
    for segment in segments[start:]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return segments[:start]
