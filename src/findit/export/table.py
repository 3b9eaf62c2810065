"""A search's results as CSV for a spreadsheet: UTF-8 with a byte-order mark (Excel reads the accents),
one row per result in the page's order, French headers; `;` between cells (and a decimal comma) for a
French Excel, which expects them."""

from __future__ import annotations

import csv
import io

from findit.documents import Kind
from findit.export.collect import Collected, Links
from findit.export.plain import shown_date, snippet_text

HEADER = [
    "rang",
    "titre",
    "type",
    "date",
    "année",
    "début de l'événement",
    "fin de l'événement",
    "média / source",
    "thèmes",
    "intervenants",
    "organisations",
    "lien d'origine",
    "page",
    "fichier",
    "identifiant",
    "autres versions",
    "score",
    "extrait",
]
SEPARATORS = (",", ";")
# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(…) in a title would run):
# such text cells get a leading apostrophe, which spreadsheets show as text and hide.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _names(values: list[str]) -> str:
    return _text(" ; ".join(values))


def to_csv(collected: Collected, links: Links, sep: str = ",") -> bytes:
    """The CSV file: header, one row per result, and a last row saying so when the list was cut."""
    if sep not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}, not {sep!r}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADER)
    for rank, hit in enumerate(collected.hits, start=1):
        score = f"{hit.score:.4f}"
        writer.writerow(
            [
                rank,
                _text(hit.title),
                Kind.LABELS_FR.get(hit.kind, hit.kind),
                shown_date(hit.date, hit.date_precision),
                hit.year if hit.year is not None else "",
                shown_date(hit.event_date, hit.event_precision),
                shown_date(hit.event_end, hit.event_precision),
                _text(hit.outlet),
                _names(hit.tags),
                _names(hit.speakers),
                _names(hit.organisations),
                _text(hit.url),
                links.doc(hit.id),
                _text(hit.source),
                hit.id,
                hit.duplicates,
                score.replace(".", ",") if sep == ";" else score,
                _text(snippet_text(hit.snippet)),
            ]
        )
    note = collected.cut_note()
    if note:
        writer.writerow([note])
    return out.getvalue().encode("utf-8-sig")
