"""`findit watch`: a saved change becomes searchable, with one Indexer (and model) for all updates."""

from __future__ import annotations

import signal
import threading

from findit.index import open_index
from findit.index.watch import Watcher
from helpers import FINDIT, Child, wait_until

NEW_EVENT = """---
title: Atelier sur la médiation numérique à Morlaix
date: 2021-03-04
---
Les conseillers numériques de Morlaix présentent leurs ateliers aux agents des mairies.
"""


def sources(settings) -> set[str]:
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        return {fields["source"] for fields in searcher.documents()}


def test_watch_indexes_saved_changes_with_one_indexer(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    updates = []
    lines: list[str] = []
    watcher = Watcher(settings, indexer=indexer, report=lines.append, on_update=updates.append)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop_event": stop})
    thread.start()
    try:
        # The first update builds the index; the catch-up update once watching has begun finds nothing.
        assert wait_until(lambda: len(updates) >= 2)
        analyser = indexer._analyser
        assert sources(settings) == {p.name for p in corpus_copy.iterdir()}

        (corpus_copy / "morlaix.md").write_text(NEW_EVENT, encoding="utf-8")
        assert wait_until(lambda: "morlaix.md" in sources(settings))
        (corpus_copy / ".morlaix.md.swp").write_text("brouillon d'éditeur", encoding="utf-8")
        (corpus_copy / "003_8294027aa705ba38.txt").unlink()
        assert wait_until(lambda: "003_8294027aa705ba38.txt" not in sources(settings))
        assert ".morlaix.md.swp" not in sources(settings)
        # Every update went through the same analyser: the model is loaded once.
        assert indexer._analyser is analyser
        # The report line comes after the commit the searcher already sees: wait for it, too.
        assert wait_until(lambda: any("1 retiré" in line for line in lines))
        assert any("1 ajouté" in line for line in lines)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_command_updates_and_stops_on_ctrl_c(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    with Child([str(FINDIT), "watch", "--corpus", str(corpus_copy), "--index", str(settings.index)]) as watch:
        assert watch.wait_for_line(lambda line: "surveillance de" in line), watch.output()
        (corpus_copy / "morlaix.md").write_text(NEW_EVENT, encoding="utf-8")
        # "1 ajouté" is printed once the update is whole: commit, facet tables and manifest written.
        assert watch.wait_for_line(lambda line: "1 ajouté" in line), watch.output()
        assert "morlaix.md" in sources(settings)
        watch.process.send_signal(signal.SIGINT)
        assert watch.wait(30) == 0, watch.output()
    assert "surveillance arrêtée" in watch.output()
    assert "Traceback" not in watch.output()


def test_watch_command_stops_on_sigterm_even_while_loading_the_model(corpus_copy, make_settings, make_indexer):
    """As a service manager stops it: promptly, cleanly, exit status 0, even before it is watching."""
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    with Child([str(FINDIT), "watch", "--corpus", str(corpus_copy), "--index", str(settings.index)]) as watch:
        assert watch.wait_for_line(lambda line: "chargement du modèle de langue" in line), watch.output()
        watch.process.send_signal(signal.SIGTERM)
        assert watch.wait(30) == 0, watch.output()
    assert "surveillance arrêtée" in watch.output() and "Traceback" not in watch.output()


def test_an_interrupt_python_wrapped_in_another_error_still_stops_watching(corpus_copy, make_settings, monkeypatch):
    """Ctrl-C or SIGTERM landing while a class is being made (a module imported during an update) comes out of
    Python 3.11 as "RuntimeError: Error calling __set_name__": watching stops, it does not try again."""
    import pytest

    settings = make_settings(corpus_copy)
    lines: list[str] = []
    watcher = Watcher(settings, report=lines.append)

    class Interrupting:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt

    def interrupted_while_making_a_class(*args, **kwargs):
        type("Made", (), {"field": Interrupting()})

    monkeypatch.setattr(watcher.indexer, "update", interrupted_while_making_a_class)
    with pytest.raises(KeyboardInterrupt):
        watcher.update()
    assert not any("nouvel essai" in line for line in lines)
