"""The page's views and its JSON API: each parses the URL (findit.webapp.urlstate), asks the searcher,
and hands plain view data (findit.webapp.viewdata) to a template. Never a search of its own."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from findit.search.results import FACETS, SearchRequest
from findit.settings import Settings
from findit.webapp import viewdata
from findit.webapp.service import SearchService
from findit.webapp.urlstate import PageState, bounded_int, parse_args

# Document ids are [a-z0-9-] (see DESIGN.md): anything else is a 404 without asking the index.
DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
RELATED_LIMIT = 6
PAGE_FACET_LIMIT = 50
ENTITY_LIMIT = 20
NAME_MAX_CHARS = 200

bp = Blueprint("findit", __name__)


def _service() -> SearchService:
    return current_app.extensions["findit"]


def _settings() -> Settings:
    return _service().settings


def href(endpoint: str, params: list[tuple[str, str]] | None = None, **values) -> str:
    """url_for plus repeated query parameters (facet values repeat, so a dict cannot hold them)."""
    url = url_for(endpoint, **values)
    return f"{url}?{urlencode(params)}" if params else url


def safe_url(url: str | None) -> str | None:
    """An archive's URL if it is a web address; `javascript:` and the like are never made links."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def wants_json() -> bool:
    return request.path.startswith("/api/")


# ---------------------------------------------------------------- pages


@bp.route("/")
def search():
    state = parse_args(request.args, _settings())
    # More values than the terminal shows: the lists scroll and have a filter box.
    state.request.facet_limit = PAGE_FACET_LIMIT
    result = _service().call("search", state.request)
    settings = _settings()
    return render_template(
        "search.html",
        state=state,
        result=result,
        panels=viewdata.panels(result, state),
        chips=viewdata.chips(state),
        timeline=viewdata.timeline(result, state),
        pager=viewdata.pager(result, state, settings.max_page),
        count_text=viewdata.count_fr(result.total, result.query),
        suggestion_params=(state.params(q=result.suggestion, page=None) if result.suggestion else None),
    )


def _document_or_404(doc_id: str):
    """The document and its other versions; 404 for an id that is malformed or unknown."""
    if not DOC_ID.fullmatch(doc_id):
        abort(404)
    doc = _service().call("document", doc_id)
    if doc is None:
        abort(404)
    return doc, [v for v in _service().call("versions", doc_id) if v.id != doc.id]


@bp.route("/doc/<doc_id>")
def document(doc_id: str):
    doc, versions = _document_or_404(doc_id)
    related = _service().call("related", doc_id, RELATED_LIMIT)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", doc.body or "") if p.strip()]
    return render_template(
        "document.html",
        doc=doc,
        versions=versions,
        related=related,
        paragraphs=paragraphs,
        original_url=safe_url(doc.url),
    )


def _entity_page(facet: str, name: str):
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX_CHARS:
        abort(404)
    settings = _settings()
    page, _ = _page_arg(settings)
    req = SearchRequest(query="", page=page, limit=ENTITY_LIMIT, sort="date", filters={facet: [name]})
    result = _service().call("search", req)
    if result.total == 0:
        abort(404)
    # The name as indexed (the URL may differ in case or accents).
    name = next((v.value for v in result.facets.get(facet, []) if v.selected), name)
    sample = _service().call(
        "search", SearchRequest(query="", limit=settings.max_limit, sort="date", filters={facet: [name]}, facet_limit=0)
    )
    state = PageState(request=req)
    # The entity's own page is its URL: its pages only add `page`.
    pages = PageState(request=SearchRequest(page=page, limit=ENTITY_LIMIT))
    return render_template(
        "entity.html",
        facet=facet,
        name=name,
        result=result,
        endpoint=request.endpoint,
        limit=ENTITY_LIMIT,
        settings_max_limit=settings.max_limit,
        facet_title=viewdata.FACET_TITLES[facet],
        search_params=[(facet, name)],
        neighbours=viewdata.neighbours(facet, name, result, sample),
        timeline=viewdata.timeline(result, state),
        pager=viewdata.pager(result, pages, settings.max_page),
    )


def _page_arg(settings: Settings) -> tuple[int, bool]:
    return bounded_int(request.args.get("page"), 1, 1, settings.max_page)


@bp.route("/intervenant/<path:name>")
def speaker(name: str):
    return _entity_page("speaker", name)


@bp.route("/organisation/<path:name>")
def organisation(name: str):
    return _entity_page("organisation", name)


@bp.route("/a-propos")
def about():
    return render_template("about.html", facets=FACETS, settings=_settings())


# ---------------------------------------------------------------- JSON API


@bp.route("/api/search")
def api_search():
    """The object of `findit query --json`, for the same parameters as the page (plus `limit`)."""
    state = parse_args(request.args, _settings(), limit_param=True)
    data = _service().call("search", state.request).to_json()
    if state.notices and "message" not in data:
        data["message"] = " ".join(state.notices)
    return jsonify(data)


@bp.route("/api/doc/<doc_id>")
def api_document(doc_id: str):
    """The document as ingested, with the ids of its other versions and its related documents."""
    doc, versions = _document_or_404(doc_id)
    data = doc.to_dict()
    data["versions"] = [v.id for v in versions]
    data["related"] = [
        {"id": h.id, "kind": h.kind, "title": h.title, "date": h.date}
        for h in _service().call("related", doc_id, RELATED_LIMIT)
    ]
    return jsonify(data)
