"""The cycle collector is paused only for the block that asks, and always runs again after it: an update
that left it off would let a watcher's cyclic garbage grow for as long as it runs."""

import gc
import subprocess
import sys

import pytest

from findit import collector


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_for_the_block_and_running_after_it_even_when_it_fails():
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector.paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_left_off_when_it_already_was():
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_updates_leave_the_collector_running(corpus_copy, make_settings, make_indexer):
    gc.enable()
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()  # from nothing
    assert gc.isenabled()
    doc = corpus_copy / "003_8294027aa705ba38.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    assert indexer.update().updated == 1  # incremental: read back from the store, collector paused
    assert gc.isenabled()
    (corpus_copy / "ajout.md").write_text("---\ntitle: Ajout\n---\n\nTexte.\n", encoding="utf-8")
    assert make_indexer(settings).update().added == 1  # a new process's first run
    assert gc.isenabled()


def test_the_archive_is_frozen_only_in_findits_own_processes(corpus_copy, make_settings, tmp_path):
    """`findit index` and `findit watch` put the archive they ingest out of the collector's sight; a
    program using findit as a library keeps its collector as it was."""
    code = (
        "import gc, sys; from findit.index import Indexer; from findit.settings import Settings; "
        "settings = Settings(corpus=sys.argv[1], index=sys.argv[2]); "
        "Indexer(settings, own_process=sys.argv[3] == 'own').update(); "
        "print(gc.get_freeze_count() > 1000, gc.isenabled())"
    )
    for mode, frozen in (("library", "False"), ("own", "True")):
        settings = make_settings(corpus_copy, tmp_path / mode)
        out = subprocess.run(
            [sys.executable, "-c", code, str(settings.corpus), str(settings.index), mode],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        assert out.stdout.split() == [frozen, "True"], mode


def test_a_watcher_whose_index_is_up_to_date_freezes_the_archive_its_warm_up_reads(corpus_copy, make_settings):
    """`findit watch` on an index already up to date: its first update reads nothing (its listing is
    frozen, findit.index.ingestion), its warm-up reads the archive the process then keeps."""
    settings = make_settings(corpus_copy)
    code = (
        "import gc, sys; from findit.index import Indexer; from findit.settings import Settings; "
        "settings = Settings(corpus=sys.argv[1], index=sys.argv[2]); "
        "Indexer(settings).update(); before = gc.get_freeze_count(); "
        "watcher = Indexer(settings, own_process=True); summary = watcher.update(); "
        "listed = gc.get_freeze_count(); watcher.warm_up(); "
        "print(before, summary.changed, gc.get_freeze_count() - listed > 1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(settings.corpus), str(settings.index)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert out.stdout.split() == ["0", "False", "True"]
