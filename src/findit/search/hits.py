"""What the index stores about a document, turned back into a Document or into a result line (Hit) with
its snippet."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from whoosh import query as wq

from findit.documents import Document
from findit.jsonfile import loads
from findit.search.generation import Generation
from findit.search.highlight import highlight_terms, snippet
from findit.search.results import Hit

_DOC_FIELDS = {f.name for f in fields(Document)}
# Fields whose matches are marked in snippets.
MARKED_FIELDS = ("title", "summary", "body", "speakers", "organisations")


def stored_doc(stored: dict) -> dict:
    """The Document fields a hit was stored with (the `doc` JSON), completed from the index's own."""
    try:
        doc = loads(stored.get("doc") or "{}")
    except (TypeError, ValueError):
        doc = {}
    for key in ("id", "kind", "source", "outlet", "year"):
        doc.setdefault(key, stored.get(key))
    return doc


def to_document(data: dict) -> Document:
    values = {k: v for k, v in data.items() if k in _DOC_FIELDS}
    for key in ("date", "event_date", "event_end"):
        if isinstance(values.get(key), str):
            try:
                values[key] = dt.date.fromisoformat(values[key][:10])
            except ValueError:
                values[key] = None
    values.setdefault("body", "")
    values.setdefault("title", "")
    return Document(**values)


def hits(gen: Generation, query: wq.Query | None, docnums: list[int], scores: dict[int, float]) -> list[Hit]:
    """The result lines of these documents, each with a snippet marking what the query looks for."""
    if not docnums:
        return []
    terms = highlight_terms(query, gen.reader, MARKED_FIELDS)
    analyzer = gen.schema["body"].analyzer
    out = []
    for d in docnums:
        stored = gen.searcher.stored_fields(d)
        doc = stored_doc(stored)
        key = (d, terms)
        text = gen.snippets.get(key)
        if text is None:
            text = snippet([doc.get("body", ""), doc.get("summary", "")], terms, analyzer)
            gen.snippets[key] = text
        group = gen.tables.group_of.get(d)
        out.append(
            Hit(
                id=doc.get("id", stored.get("id", "")),
                kind=doc.get("kind", ""),
                title=doc.get("title", ""),
                date=doc.get("date") or doc.get("event_date"),
                year=doc.get("year"),
                outlet=doc.get("outlet", ""),
                tags=list(doc.get("tags", [])),
                speakers=list(doc.get("speakers", [])),
                organisations=list(doc.get("organisations", [])),
                url=doc.get("url", ""),
                source=doc.get("source", ""),
                score=round(float(scores[d]), 4),
                snippet=text,
                duplicates=gen.tables.group_size[group] - 1 if group else 0,
                event_date=doc.get("event_date"),
                event_end=doc.get("event_end"),
                date_precision=doc.get("date_precision") or "day",
                event_precision=doc.get("event_precision") or "day",
            )
        )
    return out
