"""Facet counts over duplicate groups, read once per index generation from the inverted index.

Why not Whoosh's `groupedby`: it counts documents, while a result list shows one line per duplicate group;
and each facet's counts must ignore that facet's own selection, which would take one search per selected
facet. Here the postings of every facet value are kept as sets of document numbers, so a query's counts
are set intersections.

Arithmetic: the count of a value is the number of duplicate groups among the documents that match the
query and every other facet's selection and carry that value, which is exactly the total the result list
shows once that value alone is selected."""

from __future__ import annotations

from dataclasses import dataclass, field

from unidecode import unidecode

from whoosh.reading import TermNotFound

from findit.documents import Kind
from findit.results import FacetValue

# facet name (results.FACETS) -> index field holding its display values
FACET_FIELDS = {
    "year": "year",
    "tag": "tag",
    "outlet": "outlet",
    "kind": "kind",
    "speaker": "speaker",
    "organisation": "organisation",
}


def _fold(text: str) -> str:
    return unidecode(text).lower().strip()


@dataclass
class FacetTables:
    """What one generation's reader says about every live document, for filtering and counting."""

    postings: dict[str, dict[str, frozenset[int]]]     # facet -> value -> docnums
    group_of: dict[int, str]                           # docnum -> group, for groups of two or more only
    group_size: dict[str, int]                         # group -> number of live members (two or more)
    hidden: frozenset[int]                             # drafts and junk
    all_docs: list[int]
    dates: dict[int, int] = field(default_factory=dict)   # docnum -> sortable date (absent: no date)

    @classmethod
    def read(cls, reader) -> "FacetTables":
        schema = reader.schema
        postings: dict[str, dict[str, frozenset[int]]] = {}
        for facet, fieldname in FACET_FIELDS.items():
            values: dict[str, frozenset[int]] = {}
            field_type = schema[fieldname]
            if fieldname in reader.indexed_field_names():
                for term in field_type.sortable_terms(reader, fieldname):
                    docs = frozenset(reader.postings(fieldname, term).all_ids())
                    value = str(field_type.from_bytes(term)).strip()
                    if docs and value:
                        values[value] = docs
            postings[facet] = values

        group_of: dict[int, str] = {}
        group_size: dict[str, int] = {}
        if "group" in reader.indexed_field_names():
            for term, info in reader.iter_field("group"):
                # doc_frequency counts deleted documents too: read the postings to be sure.
                if info.doc_frequency() > 1:
                    docs = list(reader.postings("group", term).all_ids())
                    if len(docs) > 1:
                        name = term.decode("utf-8")
                        group_size[name] = len(docs)
                        for d in docs:
                            group_of[d] = name

        hidden: set[int] = set()
        for flag in ("draft", "junk"):
            hidden.update(_docs(reader, flag, schema[flag].to_bytes(True)))

        dates: dict[int, int] = {}
        if "date" in reader.indexed_field_names():
            date_field = schema["date"]
            for term in date_field.sortable_terms(reader, "date"):
                when = date_field.from_bytes(term).toordinal()
                for d in reader.postings("date", term).all_ids():
                    dates[d] = when
        return cls(postings, group_of, group_size, frozenset(hidden), list(reader.all_doc_ids()), dates)

    def original_key(self, docnum: int) -> tuple:
        """Which member stands for a duplicate group: a published one before a draft, then the earliest
        (the original, not its re-posts)."""
        return (docnum in self.hidden, self.dates.get(docnum, 10**7), docnum)

    # -- filtering ---------------------------------------------------------------------------------------

    def resolve(self, facet: str, wanted: str) -> str:
        """The indexed value a user's value names (same value, else same folded text, else for kinds the
        French label); the value itself when nothing matches."""
        values = self.postings.get(facet, {})
        wanted = str(wanted).strip()
        if wanted in values:
            return wanted
        folded = _fold(wanted)
        for value in values:
            if _fold(value) == folded:
                return value
        if facet == "kind":
            for value, label in Kind.LABELS_FR.items():
                if _fold(label) == folded:
                    return value
        return wanted

    def selection(self, facet: str, values: list[str]) -> frozenset[int]:
        """Documents carrying any of the values (several values of one facet combine with OR)."""
        postings = self.postings.get(facet, {})
        found: set[int] = set()
        for value in values:
            found.update(postings.get(value, ()))
        return frozenset(found)

    # -- counting ----------------------------------------------------------------------------------------

    def groups_in(self, docs) -> int:
        """How many duplicate groups the documents make."""
        docs = docs if isinstance(docs, (set, frozenset)) else set(docs)
        multi = [d for d in docs if d in self.group_of]
        return len(docs) - len(multi) + len({self.group_of[d] for d in multi})

    def count(self, facet: str, docs: set[int], selected: list[str], limit: int,
              labels: dict[str, str] | None = None) -> list[FacetValue]:
        """Values of one facet among `docs`, by count (years by year, newest first); selected values are
        kept even at 0 and beyond the limit."""
        group_of = self.group_of
        in_groups = {d for d in docs if d in group_of} if group_of else set()
        counted: list[tuple[str, int]] = []
        for value, postings in self.postings.get(facet, {}).items():
            common = postings & docs if len(postings) < len(docs) else docs & postings
            n = len(common)
            if n and in_groups:
                grouped = common & in_groups
                if grouped:
                    n -= len(grouped) - len({group_of[d] for d in grouped})
            if n:
                counted.append((value, n))
        if facet == "year":
            counted.sort(key=lambda vc: (-vc[1], -int(vc[0]) if vc[0].lstrip("-").isdigit() else 0))
        else:
            counted.sort(key=lambda vc: (-vc[1], _fold(vc[0]), vc[0]))
        chosen = set(selected)
        shown = counted[:limit]
        shown_values = {v for v, _ in shown}
        shown += [(v, n) for v, n in counted[limit:] if v in chosen]
        shown += [(v, 0) for v in selected if v not in shown_values and v not in {s for s, _ in shown}]
        if facet == "year":
            # Years read best in order once chosen by count.
            shown.sort(key=lambda vc: -int(vc[0]) if vc[0].lstrip("-").isdigit() else 0)
        labels = labels or {}
        return [FacetValue(v, n, v in chosen, labels.get(v, "")) for v, n in shown]


def _docs(reader, fieldname: str, term: bytes) -> list[int]:
    try:
        return list(reader.postings(fieldname, term).all_ids())
    except TermNotFound:
        return []
