"""An update reads, parses and analyses what changed, and nothing else (observable in its summary)."""

from __future__ import annotations

import dataclasses
import json
import os

from findit.index import Indexer
from findit.ingest.parsestore import ParseStore
from findit.search import Searcher
from findit.search.results import SearchRequest
from findit.settings import Settings


def manifest(settings: Settings) -> dict:
    return json.loads((settings.index / "current" / "meta.json").read_text(encoding="utf-8"))


def test_one_changed_file_is_the_only_one_parsed_by_a_new_process(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    first = make_indexer(settings).update()
    assert first.parsed == first.files
    path = corpus_copy / "003_8294027aa705ba38.txt"
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{head}\nUn paragraphe ajouté sur Quimperlé.\n{rest}", encoding="utf-8")
    # a new Indexer, as each `findit index` makes: only what the store beside the index lacks is parsed
    summary = make_indexer(settings).update()
    assert summary.parsed == 1
    assert summary.updated >= 1 and summary.analysed == summary.added + summary.updated
    assert summary.documents == first.documents


def test_a_file_touched_without_change_is_hashed_once_and_not_analysed(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    path = corpus_copy / "002_3272f2b6b616138b.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    indexer = Indexer(settings)
    summary = indexer.update()
    assert not summary.changed and summary.parsed == 0 and summary.analysed == 0
    assert not indexer.model_loaded
    # the new time is remembered: the next run does not read the file again
    assert manifest(settings)["stats"][path.name] == [path.stat().st_size, path.stat().st_mtime_ns]


def test_same_size_and_mtime_set_back_is_not_seen_until_full(corpus_copy, make_settings, make_indexer):
    """The documented limit of change detection by stat (findit.ingest.corpus.scan_stats)."""
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    path = corpus_copy / "002_3272f2b6b616138b.txt"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("a", "o", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not make_indexer(settings).update().changed
    # the same edit with its mtime left moved is seen; so is any edit by --full
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    summary = make_indexer(settings).update()
    assert summary.updated >= 1 and summary.parsed == 1


def test_removed_and_renamed_files(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    first = make_indexer(settings).update()
    (corpus_copy / "002_3272f2b6b616138b.txt").unlink()
    (corpus_copy / "003_8294027aa705ba38.txt").rename(corpus_copy / "renamed.txt")
    summary = make_indexer(settings).update()
    assert summary.parsed == 1  # the renamed file: a new source
    assert summary.removed >= 2 and summary.added >= 1
    files = manifest(settings)["files"]
    assert "renamed.txt" in files and "003_8294027aa705ba38.txt" not in files
    assert "002_3272f2b6b616138b.txt" not in files and "002_3272f2b6b616138b.txt" not in manifest(settings)["stats"]
    assert summary.documents < first.documents
    # and the parse store forgot them
    store = ParseStore(settings.index, manifest(settings)["program"])
    assert store.get("002_3272f2b6b616138b.txt") is None and store.get("003_8294027aa705ba38.txt") is None
    store.close()
    # a file put back under its old name is indexed again (from the state kept at the first run: not parsed)
    (corpus_copy / "renamed.txt").rename(corpus_copy / "003_8294027aa705ba38.txt")
    again = make_indexer(settings).update()
    assert again.added >= 1 and again.removed >= 1 and again.parsed <= 1
    assert "003_8294027aa705ba38.txt" in manifest(settings)["files"]


def test_a_kept_indexer_fingerprints_only_what_changed_and_its_manifest_is_a_fresh_one(
    corpus_copy, make_settings, make_indexer, monkeypatch
):
    """A watcher's later updates take the fingerprints of the documents no change touched from the
    previous update, and the manifest from memory; the manifest they write is the one fingerprinting
    every document gives. A manifest another process wrote meanwhile is read."""
    from findit.index import lastcommit as writer_module
    from findit.index import manifest as manifest_module
    from findit.ingest import ingest_corpus

    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    counted, reads = [], []
    fingerprint, read = manifest_module.document_fingerprint, writer_module.read_manifest

    def counting(doc):
        counted.append(doc.id)
        return fingerprint(doc)

    def reading(path):
        reads.append(path)
        return read(path)

    monkeypatch.setattr(manifest_module, "document_fingerprint", counting)
    monkeypatch.setattr(writer_module, "read_manifest", reading)
    for n, name in enumerate(("003_8294027aa705ba38.txt", "001_ac9834d0cae423d6.txt", "002_3272f2b6b616138b.txt")):
        if n == 2:
            make_indexer(settings).update(full=True)  # another process
        path = corpus_copy / name
        path.write_text(path.read_text(encoding="utf-8") + f"\nUn paragraphe ajouté ({n}).\n", encoding="utf-8")
        counted.clear()
        reads.clear()
        summary = indexer.update()
        assert summary.updated >= 1
        assert 1 <= len(counted) < summary.documents / 4
        assert len(reads) == (1 if n == 2 else 0)
    fresh = {d.id: [d.source, fingerprint(d)] for d in ingest_corpus(corpus_copy, settings).documents}
    assert manifest(settings)["docs"] == fresh


def test_a_run_that_changes_nothing_reads_no_manifest(corpus_copy, make_settings, make_indexer, monkeypatch):
    """It is told by a small record beside the manifest (at 100,000 documents the manifest is 20 MB); a
    record left beside another manifest (a run killed between the two writes) is not trusted, and a
    change is seen as before."""
    from findit.index import lastcommit as writer_module

    settings = make_settings(corpus_copy)
    first = make_indexer(settings).update()
    reads = []
    read = writer_module.read_manifest

    def reading(path):
        reads.append(path)
        return read(path)

    monkeypatch.setattr(writer_module, "read_manifest", reading)
    summary = make_indexer(settings).update()
    assert not summary.changed and summary.documents == first.documents and summary.files == first.files
    assert reads == []

    meta = settings.index / "current" / "meta.json"
    meta.write_bytes(meta.read_bytes())  # the same manifest, written after the record
    assert not make_indexer(settings).update().changed
    assert len(reads) == 1
    assert not make_indexer(settings).update().changed  # the record was written again
    assert len(reads) == 1

    path = corpus_copy / "003_8294027aa705ba38.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
    assert make_indexer(settings).update().updated >= 1


def test_a_watchers_update_lists_the_folder_from_the_paths_that_changed(corpus_copy, make_settings, make_indexer):
    """Told which paths changed (findit watch), an update patches its last listing instead of walking the
    folder: a change it is not told of waits for the next walk, which a burst of too many paths forces."""
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    told = corpus_copy / "003_8294027aa705ba38.txt"
    told.write_text(told.read_text(encoding="utf-8") + "\nUn paragraphe ajouté sur Quimperlé.\n", encoding="utf-8")
    new = corpus_copy / "morlaix.md"
    new.write_text("---\ntitle: Atelier à Morlaix\n---\nLes conseillers numériques de Morlaix.\n", encoding="utf-8")
    untold = corpus_copy / "002_3272f2b6b616138b.txt"
    untold.write_text(untold.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    summary = indexer.update(touched={str(told), str(new)})
    assert summary.parsed == 2 and summary.added == 1 and summary.updated >= 1
    assert "morlaix.md" in manifest(settings)["files"]
    assert manifest(settings)["stats"][untold.name] != [untold.stat().st_size, untold.stat().st_mtime_ns]
    gone = sorted(p for p in corpus_copy.glob("*.txt") if p not in (told, untold))[0]
    gone.unlink()
    summary = indexer.update(touched={str(gone)})
    assert summary.removed >= 1 and summary.parsed == 0 and gone.name not in manifest(settings)["files"]
    # too many paths at once (a checkout): the folder is walked, and the untold change is found
    indexer.settings = dataclasses.replace(settings, watch_patch_max_paths=1)
    summary = indexer.update(touched={str(told), str(new)})
    assert summary.parsed == 1 and summary.updated >= 1
    assert manifest(settings)["stats"][untold.name] == [untold.stat().st_size, untold.stat().st_mtime_ns]


def test_a_change_saved_while_a_watcher_warms_up_is_indexed(corpus_copy, make_settings, make_indexer):
    """`findit watch` updates, then reads the whole archive ahead of the first change (warm_up): a file
    saved in between is read by the warm-up, and the next update must still index it, not take the
    ingester's copy for what the index holds."""
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    path = corpus_copy / "003_8294027aa705ba38.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe sur Plougastel.\n", encoding="utf-8")
    indexer.warm_up()
    summary = indexer.update()
    assert summary.updated >= 1 and summary.analysed >= 1
    with Searcher(settings) as searcher:
        found = searcher.search(SearchRequest(query="Plougastel", include_all=True))
    assert [hit.source for hit in found.hits] == [path.name]


def test_a_watcher_walks_the_folder_again_once_its_last_walk_is_old(corpus_copy, make_settings, make_indexer):
    """A change the system's event queue dropped is found by the next update after watch_walk_every_seconds."""
    settings = dataclasses.replace(make_settings(corpus_copy), watch_walk_every_seconds=0.0)
    indexer = make_indexer(settings)
    indexer.update()
    told, untold = sorted(corpus_copy.glob("*.txt"))[:2]
    for path in (told, untold):
        path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    summary = indexer.update(touched={str(told)})
    assert summary.parsed == 2  # the untold change too: the folder was walked
