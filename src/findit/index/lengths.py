"""A segment's field lengths as Whoosh stores them: one byte per document and field (the length column of
the pinned whoosh3 codec), read whole where Whoosh reads one byte per question, and decoded as it decodes
them. Read from Whoosh's private structures, without numpy, which a one-shot query does not load."""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

# Each length byte's field length, as W3PerDocReader.doc_field_length() decodes it (0: an empty field).
LENGTH_OF_BYTE = tuple(byte_to_length(byte) for byte in range(256))


def length_codes(perdoc, fieldname: str) -> bytes:
    """The length byte of the field for each document of a segment's per-document reader, in order (0: the
    field is empty; the documents past the end have none either)."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or not column._count:
        return b""
    return column._dbfile.get(column._basepos, column._count)
