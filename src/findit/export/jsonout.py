"""A search's results as one JSON object: the hits of `findit query --json` (same keys, plus `page`: the
document's page on the site, or ""), all of them in the page's order up to the cap, with the search
that made them (docs/CLI.md)."""

from __future__ import annotations

import json

from findit.export.collect import Collected, Links
from findit.search.results import hit_json


def to_json(collected: Collected, links: Links) -> bytes:
    result, request = collected.result, collected.request
    data: dict = {
        "query": result.query,
        # As `--json` gives them: each value asked with the values it named, and the date read in the query.
        "filters": result.to_json()["filters"],
        "sort": request.sort,
        "all": request.include_all,
        "total": result.total,
        "exported": len(collected.hits),
        "max_results": collected.cap,
        "truncated": collected.truncated,
        "hits": [{**hit_json(hit), "page": links.doc(hit.id)} for hit in collected.hits],
        "facets": result.to_json()["facets"],
        "suggestion": result.suggestion,
    }
    if result.searched is not None:
        data["searched"] = result.searched  # the query's words without its date
    message = " ".join(filter(None, [result.message, *collected.notices, collected.cut_note()]))
    if message:
        data["message"] = message
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
