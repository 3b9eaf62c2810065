"""`create_app(config)`: the Flask app of the search page and its API, with its error pages and headers.
Templates and static files come from the top-level web/ folder (inside the wheel: findit/web)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from flask import Flask, current_app, jsonify, render_template
from werkzeug.exceptions import HTTPException

from findit.settings import Settings, default_web_dir
from findit.webapp import viewdata
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
    current_app.logger.exception("unexpected error")
    return _error_page(500)


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
    paths, FINDIT_WEB_DIR (templates and static), and any Flask setting (e.g. TESTING)."""
    from findit.index import NoIndexError
    from findit.search import SearchError

    config = dict(config or {})
    settings = config.pop("FINDIT_SETTINGS", None) or Settings.from_env(
        corpus=config.pop("FINDIT_CORPUS", None), index=config.pop("FINDIT_INDEX", None)
    )
    # A long-running server: read the index on demand rather than map it whole (resident memory).
    settings = dataclasses.replace(settings, mmap_index=False)
    web_dir = Path(config.pop("FINDIT_WEB_DIR", None) or default_web_dir())
    app = Flask(
        __name__,
        template_folder=str(web_dir / "templates"),
        static_folder=str(web_dir / "static"),
        static_url_path="/static",
    )
    app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Flask's DefaultJSONProvider
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["findit"] = SearchService(settings)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, _on_http_error)
    app.register_error_handler(NoIndexError, _on_no_index)
    app.register_error_handler(SearchError, _on_bad_search)
    app.register_error_handler(Exception, _on_unexpected)
    app.after_request(_security_headers)
    app.add_template_global(href)
    app.add_template_filter(viewdata.date_fr, "date_fr")
    app.add_template_filter(viewdata.kind_label, "kind_label")
    app.add_template_filter(safe_url, "safe_url")
    return app
