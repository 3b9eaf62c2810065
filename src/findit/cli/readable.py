"""The readable list of `findit query`: a result page as French plain text wrapped to the terminal's width,
with what the list was filtered by and the top facet values. Kept apart from the command (findit.cli.query),
which runs the search and picks the output."""

from __future__ import annotations

import click

from findit.export.plain import shown_date, snippet_parts, visible
from findit.search.results import FACET_TITLES, FACETS, VALUE_LABELS
from findit.text import thousands

# Facet values shown under the list, per facet.
TOP_VALUES = 5
# The readable list: each result's lines after the first are indented under its title.
INDENT = 5
_KEEP = "\u00a0"  # a blank that does not end a word (_wrap splits on plain spaces only)


def _wrap(parts: list[tuple[str, bool]], width: int, indent: int, colour: bool, first: str = "") -> list[str]:
    """Words of `parts` (text, highlighted) filled into lines of `width` columns, between words only,
    the lines after the first indented; highlighted words in colour when `colour`. A word longer than a
    line (a URL) keeps its own line whole."""
    words: list[list[tuple[str, bool]]] = [[]]
    for text, marked in parts:
        pieces = text.split(" ")
        for i, piece in enumerate(pieces):
            if i:
                words.append([])
            if piece:
                words[-1].append((piece, marked))
    lines: list[str] = []
    line, length = first or " " * indent, len(first or " " * indent)
    fresh = True  # nothing on this line yet but its indent
    for word in (w for w in words if w):
        size = sum(len(text) for text, _ in word)
        if not fresh and length + 1 + size > width:
            lines.append(line)
            line, length, fresh = " " * indent, indent, True
        rendered = "".join(click.style(t, fg="yellow", bold=True) if m and colour else t for t, m in word)
        line, length = (line + rendered, length + size) if fresh else (line + " " + rendered, length + 1 + size)
        fresh = False
    lines.append(line)
    return lines


def _unit(text: str, width: int) -> str:
    """`text` kept on one line by _wrap when it fits in `width` columns."""
    return text.replace(" ", _KEEP) if len(text) < width else text


def _count_line(result) -> str:
    if result.total == 0:
        return "Aucun résultat."
    total = thousands(result.total)
    plural = "s" if result.total > 1 else ""
    if not result.hits:
        return f"{total} résultat{plural} (aucun sur la page {result.page})"
    shown = len(result.hits)
    return f"{total} résultat{plural} ({shown} affiché{'s' if shown > 1 else ''}, page {result.page})"


def _when(hit) -> str:
    """An event's day or days, else the date; as precise as the source stated it."""
    if hit.kind == "event" and hit.event_date:
        start = shown_date(hit.event_date, hit.event_precision)
        end = shown_date(hit.event_end, hit.event_precision)
        return f"du {start} au {end}" if end and end != start else f"le {start}"
    return shown_date(hit.date, hit.date_precision)


def filter_lines(result) -> list[str]:
    """What the list was filtered by, as read: the date written in the query, and each filter value with
    the archive's values it named (« Organisation : DINUM → Direction interministérielle du numérique
    (DINUM) »)."""
    from findit.search.results import FACET_LABELS

    lines = []
    date = result.filters.get("date")
    if date:
        lines.append(f"Date : {visible(date['label'])} (« {visible(date['text'])} » dans la requête)")
    for name in FACETS:
        for found in result.filters.get(name, []) if name != "date" else []:
            if not found["values"]:
                continue
            # A kind or a language by its French name (« coverage » as « Presse »).
            names = [VALUE_LABELS.get(name, {}).get(v, v) for v in found["values"]]
            values = " ou ".join(visible(v) for v in names)
            same = names == [found["asked"]]
            lines.append(f"{FACET_LABELS[name]} : {values if same else visible(found['asked']) + ' → ' + values}")
    return lines


def format_result(result, limit: int, colour: bool = False, width: int = 80) -> str:
    """The readable ranked list and the top facet values, in French, wrapped to `width` columns. Every
    text from the archive has its control characters shown escaped (findit.export.plain.visible)."""
    from findit.documents import Kind

    def words(text: str, first: str = "", indent: int = INDENT) -> list[str]:
        return _wrap([(text, False)], width, indent, colour, first)

    lines = [_count_line(result)]
    for line in filter_lines(result):
        lines += words(line, indent=4)
    if result.message:
        lines += words(visible(result.message), indent=0)
    if result.suggestion:
        lines += words(f"Vouliez-vous dire : {visible(result.suggestion)} ?", indent=0)
    for rank, hit in enumerate(result.hits, start=(result.page - 1) * limit + 1):
        title = visible(hit.title) or hit.id
        head = f"{rank:>3}. "
        lines.append("")
        title_lines = _wrap([(title, False)], width, INDENT, False, head)
        lines += [click.style(line, bold=True) for line in title_lines] if colour else title_lines
        meta = [Kind.LABELS_FR.get(hit.kind, hit.kind), _when(hit), visible(hit.outlet)]
        if hit.duplicates:
            plural = "s" if hit.duplicates > 1 else ""
            meta.append(f"+{hit.duplicates} autre{plural} version{plural}")
        lines += words(" · ".join(filter(None, meta)))
        if hit.snippet:
            lines += _wrap(snippet_parts(hit.snippet), width, INDENT, colour)
        lines.append(" " * INDENT + visible(hit.url or hit.source))
        if hit.explain is not None:
            from findit.search.explain import describe

            lines += words("Pourquoi : " + (visible(describe(hit.explain)) or "aucun mot de la requête"))
    facet_lines = []
    for name in FACETS:
        values = result.facets.get(name) or []
        if not values:
            continue
        top = values[:TOP_VALUES] + [v for v in values[TOP_VALUES:] if v.selected]
        # A value that fits on a line is not cut: its blanks are no-break spaces while wrapping.
        shown = ", ".join(
            _unit(("[x] " if v.selected else "") + f"{visible(v.label or v.value)} ({v.count})", width - 5) for v in top
        )
        wrapped = words(f"{FACET_TITLES[name]} : {shown}", first="  ", indent=4)
        facet_lines += [line.replace(_KEEP, " ") for line in wrapped]
    if facet_lines:
        lines += ["", "Filtres :", *facet_lines]
    return "\n".join(lines)
