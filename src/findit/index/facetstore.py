"""The facet tables of one Whoosh commit: what the searcher needs about every live document to filter,
count and order, read once from the index and saved beside the commit so that a one-shot query loads
them instead of reading six columns and every duplicate group.

One representation of a set of documents: the bits of an int (document number n is bit n), so that a
query's facet counts are ANDs and bit counts (findit.search.facets).

Saved as JSON (`facets-<toc>.json`), a data format: nothing read from the index folder can run code. A
reader loads the tables of the commit it opened, and reads the index itself when they are missing, stale
(another commit, another document count) or unreadable."""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.reading import TermNotFound

from findit.jsonfile import read_json, write_json

# facet name (findit.search.results.FACETS) -> index field holding its display values
FACET_FIELDS = {
    "year": "year",
    "tag": "tag",
    "outlet": "outlet",
    "kind": "kind",
    "lang": "lang",
    "speaker": "speaker",
    "organisation": "organisation",
}
# Facets whose field holds several comma-separated values (schema: KEYWORD(commas=True)).
MULTI_VALUED = ("tag", "speaker", "organisation")
# A comma inside one of those values (« Direction de la Recherche, des Études… ») is stored as this
# look-alike, so that it does not split the value, and read back as a comma.
VALUE_COMMA = "\u201a"
# Bump when the saved tables change meaning: tables of another format are read again from the index.
FORMAT = 7


class FacetTablesError(ValueError):
    """Saved facet tables that cannot be read (the reader then reads the index)."""


def keyword_term(value: str) -> str:
    """A value of a multi-valued facet as its field stores it."""
    return value.replace(",", VALUE_COMMA)


def keyword_value(term: str) -> str:
    """A stored term of a multi-valued facet as the value it holds."""
    return term.replace(VALUE_COMMA, ",")


