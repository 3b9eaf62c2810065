"""Documents like one document: first the coverage of an event (or the event a coverage item speaks of),
then more-like-this; one per duplicate group, drafts and junk left out."""

from __future__ import annotations

from whoosh import query as wq

from findit.documents import Kind
from findit.search.clauses import alternatives
from findit.search.generation import Generation
from findit.search.hits import hits, stored_doc
from findit.search.results import Hit

# Linked documents (event <-> coverage) rank above every more-like-this one.
LINKED = 1000.0


def related(gen: Generation, doc_id: str, limit: int = 5) -> list[Hit]:
    docnum = _docnum(gen, doc_id)
    if docnum is None or limit <= 0:
        return []
    doc = stored_doc(gen.searcher.stored_fields(docnum))
    tables = gen.tables
    own_group = tables.group_of.get(docnum)
    exclude = set(tables.hidden) | {docnum}
    if own_group:
        exclude |= {d for d, g in tables.group_of.items() if g == own_group}

    scores: dict[int, float] = {}
    links = _link_query(gen, doc)
    if links is not None:
        for score, d in gen.searcher.search(links, limit=limit * 3, mask=exclude).top_n:
            scores[d] = LINKED + score
    text = " ".join(filter(None, (doc.get("title"), doc.get("summary"), doc.get("body"))))
    if text.strip():
        try:
            like = gen.searcher.more_like(docnum, "body", text=text, top=limit * 3, numterms=12)
            for score, d in like.top_n:
                if d not in exclude:
                    scores.setdefault(d, score)
        except Exception:  # noqa: BLE001 - no key terms (e.g. a text of stop words): links only
            pass
    ranked = tables.collapsed(scores, scores)
    ordered = sorted(ranked, key=lambda d: (-ranked[d], d))[:limit]
    return hits(gen, None, ordered, {d: ranked[d] % LINKED for d in ordered})


def _link_query(gen: Generation, doc: dict) -> wq.Query | None:
    """Event -> its press coverage, coverage item -> its event: the other kind, sharing the title's words
    close together or a speaker."""
    other = {Kind.EVENT: Kind.COVERAGE, Kind.COVERAGE: Kind.EVENT}.get(str(doc.get("kind")))
    if other is None:
        return None
    clues: list[wq.Query] = []
    title_words = [w for w in gen.parser.read_plain(doc.get("title", "")).words if len(w) > 3]
    if len(title_words) >= 2:
        # The terms of each word (a word may have alternatives, see LemmaTable.lookup), in order.
        per_word: dict[int, list[str]] = {}
        for tok in gen.schema["body"].analyzer(" ".join(title_words), mode="query", positions=True):
            per_word.setdefault(tok.pos, []).append(tok.text)
        if len(per_word) >= 2:
            for name in ("title", "summary", "body"):
                clues.append(wq.Sequence([alternatives(name, terms) for terms in per_word.values()], slop=3))
    for person in doc.get("speakers", []):
        words = list(gen.schema["speakers"].process_text(person, mode="query"))
        if len(words) >= 2:  # a full name, not a lone first name
            clues.append(wq.Phrase("speakers", words))
    if not clues:
        return None
    q: wq.Query = wq.And([wq.Term("kind", other), wq.Or(clues)])
    year = doc.get("year")
    if isinstance(year, int):
        q = wq.And([q, wq.NumericRange("year", year - 1, year + 1)])
    return q


def _docnum(gen: Generation, doc_id: str) -> int | None:
    try:
        return gen.searcher.document_number(id=doc_id)
    except Exception:  # noqa: BLE001 - an id that is not in the index
        return None
