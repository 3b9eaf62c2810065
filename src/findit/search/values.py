"""Value fields (tag, outlet, kind, lang) in a query: a word or phrase typed after `theme:`, `media:`,
`type:`, `langue:` names the known values it matches, folded: equal, else containing the words (or a form of the word:
« algorithmes » finds the tag « algorithme »), for a prefix or a wildcard by pattern."""

from __future__ import annotations

import fnmatch
import re

from whoosh import query as wq

from findit.index.facetstore import MULTI_VALUED, keyword_term
from findit.search.clauses import ValueMatch, text_of
from findit.text import fold

# Score of a match on a value field (constant: those fields keep no frequencies).
VALUE_SCORE = 1.0
_WORD = re.compile(r"\w+")


class ValueResolver:
    """The known values of each value field (`values[field] -> display values`, `labels[field] ->
    {value: other names}` such as a kind's or a language's French names), and the lemmas of their words
    (read from the schema's title analyser when first needed)."""

    def __init__(
        self,
        schema,
        fields: tuple[str, ...],
        values: dict[str, list[str]],
        labels: dict[str, dict[str, list[str]]] | None = None,
    ):
        self.schema = schema
        self._names: dict[str, dict[str, set[str]]] = {}
        self._lemmas: dict[str, dict[str, frozenset[str]]] = {}
        for name in fields:
            names: dict[str, set[str]] = {}
            for value in values.get(name, []):
                names.setdefault(fold(value), set()).add(value)
                for label in (labels or {}).get(name, {}).get(value, []):
                    names.setdefault(fold(label), set()).add(value)
            self._names[name] = names
            self._lemmas[name] = {}

    def _value_lemmas(self, fieldname: str, name: str) -> frozenset[str]:
        known = self._lemmas[fieldname]
        if name not in known:
            known[name] = self._lemmas_of(name)
        return known[name]

    def _lemmas_of(self, text: str) -> frozenset[str]:
        try:
            return frozenset(self.schema["title"].process_text(text, mode="query"))
        except Exception:  # noqa: BLE001 - a value the analyser cannot read is matched by its words only
            return frozenset()

    def resolve(self, q: wq.Query) -> wq.Query:
        """A value field term -> the known values it names, matched folded: equal, else containing the
        words, for a prefix or wildcard by pattern."""
        names = self._names[q.fieldname]
        if isinstance(q, wq.Phrase):
            text = " ".join(q.words)
        else:
            text = text_of(q.text)
        wanted = fold(text).strip()
        if isinstance(q, wq.Prefix):
            matches = [
                vals
                for name, vals in names.items()
                if name.startswith(wanted) or any(w.startswith(wanted) for w in name.split())
            ]
        elif isinstance(q, wq.Wildcard):
            matches = [vals for name, vals in names.items() if fnmatch.fnmatchcase(name, wanted)]
        elif wanted in names:
            matches = [names[wanted]]
        else:
            words = _WORD.findall(wanted)
            lemmas = self._lemmas_of(wanted) if len(words) == 1 else frozenset()
            matches = [
                vals
                for name, vals in names.items()
                if _contains(_WORD.findall(name), words)
                or (lemmas and _shares_start(name, wanted) and lemmas <= self._value_lemmas(q.fieldname, name))
            ]
        values = sorted({v for vals in matches for v in vals})
        if not values:
            return wq.NullQuery
        terms = [wq.Term(q.fieldname, keyword_term(v) if q.fieldname in MULTI_VALUED else v) for v in values]
        return ValueMatch(terms[0] if len(terms) == 1 else wq.Or(terms), VALUE_SCORE * q.boost)


def _shares_start(name: str, word: str) -> bool:
    """Whether a word of `name` starts like `word` (forms of one lemma share their first letters)."""
    return any(w[:3] == word[:3] for w in _WORD.findall(name))


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return n > 0 and any(words[i : i + n] == wanted for i in range(len(words) - n + 1))
