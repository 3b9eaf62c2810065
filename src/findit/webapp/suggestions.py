"""Suggestions while typing: speakers, organisations and themes whose words start with what was typed,
accents and case aside, with how many documents they have.

Built on what the Searcher already gives: the facet values of every published document and their counts
(one search with no words), read once per index commit and kept until the next one. A lookup is one
substring test per typed word and name: about 1 ms over 9,000 names (80 ms to build them, once)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from findit.search.results import SearchRequest, SearchResult
from findit.text import fold

# The facets suggested, in the order a tie is broken, with how the page names one of their values.
SUGGESTED = {"speaker": "Intervenant·e", "organisation": "Organisation", "tag": "Thème"}
# Values counted per facet: every one (a facet with more values than this has its rarest left out).
ALL_VALUES = 100_000
# Fewer folded letters than this suggest nothing: one letter would match half the names.
MIN_CHARS = 2
# How many trailing words of the query are tried as the start of a name (« données eta » -> « eta »).
TAIL_WORDS = 4
DEFAULT_LIMIT = 8
MAX_LIMIT = 20
_WORD = re.compile(r"[a-z0-9]+")


def words_of(text: str) -> list[str]:
    """Folded words: « Direction du numérique (DINUM) » -> direction, du, numerique, dinum."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Suggestion:
    facet: str
    value: str
    label: str  # what kind of value it is, in French
    count: int

    def to_json(self) -> dict:
        return {"facet": self.facet, "value": self.value, "label": self.label, "count": self.count}


@dataclass
class _Entry:
    suggestion: Suggestion
    words: list[str]
    spaced: str  # " word word …": « a typed word starts a word » is one substring test
    rank: int  # the facet's place in SUGGESTED


class SuggestionIndex:
    """The suggestible values of one index commit."""

    def __init__(self, result: SearchResult):
        self.entries: list[_Entry] = []
        for rank, (facet, label) in enumerate(SUGGESTED.items()):
            for v in result.facets.get(facet, []):
                words = words_of(v.value)
                if v.count and words:
                    entry = _Entry(Suggestion(facet, v.value, label, v.count), words, " " + " ".join(words), rank)
                    self.entries.append(entry)

    @classmethod
    def request(cls) -> SearchRequest:
        """The search whose facets it is built from: every published document."""
        return SearchRequest(query="", limit=1, facet_limit=ALL_VALUES)

    def find(self, text: str, limit: int = DEFAULT_LIMIT) -> tuple[list[Suggestion], str, str]:
        """Suggestions for the end of `text`, with the part of `text` they complete and what comes before
        it. The longest ending that names something wins: « direction du num » is one name, while in
        « données eta » only « eta » starts one."""
        typed = text.split()
        for n in range(min(len(typed), TAIL_WORDS), 0, -1):
            tail = " ".join(typed[-n:])
            wanted = words_of(tail)
            if not wanted or sum(map(len, wanted)) < MIN_CHARS:
                continue
            found = self._matching(wanted, limit)
            if found:
                return found, tail, " ".join(typed[:-n])
        return [], "", text.strip()

    def _matching(self, wanted: list[str], limit: int) -> list[Suggestion]:
        # Every typed word starts a word of the name (the last one may be unfinished): one substring test
        # per word, over fewer names each time.
        starts = [" " + t for t in wanted]
        found = self.entries
        for start in starts:
            found = [entry for entry in found if start in entry.spaced]
        scored = [
            # Names that start as typed first, then the most documented.
            (not e.spaced.startswith(starts[0]), -e.suggestion.count, e.rank, e.words, e.suggestion)
            for e in found
        ]
        scored.sort(key=lambda s: s[:4])
        return [s[4] for s in scored[:limit]]


class SuggestionCache:
    """One SuggestionIndex per index commit, shared by the server's threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key: str | None = None
        self._index: SuggestionIndex | None = None

    def get(self, key: str | None, build) -> SuggestionIndex:
        """The index for commit `key`; `build()` makes it when the commit changed (None: always)."""
        with self._lock:
            if self._index is None or key is None or key != self._key:
                self._index, self._key = build(), key
            return self._index
