"""A large batch is lemmatised in worker processes while the index is written: the index must come out the
same as when spaCy runs in the indexing process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from findit.analysis import exact_analyzer
from findit.analysis.analyser import split_tasks
from findit.index import LEMMAS, Indexer, UpdateStopped, current_path, open_index
from findit.settings import Settings, SettingsError
from helpers import FINDIT, Child, alive, build_command, gone, ignores_sigint, wait_until, written

FIELDS = ("title", "summary", "body", "exact", "speakers", "organisations", "speaker", "organisation", "tag")


def terms(settings: Settings) -> dict[str, Counter]:
    """field -> term -> document frequency, over the whole index."""
    with open_index(settings).index.searcher() as searcher:
        reader = searcher.reader()
        return {
            f: Counter({t.decode(): reader.doc_frequency(f, t) for t in reader.lexicon(f)})
            for f in FIELDS
            if f in reader.indexed_field_names()
        }


def documents(settings: Settings) -> dict[str, dict]:
    with open_index(settings).index.searcher() as searcher:
        return {fields["id"]: json.loads(fields["doc"]) for fields in searcher.documents()}


@pytest.mark.parametrize("task_chars", [100_000, 1_000])
def test_workers_build_the_same_index_as_one_process(settings, tmp_path, task_chars):
    # A fresh analysis cache, so that the workers really run spaCy on every document; with small tasks a
    # chunk's texts go out in many tasks, one document's title and body in different ones.
    parallel = replace(
        settings,
        index=tmp_path / "index",
        analysis_workers=2,
        parallel_min_documents=1,
        analysis_task_chars=task_chars,
    )
    summary = Indexer(parallel).update()
    assert summary.documents == len(documents(settings)) > 50
    assert documents(parallel) == documents(settings)
    assert terms(parallel) == terms(settings)
    assert json.loads((current_path(parallel) / LEMMAS).read_text()) == json.loads(
        (current_path(settings) / LEMMAS).read_text()
    )


def test_tasks_hold_the_items_in_order_within_their_size():
    items = [("a", "title", "x" * 30), ("a", "body", "x" * 80), ("b", "title", "x" * 250), ("b", "body", "x" * 10)]
    assert split_tasks(items, 100) == [[items[0]], [items[1]], [items[2]], [items[3]]]
    assert split_tasks(items, 120) == [items[:2], [items[2]], [items[3]]]
    assert split_tasks(items, 1_000) == [items]
    assert split_tasks([], 100) == []


def test_small_batches_stay_in_the_indexing_process(settings, tmp_path):
    # Below the threshold no worker is started: the model is loaded here, where `findit watch` keeps it.
    small = replace(settings, index=tmp_path / "index", analysis_workers=2, parallel_min_documents=10_000)
    indexer = Indexer(small)
    indexer.update()
    assert indexer.model_loaded


def loky_children() -> list[int]:
    """This process's spaCy workers that are still alive (one that exits while being looked at is gone)."""
    out = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout
    found = []
    for pid in out.split():
        try:
            if "popen_loky" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                found.append(int(pid))
        except OSError:
            continue
    return found


def test_a_one_shot_update_loads_the_model_in_a_worker_and_indexes_the_same(make_settings, corpus_copy, tmp_path):
    """`findit index` after an edit: spaCy loads in a worker process while the indexer ingests the change
    (on another core), the index comes out as when spaCy runs in the indexer, and no worker is left."""
    one_shot = make_settings(corpus_copy, tmp_path / "one-shot")
    Indexer(one_shot).update()
    edited = sorted(corpus_copy.glob("*.txt"))[-1]
    edited.write_text(edited.read_text() + "\n\nUn paragraphe neuf sur la zorglubation des données.\n")
    in_process = replace(one_shot, index=tmp_path / "in-process", analysis_workers=0)
    shutil.copytree(one_shot.index, in_process.index, symlinks=True)
    assert Indexer(in_process).update().updated >= 1

    indexer = Indexer(one_shot)
    assert indexer.update().updated >= 1
    assert not indexer.model_loaded  # the worker parsed the edit
    assert not loky_children()
    assert documents(one_shot) == documents(in_process)
    assert terms(one_shot) == terms(in_process)
    assert "zorglubation" in terms(one_shot)["exact"]

    # The same indexer's next update (a watcher's) loads the model here, once, rather than a worker each time.
    edited.write_text(edited.read_text() + "\n\nEt un autre, sur la fribouillation.\n")
    assert indexer.update().updated >= 1
    assert indexer.model_loaded
    assert "fribouillation" in terms(one_shot)["exact"]


