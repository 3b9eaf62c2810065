"""`findit watch`: a saved change becomes searchable, with one Indexer (and model) for all updates."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

from findit.index import Indexer, open_index
from findit.watch import Watcher

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


def wait_until(predicate, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_watch_indexes_saved_changes_with_one_indexer(corpus_copy, make_settings):
    settings = make_settings(corpus_copy)
    indexer = Indexer(settings)
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
        assert any("1 added" in line for line in lines) and any("1 removed" in line for line in lines)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_command_updates_and_stops_on_ctrl_c(corpus_copy, make_settings):
    settings = make_settings(corpus_copy)
    Indexer(settings).update()
    proc = subprocess.Popen([sys.executable, "-m", "findit.cli", "watch", "--corpus", str(corpus_copy),
                             "--index", str(settings.index)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Saved during start-up or later: the update once watching has begun catches it either way.
        time.sleep(0.5)
        (corpus_copy / "morlaix.md").write_text(NEW_EVENT, encoding="utf-8")
        assert wait_until(lambda: "morlaix.md" in sources(settings), 30)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "watching" in out and "1 added" in out and "stopped" in out
    assert "Traceback" not in err
