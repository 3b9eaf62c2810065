"""The on-disk index: incremental updates, generation swaps, broken files, and what a reader sees."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from findit.index import (
    CorpusNotFoundError,
    EmptyCorpusError,
    Indexer,
    NoIndexError,
    current_generation,
    open_index,
)
from findit.settings import Settings
from helpers import Child, build_command, wait_until

NEW_EVENT = """---
title: Atelier sur la médiation numérique à Quimper
date: 2021-03-04
tags:
- inclusion numérique
---
Les conseillers numériques de Quimper présentent leurs ateliers de médiation aux agents des mairies.
"""


def stored(settings: Settings) -> dict[str, dict]:
    """Every document in the current index: id -> stored fields."""
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.documents()}


def sources(settings: Settings) -> set[str]:
    return {fields["source"] for fields in stored(settings).values()}


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "findit.cli", *args], capture_output=True, text=True, timeout=300, **kwargs
    )


def test_session_index_holds_the_shipped_corpus(settings, indexed):
    assert indexed.added == indexed.documents > 0 and indexed.full
    assert sources(settings) == {p.name for p in settings.corpus.iterdir()}
    assert os.readlink(settings.index / "current") == "gen-0001"
    assert len(stored(settings)) == indexed.documents


def test_no_index_yet_is_a_clear_error(tmp_path):
    settings = Settings(corpus=tmp_path, index=tmp_path / "nothing-here")
    with pytest.raises(NoIndexError, match="findit index"):
        open_index(settings)
    assert current_generation(settings) is None


def test_missing_corpus_is_reported(tmp_path, make_indexer):
    with pytest.raises(CorpusNotFoundError):
        make_indexer(Settings(corpus=tmp_path / "absent", index=tmp_path / "index")).update()


def test_nothing_changed_answers_without_the_model(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    first = make_indexer(settings).update()
    indexer = Indexer(settings)  # its own, to see that it never creates an analyser
    again = indexer.update()
    assert not again.changed
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == again.documents == first.documents
    assert not indexer.model_loaded and indexer._analyser is None
    # In a fresh interpreter: a nothing-changed run imports neither spaCy nor the file readers (Markdown,
    # YAML, the ingestion's modules beyond the folder's walk).
    code = (
        "import sys; from findit.index import Indexer; from findit.settings import Settings; "
        f"s = Indexer(Settings(corpus={str(settings.corpus)!r}, index={str(settings.index)!r})).update(); "
        "readers = ('spacy', 'markdown_it', 'yaml', 'findit.ingest.corpus', 'findit.ingest.formats'); "
        "print(s.changed, s.documents, *sorted(m for m in readers if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", str(first.documents)]


def test_incremental_add_change_remove(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    before = stored(settings)
    gen_before = current_generation(settings)

    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    changed = corpus_copy / "003_8294027aa705ba38.txt"
    first, rest = changed.read_text(encoding="utf-8").split("\n", 1)
    changed.write_text(f"{first}\nUn paragraphe ajouté sur Quimperlé.\n{rest}", encoding="utf-8")
    (corpus_copy / "002_3272f2b6b616138b.txt").unlink()

    summary = make_indexer(settings).update()
    after = stored(settings)
    assert summary.added == 1 and summary.updated >= 1 and summary.removed >= 1
    assert not summary.full
    # Only the documents of the changed and added files went to the analyser.
    assert summary.analysed == summary.added + summary.updated
    assert sources(settings) == {p.name for p in corpus_copy.iterdir()}
    assert any("Quimperlé" in f["body"] for f in after.values() if f["source"] == changed.name)
    assert any(f["title"].startswith("Atelier sur la médiation") for f in after.values())
    assert len(after) == summary.documents == len(before) + summary.added - summary.removed
    # Untouched documents kept their entries.
    for doc_id, fields in before.items():
        if fields["source"] not in (changed.name, "002_3272f2b6b616138b.txt"):
            assert after[doc_id]["content_hash"] == fields["content_hash"]
    # Same generation, a newer Whoosh commit: readers notice and reopen.
    gen_after = current_generation(settings)
    assert gen_after != gen_before and gen_after.split("/")[0] == gen_before.split("/")[0]
    manifest = json.loads((settings.index / "current" / "meta.json").read_text(encoding="utf-8"))
    assert "002_3272f2b6b616138b.txt" not in manifest["files"] and "quimper.md" in manifest["files"]


def test_a_file_saved_unchanged_rewrites_nothing(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    gen = current_generation(settings)
    path = corpus_copy / "002_3272f2b6b616138b.txt"
    path.write_bytes(path.read_bytes())
    os.utime(path, (1, 1))
    summary = make_indexer(settings).update()
    assert not summary.changed and current_generation(settings) == gen


@pytest.mark.parametrize("once", [False, True], ids=["kept", "once"])
def test_full_rebuild_swaps_in_a_new_generation(corpus_copy, make_settings, make_indexer, once):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    old_reader = open_index(settings).index.searcher()
    old_count = old_reader.doc_count()

    # once: as `findit index` makes it, letting each document go as it is written
    summary = make_indexer(settings, once=once).update(full=True)
    assert summary.full and summary.documents == summary.analysed == old_count
    assert os.readlink(settings.index / "current") == "gen-0002"
    assert len(stored(settings)) == old_count
    # A reader opened before the swap still reads its generation.
    assert len(list(old_reader.documents())) == old_count
    old_reader.close()

    make_indexer(settings).update(full=True)
    names = sorted(p.name for p in settings.index.iterdir() if p.name.startswith("gen-"))
    assert names == ["gen-0002", "gen-0003"]  # the current one and the one before
    assert (settings.index / "cache").is_dir()  # the analysis cache survives rebuilds


def test_an_index_written_by_another_version_of_findit_is_rebuilt(
    corpus_copy, make_settings, monkeypatch, make_indexer
):
    """Files unchanged but findit upgraded (ingestion or analysis code, model): the next run rebuilds
    rather than keep documents read by the old code; the run after that has nothing to do."""
    import findit.index.writer

    settings = make_settings(corpus_copy)
    built = make_indexer(settings).update()
    monkeypatch.setattr(findit.index.writer, "program_fingerprint", lambda: "another findit")
    upgraded = make_indexer(settings).update()
    assert upgraded.full and upgraded.documents == built.documents
    assert upgraded.generation != built.generation
    assert not make_indexer(settings).update().changed


def test_another_corpus_in_the_same_index_folder_rebuilds(corpus_copy, make_settings, tmp_path, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    other = tmp_path / "other"
    other.mkdir()
    (other / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    summary = make_indexer(Settings(corpus=other, index=settings.index)).update()
    assert summary.full and summary.documents == 1
    assert sources(settings) == {"quimper.md"}


def test_broken_file_is_skipped_and_loses_nothing(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    (corpus_copy / "latin1.md").write_bytes("---\ntitle: Café\n---\nCafé crème\n".encode("latin-1"))
    summary = make_indexer(settings).update()
    assert [s.source for s in summary.skipped] == ["latin1.md"]
    assert summary.skipped[0].reason.startswith("n'est pas de l'UTF-8 valide (octet 0xe9")
    good = sources(settings)
    assert good == {p.name for p in corpus_copy.iterdir()} - {"latin1.md"}

    # An indexed file saved broken keeps its previous version until it is fixed or removed.
    victim = corpus_copy / "003_8294027aa705ba38.txt"
    text = victim.read_text(encoding="utf-8")
    victim.write_bytes(text.encode("utf-8")[:40] + b"\xff\xfe" + text.encode("utf-8")[40:])
    summary = make_indexer(settings).update()
    assert summary.removed == 0
    assert victim.name in {s.source for s in summary.skipped}
    assert any(
        "sa version précédente reste dans l'index" in s.reason for s in summary.skipped if s.source == victim.name
    )
    assert sources(settings) == good
    # Nothing changed since: the skipped files are still reported, without parsing anything.
    again = make_indexer(settings).update()
    assert not again.changed and {s.source for s in again.skipped} == {"latin1.md", victim.name}

    first, rest = text.split("\n", 1)
    victim.write_text(f"{first}\nRéparé.\n{rest}", encoding="utf-8")
    summary = make_indexer(settings).update()
    assert summary.updated >= 1 and [s.source for s in summary.skipped] == ["latin1.md"]
    victim.unlink()
    summary = make_indexer(settings).update()
    assert summary.removed >= 1 and victim.name not in sources(settings)


def test_an_emptied_corpus_does_not_empty_the_index(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    built = make_indexer(settings).update()
    for path in corpus_copy.iterdir():
        path.unlink()
    for full in (False, True):
        with pytest.raises(EmptyCorpusError, match="--allow-empty"):
            make_indexer(settings).update(full=full)
        assert len(stored(settings)) == built.documents
    assert make_indexer(settings).update(full=True, allow_empty=True).documents == 0


def test_cli_full_over_an_empty_folder_refuses_without_allow_empty(corpus_copy, make_settings, tmp_path):
    settings = make_settings(corpus_copy)
    index = settings.index
    built = run_cli("index", "--corpus", str(corpus_copy), "--index", str(index))
    assert built.returncode == 0, built.stderr
    before, documents = sources(settings), len(stored(settings))
    empty = tmp_path / "autre"
    empty.mkdir()
    for args in ((), ("--full",)):
        refused = run_cli("index", "--corpus", str(empty), "--index", str(index), *args)
        assert refused.returncode == 1, (args, refused.stdout, refused.stderr)
        assert str(empty) in refused.stderr and f"{documents} documents" in refused.stderr, refused.stderr
        assert "aucun fichier de contenu" in refused.stderr and "Traceback" not in refused.stderr
        assert sources(settings) == before, args
    emptied = run_cli("index", "--corpus", str(empty), "--index", str(index), "--full", "--allow-empty")
    assert emptied.returncode == 0, emptied.stderr
    assert emptied.stdout.startswith("reconstruit : 0 document ") and sources(settings) == set()


def test_readers_see_the_previous_or_the_next_index_never_a_partial_one(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    counts = {len(stored(settings))}
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            try:
                ix = open_index(settings).index
                with ix.searcher() as searcher:
                    seen.append(len(list(searcher.documents())))
            except BaseException as exc:  # noqa: BLE001 - any failure to read is the bug we look for
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        indexer = make_indexer(settings)
        for i in range(10):  # commits one after another: each replaces the TOC a reader may be opening
            (corpus_copy / f"atelier-{i}.md").write_text(NEW_EVENT.replace("Quimper", f"Quimper {i}"), encoding="utf-8")
            counts.add(indexer.update().documents)
        counts.add(indexer.update(full=True).documents)
    finally:
        stop.set()
        reader.join()
    assert not errors
    assert seen and set(seen) <= counts


def test_a_searcher_opened_before_merging_commits_keeps_reading(corpus_copy, make_settings, make_indexer):
    from whoosh.query import Every

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    old = open_index(settings).index.searcher()
    before = {fields["id"] for fields in old.documents()}
    indexer = make_indexer(settings)  # as `findit watch` keeps one
    for i in range(12):  # small commits one after another: Whoosh merges their segments
        (corpus_copy / f"atelier-{i}.md").write_text(NEW_EVENT.replace("Quimper", f"Vannes {i}"), encoding="utf-8")
        indexer.update()
    assert {fields["id"] for fields in old.documents()} == before
    assert len(old.search(Every(), limit=None)) == len(before)
    old.close()
    assert len(stored(settings)) == len(before) + 12
    ix = open_index(settings).index
    assert len(ix._segments()) < 12  # merged along the way


def _written(line: str) -> tuple[int, int] | None:
    if not line.startswith("written "):
        return None
    done, total = line.split()[1].split("/")
    return int(done), int(total)


# Moments to kill an indexing process at, each told by what it has printed (or by its lock): just after it
# took the lock (ingesting), when analysis starts, midway through writing, once every document is written
# (committing, swapping). A full rebuild and an incremental update share them out.
MOMENTS = {
    "ingesting": None,
    "analysing": lambda w: w[0] == 0,
    "writing": lambda w: 0 < w[0] < w[1],
    "committing": lambda w: w[0] == w[1],
}


@pytest.mark.parametrize(
    ("full", "moments"),
    [(True, ("ingesting", "writing")), (False, ("analysing", "committing"))],
    ids=["full", "incremental"],
)
def test_indexer_killed_midway_leaves_the_previous_index(corpus_copy, make_settings, make_indexer, full, moments):

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    old = sources(settings)
    for i in range(40):
        (corpus_copy / f"compte-rendu-{i:02d}.md").write_text(
            NEW_EVENT.replace("Quimper", f"Brest, séance {i}") + "Les participants ont débattu. " * 40, encoding="utf-8"
        )
    new = old | {f"compte-rendu-{i:02d}.md" for i in range(40)}
    lock = settings.index / ".lock"
    killed_running = 0
    for moment in moments:
        reached = MOMENTS[moment]
        with Child(build_command(corpus_copy, settings.index, full=full)) as build:
            if reached is None:
                assert wait_until(
                    lambda: lock.exists() and lock.read_text().strip() == str(build.pid) or not build.running(), 120
                ), moment
            else:
                assert (
                    build.wait_for_line(
                        lambda line, reached=reached: (w := _written(line)) is not None and reached(w), 120
                    )
                    or not build.running()
                ), (moment, build.output())
            killed_running += build.running()
            build.kill()
        assert sources(settings) in (old, new), moment  # the previous index answers (or the finished one)
    assert killed_running >= 1
    done = run_cli("index", "--corpus", str(corpus_copy), "--index", str(settings.index))
    assert done.returncode == 0, done.stderr
    assert sources(settings) == new
    again = make_indexer(settings).update()
    assert not again.changed


def test_a_damaged_index_says_so_and_the_next_run_rebuilds_it(corpus_copy, make_settings, make_indexer):
    settings = make_settings(corpus_copy)
    built = make_indexer(settings).update()
    (settings.index / "current" / "lemmas.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(NoIndexError, match="--full"):
        open_index(settings)
    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    summary = make_indexer(settings).update()
    assert summary.full and summary.documents == built.documents + 1
    assert "quimper.md" in sources(settings)


def test_cli_index_summary_and_exit_status(corpus_copy, make_settings, tmp_path):
    index = make_settings(corpus_copy).index
    first = run_cli("index", "--corpus", str(corpus_copy), "--index", str(index))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert len(lines) == 1 and "ajouté" in lines[0] and "retiré" in lines[0] and "ignoré" in lines[0]
    assert "indexation" not in first.stderr  # no progress bar when not on a terminal
    second = run_cli("index", "--corpus", str(corpus_copy), "--index", str(index))
    assert second.returncode == 0 and "0 ajouté, 0 mis à jour, 0 retiré" in second.stdout
    env = dict(os.environ, FINDIT_CORPUS=str(corpus_copy), FINDIT_INDEX=str(index))
    by_env = run_cli("index", env=env)
    assert by_env.returncode == 0 and "0 ajouté" in by_env.stdout
    missing = run_cli("index", "--corpus", str(tmp_path / "absent"), "--index", str(index))
    assert missing.returncode == 2 and "dossier du corpus introuvable" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_second_indexer_waits_then_says_one_is_running(corpus_copy, make_settings, make_indexer):
    from findit.index.lock import IndexBusyError, WriterLock

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    args = ["index", "--corpus", str(corpus_copy), "--index", str(settings.index)]
    with WriterLock(settings.index):
        busy = run_cli(*args, "--wait", "0.5")
        assert busy.returncode == 1
        assert "un autre indexeur travaille" in busy.stderr and str(os.getpid()) in busy.stderr
        assert "Traceback" not in busy.stderr
        with pytest.raises(IndexBusyError):
            make_indexer(settings, lock_wait=0.2).update()
        waiting = Child([sys.executable, "-m", "findit.cli", *args, "--wait", "60"])
        assert waiting.wait_for_line(lambda line: "attente de" in line), waiting.output()
        assert waiting.running()  # still waiting for the lock
    assert waiting.wait(120) == 0, waiting.output()
    assert "0 retiré" in waiting.output()


def test_an_indexer_stopped_by_ctrl_c_says_so_in_french(corpus_copy, make_settings):
    # Stopped while it waits for another indexer: the index as it was, a French line, click's exit status.
    from findit.index.lock import WriterLock

    settings = make_settings(corpus_copy)
    args = ["index", "--corpus", str(corpus_copy), "--index", str(settings.index), "--wait", "60"]
    with WriterLock(settings.index):
        waiting = Child([sys.executable, "-m", "findit.cli", *args])
        assert waiting.wait_for_line(lambda line: "attente de" in line), waiting.output()
        waiting.process.send_signal(signal.SIGINT)
        assert waiting.wait(30) == 1, waiting.output()
    assert "findit : interrompu." in waiting.lines() and "Aborted" not in waiting.output()
    assert "Traceback" not in waiting.output()


def test_two_indexers_started_together_both_finish(corpus_copy, make_settings):
    settings = make_settings(corpus_copy)
    args = [sys.executable, "-m", "findit.cli", "index", "--corpus", str(corpus_copy), "--index", str(settings.index)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sources(settings) == {p.name for p in corpus_copy.iterdir()}
    assert sorted(p.name for p in settings.index.iterdir() if p.name.startswith("gen-")) == ["gen-0001"]


ANCT_EVENT = """---
title: Rencontre avec l'Agence nationale de la cohésion des territoires
date: 2022-05-04
---
L'Agence nationale de la cohésion des territoires (ANCT) présente ses programmes aux agents des mairies.
"""


@pytest.mark.parametrize("once", [False, True], ids=["kept", "once"])
def test_each_generation_keeps_the_acronyms_the_archive_defines(corpus_copy, make_settings, make_indexer, once):
    from findit.index import DamagedIndexError

    settings = make_settings(corpus_copy)
    built = make_indexer(settings, once=once).update()
    assert built.parsed == built.files  # told before the ingester is let go
    acronyms = open_index(settings).acronyms
    ditp = acronyms.get("ditp")
    assert ditp.acronym == "DITP"
    assert ditp.display == "Direction interministérielle de la transformation publique (DITP)"
    long_form = tuple("direction interministerielle de la transformation publique".split())
    assert acronyms.long_forms[long_form] == "ditp"
    assert acronyms.get("anct") is None
    saved = json.loads((settings.index / "current" / "acronyms.json").read_text(encoding="utf-8"))
    assert {"acronym": "DITP", "long_forms": list(ditp.long_forms), "display": ditp.display} in saved["acronyms"]

    # An incremental update that learns a pair saves it with the generation.
    (corpus_copy / "anct.md").write_text(ANCT_EVENT, encoding="utf-8")
    summary = make_indexer(settings).update()
    assert not summary.full and summary.added == 1
    acronyms = open_index(settings).acronyms
    assert acronyms.get("anct").long_forms == ("Agence nationale de la cohésion des territoires",)
    assert acronyms.get("ditp") == ditp

    (settings.index / "current" / "acronyms.json").write_text('{"format": 1, "acronyms": 3}', encoding="utf-8")
    with pytest.raises(DamagedIndexError, match="--full"):
        open_index(settings)


def test_an_update_asked_to_stop_leaves_the_index_as_it_was(corpus_copy, make_settings, make_indexer):
    """`findit serve --watch` stopping mid-update: the update ends at its next chunk, nothing half-written."""
    from findit.index import UpdateStopped

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    before = sources(settings)
    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    with pytest.raises(UpdateStopped):
        make_indexer(settings, stop=lambda: True).update()
    assert sources(settings) == before
    with pytest.raises(UpdateStopped):
        make_indexer(settings, stop=lambda: True).update(full=True)
    assert sources(settings) == before
    assert make_indexer(settings).update().added == 1
