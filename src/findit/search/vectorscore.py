"""Every document a query matches, with its score, computed a posting list at a time with numpy.

Why: a query of common words at 100,000 documents matches tens of thousands of documents, each word in nine
fields; Whoosh's pure-Python matchers cost ~30 µs per matched document and field (1–2 s for such a query),
while reading the posting lists a block at a time and scoring each block's documents at once costs little
more than decoding the blocks (a quarter of the time, or less).

Same documents and same scores as Whoosh's matchers read document by document (up to the order of float
additions): BM25F as its scorer computes it (`whoosh.scoring.bm25`, global idf and average length, the
field's length byte), a boost multiplies, Or and And add their parts' scores, AndMaybe adds the optional
part where it matches, AndNot keeps the first part's, a constant-score clause its constant, and a
coordinated Or (the widened query's) applies Whoosh's CoordMatcher formula to the count of its terms that
match, counting none in an Or Whoosh preloads (a small segment's). Whoosh's collector also swaps an
exhausted part out of a coordinated Or, which lowers its term count for the documents after it; here every
document is scored with the Or's whole count. A clause this module does not compute (a phrase, a prefix, a
negation) is run through Whoosh's own matcher, for that clause alone, and only where an And above it can
still match. When the time budget runs out in such a clause, the answer holds fewer documents, never more:
an exclusion cut short keeps out every document it did not reach.

It reads Whoosh's posting blocks and length columns directly (findit.search.segmentarrays: private
attributes of the pinned Whoosh 2.7.5 codec): tests check it against Whoosh's matchers on real indexes.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25FScorer

from findit.search.segmentarrays import Unsupported, field_lengths, postings


@dataclass
class Vector:
    """One clause over one segment: the score of every document, which documents it matches, and for a
    coordinated Or above it, how many of its terms each document matches and how many it searches (as
    Whoosh's term_matchers() and matching_terms() count them: a term absent from the segment is none)."""

    scores: np.ndarray  # float64, one per document of the segment
    matched: np.ndarray  # bool
    terms: np.ndarray  # int64: terms matched per document
    termcount: int = 0
    # Documents from this number on were not reached before the time budget ran out (None: all were): an
    # exclusion cut short must not let them through.
    reached: int | None = None


@dataclass
class _Segment:
    searcher: Any  # the segment's Whoosh searcher
    context: Any  # the SearchContext Whoosh's own search would give matchers
    deadline: float
    complete: bool = True
    counting: int = 0  # inside how many coordinated Ors: only they need the terms matched per document
    lengths: dict = field(default_factory=dict)  # field -> lengths of the segment's documents

    @property
    def size(self) -> int:
        return self.searcher.reader().doc_count_all()

    def empty(self) -> Vector:
        return Vector(np.zeros(self.size), np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.int64))

    def evaluate(self, q: wq.Query, among: np.ndarray | None = None) -> Vector:
        """The clause's vector; given `among` (sorted document numbers), true for those documents only:
        an And reads its other parts only where its rarest part matched, skipping whole posting blocks."""
        try:
            return self._compute(q, among)
        except Unsupported:
            return self._by_whoosh(q, among)

    def _compute(self, q: wq.Query, among: np.ndarray | None) -> Vector:
        if q is wq.NullQuery:
            return self.empty()
        if isinstance(q, wq.Term) and type(q).matcher is wq.Term.matcher:
            return self._term(q, among)
        if isinstance(q, (wq.AndMaybe, wq.AndNot)):
            a = self.evaluate(q.a, among)
            b = self.evaluate(q.b, np.flatnonzero(a.matched))
            termcount = a.termcount + b.termcount
            reached = _earliest(a.reached, b.reached)
            if isinstance(q, wq.AndNot):
                matched = a.matched & ~b.matched
                if b.reached is not None:
                    matched[b.reached :] = False  # not known to be outside the exclusion
                # What a part holds where the clause does not match must not reach an Or above it.
                return Vector(_only(a.scores, matched), matched, _only(a.terms, matched), termcount, reached)
            both = a.matched & b.matched
            scores = np.where(both, a.scores + b.scores, a.scores)
            return Vector(scores, a.matched, np.where(both, a.terms + b.terms, a.terms), termcount, reached)
        if type(q) is wq.And or (isinstance(q, wq.Or) and not q.minmatch):
            return self._compound(q, among)
        if isinstance(q, wq.ConstantScoreQuery) and type(q).matcher is wq.ConstantScoreQuery.matcher:
            # Whoosh's ListMatcher of the child's documents: a constant weight (1.0 when it is 0), one term
            # when the child is one.
            child = self.evaluate(q.child, among)
            scores = np.where(child.matched, q.score or 1.0, 0.0)
            # Whoosh's ListMatcher takes the child matcher's term: a plain term's, but none through the
            # wrapper of a boost or of a segment's deletions.
            single = (
                isinstance(q.child, wq.Term)
                and q.child.boost == 1.0
                and child.termcount
                and not self.searcher.reader().has_deletions()
            )
            terms = child.terms if single else self.empty().terms
            return Vector(scores, child.matched, terms, 1 if single else 0, child.reached)
        raise Unsupported

    def _compound(self, q: wq.And | wq.Or, among: np.ndarray | None) -> Vector:
        subs = q.subqueries
        if not subs:
            return self.empty()
        if len(subs) == 1:
            return self.evaluate(subs[0], among)  # as Whoosh: a lone part, its boost not applied
        every = isinstance(q, wq.And)
        scale = getattr(q, "scale", None)
        self.counting += bool(scale)
        try:
            if every:
                parts = []
                reader = self.searcher.reader()
                for sub in sorted(subs, key=lambda sub: sub.estimate_size(reader)):
                    parts.append(self.evaluate(sub, among))
                    among = np.flatnonzero(parts[-1].matched) if among is None else among[parts[-1].matched[among]]
            else:
                parts = [self.evaluate(sub, among) for sub in subs]
        finally:
            self.counting -= bool(scale)
        scores, matched, terms = parts[0].scores.copy(), parts[0].matched.copy(), parts[0].terms.copy()
        for part in parts[1:]:
            scores += part.scores
            terms += part.terms
            if every:
                matched &= part.matched
            else:
                matched |= part.matched
        if every:
            scores[~matched] = 0.0
            terms[~matched] = 0
        if q.boost != 1.0:
            scores *= q.boost
        termcount = sum(p.termcount for p in parts)
        if not every and _preloaded(q, self.size):
            terms = np.zeros(self.size, dtype=np.int64)  # its parts are read to the end: none "matching"
        if scale and termcount:
            # whoosh.matching.CoordMatcher._sqr, operation for operation.
            if termcount == scale:
                scores = np.zeros(self.size)
            else:
                scores = (scores + ((terms - 1) / (termcount - scale) ** 2)) * ((termcount - 1) / termcount)
                scores = _only(scores, matched)
        reached = None
        for part in parts:
            reached = _earliest(reached, part.reached)
        return Vector(scores, matched, terms, termcount, reached)

    def _term(self, q: wq.Term, among: np.ndarray | None) -> Vector:
        if q.minquality:
            raise Unsupported
        searcher, reader = self.searcher, self.searcher.reader()
        schema = searcher.schema
        if q.fieldname not in schema:
            return self.empty()
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return self.empty()
        if (q.fieldname, text) not in reader:
            return self.empty()
        scorer = self.context.weighting.scorer(searcher, q.fieldname, text)
        # Whoosh's BM25F formula, whatever sets its averages (findit.search.weighting): computed below
        if not isinstance(scorer, BM25FScorer) or type(scorer)._score is not BM25FScorer._score:
            raise Unsupported
        ids, weights = postings(reader, q.fieldname, text, among)
        lengths = self._lengths(q.fieldname)[ids]
        k1, b = scorer.K1, scorer.B
        # whoosh.scoring.bm25, operation for operation.
        scores = scorer.idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / scorer.avgfl)))
        if q.boost != 1.0:
            scores = scores * q.boost
        vector = self.empty()
        vector.scores[ids] = scores
        vector.matched[ids] = True
        vector.terms[ids] = 1
        vector.termcount = 1
        return vector

    def _lengths(self, fieldname: str) -> np.ndarray:
        found = self.lengths.get(fieldname)
        if found is None:
            found = self.lengths[fieldname] = field_lengths(self.searcher.reader(), fieldname, self.size)
        return found

    def _by_whoosh(self, q: wq.Query, among: np.ndarray | None) -> Vector:
        """The clause through Whoosh's matcher, document by document, as its own search would score it
        (given `among`, skipping to those documents)."""
        vector = self.empty()
        matcher = q.matcher(self.searcher, self.context)
        vector.termcount = len(list(matcher.term_matchers()))
        ids: list[int] = []
        scores: list[float] = []
        terms: list[int] = []
        wanted = among.tolist() if among is not None else None
        next_wanted = 0
        while matcher.is_active():
            docnum = matcher.id()
            if time.monotonic() > self.deadline:
                self.complete = False  # what was matched so far stands
                vector.reached = docnum
                break
            if wanted is not None:
                next_wanted = bisect_left(wanted, docnum, next_wanted)
                if next_wanted == len(wanted):
                    break
                if wanted[next_wanted] != docnum:
                    matcher.skip_to(wanted[next_wanted])
                    continue
            ids.append(docnum)
            scores.append(matcher.score())
            if self.counting:
                terms.append(sum(1 for _ in matcher.matching_terms(docnum)))
            matcher.next()
        if ids:
            at = np.array(ids, dtype=np.int64)
            vector.scores[at] = scores
            vector.matched[at] = True
            if terms:
                vector.terms[at] = terms
        return vector


