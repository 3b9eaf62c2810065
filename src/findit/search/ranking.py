"""Second-stage ranking of the best candidates: words standing together, and the exact forms typed.

Whoosh can score proximity with span queries, and the exact form with one more field in every clause, but
both walk the postings of every matching document (span queries: seconds at 10,000 documents for three
common words; the `exact` field doubles the cost of every word). The rewards only matter near the top,
so they are computed for the top candidates alone, from their postings."""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from whoosh import query as wq

from findit.analysis.analysed import TEXT_FIELDS
from findit.search.clauses import EXACT, AnyOf, JoinedPair, OtherForm, plain_word, walk
from findit.search.postings import postings_at
from findit.search.titles import TITLE_IN_QUERY_BONUS, TITLE_ONLY, title_only, title_words, titles_in_query

if TYPE_CHECKING:
    from findit.index.facetstore import FacetTables

# Multipliers of a document's score: its words as a phrase, or within NEAR_SLOP extra words. The stems
# field (title, summary and body as written, each word cut to its family's stem) counts as the body:
# « lutter contre les fraudes » holds « lutte contre la fraude » together, as it matches it.
PHRASE_BONUS = {"title": 0.6, "summary": 0.4, "body": 0.4, "stems": 0.4}
NEAR_BONUS = {"title": 0.3, "summary": 0.2, "body": 0.2, "stems": 0.2}
NEAR_SLOP = 5
# ...more when the title is the query's words and nothing else: the page of the person, project or event
# named (« lou vettier »: her page before the press items that name her in theirs).
WHOLE_TITLE_BONUS = 0.5
# ...and the share of the query's words found in the exact form typed ("slightly above").
EXACT_BONUS = 0.1
# How much a widened query's documents lose per word they lack: their score times the (rarity-weighted)
# share of the words they hold, to this power.
COORDINATION_POWER = 2


def split_exact(q: wq.Query | None) -> tuple[wq.Query | None, list[dict[str, list[str]]]]:
    """The query to run (without its `exact` clauses) and, for a query of plain words (an AND of per-word
    alternatives across fields, or a single word), each word's terms by field; [] for other shapes."""
    if q is None or q is wq.NullQuery:
        return q, []
    words = [clause.terms_by_field() for clause in _word_clauses(q)]
    if not words:
        return q, []

    def drop_exact(sub):
        return wq.NullQuery if getattr(sub, "fieldname", None) == EXACT else sub

    return q.accept(drop_exact).normalize(), words


def _word_clauses(q: wq.Query) -> list[wq.Query]:
    """The query's plain words, each its clause across fields: what split_exact() gives terms of and
    written_apart() flags, in the same order."""
    # Function words made optional (findit.search.relax) do not count as the query's words here.
    required = q.a if isinstance(q, wq.AndMaybe) else q
    # All of the words (And), some of them (AnyOf, a widened query), or one.
    clauses = required.subqueries if isinstance(required, (wq.And, AnyOf)) else [required]
    # Two words also searched joined count as the two words (« open data », « opendata »).
    clauses = [word for clause in clauses for word in (clause.words() if isinstance(clause, JoinedPair) else [clause])]
    # Plain words only (fields, phrases, exclusions are not).
    return [clause for clause in clauses if plain_word(clause) is not None]


def rerank(
    reader,
    words: list[dict[str, list[str]]],
    scores: dict[int, float],
    top: int,
    coordinate: bool = False,
    kept: dict | None = None,
    function_words: list[str] | None = None,
    items: int = 0,
) -> dict[int, float]:
    """New scores for the `top` best documents of `scores` (the others are unchanged). With
    `coordinate` (documents need not hold every word), scores are also scaled by the square of the share
    of the words a document holds, so that more words found ranks first (Whoosh's own coordination
    counts terms across fields, too weakly for this). `kept` keeps what was read of the index for the same
    words and documents (a page or a facet asked again): it reads positions, a posting block per document."""
    best = heapq.nlargest(top, scores, key=scores.__getitem__)
    if not best or not words:
        return scores
    candidates = sorted(best)
    key = (repr(words), tuple(candidates), coordinate, tuple(function_words or ()))  # `items`: one per generation
    found = kept.get(key) if kept is not None else None
    if found is None:
        found = _adjustments(reader, words, candidates, coordinate, function_words or [], items)
        if kept is not None:
            kept[key] = found
    share, reward, lowest = found
    out = dict(scores)
    if lowest is not None:
        chosen = set(candidates)
        for d in out:
            if d not in chosen:
                out[d] *= lowest
    for d in candidates:
        out[d] = scores[d] * share[d] * reward[d]
    return out


