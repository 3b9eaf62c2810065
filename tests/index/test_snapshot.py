"""A new process starts from the ingester's state kept beside the index: it gives what a fresh ingestion of
the folder gives, makes again only what moved since the state was kept, and a state that cannot be trusted
(crafted, truncated, of another program or corpus) is not used."""

from __future__ import annotations

import json
import pickle
import random

from findit.index import snapshot
from findit.index.manifest import document_fingerprint
from findit.ingest import Ingester, ingest_corpus
from findit.ingest.parsestore import ParseStore
from findit.search import Searcher
from findit.search.results import SearchRequest
from findit.settings import Settings
from randomsite import PATHS, content, dump, edit

PROGRAM = "test-program"


def keep(ingester: Ingester, corpus, index, root) -> None:
    prints = {doc.id: [doc.source, document_fingerprint(doc)] for doc in corpus.documents}
    assert snapshot.save(index, PROGRAM, root, snapshot.Snapshot(ingester.state(), prints))


def test_a_process_restored_from_a_kept_state_gives_what_a_fresh_ingestion_gives(tmp_path):
    """Over random edits, each run in a new ingester restored from the last state kept (kept at some
    runs only, so often several edits old): the same documents as a fresh ingestion, and every document
    it does not make again has the fingerprint the state gave it (what the writer relies on to skip it)."""
    rng = random.Random(20261207)
    root, index = tmp_path / "corpus", tmp_path / "index"
    index.mkdir()
    for path in PATHS:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content(path, rng), encoding="utf-8")
    settings = Settings(corpus=root, index=index)
    first = Ingester(settings, ParseStore(index, PROGRAM))
    keep(first, first.ingest(root), index, root)
    for _ in range(40):
        edit(root, rng, [1, 1, 2, 3], unlink=0.2)
        kept = snapshot.load(index, PROGRAM, root)
        assert kept is not None
        ingester = Ingester(settings, ParseStore(index, PROGRAM))
        ingester.restore(kept.state)
        corpus = ingester.ingest(root)
        assert dump(corpus) == dump(ingest_corpus(root, settings))
        for doc in corpus.documents:
            if doc.id not in corpus.changed:
                assert kept.fingerprints[doc.id] == [doc.source, document_fingerprint(doc)]
        assert ingester.parsed <= ingester.moved  # only files that moved since are parsed
        if rng.random() < 0.3:
            keep(ingester, corpus, index, root)
        ingester.store.close()
        ingester.duplicates.close()


def test_a_state_that_cannot_be_trusted_is_not_used(tmp_path):
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    index.mkdir()
    (root / "a.md").write_text("---\ntitle: Atelier\n---\nUn atelier sur les données.\n", encoding="utf-8")
    settings = Settings(corpus=root, index=index)
    ingester = Ingester(settings, ParseStore(index, PROGRAM))
    keep(ingester, ingester.ingest(root), index, root)
    assert snapshot.load(index, PROGRAM, root) is not None
    assert snapshot.load(index, "another-program", root) is None  # findit changed: its state is not used
    assert snapshot.load(index, PROGRAM, tmp_path) is None  # another corpus
    path = index / snapshot.FILENAME
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated (a full disk)
    assert snapshot.load(index, PROGRAM, root) is None
    # a crafted state: what it asks for never happens
    marker = tmp_path / "ran"

    class Crafted:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    header = {"format": snapshot.FORMAT, "program": PROGRAM, "corpus": str(root.resolve())}
    path.write_bytes(pickle.dumps(header) + pickle.dumps(Crafted()))
    assert snapshot.load(index, PROGRAM, root) is None
    assert not marker.exists()
    # a length beyond memory (BINBYTES8), a state of another shape: no state, no crash
    path.write_bytes(pickle.dumps(header) + b"\x8e" + (2**62).to_bytes(8, "little"))
    assert snapshot.load(index, PROGRAM, root) is None
    kept = ingester.state()
    for shape in (
        snapshot.Snapshot(kept, None),
        snapshot.Snapshot(snapshot.IngesterState(5, kept.passes, {}, None), {}),
    ):
        path.write_bytes(pickle.dumps(header) + pickle.dumps(shape))
        assert snapshot.load(index, PROGRAM, root) is None


def test_a_new_indexer_starts_from_the_kept_state_and_finds_the_change(
    corpus_copy, make_settings, make_indexer, monkeypatch
):
    from findit.index import manifest as manifest_module

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    assert (settings.index / snapshot.FILENAME).exists()  # kept by the build
    path = corpus_copy / "003_8294027aa705ba38.txt"
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{head}\nUn paragraphe ajouté sur Quimperlé.\n{rest}", encoding="utf-8")
    counted = []

    def counting(doc):
        counted.append(doc.id)
        return document_fingerprint(doc)

    monkeypatch.setattr(manifest_module, "document_fingerprint", counting)
    indexer = make_indexer(settings)
    summary = indexer.update()
    assert indexer._ingestion.restored is not None  # started from the kept state
    assert summary.parsed == 1 and summary.updated == 1 and summary.added == 0 and summary.removed == 0
    # only the document made again is fingerprinted, and the manifest is the one fingerprinting all gives
    assert 1 <= len(counted) < summary.documents / 4
    fresh = {d.id: [d.source, document_fingerprint(d)] for d in ingest_corpus(corpus_copy, settings).documents}
    assert json.loads((settings.index / "current" / "meta.json").read_text(encoding="utf-8"))["docs"] == fresh
    monkeypatch.undo()
    hits = Searcher(settings).search(SearchRequest(query="Quimperlé")).hits
    assert [hit.source for hit in hits] == [path.name]
    # a state written by another findit is not used, and the update is the same
    path.write_text(f"{head}\nUn paragraphe ajouté sur Concarneau.\n{rest}", encoding="utf-8")
    (settings.index / snapshot.FILENAME).write_bytes(b"not a state")
    indexer = make_indexer(settings)
    summary = indexer.update()
    assert indexer._ingestion.restored is None
    assert summary.parsed == 1 and summary.updated == 1
    assert [hit.source for hit in Searcher(settings).search(SearchRequest(query="Concarneau")).hits] == [path.name]


