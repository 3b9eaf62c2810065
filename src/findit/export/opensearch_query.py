"""The query side of an OpenSearch index made by `findit export --format opensearch`: a query's words turned
into findit's terms with the lemma table saved with the generation (never spaCy), and a request body that
searches them with `multi_match` over the `_lemmas` fields and the text fields (docs/SCALING.md)."""

from __future__ import annotations

from typing import Any

from findit.analysis import LemmaTable, text_analyzer
from findit.analysis.stopwords import stop_words
from findit.export.opensearch import ALTERNATIVE, LEMMA_SUFFIX, TEXT_FIELDS, term
from findit.search.results import FACETS

# findit's field weights (findit.index.schema): titles 4, summaries 1.5, bodies 1; the text as written
# (`french` analyzer, stemmed) plays the part of findit's stems field, at its weight 0.3.
BOOSTS = {"title": 4.0, "summary": 1.5, "body": 1.0}
STEM_BOOST = 0.3


def query_terms(text: str, table: LemmaTable) -> str:
    """The query as findit's terms, one word per space, a word's alternatives joined by `|` (the index's
    `findit_lemmas` analyzer puts them at one position: any of them matches the word). Function words are
    left out unless the query has nothing else, as findit does not require them."""
    words: list[list[str]] = []
    last = None
    for token in text_analyzer(table)(text, positions=True, mode="query"):
        if token.pos != last:
            words.append([])
            last = token.pos
        t = term(token.text)
        if t and t not in words[-1]:
            words[-1].append(t)
    stops = stop_words()
    content = [w for w in words if w and w[0] not in stops]
    return " ".join(ALTERNATIVE.join(w) for w in (content or words) if w)


def request_body(text: str, table: LemmaTable, size: int = 10, include_all: bool = False) -> dict[str, Any]:
    """A search as findit's page makes it: every word required in some field, duplicate groups collapsed,
    drafts and junk left out (unless `include_all`), facet counts, highlighted text."""
    fields = [f"{name}{LEMMA_SUFFIX}^{boost:g}" for name, boost in BOOSTS.items()]
    fields += [f"{name}^{boost * STEM_BOOST:g}" for name, boost in BOOSTS.items()]
    query: dict[str, Any] = {
        "multi_match": {"query": query_terms(text, table), "type": "cross_fields", "operator": "and", "fields": fields}
    }
    if not include_all:
        query = {"bool": {"must": [query], "must_not": [{"term": {"draft": True}}, {"term": {"junk": True}}]}}
    return {
        "size": size,
        "query": query,
        "collapse": {"field": "group"},
        # Facet values count duplicate groups, as findit's do: the number of groups under each value.
        "aggs": {
            name: {"terms": {"field": name, "size": 20}, "aggs": {"groups": {"cardinality": {"field": "group"}}}}
            for name in FACETS
        },
        "highlight": {"fields": {name: {} for name in TEXT_FIELDS}},
    }
