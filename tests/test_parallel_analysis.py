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
from findit.analysis import WorkerError
from findit.index import Indexer
from findit.settings import Settings
try:
    Indexer(Settings(corpus=Path(sys.argv[1]), index=Path(sys.argv[2]), analysis_workers=2,
                     parallel_min_documents=1)).update()
except WorkerError as exc:
    print(f"WorkerError: {exc}", file=sys.stderr)
    sys.exit(3)
"""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _start_build(corpus: Path, index: Path) -> tuple[subprocess.Popen, list[int]]:
    """An indexing process with its two spaCy workers running; their pids."""
    proc = subprocess.Popen([sys.executable, "-c", BUILD, str(corpus), str(index)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = [pid for pid in _children(proc.pid)
                   if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(0.2)   # past the few milliseconds in which the pool starts with Ctrl-C ignored
    return proc, workers


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(map(_alive, pids))


def test_workers_exit_when_their_indexer_is_killed(corpus_copy, tmp_path):
    proc, workers = _start_build(corpus_copy, tmp_path / "index")
    os.kill(proc.pid, signal.SIGKILL)      # the indexer alone: its workers must notice
    proc.wait(timeout=30)
    assert _gone(workers)
    assert not (tmp_path / "index" / "current").exists()


def test_ctrl_c_stops_the_indexer_and_its_workers_at_once(corpus_copy, tmp_path):
    proc, workers = _start_build(corpus_copy, tmp_path / "index")
    os.killpg(proc.pid, signal.SIGINT)     # as a terminal does: the indexer and its workers get it
    proc.wait(timeout=30)
    assert _gone(workers)
    assert not (tmp_path / "index" / "current").exists()
    # The indexer's own KeyboardInterrupt is the only report: the workers ignore Ctrl-C.
    assert proc.stderr.read().count("Traceback") <= 1


def test_a_worker_that_dies_stops_the_build_instead_of_hanging_it(corpus_copy, tmp_path):
    proc, workers = _start_build(corpus_copy, tmp_path / "index")
    os.kill(workers[0], signal.SIGKILL)    # as the kernel's out-of-memory killer would
    assert proc.wait(timeout=60) == 3
    assert "WorkerError: a spaCy worker process died" in proc.stderr.read()
    assert _gone(workers[1:])
    assert not (tmp_path / "index" / "current").exists()