def to_bits(docs) -> int:
    """Document numbers as the bits of an int."""
    if not docs:
        return 0
    raw = bytearray((max(docs) >> 3) + 1)
    for d in docs:
        raw[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(raw, "little")


def from_bits(bits: int) -> list[int]:
    """The document numbers whose bits are set, in order."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [i * 8 + j for i, byte in enumerate(raw) if byte for j in range(8) if byte >> j & 1]


@dataclass
class FacetTables:
    """What one commit's reader says about every live document."""

    values: dict[str, dict[str, int]]  # facet -> display value -> its documents (bits)
    group_of: dict[int, str]  # docnum -> group, for groups of two or more only
    group_size: dict[str, int]  # group -> number of live members (two or more)
    hidden: frozenset[int]  # drafts and junk
    all_docs: list[int]
    dates: dict[int, int] = field(default_factory=dict)  # docnum -> sortable date (absent: no date)
    by_date: list[int] = field(default_factory=list)  # live docnums, newest first, undated last
    # The commit's segments, [id, documents], in order: what findit.index.facetupdate starts from.
    segments: list[list] = field(default_factory=list)
    toc: int | None = field(default=None, compare=False)  # the Whoosh generation of the commit, once saved or loaded

    @classmethod
    def read(cls, reader) -> FacetTables:
        live = list(reader.all_doc_ids())
        values: dict[str, dict[str, int]] = {}
        for facet, fieldname in FACET_FIELDS.items():
            if reader.has_column(fieldname):
                postings = _from_column(reader, fieldname, live, multi=facet in MULTI_VALUED)
            else:
                postings = _from_postings(reader, fieldname)
            values[facet] = {value: to_bits(docs) for value, docs in postings.items()}

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

        hidden = flagged(reader)

        # Dates as their sortable column values (chronological order is all that is needed).
        dates: dict[int, int] = {}
        if reader.has_column("date"):
            dates = column_dates(reader.schema["date"], column(reader, "date"), live)
        by_date = sorted(live, key=lambda d: (-dates.get(d, 0), d))
        return cls(values, group_of, group_size, frozenset(hidden), live, dates, by_date, segments_of(reader))

    def original_key(self, docnum: int) -> tuple:
        """Which member stands for a duplicate group: a published one before a draft, then the earliest
        (the original, not its re-posts)."""
        return (docnum in self.hidden, self.dates.get(docnum, 10**7), docnum)

    def collapsed(self, docs, scores: dict[int, float]) -> dict[int, float]:
        """One document per duplicate group: its original (original_key) among the documents given, scored
        as the group's best match."""
        out: dict[int, float] = {}
        members: dict[str, list[int]] = {}
        for d in docs:
            group = self.group_of.get(d)
            if group is None:
                out[d] = scores[d]
            else:
                members.setdefault(group, []).append(d)
        for group_docs in members.values():
            best = min(group_docs, key=self.original_key)
            out[best] = max(scores[d] for d in group_docs)
        return out

    # -- kept with the index ----------------------------------------------------------------------------

    def save(self, gen_path: Path, toc: int, doc_count: int) -> None:
        """Store the tables beside the Whoosh commit they were read from (atomically), and remove those of
        earlier commits."""
        data = {
            "format": FORMAT,
            "toc": toc,
            "docs": doc_count,
            "values": {
                facet: {v: _encode(bits) for v, bits in values.items()} for facet, values in self.values.items()
            },
            "groups": [[d, g] for d, g in self.group_of.items()],
            "group_size": self.group_size,
            "hidden": sorted(self.hidden),
            "all_docs": self.all_docs,
            # two flat lists, not a pair per document: made and read at C speed (100,000 pairs at every update)
            "dates": [list(self.dates), list(self.dates.values())],
            "by_date": self.by_date,
            "segments": self.segments,
        }
        path = stored_path(gen_path, toc)
        write_json(path, data)
        self.toc = toc
        for old in Path(gen_path).glob("facets-*"):
            if old.name != path.name:
                old.unlink(missing_ok=True)

    @classmethod
    def load(cls, gen_path: Path, toc: int, doc_count: int | None) -> FacetTables | None:
        """The tables saved for this very commit (of `doc_count` documents, deleted ones included, when
        given); None when there are none (an index written by an older findit, a commit being replaced),
        they do not fit it, or they cannot be read: the caller then reads them from the index."""
        try:
            data = read_json(stored_path(gen_path, toc), FacetTablesError, "facet tables")
            if data is None or data.get("format") != FORMAT or data.get("toc") != toc:
                return None
            if doc_count is not None and data.get("docs") != doc_count:
                return None
            return cls(
                values={
                    facet: {v: _decode(raw) for v, raw in values.items()} for facet, values in data["values"].items()
                },
                group_of={int(d): str(g) for d, g in data["groups"]},
                group_size={str(g): int(n) for g, n in data["group_size"].items()},
                hidden=frozenset(map(int, data["hidden"])),
                all_docs=[int(d) for d in data["all_docs"]],
                dates=dict(zip(map(int, data["dates"][0]), map(int, data["dates"][1]), strict=True)),
                by_date=[int(d) for d in data["by_date"]],
                # Tables saved before they named their segments: true, but nothing is derived from them.
                segments=[[str(name), int(n)] for name, n in data.get("segments", [])],
                toc=toc,
            )
        except (FacetTablesError, KeyError, TypeError, ValueError, AttributeError, zlib.error):
            return None


def segments_of(reader) -> list[list]:
    """[segment id, documents (deleted ones included)] of each of the reader's segments, in order; none
    for an empty index (its reader has no segment)."""
    found = []
    for sub, _ in reader.leaf_readers():
        segment = sub.segment()
        if segment is None:
            return []
        found.append([segment.segment_id(), sub.doc_count_all()])
    return found


def stored_path(gen_path: Path, toc: int) -> Path:
    return Path(gen_path) / f"facets-{toc}.json"


def _encode(bits: int) -> list:
    """[offset, base64 of the deflated bytes]: the bits' bytes without their leading zero bytes (most
    values sit late in the index, so their first bytes are all zero), deflated (a value of a few documents
    among 100,000 is mostly zero bytes: the tables of 100,000 documents went from 21 to 2 MB, which every
    update writes and every one-shot query reads)."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    offset = len(raw) - len(raw.lstrip(b"\0"))
    return [offset, base64.b64encode(zlib.compress(raw[offset:], 1)).decode("ascii")]


def _decode(stored: list) -> int:
    offset, text = stored
    raw = zlib.decompress(base64.b64decode(text, validate=True))
    return int.from_bytes(raw, "little") << (8 * int(offset))


def column(reader, fieldname: str) -> list:
    """One raw column value per document number. Read segment by segment: Whoosh's multi-segment column
    leaves out segments with no column file for the field (e.g. an update whose documents have no date),
    which would shift every later value."""
    return [v for sub, _ in reader.leaf_readers() for v in sub.column_reader(fieldname, translate=False)]


def _from_column(reader, fieldname: str, live: list[int], multi: bool) -> dict[str, list[int]]:
    """Value -> documents, from the field's column: one read for all documents instead of one postings
    read per value (which made opening a large index slow). The values are split as the field's
    analyser splits them, so they are the indexed terms."""
    return column_values(reader.schema[fieldname], column(reader, fieldname), live, multi)


def column_values(field_type, raws, docs, multi: bool, offset: int = 0) -> dict[str, list[int]]:
    """Value -> documents (numbered from `offset`) among `docs`, the positions of their raw values in
    `raws` (a column)."""
    found: dict[str, list[int]] = {}
    numeric = not isinstance(raws[0] if len(raws) else b"", bytes)
    missing = missing_value(field_type) if numeric else b""
    for d in docs:
        raw = raws[d]
        if raw == missing:
            continue
        if numeric:
            found.setdefault(str(field_type.from_column_value(raw)), []).append(d + offset)
            continue
        text = raw.decode("utf-8")
        for value in text.split(",") if multi else (text,):
            value = keyword_value(value).strip()
            if value:
                found.setdefault(value, []).append(d + offset)
    return found


def missing_value(field_type):
    """What a column holds for a document without the field."""
    return field_type.default_column().default_value()


def _from_postings(reader, fieldname: str) -> dict[str, list[int]]:
    values: dict[str, list[int]] = {}
    if fieldname in reader.indexed_field_names():
        field_type = reader.schema[fieldname]
        for term in field_type.sortable_terms(reader, fieldname):
            docs = list(reader.postings(fieldname, term).all_ids())
            value = keyword_value(str(field_type.from_bytes(term))).strip()
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


def flagged(reader, offset: int = 0) -> set[int]:
    """The drafts and junk among the reader's live documents (numbered from `offset`)."""
    found: set[int] = set()
    for flag in ("draft", "junk"):
        try:
            found.update(offset + d for d in reader.postings(flag, reader.schema[flag].to_bytes(True)).all_ids())
        except TermNotFound:
            pass
    return found


def column_dates(field_type, raws, docs, offset: int = 0) -> dict[int, int]:
    """Document (numbered from `offset`) -> its sortable date, among `docs`, from the date column `raws`."""
    missing = missing_value(field_type)
    return {d + offset: raws[d] for d in docs if raws[d] != missing}
