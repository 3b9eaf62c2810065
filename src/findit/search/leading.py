"""Which documents a result lists first, before the others by relevance: those holding every word of a
widened query together, those in a language the query names, those of a date asked alone."""

from __future__ import annotations

from findit.index.facetstore import FacetTables, from_bits
from findit.search.language import named_language
from findit.search.query import ReadQuery
from findit.search.ranking import together, with_every_word, written_apart


def leading(
    reader,
    tables: FacetTables,
    read: ReadQuery,
    words: list[dict[str, list[str]]],
    text: str,
    widened: int | None,
    matches: int,
    on_date: int,
) -> set | None:
    """The documents (and duplicate groups) to list first; None for none. `widened`: the documents holding
    every word, as bits, when the query was widened (None when it was not); `matches`: the documents the
    filters keep, as bits; `on_date`: those of the date asked, as bits."""
    first = None
    if widened is not None:
        # Widened, the documents holding every word come first, as the message says, when they hold
        # them together: a long page holding them scattered follows with the others, by how much of
        # the query each holds (« ouverture des décisions de justice »: the pages on the decisions'
        # open data before a biography that says « ouverture », « décisions » and « justice » apart).
        full = sorted(from_bits(widened))
        first = with_every_word(together(reader, words, full, written_apart(read.query)), tables)
    in_language = named_language(text, tables.values.get("lang", {})) & matches
    if in_language and read.query is not None:
        first = with_every_word(set(from_bits(in_language)), tables)  # « la note en anglais »
    if read.query is None and on_date:
        # A date alone lists the documents of that date first, then those that only name it.
        first = with_every_word(set(from_bits(on_date)), tables)
    return first
