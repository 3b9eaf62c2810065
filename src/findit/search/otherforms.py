"""The other forms of a query's words, searched beside the words as typed and ranked below them: the
curator's synonyms (findit.search.synonyms), words joined or apart (findit.search.compounds), typos
corrected (findit.search.typos), a verb's noun and a noun's verb (findit.search.derivation). Each says
what it added, for the reading's message (derivations, as common as verbs, only in explanations)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from findit.analysis.stopwords import stop_words
from findit.search.compounds import other_spellings
from findit.search.derivation import with_derived
from findit.search.synonyms import Synonyms, with_synonyms
from findit.search.typos import tolerant

MESSAGE = "Cherché aussi : {pairs}."


@dataclass
class OtherForms:
    query: wq.Query
    found: dict[str, list[str]] = field(default_factory=dict)  # words typed -> other forms searched

    @property
    def message(self) -> str | None:
        if not self.found:
            return None
        pairs = ", ".join(f"{typed} → {' / '.join(others)}" for typed, others in self.found.items())
        return MESSAGE.format(pairs=pairs)


def with_other_forms(
    q: wq.Query,
    text: str,
    reader,
    synonyms: Synonyms | None,
    parse_word: Callable[[str], wq.Query],
    parse_phrase: Callable[[str], wq.Query],
    known: dict[str, list[str]] | None = None,
) -> OtherForms:
    """`q` (read from `text`) with the other forms of its words. Without the index's `reader`, only the
    synonyms: joined forms and typos are judged by the words the archive holds."""
    found: dict[str, list[str]] = {}
    if synonyms:
        q, by_synonym = with_synonyms(q, synonyms, lambda t: parse_phrase(t) if len(t.split()) > 1 else parse_word(t))
        found.update(by_synonym)
    if reader is not None:
        spelt = other_spellings(q, reader, parse_word, parse_phrase)
        fixed = tolerant(spelt.query, reader, text, parse_word, known)
        q = with_derived(fixed.query, reader)
        stops = stop_words()
        for typed, other in spelt.words.items():
            # « peutelle → peut elle »: a question's verb and pronoun, searched as either but worth no message
            if not all(word in stops for word in other.split()):
                found.setdefault(typed, []).append(other)
        for typed, close in fixed.words.items():
            found.setdefault(typed, []).extend(close)
    return OtherForms(q, found)
