"""How strict a query of plain words is: function words optional, and, when every word together finds
too little, the words OR-ed (a document holding more of them scores more)."""

from __future__ import annotations

from whoosh import query as wq

from findit.analysis.stopwords import stop_words
from findit.search.clauses import (
    EXACT,
    AcronymGroup,
    AcrossFields,
    AnyOf,
    JoinedPair,
    OtherForm,
    plain_word,
    text_of,
    walk,
)

# When every word together finds fewer results than this, documents with some of the words are offered:
# a query that paraphrases a title still finds it.
MIN_ALL_WORDS = 10
# Coordination: a document matching more of the words scores more (as Whoosh's OrGroup.factory).
ANY_WORDS_SCALE = 0.9
# Weight of an optional function word's score next to the query's other words.
FUNCTION_WORD_WEIGHT = 0.1
# Where an optional function word is scored: a title's wording (« design des services publics »). In bodies
# nearly every document holds « des »: scoring it there was a look-up per matched document in the longest
# posting lists of the index, 2 s for one query at 100,000 documents, to break near-ties. The `exact` term
# is kept only so that function_word() still knows the clause (widened()); it is never searched:
# ranking.split_exact() takes every `exact` clause out of the query it runs.
FUNCTION_WORD_FIELDS = frozenset({"title", "summary", EXACT})
WIDENED = "Peu de documents contiennent tous les mots : voici aussi ceux qui en contiennent une partie."


def function_word(clause: wq.Query) -> bool:
    """A plain function word, or a piece of the query made of function words only: the verb and pronoun
    of a question (« peut-elle », « est-ce ») say nothing of the subject."""
    stops = stop_words()
    if plain_word(clause) in stops:
        return True
    # else a pair of words, maybe read as one where the archive writes it joined (its word is then that form)
    if not isinstance(clause, AcrossFields) or isinstance(clause, AcronymGroup):
        return False
    written: list[str] = []
    for sub in walk(clause):
        if getattr(sub, "fieldname", None) != EXACT:
            continue
        if isinstance(sub, wq.Term):
            written.append(text_of(sub.text))
        elif isinstance(sub, wq.Phrase):
            written.extend(text_of(w) for w in sub.words)
    # A single letter counts too: the « t » of « a-t-il ». So does the pair's joined form, where the archive
    # writes it (« sont-ils », « peut-elle » give « sontils », « peutelle »: an other form of the pair).
    small = [w for w in written if w in stops or len(w) == 1]
    joined = "".join(dict.fromkeys(small))
    return any(w in stops for w in small) and all(w in stops or len(w) == 1 or w == joined for w in written)


def optional_stop_words(q: wq.Query) -> wq.Query:
    """In an AND of plain words, function words become optional (unless every word is one)."""
    if not isinstance(q, wq.And):
        return q
    required: list[wq.Query] = []
    optional: list[wq.Query] = []
    for clause in q.subqueries:
        (optional if function_word(clause) else required).append(clause)
    if not optional or not required:
        return q
    main = required[0] if len(required) == 1 else wq.And(required)
    # A function word says little about relevance ("a" is also every "à"): it only breaks near-ties.
    optional = [_in_short_fields(clause).with_boost(FUNCTION_WORD_WEIGHT) for clause in optional]
    return wq.AndMaybe(main, optional[0] if len(optional) == 1 else wq.Or(optional))


def _in_short_fields(clause: wq.Query) -> wq.Query:
    """A function word searched across fields, looked for only in FUNCTION_WORD_FIELDS."""
    if not isinstance(clause, AcrossFields) or isinstance(clause, AcronymGroup):
        return clause
    kept = [sub for sub in clause.subqueries if getattr(sub, "fieldname", None) in FUNCTION_WORD_FIELDS]
    return type(clause)(kept, boost=clause.boost) if kept else clause


def widened(q: wq.Query | None) -> wq.Query | None:
    """The query with its plain words joined by OR instead of AND (a document matching more of them
    scores more); other clauses (fields, phrases, exclusions) stay required. None when the query has
    fewer than two plain words."""
    negative = None
    if isinstance(q, wq.AndNot):
        q, negative = q.a, q.b
    if isinstance(q, wq.AndMaybe):
        # The optional function words: one clause, or an Or of several.
        optional = q.b.subqueries if isinstance(q.b, wq.Or) and not isinstance(q.b, AcrossFields) else [q.b]
        clauses = list(q.a.subqueries if isinstance(q.a, wq.And) else [q.a]) + list(optional)
    elif isinstance(q, wq.And):
        clauses = list(q.subqueries)
    else:
        return None
    optional = [c for c in clauses if function_word(c)]
    words = [c for c in clauses if plain_word(c) is not None and not function_word(c)]
    others = [c for c in clauses if plain_word(c) is None and not function_word(c) and not _pieces(c)]
    # Words findit paired with another form (« data scientists » or « datascientists ») are still the
    # user's words: each may be missing, as any other word.
    words += [piece for c in clauses for piece in _pieces(c)]
    if len(words) < 2:
        return None
    wide: wq.Query = AnyOf(words, scale=ANY_WORDS_SCALE)
    if others:
        wide = wq.And([*others, wide])
    if optional:
        wide = wq.AndMaybe(wide, optional[0] if len(optional) == 1 else wq.Or(optional))
    return wq.AndNot(wide, negative) if negative is not None else wide


def _pieces(clause: wq.Query) -> list[wq.Query]:
    """The pieces of « these words, or another form of them » (a pair whose joined form the archive
    knows, a multi-word synonym): each word, and each other form; none for any other clause."""
    if type(clause) not in (wq.Or, JoinedPair) or len(clause.subqueries) < 2:
        return []
    first, *rest = clause.subqueries
    if not isinstance(first, wq.And) or not all(plain_word(s) is not None for s in first.subqueries):
        return []
    if not all(isinstance(r, OtherForm) for r in rest):
        return []
    return [*first.subqueries, *rest]
