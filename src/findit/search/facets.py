"""Facet counts over duplicate groups, on the facet tables of one index commit (findit.index.facetstore).

Why not Whoosh's `groupedby`: it counts documents, while a result list shows one line per duplicate group;
and each facet's counts must ignore that facet's own selection, which would take one search per selected
facet. Here every facet value's documents are the bits of an int, so a query's counts are ANDs and bit
counts.

Arithmetic: the count of a value is the number of duplicate groups among the documents that match the
query and every other facet's selection and carry that value, which is exactly the total the result list
shows once that value alone is selected."""

from __future__ import annotations

from findit.documents import Kind
from findit.index.facetstore import FacetTables, from_bits, to_bits
from findit.search.results import FacetValue, is_year
from findit.text import fast_fold, fold_key


class FacetCounter:
    """Resolves, selects and counts facet values over one commit's tables."""

    def __init__(self, tables: FacetTables):
        self.tables = tables
        grouped = to_bits(tables.group_of)
        # Per value, its documents that belong to a duplicate group: only those can be counted twice.
        self._grouped = {
            facet: {v: bits & grouped for v, bits in values.items() if bits & grouped}
            for facet, values in tables.values.items()
        }
        self._sort_keys: dict[str, dict[str, tuple]] = {}

    def values(self, facet: str) -> list[str]:
        return list(self.tables.values.get(facet, {}))

    def resolve(self, facet: str, wanted: str) -> str:
        """The indexed value a user's value names (same value, else same folded text, else for kinds the
        French label); the value itself when nothing matches."""
        values = self.tables.values.get(facet, {})
        wanted = str(wanted).strip()
        if wanted in values:
            return wanted
        folded = fold_key(wanted)
        for value in values:
            if fold_key(value) == folded:
                return value
        if facet == "kind":
            for value, label in Kind.LABELS_FR.items():
                if fold_key(label) == folded:
                    return value
        return wanted

    def selection(self, facet: str, values: list[str]) -> int:
        """Documents carrying any of the values (several values of one facet combine with OR), as bits."""
        postings = self.tables.values.get(facet, {})
        found = 0
        for value in values:
            found |= postings.get(value, 0)
        return found

    def count(
        self, facet: str, docs: int, selected: list[str], limit: int, labels: dict[str, str] | None = None
    ) -> list[FacetValue]:
        """Values of one facet among the documents (bits), by count (years by year, newest first);
        selected values are kept even at 0 and beyond the limit."""
        group_of = self.tables.group_of
        grouped = self._grouped.get(facet, {})
        counted: list[tuple[str, int]] = []
        for value, postings in self.tables.values.get(facet, {}).items():
            common = postings & docs
            if not common:
                continue
            n = common.bit_count()
            in_groups = grouped.get(value, 0) & docs
            if in_groups and in_groups.bit_count() > 1:
                members = from_bits(in_groups)
                n -= len(members) - len({group_of[d] for d in members})
            counted.append((value, n))
        keys = self._keys(facet)
        counted.sort(key=lambda vc: (-vc[1], keys.get(vc[0], ())))
        chosen = set(selected)
        shown = counted[:limit]
        shown_values = {v for v, _ in shown}
        shown += [(v, n) for v, n in counted[limit:] if v in chosen]
        shown += [(v, 0) for v in selected if v not in shown_values and v not in {s for s, _ in shown}]
        if facet == "year":
            # Years read best in order once chosen by count.
            shown.sort(key=lambda vc: _sort_key("year", vc[0]))
        labels = labels or {}
        return [FacetValue(v, n, v in chosen, labels.get(v, "")) for v, n in shown]

    def _keys(self, facet: str) -> dict[str, tuple]:
        keys = self._sort_keys.get(facet)
        if keys is None:
            keys = self._sort_keys[facet] = {v: _sort_key(facet, v) for v in self.tables.values.get(facet, {})}
        return keys


def _sort_key(facet: str, value: str) -> tuple:
    """Order among equal counts: years newest first, other values alphabetically (folded)."""
    if facet == "year":
        return (-int(value),) if is_year(value) else (0,)
    return (fast_fold(value), value)
