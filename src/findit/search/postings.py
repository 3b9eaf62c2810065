"""Reading the index's postings for a few documents at a time (the second-stage ranking's candidates)."""

from __future__ import annotations


def postings_at(reader, fieldname: str, text: str, docs: list[int]):
    """(document, matcher positioned on it) for each of the (sorted) documents holding the term."""
    try:
        m = reader.postings(fieldname, text)
    except Exception:  # noqa: BLE001 - a term missing from this field
        return
    for d in docs:
        if not m.is_active():
            return
        if m.id() < d:
            m.skip_to(d)
            if not m.is_active():
                return
        if m.id() == d:
            yield d, m
