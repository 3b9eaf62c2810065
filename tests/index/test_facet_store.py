"""Facet tables saved with each commit: a reader loads the ones of its own commit, equal to what reading the
index gives, and falls back to reading the index when they are missing, stale or damaged."""

from __future__ import annotations

from pathlib import Path

from findit.index import current_path, open_index
from findit.index.facetstore import FacetTables, from_bits, stored_path
from findit.index.facetupdate import updated
from findit.search import Searcher
from findit.search.results import SearchRequest

NEW_EVENT = """---
title: Atelier sur la médiation numérique à Quimper
date: 2021-03-04
tags:
- inclusion numérique
speakers:
- Maëlle Quéré
---
Les conseillers numériques de Quimper présentent leurs ateliers de médiation aux agents des mairies.
"""


def same(saved: FacetTables, read: FacetTables) -> bool:
    """Equal tables, field by field."""
    return saved == read


def saved_and_read(settings) -> tuple[FacetTables | None, FacetTables]:
    ix = open_index(settings).index
    with ix.reader() as reader:
        gen = Path(ix.storage.folder)
        return FacetTables.load(gen, reader.generation(), reader.doc_count_all()), FacetTables.read(reader)


def facets_of(settings, query: str = "", **filters) -> tuple[int, dict]:
    with Searcher(settings) as searcher:
        result = searcher.search(SearchRequest(query=query, filters=filters, facet_limit=1000))
    return result.total, {name: [(v.value, v.count) for v in values] for name, values in result.facets.items()}


