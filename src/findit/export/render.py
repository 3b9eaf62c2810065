"""One export of a search, in the format asked: the file's bytes, type and name, and what it lacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from findit.documents import Document
from findit.export.collect import Collected, Links, Search, describe, file_name, newest, whole_list
from findit.search.results import SearchRequest
from findit.settings import Settings

# format -> Content-Type
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "atom": "application/atom+xml; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass
class Exported:
    """A file ready to send: its bytes, type and name, and what it holds (`left_out`: events without a
    day-precise date, for .ics)."""

    body: bytes
    content_type: str
    filename: str
    collected: Collected
    left_out: int = 0

    def notes(self) -> list[str]:
        """What the file says it lacks, in French (the terminal repeats it on stderr)."""
        from findit.export.calendar import left_out_note

        # A feed is its newest documents by design: not a cut list.
        cut = "" if self.content_type == CONTENT_TYPES["atom"] else self.collected.cut_note()
        return list(filter(None, [cut, left_out_note(self.left_out)]))


def export(
    fmt: str,
    request: SearchRequest,
    settings: Settings,
    search: Search,
    document: Callable[[str], Document | None],
    links: Links,
    sep: str = ",",
    notices: list[str] | None = None,
) -> Exported:
    """The export of `request` in `fmt` (one of FORMATS). `search` must take limits up to
    Settings.export_max_results; the feed asks only Settings.feed_entries."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    name = file_name(request, fmt)
    if fmt == "atom":
        from findit.export.atom import to_atom

        found = newest(search, request, settings.feed_entries)
        return Exported(to_atom(found, links), CONTENT_TYPES[fmt], name, found)
    found = whole_list(search, request, settings.export_max_results, notices)
    if fmt == "csv":
        from findit.export.table import to_csv

        return Exported(to_csv(found, links, sep), CONTENT_TYPES[fmt], name, found)
    if fmt == "json":
        from findit.export.jsonout import to_json

        return Exported(to_json(found, links), CONTENT_TYPES[fmt], name, found)
    from findit.export.calendar import agenda, to_ics

    events = agenda(found, document)
    body = to_ics(events, links, f"findit : {describe(request)}", [found.cut_note()])
    return Exported(body, CONTENT_TYPES[fmt], name, found, left_out=events.left_out)
