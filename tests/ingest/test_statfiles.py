"""The walk's stats of many files, taken on two cores, are the stats one process would take."""

import json
import os
import subprocess
import sys

import pytest

from findit.ingest.files import walk
from findit.ingest.statfiles import as_pairs, stat_figures

# Run in a fresh process: a test runner's own threads rightly keep stat_figures from forking.
SHARED = """
import json, os, sys
from findit.ingest.statfiles import as_pairs, shares_work, stat_figures
paths = json.load(sys.stdin)
forked = shares_work(len(paths), parallel_from=2)
stats = as_pairs(stat_figures(paths, parallel_from=2))
try:
    os.waitpid(-1, os.WNOHANG)
    left = True
except ChildProcessError:
    left = False
print(json.dumps({"forked": forked, "stats": stats, "child_left": left}))
"""


def _files(root, count):
    paths = []
    for i in range(count):
        folder = root / f"dossier{i % 7}"
        folder.mkdir(exist_ok=True)
        path = folder / f"page{i}.md"
        path.write_text("# titre\n" + "texte " * i, encoding="utf-8")
        os.utime(path, ns=(1_700_000_000_000_000_000 + i, 1_700_000_000_000_000_000 + 1000 * i))
        paths.append(str(path))
    return paths


def _expected(paths):
    out = []
    for path in paths:
        try:
            st = os.lstat(path)
        except OSError:
            out.append(None)
            continue
        out.append([st.st_size, st.st_mtime_ns])
    return out


def test_stats_shared_with_a_child_process_are_the_files_stats(tmp_path):
    paths = _files(tmp_path, 301)
    os.unlink(paths[10])  # removed after the listing: in the parent's half
    os.unlink(paths[250])  # and in the child's
    done = subprocess.run(
        [sys.executable, "-c", SHARED], input=json.dumps(paths), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    if not result["forked"]:
        pytest.skip("one core or no fork here: the stats are taken in one process (the test below)")
    assert result["stats"] == _expected(paths)
    assert result["stats"][10] is None and result["stats"][250] is None
    assert result["stats"][300] == [os.path.getsize(paths[300]), 1_700_000_000_000_000_000 + 300_000]
    assert not result["child_left"]  # the child was waited for


def test_a_few_files_are_stated_in_process(tmp_path):
    paths = [*_files(tmp_path, 5), str(tmp_path / "absent.md")]
    assert [list(s) if s else None for s in as_pairs(stat_figures(paths))] == _expected(paths)


def test_a_walk_gives_each_content_file_its_stat(tmp_path):
    paths = _files(tmp_path, 40)
    (tmp_path / "dossier1" / "image.png").write_bytes(b"\x89PNG")
    listed = walk(tmp_path)
    assert sorted(item.location for item in listed.files) == sorted(paths)
    for item in listed.files:
        assert item.stat == (os.path.getsize(item.location), os.stat(item.location).st_mtime_ns)
    assert [s.source for s in listed.skipped] == ["dossier1/image.png"]


def test_the_walks_packed_stats_hash_as_the_manifests_stats_do(tmp_path):
    from findit.index.quick import stats_digest, walk_digest

    paths = _files(tmp_path, 30)
    (tmp_path / "racine.md").write_text("# à la racine\n", encoding="utf-8")
    listed = walk(tmp_path)
    assert listed.figures is not None  # every file stated in one go
    assert walk_digest(listed) == stats_digest((item.source, *item.stat) for item in listed.files)
    os.utime(paths[3], ns=(1, 2))
    assert walk_digest(walk(tmp_path)) != walk_digest(listed)


def test_a_file_the_walk_could_not_state_gives_no_digest(tmp_path):
    from findit.index.quick import walk_digest

    _files(tmp_path, 3)
    (tmp_path / "dossier0" / "lien.md").symlink_to(tmp_path / "dossier1" / "page1.md")
    listed = walk(tmp_path)
    assert "dossier0/lien.md" in [item.source for item in listed.files]
    assert listed.figures is None and walk_digest(listed) is None  # the manifest is read instead
