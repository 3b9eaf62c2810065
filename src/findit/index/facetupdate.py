"""The facet tables of a commit from those of the commit before it, reading only what changed.

Why: reading the tables from the index reads six columns, the draft and junk postings and every duplicate
group of the whole archive (4 s at 100,000 documents), at every update. A commit that did not merge
segments keeps the previous segments where they were (same document numbers) and appends its own: the
previous tables stay true but for the documents the commit deleted, which are taken out, and the new
segments' documents, which are read alone. A commit that merged segments renumbers documents: its tables
are read whole (findit.index.facetstore.FacetTables.read).
"""

from __future__ import annotations

from bisect import bisect_left, insort

from findit.index.facetstore import (
    FACET_FIELDS,
    MULTI_VALUED,
    FacetTables,
    column_dates,
    column_values,
    flagged,
    segments_of,
    to_bits,
)


def updated(previous: FacetTables | None, reader) -> FacetTables | None:
    """The tables of `reader`'s commit from `previous` (its parent commit's); None when they cannot be
    derived (no previous tables, no segment kept in its place, a facet without a column). Segments merged
    at the end (findit.index.tailmerge) are documents gone, and the merged segment's new ones."""
    if previous is None or not previous.segments:
        return None
    leaves = reader.leaf_readers()
    now = segments_of(reader)
    kept = 0
    while kept < min(len(now), len(previous.segments)) and now[kept] == previous.segments[kept]:
        kept += 1
    if not kept or not all(reader.has_column(f) for f in (*FACET_FIELDS.values(), "date")):
        return None
    end = sum(count for _, count in previous.segments[:kept])  # the kept segments' documents are below
    old_live = set(previous.all_docs)
    gone = {offset + d for sub, offset in leaves[:kept] for d in (sub.deleted_docs_set or ()) if offset + d in old_live}
    # the documents of the segments merged, numbered as they were (all_docs is in document order)
    merged = set(previous.all_docs[bisect_left(previous.all_docs, end) :])
    gone |= merged
    added = leaves[kept:]
    new_docs = {offset + d for sub, offset in added for d in range(sub.doc_count_all()) if not sub.is_deleted(d)}

    values = {facet: dict(by_value) for facet, by_value in previous.values.items()}
    gone_bits = to_bits(gone)
    for facet, fieldname in FACET_FIELDS.items():
        table = values.setdefault(facet, {})
        multi = facet in MULTI_VALUED
        # The deleted documents' values (their columns are still there) lose them.
        for value in _values(reader, leaves[:kept], fieldname, gone, multi):
            bits = table.get(value, 0) & ~gone_bits
            if bits:
                table[value] = bits
            else:
                table.pop(value, None)
        if merged:  # their values are no longer in the index: every value loses the numbers from `end` on
            below = (1 << end) - 1
            for value in list(table):
                if bits := table[value] & below:
                    table[value] = bits
                else:
                    del table[value]
        for value, docs in _values(reader, added, fieldname, new_docs, multi).items():
            table[value] = table.get(value, 0) | to_bits(docs)

    dates = {d: v for d, v in previous.dates.items() if d not in gone}
    hidden = set(previous.hidden) - gone
    for sub, offset in added:
        live = [d for d in range(sub.doc_count_all()) if not sub.is_deleted(d)]
        dates.update(column_dates(reader.schema["date"], sub.column_reader("date", translate=False), live, offset))
        hidden |= flagged(sub, offset)

    group_of, group_size = _groups(previous, reader, added, gone)
    # The kept documents keep their order; the new ones (numbered after them) are put in their place:
    # sorting every live document again took a tenth of a second per update at 100,000 documents.
    live = [d for d in previous.all_docs if d not in gone] + sorted(new_docs)
    by_date = [d for d in previous.by_date if d not in gone]
    for d in sorted(new_docs):
        insort(by_date, d, key=lambda doc: (-dates.get(doc, 0), doc))
    return FacetTables(values, group_of, group_size, frozenset(hidden), live, dates, by_date, now)


def _values(reader, leaves, fieldname: str, docs: set[int], multi: bool) -> dict[str, list[int]]:
    """Value -> documents, for the documents of `docs` in those segments, from the field's column."""
    found: dict[str, list[int]] = {}
    field_type = reader.schema[fieldname]
    for sub, offset in leaves:
        mine = [d - offset for d in docs if offset <= d < offset + sub.doc_count_all()]
        if not mine:
            continue
        raws = sub.column_reader(fieldname, translate=False)
        for value, numbers in column_values(field_type, raws, sorted(mine), multi, offset).items():
            found.setdefault(value, []).extend(numbers)
    return found


def _groups(previous: FacetTables, reader, added, gone: set[int]) -> tuple[dict[int, str], dict[str, int]]:
    """Duplicate groups: those of the new documents and of the deleted ones counted again over the whole
    index (a new document can join a document that was alone); the others as they were."""
    group_of = {d: g for d, g in previous.group_of.items() if d not in gone}
    group_size = dict(previous.group_size)
    touched = {previous.group_of[d] for d in gone if d in previous.group_of}
    for sub, _ in added:
        if "group" in sub.indexed_field_names():
            touched.update(term.decode("utf-8") for term, _ in sub.iter_field("group"))
    for d in [d for d, g in group_of.items() if g in touched]:
        del group_of[d]
    for name in touched:
        group_size.pop(name, None)
        term = reader.schema["group"].to_bytes(name)
        docs = list(reader.postings("group", term).all_ids()) if ("group", term) in reader else []
        if len(docs) > 1:
            group_size[name] = len(docs)
            for d in docs:
                group_of[d] = name
    return group_of, group_size
