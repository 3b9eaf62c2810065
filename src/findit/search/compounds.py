"""Words written joined, apart or hyphenated: « datalake » = « data lake », « france connect » =
« FranceConnect », « tiers lieux » = « tiers-lieux ». (A hyphenated word typed in the query is matched
joined by the index's `compounds` field; see findit.search.queryparser.)

- Two words of the query side by side also find their joined form, when the archive knows it.
- A word the archive does not know, or hardly knows, also finds the two words it is made of, where the archive has them
  side by side (of several splits, the one whose rarer half is the most common)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from findit.search.clauses import (
    COMPOUNDS,
    EXACT,
    AcrossFields,
    JoinedPair,
    map_required_and,
    map_words,
    other_form,
    plain_word,
)

# A word this rare may still be two words the archive mostly writes apart (« datalake », « data lake »).
RARE_DOCUMENTS = 2
# The shortest half of a split word (« e-mail » aside, halves shorter than this are mostly noise).
MIN_PART = 3
# Score of the other spelling next to the spelling typed.
OTHER_SPELLING_WEIGHT = 0.8


@dataclass
class Spellings:
    """The query with the other spellings of its words, and which (typed -> other), for messages."""

    query: wq.Query
    words: dict[str, str] = field(default_factory=dict)


def other_spellings(
    q: wq.Query, reader, parse_word: Callable[[str], wq.Query], parse_phrase: Callable[[str], wq.Query]
) -> Spellings:
    found: dict[str, str] = {}

    def split(clause: wq.Query) -> wq.Query:
        if type(clause) is not AcrossFields:
            return clause
        word = clause.word
        if not word or not word.isalpha() or len(word) < 2 * MIN_PART:
            return clause
        parts = _split(reader, word)
        if parts is None:
            return clause
        phrase = parse_phrase(" ".join(parts))
        if phrase is None or phrase is wq.NullQuery:
            return clause
        found[word] = " ".join(parts)
        return AcrossFields(
            [*clause.subqueries, other_form(phrase, OTHER_SPELLING_WEIGHT, "spelling", " ".join(parts))],
            boost=clause.boost,
        )

    q = map_words(q, split)
    return Spellings(_join_pairs(q, reader, parse_word, found), found)


def _known(reader, word: str) -> int:
    return reader.doc_frequency(EXACT, word) + reader.doc_frequency(COMPOUNDS, word)


def _split(reader, word: str) -> tuple[str, str] | None:
    """The two known words `word` is made of, side by side somewhere in the archive (« commission » is not
    « com mission »: the archive never has them side by side); None for a common word."""
    from whoosh.searching import Searcher

    try:
        if _known(reader, word) > RARE_DOCUMENTS:
            return None
        splits = []
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:i], word[i:]
            count = min(reader.doc_frequency(EXACT, left), reader.doc_frequency(EXACT, right))
            if count:
                splits.append((count, left, right))
        searcher = Searcher(reader, closereader=False)
        for _count, left, right in sorted(splits, reverse=True):
            if searcher.search(wq.Phrase(EXACT, [left, right]), limit=1).scored_length():
                return left, right
    except Exception:  # noqa: BLE001 - a reader that cannot say: the word is searched as typed
        return None
    return None


def _join_pairs(q: wq.Query, reader, parse_word: Callable[[str], wq.Query], found: dict[str, str]) -> wq.Query:
    """In the required words, each pair of plain words side by side whose joined form the archive knows
    becomes « both words, or the joined one »."""
    return map_required_and(q, lambda both: _join_in(both, reader, parse_word, found))


def _join_in(q: wq.And, reader, parse_word: Callable[[str], wq.Query], found: dict[str, str]) -> wq.Query:
    subs = list(q.subqueries)
    out: list[wq.Query] = []
    i = 0
    while i < len(subs):
        a = subs[i]
        b = subs[i + 1] if i + 1 < len(subs) else None
        first, second = plain_word(a), plain_word(b) if b is not None else None
        if b is not None and first and second and first.isalpha() and second.isalpha():
            joined = first + second
            try:
                known = _known(reader, joined) > 0
            except Exception:  # noqa: BLE001 - as typed
                known = False
            other = parse_word(joined) if known else None
            if other is not None and other is not wq.NullQuery:
                found[f"{first} {second}"] = joined
                out.append(JoinedPair([wq.And([a, b]), other_form(other, OTHER_SPELLING_WEIGHT, "spelling", joined)]))
                i += 2
                continue
        out.append(a)
        i += 1
    if len(out) == len(subs):
        return q
    return out[0] if len(out) == 1 else wq.And(out, boost=q.boost)
