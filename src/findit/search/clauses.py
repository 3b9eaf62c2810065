"""The clause types of findit's query trees, named, so that every stage reads them by type instead of
decoding Whoosh's generic ones.

- `AcrossFields`: one piece of the query (a word, a phrase, a prefix) searched in every default field. It
  is a *plain word* when its clause in the `exact` field is a Term: `.word` then gives the word, folded.
  The parser makes one for each unfielded piece (`FieldsGroup`), so « a OU b » is an Or of two of them,
  never one flat Or of both words' terms.
- `AnyOf`: the words of a widened query, any of them, coordinated.
- `OtherForm`: another form of a piece (a typo corrected, a synonym, a word joined or apart).
- `JoinedPair`: two words side by side, or the joined form the archive writes for them.
- `AcronymGroup`: an acronym and its long forms, one word of the query (findit.search.acronymquery).
- `ValueMatch`: a match on a value field (tag, outlet, kind), scored as a constant.
- `LongForm`: an acronym's long form as a phrase, whose function words are not marked in snippets.
- `Unmarked`: a function word of a long form read as a sequence of alternatives, not marked on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh import query as wq
from whoosh.qparser import syntax

from findit.analysis.stopwords import stop_words
from findit.text import fold

# The field holding each word as written (folded, not lemmatised): it identifies a plain word.
EXACT = "exact"
# The field holding hyphenated words joined (« start-up » as « startup »).
COMPOUNDS = "compounds"


class AcrossFields(wq.Or):
    """A piece of the query searched in every default field (see the module docstring)."""

    @property
    def word(self) -> str | None:
        """The folded word, when this is a plain word; None for a phrase, a prefix, a wildcard."""
        for sub in self.subqueries:
            if isinstance(sub, wq.Term) and sub.fieldname == EXACT:
                return fold(text_of(sub.text))
        return None

    def normalize(self):
        # As a plain Or would: nested Ors (a word's alternatives in one field, an acronym's own word) are
        # merged into this one with their boosts pushed down to their terms, which is how Whoosh scores.
        flat = wq.Or(list(self.subqueries), boost=self.boost).normalize()
        if type(flat) is wq.Or:
            return type(self)(flat.subqueries, boost=flat.boost)
        return flat

    def terms_by_field(self, other_forms: bool = True) -> dict[str, list[str]]:
        """Field -> the terms this piece looks for there (a word's lemma and forms are alternatives). Its
        other forms (a typo corrected, a synonym…) count as the word everywhere but in the `exact` field,
        which holds the form typed; without `other_forms`, the word's own terms only."""
        found: dict[str, list[str]] = {}
        for sub in self.subqueries:
            if isinstance(sub, OtherForm):
                if not other_forms:
                    continue
                for inner in sub.subqueries:
                    if isinstance(inner, AcrossFields):
                        for name, texts in inner.terms_by_field().items():
                            if name != EXACT:
                                found.setdefault(name, []).extend(texts)
                continue
            terms = [sub] if isinstance(sub, wq.Term) else list(sub.subqueries) if isinstance(sub, wq.Or) else []
            for term in terms:
                if isinstance(term, wq.Term):
                    found.setdefault(term.fieldname, []).append(text_of(term.text))
        return found


class AcronymGroup(AcrossFields):
    """« ACRONYM OR "long form" »: an acronym the archive defines, however the query wrote it. Once
    normalised it holds the acronym's terms beside the long forms' phrases, so it counts as one plain
    word of the query, the acronym."""


class AnyOf(wq.Or):
    """Some of the query's words rather than all (findit.search.relax.widened): a document scores more the
    more of them it holds. Its own type, so that normalising keeps each word whole instead of merging
    every word's terms into one flat Or, which would coordinate terms rather than words."""


class OtherForm(wq.Or):
    """Another form of a piece of the query, searched beside it and scored below it: `how` says which
    ("typo", "synonym", "spelling": joined or apart), `form` is the form searched. Its own type so that
    explanations can say why a document matched, and second-stage ranking does not take it for the
    form typed."""

    def __init__(self, subqueries, boost: float = 1.0, how: str = "", form: str = ""):
        super().__init__(subqueries, boost=boost)
        self.how, self.form = how, form


def other_form(q: wq.Query, weight: float, how: str, form: str) -> OtherForm:
    """`q` as another form of a piece of the query, its score scaled by `weight`."""
    return OtherForm([q.with_boost(q.boost * weight)], how=how, form=form)


class JoinedPair(wq.Or):
    """Two words of the query side by side, or the one word the archive also writes for them (« open
    data » or « opendata », findit.search.compounds): `JoinedPair([And([a, b]), OtherForm(joined)])`. Its
    own type so that second-stage ranking still reads the two words, whose proximity and exact forms count,
    the joined form then an other form of each."""

    def words(self) -> list[wq.Query]:
        both, *others = self.subqueries
        pieces = list(both.subqueries) if isinstance(both, wq.And) else [both]
        return [
            AcrossFields([*p.subqueries, *others], boost=p.boost) if isinstance(p, AcrossFields) else p for p in pieces
        ]


class FieldsGroup(syntax.GroupNode):
    """The parser's node for an unfielded piece: it becomes one AcrossFields. Not merging: an operator
    between two of them makes a new group instead of appending the second piece to the first."""

    qclass = AcrossFields
    merging = False


class ValueMatch(wq.ConstantScoreQuery):
    """A value field match, scored as a constant."""

    boost = 1.0  # Whoosh's Or.normalize reads every subquery's boost; ConstantScoreQuery has none


class LongForm(wq.Phrase):
    """An acronym's long form: a phrase whose function words are not marked on their own in snippets (the
    highlighter marks words, not phrases, so « de » and « la » would be marked everywhere)."""

    @classmethod
    def of(cls, q: wq.Phrase, scale: float) -> LongForm:
        return cls(q.fieldname, q.words, slop=q.slop, boost=q.boost * scale, char_ranges=q.char_ranges)

    def expanded_terms(self, ixreader, phrases=True):
        stops = stop_words()
        return [(f, t) for f, t in super().expanded_terms(ixreader, phrases) if text_of(t) not in stops]


class Unmarked(wq.Term):
    """A function word of a long form read as a sequence of alternatives: not marked on its own."""

    def expanded_terms(self, ixreader, phrases=True):
        return []


def plain_word(clause: wq.Query) -> str | None:
    """The folded word of a clause that is one plain word across fields, else None."""
    return clause.word if isinstance(clause, AcrossFields) else None


def alternatives(fieldname: str, texts: list[str]) -> wq.Query:
    """One word's terms in a field: the term, or its alternatives OR-ed."""
    if len(texts) == 1:
        return wq.Term(fieldname, texts[0])
    return wq.Or([wq.Term(fieldname, t) for t in texts])


def text_of(text: str | bytes) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def span(q: wq.Query) -> tuple[int, int] | None:
    """The characters of the query a clause was read from, when the parser recorded them."""
    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def walk(q: wq.Query) -> Iterator[wq.Query]:
    """The clause and every clause inside it."""
    yield q
    for child in q.children():
        yield from walk(child)


def map_words(q: wq.Query, change: Callable[[wq.Query], wq.Query]) -> wq.Query:
    """`q` with `change` applied to each piece searched across fields (a word, a phrase), down through
    the query's Ands, Ors, optional words and the positive side of an exclusion; not inside a phrase or a
    field's own clause."""
    if isinstance(q, AcrossFields):
        return change(q)
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        copy = type(q)(map_words(q.a, change), q.b if isinstance(q, wq.AndNot) else map_words(q.b, change))
        copy.boost = q.boost
        return copy
    if isinstance(q, wq.CompoundQuery):
        subs = [map_words(s, change) for s in q.subqueries]
        if all(a is b for a, b in zip(subs, q.subqueries, strict=True)):
            return q
        copy = q.copy()
        copy.subqueries = subs
        return copy
    return q


def map_required_and(q: wq.Query, change: Callable[[wq.And], wq.Query]) -> wq.Query:
    """`q` with `change` applied to its And of required pieces, also when that And is the required side of
    optional words or of an exclusion; any other query as it is (runs of words side by side are read there)."""
    if isinstance(q, (wq.AndNot, wq.AndMaybe)):
        copy = type(q)(map_required_and(q.a, change), q.b)
        copy.boost = q.boost
        return copy
    return change(q) if type(q) is wq.And else q