def _only(values: np.ndarray, matched: np.ndarray) -> np.ndarray:
    """The values where `matched`, zero elsewhere."""
    return np.where(matched, values, 0)


def _earliest(a: int | None, b: int | None) -> int | None:
    """The lower of two `Vector.reached`, None standing for the end."""
    return b if a is None else a if b is None else min(a, b)


def _preloaded(q: wq.Or, documents: int) -> bool:
    """Whether Whoosh matches this Or with its ArrayUnionMatcher (wq.Or._matcher's choice in a segment of
    `documents`, the context not needing the current match): its parts are read to the end at once, so a
    coordinated Or above it counts their terms but finds none of them matching."""
    return (
        q.matcher_type == wq.Or.AUTO_MATCHER
        and len(q.subqueries) < wq.Or.TOO_MANY_CLAUSES
        and not q.scale
        and len(q.subqueries) != 2
        and documents <= 5000
    ) or q.matcher_type == wq.Or.ARRAY_MATCHER


def all_scores(searcher, q: wq.Query, seconds: float) -> tuple[dict[int, float], bool]:
    """Document number -> score for every document `q` matches (deleted ones aside), and whether it
    finished within about `seconds` (only clauses run through Whoosh's matcher can take that long)."""
    deadline = time.monotonic() + seconds
    context = searcher.context()
    found: dict[int, float] = {}
    complete = True
    for sub, offset in searcher.leaf_searchers():
        segment = _Segment(sub, context, deadline)
        vector = segment.evaluate(q)
        complete = complete and segment.complete
        matched = vector.matched
        deleted = sub.reader().deleted_docs_set if sub.reader().has_deletions() else None
        if deleted:
            matched = matched.copy()
            matched[np.fromiter(deleted, dtype=np.int64)] = False
        docs = np.flatnonzero(matched)
        found.update(zip((docs + offset).tolist(), vector.scores[docs].tolist(), strict=True))
    return found, complete