def test_the_state_is_written_again_once_many_files_moved(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    state = settings.index / snapshot.FILENAME
    written = state.stat().st_mtime_ns
    files = sorted(p for p in corpus_copy.iterdir() if p.is_file() and p.suffix == ".txt")
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    make_indexer(settings).update()
    assert state.stat().st_mtime_ns == written  # one file: not written again
    few = make_settings(corpus_copy, settings.index, snapshot_after_files=2)
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nUne autre ligne.\n", encoding="utf-8")
    make_indexer(few).update()  # two files moved since the state was kept
    assert state.stat().st_mtime_ns != written


def test_a_file_put_back_as_it_was_is_read_again_when_the_store_lost_its_entry(tmp_path):
    """A run from the state saw a file change (the store then holds the new bytes' entry only); the file
    put back as it was, and a respelling elsewhere that moves a decision it reads: the next run from the
    same state gives what a fresh ingestion gives."""
    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    index.mkdir()
    page = "---\ntitle: Rencontre {n}\ndate: 2024-01-0{n}\ntags: [{tag}]\n---\nUne rencontre sur les données{more}.\n"
    for n, tag in ((1, "INSEE"), (2, "INSEE"), (3, "Insee")):
        (root / f"{n}.md").write_text(page.format(n=n, tag=tag, more=""), encoding="utf-8")
    settings = Settings(corpus=root, index=index)
    first = Ingester(settings, ParseStore(index, PROGRAM))
    keep(first, first.ingest(root), index, root)
    original = (root / "3.md").read_text(encoding="utf-8")
    for step in ("changed", "put back"):
        if step == "changed":
            (root / "3.md").write_text(page.format(n=3, tag="Insee", more=" publiques"), encoding="utf-8")
        else:
            (root / "3.md").write_text(original, encoding="utf-8")
            (root / "1.md").write_text(page.format(n=1, tag="Insee", more=""), encoding="utf-8")
        ingester = Ingester(settings, ParseStore(index, PROGRAM))
        ingester.restore(snapshot.load(index, PROGRAM, root).state)
        corpus = ingester.ingest(root)
        assert dump(corpus) == dump(ingest_corpus(root, settings))
        ingester.store.close()
        ingester.duplicates.close()
    assert {d.source: d.tags for d in corpus.documents}["3.md"] == ["Insee"]


def test_a_state_kept_before_the_grouping_code_changed_is_not_trusted_for_groups(tmp_path):
    """The near-duplicate store drops its tables when the grouping code changes: what a state kept of its
    last run is void then, and the groups are those a fresh ingestion gives."""
    import sqlite3

    from findit.ingest.neardup import FILENAME as NEARDUP

    root, index = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    index.mkdir()
    text = " ".join(f"Le programme a réuni des agents de plusieurs ministères autour du thème {n}." for n in range(40))
    page = "---\ntitle: {title}\ndate: 2024-02-0{n}\n---\n{body}\n"
    (root / "a.md").write_text(page.format(title="Atelier", n=1, body=text), encoding="utf-8")
    (root / "b.md").write_text(page.format(title="Autre", n=2, body="Un tout autre sujet, bref."), encoding="utf-8")
    settings = Settings(corpus=root, index=index)
    first = Ingester(settings, ParseStore(index, PROGRAM))
    keep(first, first.ingest(root), index, root)
    first.duplicates.close()
    with sqlite3.connect(index / NEARDUP) as db:  # as another version of the grouping code finds it
        db.execute("UPDATE meta SET value = 'older code' WHERE key = 'code'")
    db.close()
    (root / "b.md").write_text(page.format(title="Atelier (copie)", n=1, body=text + " Fin."), encoding="utf-8")
    ingester = Ingester(settings, ParseStore(index, PROGRAM))
    ingester.restore(snapshot.load(index, PROGRAM, root).state)
    corpus = ingester.ingest(root)
    fresh = ingest_corpus(root, settings)
    assert dump(corpus) == dump(fresh)
    assert len({d.duplicate_group for d in fresh.documents} - {""}) == 1  # the copy is grouped


def test_a_watcher_warming_up_writes_no_state_its_first_update_does(corpus_copy, make_settings, make_indexer):
    """Warming up runs outside the writer lock: the state is written by the update after it, under it."""
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    state = settings.index / snapshot.FILENAME
    state.unlink()
    indexer = make_indexer(settings)
    indexer.warm_up()
    assert not state.exists()
    path = corpus_copy / "003_8294027aa705ba38.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    assert indexer.update().updated >= 1
    assert state.exists()
