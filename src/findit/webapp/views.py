"""The page's views and its JSON API: each parses the URL (findit.webapp.urlstate), asks the searcher,
and hands plain view data (findit.webapp.viewdata) to a template. Never a search of its own."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from findit import querylog
from findit.documents import cited_people
from findit.search.results import FACET_TITLES, FACETS, SORTS, SearchRequest
from findit.settings import Settings
from findit.webapp import dates, viewdata
from findit.webapp.service import SearchService
from findit.webapp.suggestions import DEFAULT_LIMIT, MAX_LIMIT, SuggestionCache, SuggestionIndex
from findit.webapp.urlstate import (
    RETURN_PARAM,
    BadParameter,
    PageState,
    api_request,
    bounded_int,
    checked_int,
    parse_args,
    return_token,
    returned_state,
)

# Document ids are [a-z0-9-] (see DESIGN.md): anything else is a 404 without asking the index.
DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
RELATED_LIMIT = 6
PAGE_FACET_LIMIT = 50
ENTITY_LIMIT = 20
NAME_MAX_CHARS = 200
# The sorts the page offers, in SORTS' order (a sort added to the searcher shows under its own name).
SORT_LABELS = {
    sort: {"relevance": "pertinence", "date": "plus récents", "oldest": "plus anciens"}.get(sort, sort)
    for sort in SORTS
}

# Sent by findit.js with the searches it makes while the user types: not logged (only what is asked for
# with Enter, a filter, a sort or a link is).
TYPING_HEADER = "X-Findit-Typing"

bp = Blueprint("findit", __name__)
# Date helpers for every template (the blueprint registers them on the app it joins).
bp.add_app_template_filter(dates.span_fr, "span_fr")
bp.add_app_template_filter(dates.iso_of, "iso_of")
bp.add_app_template_global(dates.shown_date, "shown_date")


def _service() -> SearchService:
    return current_app.extensions["findit"]


def _settings() -> Settings:
    return _service().settings


def href(endpoint: str, params: list[tuple[str, str]] | None = None, **values) -> str:
    """url_for plus repeated query parameters (facet values repeat, so a dict cannot hold them)."""
    url = url_for(endpoint, **values)
    if not params:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def path_href(path: str, params: list[tuple[str, str]] | None = None) -> str:
    """A path of this site (e.g. /export.csv, served by another blueprint) with repeated parameters."""
    url = request.script_root + path
    return f"{url}?{urlencode(params)}" if params else url


def back(state: PageState | None) -> dict[str, str]:
    """url_for values that keep the way back to a search on the pages its results link to."""
    token = return_token(state) if state is not None else None
    return {RETURN_PARAM: token} if token else {}


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


bp.add_app_template_global(path_href, "path_href")
bp.add_app_template_global(back, "back")


# ---------------------------------------------------------------- pages


@bp.route("/")
def search():
    state = parse_args(request.args, _settings())
    # More values than the terminal shows: the lists scroll and have a filter box.
    state.request.facet_limit = PAGE_FACET_LIMIT
    result = _service().call("search", state.request)
    if request.headers.get(TYPING_HEADER) != "1":
        querylog.record(_settings(), state.request, result.total, result.suggestion, "web")
    settings = _settings()
    return render_template(
        "search.html",
        state=state,
        result=result,
        panels=viewdata.panels(result, state),
        chips=viewdata.chips(state, result),
        clear_all=viewdata.clear_all(state, result),
        timeline=viewdata.timeline(result, state),
        undated=viewdata.undated(result, state.request.facet_limit),
        pager=viewdata.pager(result, state, settings.max_page),
        count_text=viewdata.count_fr(result.total, result.query),
        suggestion_params=(state.params(q=result.suggestion, page=None) if result.suggestion else None),
        exports=viewdata.exports(state),
        sorts=SORT_LABELS,
    )


def _came_from() -> PageState | None:
    """The search a document or entity page was reached from (RETURN_PARAM), if any."""
    return returned_state(request.args.get(RETURN_PARAM), _settings())


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
    came_from = _came_from()
    return render_template(
        "document.html",
        doc=doc,
        versions=versions,
        related=related,
        paragraphs=paragraphs,
        cited=cited_people(doc.people, doc.speakers),
        original_url=safe_url(doc.url),
        came_from=came_from,
        return_label=viewdata.return_label(came_from) if came_from else None,
        calendar=path_href(f"/doc/{doc.id}.ics") if doc.kind == "event" and doc.event_date else None,
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
    # The entity's own page is its URL: its pages only add `page` (and the way back to a search).
    pages = PageState(request=SearchRequest(page=page, limit=ENTITY_LIMIT))
    came_from = _came_from()
    return render_template(
        "entity.html",
        facet=facet,
        name=name,
        result=result,
        endpoint=request.endpoint,
        limit=ENTITY_LIMIT,
        settings_max_limit=settings.max_limit,
        facet_title=FACET_TITLES[facet],
        search_params=[(facet, name)],
        neighbours=viewdata.neighbours(facet, name, result, sample),
        timeline=viewdata.timeline(result, state),
        undated=viewdata.undated(result, req.facet_limit),
        pager=viewdata.pager(result, pages, settings.max_page),
        came_from=came_from,
        return_label=viewdata.return_label(came_from) if came_from else None,
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
    return render_template("about.html", facets=FACETS, settings=_settings(), sorts=SORT_LABELS, suggest_max=MAX_LIMIT)


# ---------------------------------------------------------------- JSON API


def _bad_parameter(exc: BadParameter):
    """A 400 that says in French what `findit query` would have refused, and the same for programs."""
    data = {"error": "Requête incorrecte", "status": 400, "message": exc.message, **exc.to_json()}
    return jsonify(data), 400


@bp.route("/api/search")
def api_search():
    """The object of `findit query --json`, for the same parameters as the page (plus `limit`), checked
    as the command checks them: a 400 for what it would refuse, never a silently changed request."""
    try:
        req = api_request(request.args, _settings())
    except BadParameter as exc:
        return _bad_parameter(exc)
    result = _service().call("search", req)
    querylog.record(_settings(), req, result.total, result.suggestion, "api")
    return jsonify(result.to_json())


@bp.route("/api/suggestions")
def api_suggestions():
    """Speakers, organisations and themes whose words start with the end of `q` (findit.webapp.suggestions),
    with their document counts over the whole archive."""
    from findit.index import current_generation

    try:
        limit = checked_int(request.args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    except BadParameter as exc:
        return _bad_parameter(exc)
    text = (request.args.get("q") or "")[: _settings().max_query_chars]
    # One cache per app: each app may serve another index.
    cache = current_app.extensions.setdefault("findit.suggestions", SuggestionCache())
    index = cache.get(
        current_generation(_settings()),
        lambda: SuggestionIndex(_service().call("search", SuggestionIndex.request())),
    )
    found, matched, rest = index.find(text, limit)
    response = jsonify({"query": text, "matched": matched, "rest": rest, "suggestions": [s.to_json() for s in found]})
    # Typing repeats the same prefixes: let the browser keep answers briefly.
    response.cache_control.max_age = 60
    return response


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
