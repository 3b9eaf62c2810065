"""Typo tolerance: a word of the query that the archive does not know, or hardly knows, also finds the
words it knows one or two edits away, ranked below exact matches.

As Meilisearch does: one edit from 5 letters, two from 9; never on short words, acronyms (typed in
capitals) or numbers. The first letter is kept (few typos touch it, and it keeps the search through the
index's word list short: Whoosh walks it with an automaton)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from findit.analysis.analysed import TEXT_FIELDS
from findit.analysis.stopwords import stop_words
from findit.search.clauses import EXACT, AcrossFields, map_words, other_form
from findit.text import fold

ONE_EDIT_FROM = 5
TWO_EDITS_FROM = 9
# A known word this rare is also read as a typo when a close word is far more common: "mobillier" may
# be in one page, "mobilier" is in forty.
RARE_DOCUMENTS = 2
MORE_COMMON = 10
# Score of a corrected word next to the word as typed.
CORRECTED_WEIGHT = 0.6
# At most this many corrections of one word, the most common first.
MAX_CORRECTIONS = 3


@dataclass
class Corrections:
    """The query with its corrections, and which word was also read as which (for messages, explain)."""

    query: wq.Query
    words: dict[str, list[str]] = field(default_factory=dict)


class Corrected(AcrossFields):
    """A word as typed, or the close words the archive knows (see the module docstring). `corrections`
    names them; the typed word stays first, so `.word` is still the word typed."""

    corrections: tuple[str, ...] = ()


# Fields of names: a word that names a person or a body of the archive is that name, not a typo.
NAME_FIELDS = ("speakers", "organisations")

# Words whose corrections a generation keeps (findit.search.query.QueryReader).
KNOWN_WORDS = 10_000


def max_edits(word: str) -> int:
    if len(word) >= TWO_EDITS_FROM:
        return 2
    return 1 if len(word) >= ONE_EDIT_FROM else 0


def tolerant(
    q: wq.Query, reader, text: str, parse: Callable[[str], wq.Query], known: dict[str, list[str]] | None = None
) -> Corrections:
    """`q` with each plain word that looks mistyped also matching its corrections. `reader` is the index's;
    `text` the query as typed (its capitals mark acronyms); `parse` reads one word as the parser does;
    `known` keeps each word's corrections for this reader (looking them up walks the word list: thousands of
    small reads)."""
    acronyms = {fold(w) for w in text.split() if len(w) > 1 and w.isupper()}
    found: dict[str, list[str]] = {}

    def correct(clause: wq.Query) -> wq.Query:
        if type(clause) is not AcrossFields:
            return clause
        word = clause.word
        if not word or not word.isalpha() or word in acronyms or not max_edits(word):
            return clause
        corrections = known.get(word) if known is not None else None
        if corrections is None:
            # The word's own terms: its corrections then depend on the word and the index alone, as the
            # cache `known` assumes (a curator's synonyms, attached before, change at any time).
            corrections = _corrections(reader, word, clause.terms_by_field(other_forms=False))
            if known is not None:
                known[word] = corrections
        if not corrections:
            return clause
        alternatives = []
        for other in corrections:
            read = parse(other)
            if read is not None and read is not wq.NullQuery:
                alternatives.append(other_form(read, CORRECTED_WEIGHT, "typo", other))
        if not alternatives:
            return clause
        found[word] = corrections
        corrected = Corrected([*clause.subqueries, *alternatives], boost=clause.boost)
        corrected.corrections = tuple(corrections)
        return corrected

    return Corrections(map_words(q, correct), found)


def _corrections(reader, word: str, terms: dict[str, list[str]]) -> list[str]:
    """The known words within `max_edits(word)` of `word`, most common first, when `word` looks mistyped.
    `terms`: the word's terms by field. A word is rare by its forms together, not by the one typed: the
    archive may write « prédictions » and never « prédiction », which is no typo of « production »."""
    try:
        frequency = max(
            [reader.doc_frequency(EXACT, word)]
            + [reader.doc_frequency(f, t) for f in TEXT_FIELDS for t in terms.get(f, []) if f in reader.schema]
        )
        if frequency > RARE_DOCUMENTS:
            return []
        if any(reader.doc_frequency(f, word) for f in NAME_FIELDS if f in reader.schema):
            return []  # « Lesur », a speaker, is no typo of « leur »
        close = {w for w in reader.terms_within(EXACT, word, max_edits(word), prefix=1) if w != word}
        counted = sorted(((reader.doc_frequency(EXACT, w), w) for w in close), reverse=True)
    except Exception:  # noqa: BLE001 - a reader that cannot say: the word is searched as typed
        return []
    wanted = 1 if frequency == 0 else max(1, frequency) * MORE_COMMON
    # A function word is never what a mistyped word meant: it would only find every page (« lesur » → « leur »).
    stops = stop_words()
    return [w for n, w in counted if n >= wanted and w.isalpha() and w not in stops][:MAX_CORRECTIONS]