def test_each_commit_leaves_the_tables_a_reader_would_compute(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    saved, read = saved_and_read(settings)
    assert saved is not None and same(saved, read)
    first = sorted(p.name for p in current_path(settings).glob("facets-*.json"))

    # An incremental commit renumbers documents: its own tables replace the previous ones.
    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    (corpus_copy / "003_8294027aa705ba38.txt").unlink()
    make_indexer(settings).update()
    saved, read = saved_and_read(settings)
    assert saved is not None and same(saved, read)
    assert "Maëlle Quéré" in saved.values["speaker"]
    now = sorted(p.name for p in current_path(settings).glob("facets-*.json"))
    assert len(now) == 1 and now != first


def _tables(settings) -> FacetTables:
    ix = open_index(settings).index
    with ix.reader() as reader:
        return FacetTables.read(reader)


def test_an_update_derives_its_tables_from_the_previous_commit(corpus_copy, make_settings, make_indexer, monkeypatch):
    """Each change below is one commit that adds a segment and deletes documents (no merge): its tables,
    derived from the previous commit's (which the indexer kept, without loading them), are those reading
    the whole index gives."""
    loads = []
    real_load = FacetTables.load.__func__
    monkeypatch.setattr(
        FacetTables, "load", classmethod(lambda cls, *args: loads.append(args) or real_load(cls, *args))
    )
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    quimper = corpus_copy / "quimper.md"
    changes = [
        lambda: quimper.write_text(NEW_EVENT, encoding="utf-8"),  # a new speaker, tag and year
        lambda: (corpus_copy / "copie.md").write_text(NEW_EVENT, encoding="utf-8"),  # a duplicate: a group
        lambda: quimper.write_text(NEW_EVENT.replace("inclusion numérique", "tiers-lieux"), encoding="utf-8"),
        lambda: (corpus_copy / "brouillon.md").write_text(
            NEW_EVENT.replace("date: 2021-03-04", "date: 2019-05-06\ndraft: true"), encoding="utf-8"
        ),
        lambda: (corpus_copy / "003_8294027aa705ba38.txt").unlink(),  # many documents at once
        lambda: (corpus_copy / "copie.md").unlink(),  # the group is one document again
    ]
    groups_seen = False
    for change in changes:
        previous = _tables(settings)
        change()
        loads.clear()
        summary = indexer.update()
        assert summary.changed and not loads
        ix = open_index(settings).index
        with ix.reader() as reader:
            read = FacetTables.read(reader)
            derived = updated(previous, reader)
            saved = FacetTables.load(Path(ix.storage.folder), reader.generation(), reader.doc_count_all())
        assert derived is not None and same(derived, read)
        assert saved is not None and same(saved, read)
        groups_seen = groups_seen or bool(read.group_size.keys() - previous.group_size.keys())
    assert groups_seen, "a change made a new duplicate group"
    assert "Maëlle Quéré" in read.values["speaker"] and "tiers-lieux" in read.values["tag"]
    # The old tag is left on the draft alone.
    assert set(from_bits(read.values["tag"]["inclusion numérique"])) <= read.hidden
    # Other segments (a rebuild, a merge): nothing is derived, the tables are read whole.
    indexer.update(full=True)
    ix = open_index(settings).index
    with ix.reader() as reader:
        assert updated(read, reader) is None


def test_missing_or_damaged_tables_are_read_from_the_index(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    expected = facets_of(settings, "numérique", year=["2022"])
    assert expected[0] > 0
    saved = next(current_path(settings).glob("facets-*.json"))

    saved.write_bytes(b"{not json")
    assert facets_of(settings, "numérique", year=["2022"]) == expected

    saved.unlink()
    assert facets_of(settings, "numérique", year=["2022"]) == expected


def test_tables_of_another_commit_are_not_used(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    ix = open_index(settings).index
    with ix.reader() as reader:
        gen, toc, docs = Path(ix.storage.folder), reader.generation(), reader.doc_count_all()
    assert FacetTables.load(gen, toc, docs) is not None
    stored_path(gen, toc).rename(stored_path(gen, toc + 1))
    assert FacetTables.load(gen, toc + 1, docs) is None  # saved for another commit
    stored_path(gen, toc + 1).rename(stored_path(gen, toc))
    assert FacetTables.load(gen, toc, docs + 1) is None  # another document count


def test_nothing_read_from_the_index_folder_runs_code(corpus_copy, make_settings, tmp_path, make_indexer):
    """Whoever can write the index folder must not get code run by whoever searches it: a pickle that runs
    a command, put where facet tables go (the old name and the new), is never executed."""
    import os
    import pickle

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    expected = facets_of(settings, "numérique")
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    gen = current_path(settings)
    ix = open_index(settings).index
    with ix.reader() as reader:
        toc = reader.generation()
    for name in (f"facets-{toc}.pickle", f"facets-{toc}.json"):
        (gen / name).write_bytes(pickle.dumps(Payload()))
    assert facets_of(settings, "numérique") == expected
    assert not marker.exists()


def test_a_merge_of_the_last_segments_keeps_the_first_in_place_and_its_tables_derived(
    corpus_copy, make_settings, make_indexer
):
    """Updates one after another gather small segments until a commit merges those at the end
    (findit.index.tailmerge): the archive's first segment keeps its place and numbers, and the tables
    derived from the previous commit's are still those reading the whole index gives."""
    from findit.index.commit import MERGE_AFTER
    from findit.index.facetstore import segments_of

    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    ix = open_index(settings).index
    with ix.reader() as reader:
        first = segments_of(reader)[0]
    merges = 0
    for i in range(MERGE_AFTER + 2):
        previous = _tables(settings)
        text = NEW_EVENT.replace("Quimper", f"Quimper, séance {i}").replace("2021-03-04", f"2021-03-{i + 1:02d}")
        (corpus_copy / f"quimper-{i % 3}.md").write_text(text, encoding="utf-8")  # new, then updated
        assert indexer.update().changed
        ix = open_index(settings).index
        with ix.reader() as reader:
            now = segments_of(reader)
            read = FacetTables.read(reader)
            derived = updated(previous, reader)
        assert now[0] == first  # never merged, never moved
        merges += len(now) < len(previous.segments) + 1
        assert derived is not None and same(derived, read)
    assert merges, "the small segments were merged"
    assert len(now) < MERGE_AFTER


def test_the_merged_tail_is_the_run_of_small_segments_at_the_end():
    from findit.index.tailmerge import tail

    class Segment:
        def __init__(self, count):
            self.count = count

        def doc_count_all(self):
            return self.count

    def start(*counts):
        return tail([Segment(c) for c in counts])

    assert start(100_000, 1, 1, 1, 1, 1, 1, 1) == 1
    assert start(100_000, 15, 7, 1, 1, 1, 1, 1, 1) == 1  # 15 <= 2 × 13: taken too
    assert start(100_000, 40, 1, 1, 1, 1, 1, 1) == 2  # 40 > 2 × 6: left in place
    assert start(100_000, 3) == 2  # one segment is not worth a merge
    assert start(100_000) == 1
    assert start() == 0
