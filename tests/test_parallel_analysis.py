"""A large batch is lemmatised in worker processes while the index is written: the index must come out the
same as when spaCy runs in the indexing process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from findit.analysis import exact_analyzer
from findit.index import LEMMAS, Indexer, current_path, open_index
from findit.settings import Settings, SettingsError

FIELDS = ("title", "summary", "body", "exact", "speakers", "organisations", "speaker", "organisation", "tag")


def terms(settings: Settings) -> dict[str, Counter]:
    """field -> term -> document frequency, over the whole index."""
    with open_index(settings).index.searcher() as searcher:
        reader = searcher.reader()
        return {f: Counter({t.decode(): reader.doc_frequency(f, t) for t in reader.lexicon(f)})
                for f in FIELDS if f in reader.indexed_field_names()}


def documents(settings: Settings) -> dict[str, dict]:
    with open_index(settings).index.searcher() as searcher:
        return {fields["id"]: json.loads(fields["doc"]) for fields in searcher.documents()}


def test_workers_build_the_same_index_as_one_process(settings, tmp_path):
    # A fresh analysis cache, so that the workers really run spaCy on every document.
    parallel = replace(settings, index=tmp_path / "index", analysis_workers=2, parallel_min_documents=1)
    summary = Indexer(parallel).update()
    assert summary.documents == len(documents(settings)) > 50
    assert documents(parallel) == documents(settings)
    assert terms(parallel) == terms(settings)
    assert (json.loads((current_path(parallel) / LEMMAS).read_text())
            == json.loads((current_path(settings) / LEMMAS).read_text()))


def test_small_batches_stay_in_the_indexing_process(settings, tmp_path):
    # Below the threshold no worker is started: the model is loaded here, where `findit watch` keeps it.
    small = replace(settings, index=tmp_path / "index", analysis_workers=2, parallel_min_documents=10_000)
    indexer = Indexer(small)
    indexer.update()
    assert indexer.model_loaded


def test_exact_field_holds_the_folded_forms_as_written(settings):
    """The exact field is replayed from the analysis: it must index what its own analyser would."""
    analyzer = exact_analyzer()
    expected: Counter = Counter()
    for doc in documents(settings).values():
        text = " ".join(filter(None, (doc.get("title"), doc.get("summary"), doc.get("body"))))
        expected.update({t.text for t in analyzer(text)})
    assert terms(settings)["exact"] == expected


def test_workers_setting_from_the_environment(monkeypatch):
    monkeypatch.setenv("FINDIT_WORKERS", "0")
    assert Settings.from_env().analysis_workers == 0
    monkeypatch.setenv("FINDIT_WORKERS", "two")
    with pytest.raises(SettingsError, match="FINDIT_WORKERS"):
        Settings.from_env()


BUILD = """
import sys
from pathlib import Path
from findit.index import Indexer
from findit.settings import Settings
Indexer(Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2]), analysis_workers=2,
                 parallel_min_documents=1)).update()
"""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_workers_end_with_their_indexer(corpus_copy, tmp_path, how):
    """kill -9 of the indexer, or Ctrl-C: no spaCy worker is left running, and the index is not swapped."""
    index = tmp_path / "index"
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(corpus_copy), str(index)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    # Two workers and multiprocessing's resource tracker.
    while len(workers) < 3 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 3, "the workers did not start"
    time.sleep(0.2)   # past the few milliseconds in which the pool starts with Ctrl-C ignored
    os.killpg(proc.pid, how)   # as a terminal does: Ctrl-C reaches the indexer and its workers
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))
    assert not (index / "current").exists()
    if how == signal.SIGINT:
        # The indexer's own KeyboardInterrupt is the only report: the workers ignore Ctrl-C.
        assert proc.stderr.read().count("Traceback") <= 1
