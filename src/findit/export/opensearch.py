"""An index for OpenSearch: its mapping, and the bulk NDJSON of findit's analysed documents.

Each text field goes twice: as written, with OpenSearch's built-in `french` analyzer (highlighting, and a
stemmed match at a low weight, as findit's own `stems` field), and as `<field>_lemmas`: findit's terms,
space-separated, each word's lemma and folded form joined by `|` (« algorithme|algorithmes »). The
`findit_lemmas` analyzer cuts on spaces, then `pattern_capture` emits the two at one position, as findit's
Whoosh index holds them; the query side sends terms made with the same lemma table (opensearch_query).
Facets are keyword fields with their display values; `doc` keeps the rest of what findit shows.
See docs/SCALING.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from findit.documents import Document

LEMMAS_ANALYZER = "findit_lemmas"
NAMES_ANALYZER = "findit_names"
FOLDED_NORMALIZER = "findit_folded"
ALTERNATIVES_FILTER = "findit_alternatives"
# Between a word's lemma and its form in a `_lemmas` field. Never part of a word (findit's words are \w runs).
ALTERNATIVE = "|"
TEXT_FIELDS = ("title", "summary", "body")
LEMMA_SUFFIX = "_lemmas"
# Facets with display values (keyword), each with a folded copy for filters and a `words` copy for search.
NAME_FACETS = ("tag", "speaker", "organisation", "outlet")
# Document fields kept top-level in a document line (searched, filtered or shown as they are); the others
# go under `doc`, stored and not indexed.
_TOP = tuple("id kind lang title summary body source url outlet year draft junk content_hash".split())
_RENAMED = {"tags": "tag", "speakers": "speaker", "organisations": "organisation"}


class AnalysedToken(Protocol):
    text: str  # findit's lemma (folded)
    surface: str  # the folded form as written
    start: int
    end: int


def term(text: str) -> str:
    """A findit term as one whitespace-free token: spaCy gives a few multi-word lemmas (« du » → « de le »),
    which Whoosh holds as one term. The query side writes them the same way."""
    return "_".join(text.replace(ALTERNATIVE, "").split())


def lemma_field(tokens: Iterable[AnalysedToken]) -> str:
    """The `_lemmas` value of one text field: per word, its lemma(s), then its form when different, joined
    by `|`. Tokens of the same characters are one word (several lemmas when read from the lemma table)."""
    out: list[str] = []
    last: tuple[int, int] | None = None
    for tok in tokens:
        span = (tok.start, tok.end)
        if span != last:
            out.append("")
            last = span
        terms = out[-1].split(ALTERNATIVE) if out[-1] else []
        for text in (tok.text, tok.surface):
            t = term(text)
            if t and t not in terms:
                terms.append(t)
        out[-1] = ALTERNATIVE.join(terms)
    return " ".join(w for w in out if w)


def mapping() -> dict[str, Any]:
    """The body of `PUT /<index>`: analysis settings and field mappings (dynamic: strict, so a document
    line with a field not listed here is refused rather than guessed)."""
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "lang": {"type": "keyword"},
        "source": {"type": "keyword"},
        "url": {"type": "keyword", "index": False},
        "year": {"type": "short"},
        "date": {"type": "date", "format": "strict_date"},
        "group": {"type": "keyword"},
        "draft": {"type": "boolean"},
        "junk": {"type": "boolean"},
        "content_hash": {"type": "keyword", "index": False},
        "doc": {"type": "object", "enabled": False},
    }
    for name in TEXT_FIELDS:
        properties[name] = {"type": "text", "analyzer": "french"}
        properties[name + LEMMA_SUFFIX] = {"type": "text", "analyzer": LEMMAS_ANALYZER}
    # Offsets in the postings: the highlighter then need not analyse long bodies again.
    properties["body"]["index_options"] = "offsets"
    for name in NAME_FACETS:
        properties[name] = {
            "type": "keyword",
            "fields": {
                "folded": {"type": "keyword", "normalizer": FOLDED_NORMALIZER},
                "words": {"type": "text", "analyzer": NAMES_ANALYZER},
            },
        }
    return {
        "settings": {
            "analysis": {
                "filter": {
                    ALTERNATIVES_FILTER: {
                        "type": "pattern_capture",
                        "preserve_original": False,
                        "patterns": [f"([^{ALTERNATIVE}]+)"],
                    }
                },
                "analyzer": {
                    LEMMAS_ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": [ALTERNATIVES_FILTER]},
                    NAMES_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    },
                },
                "normalizer": {FOLDED_NORMALIZER: {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
            }
        },
        "mappings": {
            "dynamic": "strict",
            # The lemma fields are indexed, not kept: findit shows the text as written.
            "_source": {"excludes": [name + LEMMA_SUFFIX for name in TEXT_FIELDS]},
            "properties": properties,
        },
    }


def document_source(doc: dict, fields: dict[str, Sequence[AnalysedToken]]) -> dict[str, Any]:
    """One document line: `doc` is the Document as findit stores it (Document.to_dict(), with the
    speakers and organisations analysis found), `fields` its analysed text fields."""
    source: dict[str, Any] = {key: doc.get(key) for key in _TOP if doc.get(key) not in (None, "")}
    for name in TEXT_FIELDS:
        source.setdefault(name, "")
        source[name + LEMMA_SUFFIX] = lemma_field(fields.get(name, ()))
    for key, facet in _RENAMED.items():
        source[facet] = [v for v in doc.get(key) or [] if v]
    # The date findit sorts and facets on: publication, else the event's first day.
    when = doc.get("date") or doc.get("event_date")
    if when:
        source["date"] = str(when)[:10]
    source["group"] = doc.get("duplicate_group") or doc.get("id")
    source["doc"] = {key: value for key, value in doc.items() if key not in _TOP and key not in _RENAMED}
    return source


def document_from_source(source: dict) -> Document:
    """The Document a hit's `_source` stands for (as findit.search.hits rebuilds one from its index)."""
    from findit.search.hits import to_document

    data = {key: source[key] for key in _TOP if key in source}
    data.update({key: list(source.get(facet) or []) for key, facet in _RENAMED.items()})
    data.update(source.get("doc") or {})
    return to_document(data)


def bulk_lines(documents: Iterable[tuple[dict, dict]], index: str) -> Iterator[str]:
    """The bulk NDJSON, two lines per (stored doc, analysed fields): `{"index": {"_index", "_id"}}` and the
    document, each ending with a newline. JSON never writes a raw newline inside a line, so any even
    number of lines is a whole number of documents (for splitting a large file)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for doc, fields in documents:
        yield dumps({"index": {"_index": index, "_id": doc["id"]}}) + "\n"
        yield dumps(document_source(doc, fields)) + "\n"
