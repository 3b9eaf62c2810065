"""A full disk and a damaged index: a clear message with the path and what to do, never a traceback,
nothing left behind that blocks the next run, and a damaged generation rebuilt by `findit index`.

The disk-full cases run on a real small filesystem (conftest.small_disk: a tmpfs the test mounts),
filled up to what each case needs."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from findit.analysis.cache import FILENAME, AnalysisCache
from findit.index import IndexWriteError, WriterLock, open_index
from findit.index.generations import damage
from findit.settings import Settings


def sources(settings) -> set[str]:
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        return {fields["source"] for fields in searcher.documents()}


def generation_folders(settings) -> list[str]:
    return sorted(p.name for p in settings.index.iterdir() if p.name.startswith("gen-"))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "findit.cli", *args], capture_output=True, text=True, timeout=120)


def test_a_full_rebuild_on_a_full_disk_leaves_nothing_that_blocks_the_next_run(
    corpus_copy, small_disk, make_settings, make_indexer
):
    settings = make_settings(corpus_copy, small_disk.path / "index")
    make_indexer(settings).update()
    before = sources(settings)
    small_disk.fill(leave=300_000)  # less than a generation takes

    with pytest.raises(IndexWriteError) as failed:
        make_indexer(settings).update(full=True)
    message = str(failed.value)
    assert "No space left on device" in message and str(small_disk.path) in message, message
    assert "libérez de la place sur ce disque" in message
    # Its half-written generation is gone; readers still have the previous index.
    assert generation_folders(settings) == ["gen-0001"]
    assert sources(settings) == before

    # With the disk completely full, the next run still takes the lock (writing its pid in the lock file
    # is what failed first) and, with nothing to write, answers.
    small_disk.fill()
    assert shutil.disk_usage(small_disk.path).free < 4096
    assert not make_indexer(settings).update().changed
    (corpus_copy / "copie.txt").write_bytes((corpus_copy / "000_98ce0e2674971981.txt").read_bytes())
    with pytest.raises(IndexWriteError, match="libérez de la place"):
        make_indexer(settings).update(full=True)
    assert generation_folders(settings) == ["gen-0001"]

    small_disk.free()
    assert make_indexer(settings).update().added >= 1
    assert sources(settings) == before | {"copie.txt"}


def test_an_update_on_a_full_disk_says_so_and_leaves_nothing_behind(
    corpus_copy, small_disk, make_settings, make_indexer
):
    settings = make_settings(corpus_copy, small_disk.path / "index")
    indexer = make_indexer(settings)  # one indexer for every run, as `findit watch` keeps one
    indexer.update()
    before = sources(settings)
    gen = (settings.index / "current").resolve()
    files = sorted(p.name for p in gen.iterdir())
    # Its text is known to the analysis cache: no spaCy run, only writes.
    (corpus_copy / "copie.txt").write_bytes((corpus_copy / "000_98ce0e2674971981.txt").read_bytes())
    small_disk.fill()

    for _ in range(2):  # the same indexer fails the same way again: nothing of the first attempt is in the way
        with pytest.raises(IndexWriteError) as failed:
            indexer.update()
        message = str(failed.value)
        assert "No space left on device" in message and str(settings.index) in message, message
        assert "libérez de la place sur ce disque" in message
        assert sorted(p.name for p in gen.iterdir()) == files  # the uncommitted segment's files went
        assert sources(settings) == before
        with WriterLock(settings.index, wait=0):
            pass

    small_disk.free()
    summary = indexer.update()
    assert summary.added >= 1 and sources(settings) == before | {"copie.txt"}
    assert damage(settings) is None


def test_a_full_disk_is_not_a_damaged_analysis_cache(small_disk):
    """sqlite says "database or disk is full": an error naming the file, not a damaged cache set aside."""
    cache = AnalysisCache(small_disk.path / "cache", "v")
    cache.put_many({"a": {"f": {}}})
    small_disk.fill()
    with pytest.raises(OSError) as failed:
        cache.put_many({f"h{i}": {"f": {"body": {"w": [["mot"] * 6] * 200, "e": []}}} for i in range(200)})
    assert failed.value.errno == errno.ENOSPC and failed.value.filename == str(cache.path)
    assert str(cache.path) in str(IndexWriteError(failed.value, small_disk.path))
    assert [p.name for p in (small_disk.path / "cache").iterdir()] == [FILENAME]
    assert cache.get_many(["a"]) == {"a": {"f": {}}}


def _truncate_a_segment(gen: Path) -> str:
    segment = max(gen.glob("*.seg"), key=lambda p: p.stat().st_size)
    with open(segment, "r+b") as fh:
        fh.truncate(segment.stat().st_size // 2)
    return segment.name


def _garble_the_toc(gen: Path) -> str:
    toc = next(gen.glob("_MAIN_*.toc"))
    data = toc.read_bytes()
    toc.write_bytes(data[:40] + bytes(b ^ 0x5A for b in data[40:]))
    return toc.name


@pytest.mark.parametrize("harm", [_truncate_a_segment, _garble_the_toc], ids=["truncated-segment", "garbled-toc"])
def test_findit_index_rebuilds_a_damaged_index_and_says_so(settings, tmp_path, make_indexer, harm):
    # A copy of the session's index, over the same (unchanged) corpus.
    index = tmp_path / "index"
    shutil.copytree(settings.index, index, symlinks=True)
    damaged = Settings(corpus=settings.corpus, index=index)
    before = sources(damaged)
    name = harm((index / "current").resolve())
    assert name in (damage(damaged) or "")

    # Nothing changed in the corpus: the run still notices, rebuilds, and says why.
    if harm is _truncate_a_segment:
        repaired = run_cli("index", "--corpus", str(settings.corpus), "--index", str(index))
        assert repaired.returncode == 0, repaired.stderr
        assert "ne pouvait pas être lu" in repaired.stderr and name in repaired.stderr
        assert "reconstruit en entier" in repaired.stderr and "Traceback" not in repaired.stderr
        assert repaired.stdout.startswith("reconstruit ")
    else:
        summary = make_indexer(damaged).update()
        assert summary.full and name in summary.repaired
    assert sources(damaged) == before and damage(damaged) is None
    assert not make_indexer(damaged).update().changed
