"""`create_app(config)`: the Flask app of the search page and its API, with its error pages and headers.
Templates and static files come from the top-level web/ folder (inside the wheel: findit/web)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, jsonify, render_template
from werkzeug.exceptions import HTTPException

from findit.settings import Settings, default_web_dir
from findit.webapp import exports, viewdata
from findit.webapp.service import SearchService
from findit.webapp.views import bp, href, safe_url, wants_json

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
    if wants_json():
        return jsonify({"error": title, "status": status, "message": message}), status
    return render_template("error.html", status=status, title=title, message=message), status


def _on_http_error(exc: HTTPException):
    return _error_page(exc.code or 500)


def _on_no_index(exc: Exception):
    from findit.index import DamagedIndexError

    damaged = isinstance(exc, DamagedIndexError)
    if damaged:  # one line for the operator, no traceback: the page says what to run
        current_app.logger.warning("%s", exc)
    if wants_json():
        message = (
            "Index illisible : lancez `findit index --full`, puis réessayez."
            if damaged
            else "Aucun index : lancez `findit index`, puis réessayez."
        )
        return jsonify({"error": ERROR_TITLES[503], "status": 503, "message": message}), 503
    return render_template("no_index.html", damaged=damaged), 503


def _on_bad_search(exc: Exception):
    # The page bounds its parameters before searching; this is a last guard, e.g. for the API.
    return _error_page(400, "Cette recherche n’a pas pu être comprise : vérifiez ses paramètres.")


def _on_unexpected(exc: Exception):
    from findit.index import DamagedIndexError

    if _raised_reading_the_index(exc):  # damaged bytes that opening the index did not see
        index = current_app.extensions["findit"].settings.index
        return _on_no_index(DamagedIndexError(index, f"{type(exc).__name__} : {exc}"))
    current_app.logger.exception("unexpected error")
    return _error_page(500)


def _raised_reading_the_index(exc: BaseException) -> bool:
    """Whether the error came from inside Whoosh, i.e. from the index's files."""
    tb = exc.__traceback__
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith("whoosh."):
            return True
        tb = tb.tb_next
    return False


def _same_host_redirects(response):
    """A redirect's Location as a path: Werkzeug builds the ones it makes (// merged into /) from the
    request's Host header, which a client chooses; the page never sends anyone to another host."""
    location = response.headers.get("Location")
    if location and 300 <= response.status_code < 400:
        parts = urlsplit(location)
        if parts.scheme or parts.netloc:
            path = "/" + parts.path.lstrip("/")  # never "//host": that too names another host
            response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
    return response


def _index_behind() -> dict:
    """`index_behind` for the templates: a short notice when `findit serve --watch` cannot keep the index
    up to date (the server's log says why), else None."""
    status = current_app.extensions["findit"].watch_status
    since = status.since if status is not None else None
    if since is None:
        return {"index_behind": None}
    when = time.strftime("%d/%m/%Y à %H:%M", time.localtime(since))
    return {
        "index_behind": f"L’index n’est plus tenu à jour depuis le {when} : les derniers changements des archives "
        "peuvent manquer aux résultats. Le journal du serveur en donne la raison ; un nouvel essai est fait "
        "régulièrement."
    }


def _security_headers(response):
    # No inline script or style anywhere, so the policy can be strict; DSFR draws icons with data: URIs.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def create_app(config: dict | None = None) -> Flask:
    """The Flask app. `config` may hold FINDIT_SETTINGS (a Settings), else FINDIT_INDEX / FINDIT_CORPUS
    paths, FINDIT_WEB_DIR (templates and static), FINDIT_WATCH_STATUS (the watcher's WatchStatus, whose
    failures the page shows), and any Flask setting (e.g. TESTING)."""
    from findit.index import NoIndexError
    from findit.search import SearchError

    config = dict(config or {})
    settings = config.pop("FINDIT_SETTINGS", None) or Settings.from_env(
        corpus=config.pop("FINDIT_CORPUS", None), index=config.pop("FINDIT_INDEX", None)
    )
    web_dir = Path(config.pop("FINDIT_WEB_DIR", None) or default_web_dir())
    watch_status = config.pop("FINDIT_WATCH_STATUS", None)  # findit.index.watch.WatchStatus, with --watch
    app = Flask(
        __name__,
        template_folder=str(web_dir / "templates"),
        static_folder=str(web_dir / "static"),
        static_url_path="/static",
    )
    app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Flask's DefaultJSONProvider
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["findit"] = SearchService(settings, watch_status)
    app.register_blueprint(bp)
    app.register_blueprint(exports.bp)  # /export.*, /doc/<id>.ics
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(NoIndexError, _on_no_index)
    app.register_error_handler(SearchError, _on_bad_search)
    app.register_error_handler(Exception, _on_unexpected)
    app.after_request(_same_host_redirects)
    app.after_request(_security_headers)
    app.context_processor(_index_behind)
    app.add_template_global(href)
    app.add_template_filter(viewdata.date_fr, "date_fr")
    app.add_template_filter(viewdata.kind_label, "kind_label")
    app.add_template_filter(safe_url, "safe_url")
    return app
