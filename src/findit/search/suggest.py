""" "Did you mean": the query with its unknown words replaced by the nearest indexed words or names.

Candidates come from Whoosh's spelling correctors over folded fields (accents and case do not count),
names included; display forms of names come from the facet values, so "cardom" suggests "Cardon"."""

from __future__ import annotations

import difflib
import re

from findit.text import fold

# Folded fields the candidates come from: words as written, then names.
FIELDS = ("exact", "body", "title", "speakers", "organisations")
MIN_LENGTH = 3


def has_indexed_terms(query, reader) -> bool:
    """Whether any term of a parsed query is in the index, whatever its field. (Whoosh's
    `Query.existing_terms` reuses its `fieldname` argument as a loop variable, so after the first term it
    only looks in that term's field: a word of the body alone, such as an acronym, counted as unknown.)"""
    if query is None:
        return False
    schema = reader.schema
    for fieldname, text in query.iter_all_terms(phrases=True):
        if fieldname not in schema:
            continue
        try:
            term = schema[fieldname].to_bytes(text)
        except ValueError:
            continue
        if (fieldname, term) in reader:
            return True
    return False


class Suggester:
    def __init__(self, searcher, display: dict[str, str]):
        self._searcher = searcher
        self._reader = searcher.reader()
        self._display = display
        self._fields = [f for f in FIELDS if f in self._reader.indexed_field_names()]

    def suggest(self, text: str, words: list[str], known) -> str | None:
        """`text` with each unknown word (`known(word)` false) replaced by its best candidate; None when
        nothing changed. A word the index knows (a word of any text, an acronym, a name) is never
        replaced."""
        out = text
        changed = False
        for word in dict.fromkeys(words):
            if len(word) < MIN_LENGTH or word.isdigit() or known(word):
                continue
            best = self._best(fold(word))
            if best is None:
                continue
            replacement = self._display.get(best, best)
            if word[:1].isupper() and replacement[:1].islower():
                replacement = replacement[:1].upper() + replacement[1:]
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, out)
            changed = True
        return out if changed and fold(out) != fold(text) else None

    def _best(self, folded: str) -> str | None:
        best, best_key = None, None
        for fieldname in self._fields:
            corrector = self._searcher.corrector(fieldname)
            for candidate in corrector.suggest(folded, limit=3, maxdist=2, prefix=1):
                candidate = fold(candidate)
                if candidate == folded or len(candidate) < MIN_LENGTH:
                    continue
                similarity = difflib.SequenceMatcher(None, folded, candidate).ratio()
                key = (round(similarity, 2), self._reader.doc_frequency(fieldname, candidate))
                if best_key is None or key > best_key:
                    best, best_key = candidate, key
        return best
