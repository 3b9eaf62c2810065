"""The French search page and its JSON API, on top of findit.search (never a search of its own).

`create_app(config)` builds the Flask app; `serve(settings, host, port, watch)` runs it under waitress.
Templates and static files come from the top-level web/ folder (inside the wheel: findit/web)."""

from __future__ import annotations

import dataclasses

import re
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from findit import webfacets
from findit.results import FACETS, SearchRequest
from findit.settings import Settings, default_web_dir
from findit.webquery import PageState, bounded_int, parse_args

# Document ids are [a-z0-9-] (see DESIGN.md): anything else is a 404 without asking the index.
DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
RELATED_LIMIT = 6
PAGE_FACET_LIMIT = 50
ENTITY_LIMIT = 20
NAME_MAX_CHARS = 200

bp = Blueprint("findit", __name__)


class SearchService:
    """One Searcher shared by the server's threads, opened on first use.

    Opening lazily lets the page start (and explain itself) before any index exists; the lock keeps
    Whoosh readers, which share file handles, to one request at a time. The Searcher itself notices a
    new index generation, so a rebuild never needs a restart."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._searcher = None

    def call(self, method: str, *args):
        from findit.search import Searcher

        with self._lock:
            if self._searcher is None:
                self._searcher = Searcher(self.settings)
            return getattr(self._searcher, method)(*args)


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


def _wants_json() -> bool:
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
        "search.html", state=state, result=result,
        panels=webfacets.panels(result, state), chips=webfacets.chips(state),
        timeline=webfacets.timeline(result, state),
        pager=webfacets.pager(result, state, settings.max_page),
        count_text=webfacets.count_fr(result.total, result.query),
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
    return render_template("document.html", doc=doc, versions=versions, related=related,
                           paragraphs=paragraphs, original_url=safe_url(doc.url))


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
    sample = _service().call("search", SearchRequest(query="", limit=settings.max_limit, sort="date",
                                                      filters={facet: [name]}, facet_limit=0))
    state = PageState(request=req)
    # The entity's own page is its URL: its pages only add `page`.
    pages = PageState(request=SearchRequest(page=page, limit=ENTITY_LIMIT))
    return render_template(
        "entity.html", facet=facet, name=name, result=result, endpoint=request.endpoint, limit=ENTITY_LIMIT,
        settings_max_limit=settings.max_limit,
        facet_title=webfacets.FACET_TITLES[facet],
        search_params=[(facet, name)],
        neighbours=webfacets.neighbours(facet, name, result, sample),
        timeline=webfacets.timeline(result, state),
        pager=webfacets.pager(result, pages, settings.max_page),
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
    data["related"] = [{"id": h.id, "kind": h.kind, "title": h.title, "date": h.date}
                       for h in _service().call("related", doc_id, RELATED_LIMIT)]
    return jsonify(data)


# ---------------------------------------------------------------- errors and headers

ERROR_TITLES = {
    400: "Requête incorrecte",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    500: "Erreur inattendue",
    503: "Index indisponible",
}


def _error_page(status: int, message: str | None = None):
    title = ERROR_TITLES.get(status, "Erreur")
    if _wants_json():
        return jsonify({"error": title, "status": status, "message": message}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _on_http_error(exc: HTTPException):
    return _error_page(exc.code or 500)


def _on_no_index(exc: Exception):
    from findit.index import DamagedIndexError

    damaged = isinstance(exc, DamagedIndexError)
    if _wants_json():
        message = ("Index illisible : lancez `findit index --full`, puis réessayez." if damaged
                   else "Aucun index : lancez `findit index`, puis réessayez.")
        return jsonify({"error": ERROR_TITLES[503], "status": 503, "message": message}), 503
    return render_template("no_index.html", damaged=damaged), 503


def _on_bad_search(exc: Exception):
    # The page bounds its parameters before searching; this is a last guard, e.g. for the API.
    return _error_page(400, "Cette recherche n’a pas pu être comprise : vérifiez ses paramètres.")


def _on_unexpected(exc: Exception):
    current_app.logger.exception("unexpected error")
    return _error_page(500)


def _security_headers(response):
    # No inline script or style anywhere, so the policy can be strict; DSFR draws icons with data: URIs.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


# ---------------------------------------------------------------- factory and server


def create_app(config: dict | None = None) -> Flask:
    """The Flask app. `config` may hold FINDIT_SETTINGS (a Settings), else FINDIT_INDEX / FINDIT_CORPUS
    paths, FINDIT_WEB_DIR (templates and static), and any Flask setting (e.g. TESTING)."""
    from findit.index import NoIndexError
    from findit.search import SearchError

    config = dict(config or {})
    settings = config.pop("FINDIT_SETTINGS", None) or Settings.from_env(
        corpus=config.pop("FINDIT_CORPUS", None), index=config.pop("FINDIT_INDEX", None))
    # A long-running server: read the index on demand rather than map it whole (resident memory).
    settings = dataclasses.replace(settings, mmap_index=False)
    web_dir = Path(config.pop("FINDIT_WEB_DIR", None) or default_web_dir())
    app = Flask(__name__, template_folder=str(web_dir / "templates"),
                static_folder=str(web_dir / "static"), static_url_path="/static")
    app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["findit"] = SearchService(settings)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(NoIndexError, _on_no_index)
    app.register_error_handler(SearchError, _on_bad_search)
    app.register_error_handler(Exception, _on_unexpected)
    app.after_request(_security_headers)
    app.add_template_global(href)
    app.add_template_filter(webfacets.date_fr, "date_fr")
    app.add_template_filter(webfacets.kind_label, "kind_label")
    app.add_template_filter(safe_url, "safe_url")
    return app


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 4):
    """A waitress server for `app` (port 0: any free port; see `server.effective_port`)."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="findit")


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, watch: bool = False,
          announce=print) -> None:
    """Serve the page with waitress until interrupted; with `watch`, keep the index up to date too."""
    app = create_app({"FINDIT_SETTINGS": settings})
    stop = threading.Event()
    watcher = None
    if watch:
        watcher = threading.Thread(target=_watch, args=(settings, stop, announce), name="findit-watch",
                                   daemon=True)
        watcher.start()
    server = make_server(app, host, port)
    announce(f"findit : page de recherche sur http://{host}:{server.effective_port}/ (Ctrl-C pour arrêter)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()


def _watch(settings: Settings, stop: threading.Event, announce) -> None:
    from findit.watch import Watcher

    try:
        Watcher(settings, report=announce).run(stop_event=stop)
    except Exception as exc:  # the page keeps serving the last good index
        announce(f"findit : la surveillance du corpus s'est arrêtée ({exc})")