def test_an_update_that_stops_ends_the_workers_it_started_ahead(make_settings, corpus_copy, tmp_path):
    settings = make_settings(corpus_copy, tmp_path / "index")
    Indexer(settings).update()
    edited = sorted(corpus_copy.glob("*.txt"))[-1]
    edited.write_text(edited.read_text() + "\n\nUn paragraphe neuf sur la zorglubation des données.\n")
    with pytest.raises(UpdateStopped):
        Indexer(settings, stop=lambda: True).update()
    assert not loky_children()
    assert "zorglubation" not in terms(settings)["exact"]


def test_a_build_from_nothing_starts_its_workers_while_the_archive_is_ingested(settings, tmp_path, monkeypatch):
    """The workers load spaCy on the other core while the indexer ingests; a rebuild over an analysis cache
    (`--full`) starts none ahead, since spaCy may have nothing to read."""
    from findit.ingest.corpus import Ingester

    parallel = replace(settings, index=tmp_path / "index", analysis_workers=1, parallel_min_documents=1)
    loading: list[bool] = []
    ingest = Ingester.ingest

    def watched(self, *args, **kwargs):
        loading.append(wait_until(loky_children, 30))
        return ingest(self, *args, **kwargs)

    monkeypatch.setattr(Ingester, "ingest", watched)
    Indexer(parallel).update()
    assert loading == [True]
    assert not loky_children()
    loading.clear()

    def looked(self, *args, **kwargs):
        loading.append(bool(loky_children()))
        return ingest(self, *args, **kwargs)

    monkeypatch.setattr(Ingester, "ingest", looked)
    Indexer(parallel).update(full=True)
    assert loading == [False]


