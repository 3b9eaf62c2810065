"""A language named among a query's words (« la note en anglais », « english version »): the documents in
that language come next after those holding every word, when the archive holds it beside a larger one.

The word also matches a document's language as text, like any other word (the `context` field of
findit.index.schema); but a page in English holds few of a French query's other words, and that one match
left it below French pages holding more of them."""

from __future__ import annotations

from whoosh import query as wq

from findit.search.clauses import EXACT, map_words, text_of, walk
from findit.search.results import VALUE_LABELS, VALUE_NAMES
from findit.text import fold


def named_language(q: wq.Query | None, languages: dict[str, int]) -> tuple[int, list[str]]:
    """The documents (bits) of the languages the query's plain words name, and those languages' French
    names (`languages`: the `lang` facet's value -> its documents). The archive's largest language is left
    out: naming it says nothing of the pages wanted. (0, []) when the query names none."""
    words = typed_words(q)
    if not words or len(languages) < 2:
        return 0, []
    largest = max(bits.bit_count() for bits in languages.values())
    found, names = 0, []
    for code, bits in languages.items():
        # The names only, not the code: « en » is also a French word (« la note en anglais »).
        known = {fold(name) for name in VALUE_NAMES["lang"].get(code, [])}
        if code and bits.bit_count() < largest and known & words:
            found |= bits
            names.append(VALUE_LABELS["lang"].get(code, code).lower())
    return found, names


def typed_words(q: wq.Query | None) -> set[str]:
    """The words typed as plain words (the `exact` field's terms, folded), a plural also as its singular;
    not those excluded (« -anglais », « SAUF anglais ») nor those searched in one field (« titre:anglais »):
    the pieces findit.search.clauses.map_words reaches."""
    found: set[str] = set()

    def collect(clause: wq.Query) -> wq.Query:
        for sub in walk(clause):
            if isinstance(sub, (wq.Term, wq.Phrase)) and sub.fieldname == EXACT:
                for text in sub.words if isinstance(sub, wq.Phrase) else [sub.text]:
                    word = fold(text_of(text))
                    found.update((word, word[:-1]) if word.endswith("s") else (word,))
        return clause

    if q is not None:
        map_words(q, collect)
    return found
