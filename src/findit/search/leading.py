"""Which documents a result lists first, before the others by relevance: those holding every word of a
widened query together, then those in a language the query names; those of a date asked alone."""

from __future__ import annotations

from dataclasses import dataclass

from findit.index.facetstore import FacetTables, from_bits
from findit.search.language import named_language
from findit.search.query import ReadQuery
from findit.search.ranking import together, with_every_word, written_apart

IN_LANGUAGE = "Les documents en {names} passent avant les autres{after}."
AFTER_FULL = " (après ceux qui contiennent tous les mots)"


@dataclass
class Lead:
    first: set | None = None  # documents and duplicate groups listed first
    then: list[set] | None = None  # ...and next, each set in its order
    message: str | None = None  # why, when the user could not tell


def leading(
    reader,
    tables: FacetTables,
    read: ReadQuery,
    words: list[dict[str, list[str]]],
    widened: int | None,
    matches: int,
    on_date: int,
) -> Lead:
    """`widened`: the documents holding every word, as bits, when the query was widened (None when it was
    not); `matches`: the documents the filters keep, as bits; `on_date`: those of the date asked, as bits."""
    lead = Lead()
    full = from_bits(widened) if widened is not None else []
    if widened is not None:
        # Widened, the documents holding every word come first, as the message says, when they hold
        # them together: a long page holding them scattered follows with the others, by how much of
        # the query each holds (« ouverture des décisions de justice »: the pages on the decisions'
        # open data before a biography that says « ouverture », « décisions » and « justice » apart).
        lead.first = with_every_word(together(reader, words, full, written_apart(read.query)), tables)
    in_language, names = named_language(read.query, tables.values.get("lang", {}))
    in_language &= matches
    if in_language:
        # « la note en anglais »: after the documents holding every word (held together first, as above),
        # whose words include the language's name; before those holding only some.
        every_word = with_every_word(set(full), tables)
        lead.then = [every_word, with_every_word(set(from_bits(in_language)), tables)]
        after = AFTER_FULL if every_word else ""
        lead.message = IN_LANGUAGE.format(names=" ou en ".join(names), after=after)
    if read.query is None and on_date:
        # A date alone lists the documents of that date first, then those that only name it.
        lead.first = with_every_word(set(from_bits(on_date)), tables)
    return lead