def test_an_update_starts_the_model_before_comparing_every_file(make_settings, corpus_copy, tmp_path, monkeypatch):
    """A walk that differs from the index's record: the model's worker starts loading before the run reads
    the manifest and compares each file (at 100,000 files, 0.4 s earlier). A file only touched ends that
    worker unused; a change too large for one worker gets as many as the settings allow."""
    from findit.ingest import corpus as ingest_corpus

    settings = make_settings(corpus_copy, tmp_path / "index")
    Indexer(settings).update()
    seen: list[int] = []
    scan = ingest_corpus.scan_stats

    def watched(*args, **kwargs):
        wait_until(loky_children, 30)
        seen.append(len(loky_children()))
        return scan(*args, **kwargs)

    monkeypatch.setattr(ingest_corpus, "scan_stats", watched)
    touched = sorted(corpus_copy.glob("*.txt"))[0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    summary = Indexer(settings).update()
    assert seen == [1]
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    assert not loky_children()

    # Every file rewritten, with two workers allowed from one changed document on: the guess's one worker
    # gives way to two.
    many = replace(settings, analysis_workers=2, parallel_min_documents=1)
    for path in corpus_copy.glob("*.txt"):
        path.write_text(path.read_text() + "\n\nUn paragraphe neuf sur la zorglubation.\n")
    ingest = ingest_corpus.Ingester.ingest
    workers: list[bool] = []

    def ingesting(self, *args, **kwargs):
        workers.append(wait_until(lambda: len(loky_children()) == 2, 30))
        return ingest(self, *args, **kwargs)

    monkeypatch.setattr(ingest_corpus.Ingester, "ingest", ingesting)
    assert Indexer(many).update().updated >= 2
    assert seen == [1, 1]
    assert workers == [True]
    assert not loky_children()
    assert "zorglubation" in terms(settings)["exact"]


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


# A stopped build must be over well within this (it takes ~0.2 s); a hang fails here, not at the CI limit.
STOP_SECONDS = 15


def start_build(corpus: Path, index: Path, workers: int = 2) -> tuple[Child, list[int]]:
    """An indexing process with `workers` spaCy workers started (still loading their model)."""
    build = Child(build_command(corpus, index, full=True, workers=2), new_session=True)
    assert wait_until(lambda: len(build.workers()) >= workers or not build.running(), 60), "no worker started"
    assert build.running(), build.output()
    # The workers start while the indexer ignores Ctrl-C for a moment (they inherit it ignored): wait
    # until it handles Ctrl-C again.
    assert wait_until(lambda: not ignores_sigint(build.pid), 10)
    return build, build.workers()


def test_a_worker_that_dies_while_loading_stops_the_build_at_once(corpus_copy, tmp_path):
    build, workers = start_build(corpus_copy, tmp_path / "index")
    os.kill(workers[0], signal.SIGKILL)  # as the kernel's out-of-memory killer would
    assert build.wait(STOP_SECONDS) == 3
    assert "WorkerError: un processus spaCy s'est arrêté" in build.output()
    assert gone(workers, STOP_SECONDS)
    assert not (tmp_path / "index" / "current").exists()


@pytest.mark.parametrize("after", [8, 48])
def test_a_worker_that_dies_at_any_moment_never_hangs_the_build(corpus_copy, tmp_path, after):
    """Killed after `after` documents were written: the build stops with WorkerError, or, when the dead
    worker had nothing left to parse, completes; either way promptly, and nothing is left running."""
    build, workers = start_build(corpus_copy, tmp_path / "index", workers=1)
    assert wait_until(lambda: written(build.lines()) >= after or not build.running(), 60)
    alive_workers = [pid for pid in build.workers() if alive(pid)] or workers
    try:
        os.kill(alive_workers[-1], signal.SIGKILL)
    except ProcessLookupError:
        pass  # it exited between the look and the kill: the build was closing its pool, and must finish
    status = build.wait(STOP_SECONDS)
    assert status in (0, 3), build.output()
    if status == 3:
        assert "WorkerError" in build.output()
        assert not (tmp_path / "index" / "current").exists()
    else:
        assert (tmp_path / "index" / "current").exists()
    assert gone(workers + alive_workers, STOP_SECONDS)


def test_workers_exit_when_their_indexer_is_killed(corpus_copy, tmp_path):
    build, workers = start_build(corpus_copy, tmp_path / "index")
    os.kill(build.pid, signal.SIGKILL)  # the indexer alone: its workers must notice
    build.wait(STOP_SECONDS)
    assert gone(workers, STOP_SECONDS)
    assert not (tmp_path / "index" / "current").exists()


def test_ctrl_c_stops_the_indexer_and_its_workers_at_once(corpus_copy, tmp_path):
    build, workers = start_build(corpus_copy, tmp_path / "index")
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the indexer and its workers get it
    build.wait(STOP_SECONDS)
    assert gone(workers, STOP_SECONDS)
    assert not (tmp_path / "index" / "current").exists()
    # The indexer's own KeyboardInterrupt is the only report: the workers ignore Ctrl-C.
    assert reports(build.output()) <= 1


# Python prints an exception raised while another was handled, or raised from it, as one report of
# several tracebacks joined by one of these lines: a Ctrl-C landing in a codec is re-raised by the codec
# machinery as « decoding with 'utf-8-sig' codec failed (KeyboardInterrupt) », from the first.
CHAINED = (
    "The above exception was the direct cause of the following exception:",
    "During handling of the above exception, another exception occurred:",
)


def reports(output: str) -> int:
    """How many exceptions a process output reports: its tracebacks, a chain of them counted once."""
    return output.count("Traceback (most recent call last)") - sum(output.count(line) for line in CHAINED)


def test_sigterm_stops_findit_index_and_its_workers(corpus_copy, tmp_path):
    """As a service manager or `kill` stops it: promptly, no worker left, no traceback, index untouched."""
    env = {"FINDIT_WORKERS": "2"}
    build = Child(
        [str(FINDIT), "index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "index")],
        env=env,
        new_session=True,
    )
    # The sample corpus is below the parallel threshold: FINDIT_WORKERS alone does not start a pool, so
    # this stops an in-process build (the model loading or lemmatising) and then its workers' case above.
    assert wait_until(lambda: (tmp_path / "index" / ".lock").exists() or not build.running(), 60)
    os.kill(build.pid, signal.SIGTERM)
    status = build.wait(STOP_SECONDS)
    assert status != 0 or (tmp_path / "index" / "current").exists()
    assert "Traceback" not in build.output()
    assert not build.children_left()
