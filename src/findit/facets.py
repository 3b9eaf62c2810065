"""Facet counts over duplicate groups, read once per index generation from the inverted index.

Why not Whoosh's `groupedby`: it counts documents, while a result list shows one line per duplicate group;
and each facet's counts must ignore that facet's own selection, which would take one search per selected
facet. Here the postings of every facet value are kept as sets of document numbers, so a query's counts
are set intersections.

Arithmetic: the count of a value is the number of duplicate groups among the documents that match the
query and every other facet's selection and carry that value, which is exactly the total the result list
shows once that value alone is selected."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from unidecode import unidecode

from whoosh.reading import TermNotFound

from findit.documents import Kind
from findit.folding import fast_fold
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


# Bump when FacetTables' fields change: saved tables of another format are read again from the index.
FORMAT = 2

# Facets whose field holds several comma-separated values (schema: KEYWORD(commas=True)).
MULTI_VALUED = ("tag", "speaker", "organisation")


def _fold(text: str) -> str:
    return unidecode(text).lower().strip()


@dataclass
class FacetTables:
    """What one generation's reader says about every live document, for filtering and counting."""

    postings: dict[str, Mapping[str, frozenset[int]]]  # facet -> value -> docnums
    group_of: dict[int, str]                           # docnum -> group, for groups of two or more only
    group_size: dict[str, int]                         # group -> number of live members (two or more)
    hidden: frozenset[int]                             # drafts and junk
    all_docs: list[int]
    dates: dict[int, int] = field(default_factory=dict)   # docnum -> sortable date (absent: no date)
    by_date: list[int] = field(default_factory=list)      # live docnums, newest first, undated last
    sort_keys: dict[str, dict[str, tuple]] = field(default_factory=dict)   # facet -> value -> order
    postings_bits: dict[str, dict[str, int]] = field(default_factory=dict)  # postings as bits
    grouped_postings: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict)  # in groups

    def __post_init__(self):
        self.postings_bits = {facet: {v: self.bits(docs) for v, docs in values.items()}
                              for facet, values in self.postings.items()}
        grouped = frozenset(self.group_of)
        self.grouped_postings = {facet: {v: docs & grouped for v, docs in values.items() if docs & grouped}
                                 for facet, values in self.postings.items()}

    @classmethod
    def read(cls, reader) -> "FacetTables":
        schema = reader.schema
        live = list(reader.all_doc_ids())
        postings: dict[str, dict[str, frozenset[int]]] = {}
        for facet, fieldname in FACET_FIELDS.items():
            if reader.has_column(fieldname):
                postings[facet] = _from_column(reader, fieldname, live, multi=facet in MULTI_VALUED)
            else:
                postings[facet] = _from_postings(reader, fieldname)

        group_of: dict[int, str] = {}
        group_size: dict[str, int] = {}
        if "group" in reader.indexed_field_names():
            for term in _shared_terms(reader, "group"):
                # doc_frequency counts deleted documents too: read the postings to be sure.
                docs = list(reader.postings("group", term).all_ids())
                if len(docs) > 1:
                    name = term.decode("utf-8")
                    group_size[name] = len(docs)
                    for d in docs:
                        group_of[d] = name

        hidden: set[int] = set()
        for flag in ("draft", "junk"):
            hidden.update(_docs(reader, flag, schema[flag].to_bytes(True)))

        # Dates as their sortable column values (chronological order is all that is needed).
        dates: dict[int, int] = {}
        if reader.has_column("date"):
            column = _column(reader, "date")
            missing = _missing(schema["date"])
            dates = {d: column[d] for d in live if column[d] != missing}
        all_docs = live
        by_date = sorted(all_docs, key=lambda d: (-dates.get(d, 0), d))
        sort_keys = {facet: {v: _sort_key(facet, v) for v in values} for facet, values in postings.items()}
        return cls(postings, group_of, group_size, frozenset(hidden), all_docs, dates, by_date, sort_keys)

    # -- kept with the index ----------------------------------------------------------------------------

    def save(self, gen_path: Path, toc: int, doc_count: int) -> None:
        """Store the tables beside the Whoosh commit they were read from, so that a one-shot query loads
        them instead of reading every facet column (a third of a cold `findit query`). Pickle, as Whoosh's
        own table of contents: the index folder is findit's, not input."""
        # The postings as sets are left out: the same documents are in postings_bits, and a loaded table
        # rebuilds a value's set only when a filter asks for it (unpickling them all was most of the load).
        kept = {name: value for name, value in self.__dict__.items() if name != "postings"}
        data = {"format": FORMAT, "toc": toc, "docs": doc_count, "fields": kept}
        fd, tmp = tempfile.mkstemp(dir=gen_path, prefix=".facets-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)
            os.replace(tmp, stored_path(gen_path, toc))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # Earlier commits' tables, and temporary files of a save that was killed (one writer at a time).
        for old in [*gen_path.glob("facets-*.pickle"), *gen_path.glob(".facets-*")]:
            if old.name != stored_path(gen_path, toc).name:
                old.unlink(missing_ok=True)

    @classmethod
    def load(cls, gen_path: Path, toc: int, doc_count: int) -> "FacetTables | None":
        """The tables saved for this very commit; None when there are none (an index written by an older
        findit, a commit being replaced) or they do not fit it: the caller then reads them from the index."""
        try:
            with open(stored_path(gen_path, toc), "rb") as fh:
                data = pickle.load(fh)
            if (data["format"] != FORMAT or data["toc"] != toc or data["docs"] != doc_count
                    or set(data["fields"]) | {"postings"} != {f.name for f in fields(cls)}):
                return None
            tables = cls.__new__(cls)
            tables.__dict__.update(data["fields"])
            tables.postings = {facet: _BitSets(bits) for facet, bits in tables.postings_bits.items()}
            return tables
        except Exception:  # noqa: BLE001 - whatever is wrong with the file, reading the index is the answer
            return None

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

    def bits(self, docs) -> int:
        """A set of document numbers as the bits of an int (counting is then AND and bit_count)."""
        if not docs:
            return 0
        raw = bytearray((max(docs) >> 3) + 1)
        for d in docs:
            raw[d >> 3] |= 1 << (d & 7)
        return int.from_bytes(raw, "little")

    def selection_bits(self, facet: str, values: list[str]) -> int:
        postings = self.postings_bits.get(facet, {})
        found = 0
        for value in values:
            found |= postings.get(value, 0)
        return found

    def count(self, facet: str, docs: int, doc_set: set[int], selected: list[str], limit: int,
              labels: dict[str, str] | None = None) -> list[FacetValue]:
        """Values of one facet among the documents (`docs` as bits, see bits(), and `doc_set` the same
        as a set), by count (years by year, newest first); selected values are kept even at 0 and beyond
        the limit."""
        group_of = self.group_of
        grouped_postings = self.grouped_postings.get(facet, {})
        counted: list[tuple[str, int]] = []
        for value, postings in self.postings_bits.get(facet, {}).items():
            common = postings & docs
            if not common:
                continue
            n = common.bit_count()
            in_groups = grouped_postings.get(value)
            if in_groups:
                grouped = in_groups & doc_set
                if len(grouped) > 1:
                    n -= len(grouped) - len({group_of[d] for d in grouped})
            counted.append((value, n))
        keys = self.sort_keys.get(facet, {})
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


class _BitSets(Mapping):
    """Value -> documents, read off the value's bits when first asked."""

    def __init__(self, bits: dict[str, int]):
        self._bits = bits
        self._sets: dict[str, frozenset[int]] = {}

    def __getitem__(self, value: str) -> frozenset[int]:
        found = self._sets.get(value)
        if found is None:
            bits = self._bits[value]
            raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
            found = frozenset(i * 8 + j for i, byte in enumerate(raw) if byte for j in range(8) if byte >> j & 1)
            self._sets[value] = found
        return found

    def __iter__(self):
        return iter(self._bits)

    def __len__(self) -> int:
        return len(self._bits)

    def __contains__(self, value) -> bool:
        return value in self._bits


def stored_path(gen_path: Path, toc: int) -> Path:
    return Path(gen_path) / f"facets-{toc}.pickle"


def _sort_key(facet: str, value: str) -> tuple:
    """Order among equal counts: years newest first, other values alphabetically (folded)."""
    if facet == "year":
        return (-int(value),) if value.lstrip("-").isdigit() else (0,)
    return (fast_fold(value), value)


def _column(reader, fieldname: str) -> list:
    """One raw column value per document number. Read segment by segment: Whoosh's multi-segment column
    leaves out segments with no column file for the field (e.g. an update whose documents have no date),
    which would shift every later value."""
    return [v for sub, _ in reader.leaf_readers() for v in sub.column_reader(fieldname, translate=False)]


def _from_column(reader, fieldname: str, live: list[int], multi: bool) -> dict[str, frozenset[int]]:
    """Value -> documents, from the field's column: one read for all documents instead of one postings
    read per value (which made opening a large index slow). The values are split as the field's
    analyser splits them, so they are the indexed terms."""
    field_type = reader.schema[fieldname]
    column = _column(reader, fieldname)
    found: dict[str, list[int]] = {}
    numeric = not isinstance(column[0] if column else b"", bytes)
    missing = _missing(field_type) if numeric else b""
    for d in live:
        raw = column[d]
        if raw == missing:
            continue
        if numeric:
            found.setdefault(str(field_type.from_column_value(raw)), []).append(d)
            continue
        text = raw.decode("utf-8")
        for value in (text.split(",") if multi else (text,)):
            value = value.strip()
            if value:
                found.setdefault(value, []).append(d)
    return {value: frozenset(docs) for value, docs in found.items()}


def _missing(field_type):
    """What a column holds for a document without the field."""
    return field_type.default_column().default_value()


def _from_postings(reader, fieldname: str) -> dict[str, frozenset[int]]:
    values: dict[str, frozenset[int]] = {}
    if fieldname in reader.indexed_field_names():
        field_type = reader.schema[fieldname]
        for term in field_type.sortable_terms(reader, fieldname):
            docs = frozenset(reader.postings(fieldname, term).all_ids())
            value = str(field_type.from_bytes(term)).strip()
            if docs and value:
                values[value] = docs
    return values


def _shared_terms(reader, fieldname: str) -> list[bytes]:
    """The field's terms that two or more documents carry (deleted ones included), in term order. Read
    segment by segment: a multi-segment reader looks each term up in every segment, which made opening a
    large index slow (one group term per document)."""
    frequency: dict[bytes, int] = {}
    for sub, _ in reader.leaf_readers():
        if fieldname in sub.indexed_field_names():
            for term, info in sub.iter_field(fieldname):
                frequency[term] = frequency.get(term, 0) + info.doc_frequency()
    return sorted(term for term, n in frequency.items() if n > 1)


def _docs(reader, fieldname: str, term: bytes) -> list[int]:
    try:
        return list(reader.postings(fieldname, term).all_ids())
    except TermNotFound:
        return []
