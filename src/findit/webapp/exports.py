"""Exports of the page's searches: GET /export.csv, /export.json, /export.atom, /export.ics with the page's
own parameters (q, the facets, sort, all; `page` is ignored: an export holds the whole list), and
/doc/<id>.ics for one event. `sep=;` gives a CSV for a French Excel.

The lists are read from a searcher of their own, which takes limits up to Settings.export_max_results
(the page's searcher stops at Settings.max_limit); it is opened on the first export, and holds a second
copy of the generation's tables from then on (+5 MB at the shared corpora's 936 documents)."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, request, url_for

from findit.export.calendar import on_calendar, single
from findit.export.collect import Links, search_params
from findit.export.render import CONTENT_TYPES, Exported, export
from findit.webapp.service import SearchService
from findit.webapp.urlstate import parse_args
from findit.webapp.views import DOC_ID

bp = Blueprint("exports", __name__)
_EXTENSION = "findit-export"


def _exporter() -> SearchService:
    """The export searcher, shared by the app's threads, opened on first use."""
    service = current_app.extensions.get(_EXTENSION)
    if service is None:
        settings = current_app.extensions["findit"].settings
        wide = dataclasses.replace(settings, max_limit=max(settings.max_limit, settings.export_max_results))
        service = current_app.extensions.setdefault(_EXTENSION, SearchService(wide, processes=0))
    return service


def _doc_url(doc_id: str) -> str:
    return url_for("findit.document", doc_id=doc_id, _external=True)


def _links(params: list[tuple[str, str]]) -> Links:
    """Absolute links on the host the request came to: feed readers and agendas open them elsewhere."""
    encoded = urlencode(params)
    search = url_for("findit.search", _external=True)
    feed = url_for("exports.export_atom", _external=True)
    return Links(
        doc=_doc_url,
        search=f"{search}?{encoded}" if encoded else search,
        feed=f"{feed}?{encoded}" if encoded else feed,
    )


def _send(exported: Exported, disposition: str = "attachment") -> Response:
    response = Response(exported.body, content_type=exported.content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{exported.filename}"'
    return response


def _export(fmt: str) -> Response:
    # A feed asks for no more than a page does: feed readers polling it share the page's searcher.
    service = current_app.extensions["findit"] if fmt == "atom" else _exporter()
    settings = service.settings
    state = parse_args(request.args, settings)
    sep = ";" if request.args.get("sep") == ";" else ","
    exported = export(
        fmt,
        state.request,
        settings,
        lambda req: service.call("search", req),
        lambda doc_id: service.call("document", doc_id),
        _links(search_params(state.request)),
        sep=sep,
        notices=state.notices,
    )
    # A feed may be shown by the browser; the other files are downloads.
    return _send(exported, "inline" if fmt == "atom" else "attachment")


@bp.route("/export.csv")
def export_csv():
    return _export("csv")


@bp.route("/export.json")
def export_json():
    return _export("json")


@bp.route("/export.atom")
def export_atom():
    return _export("atom")


@bp.route("/export.ics")
def export_ics():
    return _export("ics")


@bp.route("/doc/<doc_id>.ics")
def document_ics(doc_id: str):
    """One event in an agenda; 404 for an unknown document, or one that is not an event known to the day
    (findit.export.calendar.on_calendar: the page links here only then)."""
    doc = current_app.extensions["findit"].call("document", doc_id) if DOC_ID.fullmatch(doc_id) else None
    if doc is None or not on_calendar(doc):
        abort(404)
    links = Links(doc=_doc_url)
    response = Response(single(doc, links), content_type=CONTENT_TYPES["ics"])
    response.headers["Content-Disposition"] = f'attachment; filename="{doc.id}.ics"'
    return response
