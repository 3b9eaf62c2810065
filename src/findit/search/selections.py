"""A request's facet selections: each value asked resolved to the indexed values it names (as the query
syntax reads them), the documents each facet's selection keeps, and what a value that names none says."""

from __future__ import annotations

from dataclasses import dataclass, field

from findit.search.facets import FacetCounter, Resolved
from findit.search.results import FACET_LABELS, FACETS

UNKNOWN_VALUE = "{facet} « {asked} » : aucune valeur de l’archive ne correspond."
CLOSE = "Valeurs proches : {values}."
AMBIGUOUS = "{facet} « {asked} » : plusieurs valeurs commencent ainsi, précisez : {values}."
ONLY_HIDDEN = (
    "{facet} « {asked} » : seulement dans des brouillons ou des entrées douteuses, que la liste n’inclut pas"
    " (--all, ou « Inclure les brouillons et les entrées douteuses » sur la page)."
)
# Values named in one of those messages, at most.
LISTED_VALUES = 8


@dataclass
class Selections:
    resolved: dict[str, list[Resolved]] = field(default_factory=dict)  # facet -> each value asked, resolved
    selected: dict[str, list[str]] = field(default_factory=dict)  # facet -> indexed values selected
    chosen: dict[str, int] = field(default_factory=dict)  # facet -> its selection's documents, as bits
    problems: list[str] = field(default_factory=list)  # what the values that name none say
    notes: list[str] = field(default_factory=list)  # values found in hidden documents only (ONLY_HIDDEN)

    def to_json(self) -> dict:
        """Each facet's values as asked and as resolved, for the result's `filters`."""
        return {name: [resolved_json(r) for r in named] for name, named in self.resolved.items() if named}


def select(counter: FacetCounter, filters: dict[str, list[str]], hidden: int = 0) -> Selections:
    """The selections `filters` ask for. A value that names no indexed one stays selected (at 0 documents)
    and its problem says what is close; one whose documents are all `hidden` (bits: drafts and junk the
    list leaves out) says so; a year is taken as written."""
    out = Selections()
    for name in FACETS:
        asked = filters.get(name, [])
        if name == "year":
            # taken as written, and said in the list's `filters` as the other facets are
            out.resolved[name] = [Resolved(v, [counter.resolve(name, v)]) for v in asked]
            out.selected[name] = list(dict.fromkeys(r.values[0] for r in out.resolved[name]))
            continue
        out.resolved[name] = [counter.find(name, v) for v in asked]
        out.selected[name] = list(dict.fromkeys(v for r in out.resolved[name] for v in (r.values or [r.asked])))
    out.problems = [problem(name, r) for name, found in out.resolved.items() for r in found if not r.found]
    if hidden:
        out.notes = [
            ONLY_HIDDEN.format(facet=FACET_LABELS[name], asked=r.asked)
            for name, found in out.resolved.items()
            if name != "year"
            for r in found
            if r.found and not counter.selection(name, r.values) & ~hidden
        ]
    out.chosen = {name: counter.selection(name, values) for name, values in out.selected.items() if values}
    return out


def problem(facet: str, found: Resolved) -> str:
    """What a filter value that names no single value says (in the result's message)."""
    label = FACET_LABELS[facet]
    if found.ambiguous:
        return AMBIGUOUS.format(facet=label, asked=found.asked, values=_listed(found.ambiguous))
    text = UNKNOWN_VALUE.format(facet=label, asked=found.asked)
    return f"{text} {CLOSE.format(values=_listed(found.close))}" if found.close else text


def _listed(values: list[str]) -> str:
    shown = ", ".join(values[:LISTED_VALUES])
    return shown + (f" (et {len(values) - LISTED_VALUES} autres)" if len(values) > LISTED_VALUES else "")


def resolved_json(found: Resolved) -> dict:
    data: dict = {"asked": found.asked, "values": found.values}
    if found.ambiguous:
        data["ambiguous"] = found.ambiguous
    if not found.found:
        data["close"] = found.close
    return data
