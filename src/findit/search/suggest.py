""" "Did you mean": the query with its unknown words replaced by the nearest indexed words or names.

Candidates come from Whoosh's spelling correctors over folded fields (accents and case do not count),
names included; display forms of names come from the facet values, so "cardom" suggests "Cardon".

Field syntax is never rewritten: a field name (`titre:`, `annee:`) stays as typed, and so does a value that
is not a word of text (`annee:abc`, `date:2021`, `type:…`, `theme:algo*`, a number): only a word typed after
a text or name field (`titre:cartografie`) may be corrected."""

from __future__ import annotations

import difflib
import re

from findit.search.queryparser import FIELD_ALIASES
from findit.search.typos import max_edits
from findit.text import fold

# Folded fields the candidates come from: words as written, then names.
FIELDS = ("exact", "body", "title", "speakers", "organisations")
MIN_LENGTH = 3
# Fields whose values are not text: a year, a date, a kind of document, a language.
NOT_TEXT_FIELDS = ("year", "date", "kind", "lang")
# `name:value` (value quoted, or up to a blank or a bracket), `name:` alone included.
_FIELD = re.compile(r'(?<![\w:])(?P<name>\w+):(?P<value>"[^"]*"?|[^\s()"]*)')
_WORD_VALUE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The parts of a query a suggestion must leave as typed: known field names, and their values when
    not words of text (see the module docstring)."""
    spans = []
    for m in _FIELD.finditer(text):
        field = FIELD_ALIASES.get(fold(m.group("name")))
        if field is None:
            continue  # not a field: `name:` is text
        spans.append(m.span("name"))
        value = m.group("value").strip('"')
        if field in NOT_TEXT_FIELDS or not all(_WORD_VALUE.fullmatch(w) for w in value.split()):
            spans.append(m.span("value"))
    return spans


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
            if not _free(out, word):
                continue  # only in field syntax
            if len(word) < MIN_LENGTH or word.isdigit() or known(word):
                continue
            best = self._best(fold(word))
            if best is None:
                continue
            replacement = self._display.get(best, best)
            if word[:1].isupper() and replacement[:1].islower():
                replacement = replacement[:1].upper() + replacement[1:]
            out, n = _replace_free(out, word, replacement)
            changed = changed or n > 0
        return out if changed and fold(out) != fold(text) else None

    def _best(self, folded: str) -> str | None:
        # As far as typo tolerance reaches (one edit from 5 letters, two from 9), and one edit below: two
        # edits turn many a short word into another (« séance » into « santé », « choix » into « coin »).
        edits = max(1, max_edits(folded))
        best, best_key = None, None
        for fieldname in self._fields:
            corrector = self._searcher.corrector(fieldname)
            for candidate in corrector.suggest(folded, limit=3, maxdist=edits, prefix=1):
                candidate = fold(candidate)
                if candidate == folded or len(candidate) < MIN_LENGTH:
                    continue
                similarity = difflib.SequenceMatcher(None, folded, candidate).ratio()
                key = (round(similarity, 2), self._reader.doc_frequency(fieldname, candidate))
                if best_key is None or key > best_key:
                    best, best_key = candidate, key
        return best


def _occurrences(text: str, word: str) -> list[re.Match]:
    """The word's occurrences in `text` outside field syntax (see protected_spans())."""
    spans = protected_spans(text)
    return [
        m
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
        if not any(a < m.end() and m.start() < b for a, b in spans)
    ]


def _free(text: str, word: str) -> bool:
    return bool(_occurrences(text, word))


def _replace_free(text: str, word: str, replacement: str) -> tuple[str, int]:
    """`text` with the word replaced where it is free to change, and how many times."""
    found = _occurrences(text, word)
    for m in reversed(found):
        text = text[: m.start()] + replacement + text[m.end() :]
    return text, len(found)