def _adjustments(
    reader,
    words: list[dict[str, list[str]]],
    candidates: list[int],
    coordinate: bool,
    function_words: list[str],
    items: int,
) -> tuple[dict[int, float], dict[int, float], float | None]:
    """For each candidate, its share of the words (coordinate) and its reward for their exact forms and
    their proximity, less for a page that is only a title (`items`: the documents, as bits, of the kinds
    exempt); the share applied to every other document (None: unchanged)."""
    bonus = dict.fromkeys(candidates, 0.0)
    for d in titles_in_query(reader, words, candidates, function_words):
        bonus[d] = TITLE_IN_QUERY_BONUS
    # Exact forms: each word's typed form present in the document.
    exact_hits = dict.fromkeys(candidates, 0)
    for word in words:
        for d in _docs_with(reader, EXACT, word.get(EXACT, []), candidates):
            exact_hits[d] += 1
    # Each field every word searches: the lemmas' fields always (else no proximity at all), the stems field
    # but for a word whose stem is a function word's, left out of it (« SIES » → « si »).
    proximity = {name: [word[name] for word in words] for name in PHRASE_BONUS if all(word.get(name) for word in words)}
    if len(words) < 2 or not set(TEXT_FIELDS) <= proximity.keys():
        proximity = {}
    for fieldname, terms in proximity.items():
        positions = _positions(reader, fieldname, terms, candidates)
        for d in candidates:
            found = positions.get(d)
            if found is None:
                continue
            if _phrase(found):
                whole = fieldname == "title" and title_words(reader, d) == len(found)
                bonus[d] = max(bonus[d], PHRASE_BONUS[fieldname] + (WHOLE_TITLE_BONUS if whole else 0.0))
            elif _near(found):
                bonus[d] = max(bonus[d], NEAR_BONUS[fieldname])
    share = dict.fromkeys(candidates, 1.0)
    lowest = None
    if coordinate:
        # Each word counts by its rarity (inverse document frequency): a document missing the one
        # discriminating word of « place des femmes dans le numérique public » loses more than one missing
        # « place », however often it repeats the common words. A word no document holds (a typo) weighs
        # nothing: it would only shrink every share alike.
        weights = [_idf(reader, word) for word in words]
        held = dict.fromkeys(candidates, 0.0)
        for word, weight in zip(words, weights, strict=True):
            holding: set[int] = set()
            for fieldname, texts in word.items():
                holding |= _docs_with(reader, fieldname, texts, candidates)
            for d in holding:
                held[d] += weight
        total = sum(weights)
        if total > 0:
            share = {d: (held[d] / total) ** COORDINATION_POWER for d in candidates}
            # The documents below the candidates score no more than the least of them before, so scaled by
            # the smallest share they cannot pass a candidate they were below.
            lowest = min(share.values())
    reward = {d: 1.0 + bonus[d] + EXACT_BONUS * exact_hits[d] / len(words) for d in candidates}
    for d in candidates:
        if not (items >> d) & 1 and title_only(reader, d):
            reward[d] *= TITLE_ONLY
    return share, reward, lowest


def _idf(reader, word: dict[str, list[str]]) -> float:
    """How rare a word of the query is: BM25's inverse document frequency of its most frequent term."""
    n = reader.doc_count_all()
    df = max((reader.doc_frequency(f, t) for f, texts in word.items() for t in texts), default=0)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5)) if df else 0.0


def _docs_with(reader, fieldname: str, texts: list[str], docs: list[int]) -> set[int]:
    """Which of the (sorted) documents hold any of the terms."""
    found: set[int] = set()
    for text in texts:
        found.update(d for d, _ in postings_at(reader, fieldname, text, docs))
    return found


def _positions(reader, fieldname: str, words: list[list[str]], docs: list[int]) -> dict[int, list[set[int]]]:
    """Document -> for each word, the positions of its terms in the field (documents with every word)."""
    per_word: list[dict[int, set[int]]] = []
    for alternatives in words:
        found: dict[int, set[int]] = {}
        for text in alternatives:
            for d, m in postings_at(reader, fieldname, text, docs):
                if not m.supports("positions"):
                    return {}
                found.setdefault(d, set()).update(m.value_as("positions"))
        if not found:
            return {}
        per_word.append(found)
    common = set(per_word[0]).intersection(*per_word[1:])
    return {d: [w[d] for w in per_word] for d in common}


def _phrase(positions: list[set[int]]) -> bool:
    first, rest = positions[0], positions[1:]
    return any(all(p + i in later for i, later in enumerate(rest, start=1)) for p in first)


def _near(positions: list[set[int]]) -> bool:
    """Whether one position of each word stands within NEAR_SLOP extra words of the others (any order)."""
    return _window(positions) <= len(positions) - 1 + NEAR_SLOP


def _window(positions: list[set[int]]) -> int:
    """Smallest span of positions holding one of each word (any order)."""
    heap = [(min(ps), i, sorted(ps), 0) for i, ps in enumerate(positions)]
    heapq.heapify(heap)
    high = max(h[0] for h in heap)
    best = high - heap[0][0]
    while True:
        low, i, ps, k = heapq.heappop(heap)
        best = min(best, high - low)
        if k + 1 == len(ps):
            return best
        nxt = ps[k + 1]
        high = max(high, nxt)
        heapq.heappush(heap, (nxt, i, ps, k + 1))


def written_apart(q: wq.Query | None) -> list[bool]:
    """For each word split_exact() gives, whether it is also searched as words apart (« opendata » as
    « open data »): its positions then say nothing of where a document holds it."""
    if q is None or q is wq.NullQuery:
        return []
    return [
        any(isinstance(sub, OtherForm) and any(isinstance(p, wq.Phrase) for p in walk(sub)) for sub in walk(c))
        for c in _word_clauses(q)
    ]


def together(reader, words: list[dict[str, list[str]]], docs: list[int], apart: list[bool]) -> set[int]:
    """Which of the (sorted) documents, each holding every word of the query, hold them close together (a
    phrase, or within NEAR_SLOP extra words) in a field: holding the words scattered over a long page is
    not holding the subject they make together. Words also searched apart (`apart`, one flag per word) are
    left out of the judgement; with fewer than two words left, or flags that are not the words' (the words
    of a widened query whose strict form had no plain word), every document is kept."""
    if len(apart) != len(words):
        return set(docs)
    judged = [word for word, skip in zip(words, apart, strict=True) if not skip]
    if len(judged) < 2:
        return set(docs)
    found: set[int] = set()
    for fieldname in PHRASE_BONUS:
        terms = [word.get(fieldname, []) for word in judged]
        if not all(terms):
            continue
        found.update(d for d, positions in _positions(reader, fieldname, terms, docs).items() if _near(positions))
    return found


def with_every_word(docs: set[int], tables: FacetTables) -> set:
    """The documents, and the duplicate groups of those in one: a group's shown version may be another
    member than the one that held every word."""
    return docs | {tables.group_of[d] for d in docs if d in tables.group_of}


def by_order(
    scores: dict[int, float],
    tables: FacetTables,
    sort: str,
    n: int,
    browse: bool,
    first: set | None = None,
    then: list[set] | None = None,
) -> list[int]:
    """The first n documents: by relevance (then newest), or newest first (undated last); those in `first`
    (documents or duplicate groups) before the others, by relevance or when browsing, and by relevance
    those in each set of `then` next, in its order."""
    dates = tables.dates
    group_of = tables.group_of
    if browse and sort != "oldest":
        # Every score is 0: newest first, read off the order computed once per generation.
        out: list[int] = []
        lead = first or set()
        for leading in (True, False) if lead else (None,):
            for d in tables.by_date:
                if d in scores and (leading is None or (d in lead or group_of.get(d) in lead) == leading):
                    out.append(d)
                    if len(out) == n:
                        return out
        return out
    if sort == "oldest":
        # Undated last: they have no place on a time line.
        return heapq.nsmallest(n, scores, key=lambda d: (d not in dates, dates.get(d, 0), -scores[d], d))
    if sort == "date":
        return heapq.nlargest(n, scores, key=lambda d: (dates.get(d, 0), scores[d], -d))
    if first or then:
        tiers = [first or set(), *(then or [])]
        return heapq.nlargest(
            n,
            scores,
            key=lambda d: (*(d in t or group_of.get(d) in t for t in tiers), scores[d], dates.get(d, 0), -d),
        )
    return heapq.nlargest(n, scores, key=lambda d: (scores[d], dates.get(d, 0), -d))
