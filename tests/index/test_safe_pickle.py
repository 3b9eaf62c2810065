"""Nothing findit reads from the index folder runs code: a table of contents whose segment list is a crafted
pickle is reported as a damaged index by `findit query`, the page and `findit index`, and what the pickle
asked for never happens."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
from collections import defaultdict

import pytest
from whoosh.filedb.filestore import FileStorage

from findit.index import safepickle
from findit.settings import Settings
from findit.webapp import create_app
from helpers import FINDIT


class _Crafted:
    """A pickle that, unpickled, creates a file (as a command would run)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def crafted_toc(index_dir, marker) -> None:
    """Replace the segment list at the end of the current generation's TOC with the crafted pickle."""
    generation = (index_dir / "current").resolve()
    name = next(p.name for p in generation.iterdir() if p.suffix == ".toc")
    stream = FileStorage(str(generation)).open_file(name)
    for _ in range(3):
        stream.read_varint()
    stream.read_int(), stream.read_int()
    for _ in range(3):
        stream.read_varint()
    stream.skip_string()  # the schema, never read by findit
    stream.read_int(), stream.read_int()
    start = stream.tell()
    stream.close()
    head = (generation / name).read_bytes()[:start]
    (generation / name).write_bytes(head + pickle.dumps(_Crafted(str(marker)), 2))


@pytest.fixture
def crafted(settings, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(settings.index, index, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    marker = tmp_path / "ran"
    crafted_toc(index, marker)
    return Settings(corpus=settings.corpus, index=index), marker


def test_the_restricted_unpickler_builds_what_whoosh_writes_and_refuses_the_rest(tmp_path):
    lengths = defaultdict(int, {"title": 3})
    kept = (lengths, dt.datetime(2021, 3, 1, 12, 0), {1, 2}, b"bytes", "texte", 1.5)
    assert safepickle.loads(pickle.dumps(kept, 2)) == kept
    with pytest.raises(safepickle.UnsafePickleError):
        safepickle.loads(pickle.dumps(_Crafted(str(tmp_path / "ran")), 2))
    with pytest.raises(safepickle.UnsafePickleError):
        safepickle.loads(pickle.dumps(os.getcwd, 2))  # a function, even a harmless one
    assert not (tmp_path / "ran").exists()


def test_a_crafted_index_runs_nothing_from_the_command_line(crafted):
    settings, marker = crafted
    env = {**os.environ, "FINDIT_QUERY_LOG": "0"}
    query = subprocess.run(
        [str(FINDIT), "query", "--index", str(settings.index), "algorithmes"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert query.returncode == 1 and "findit index --full" in query.stderr, query.stderr
    assert "Traceback" not in query.stderr
    assert not marker.exists()


def test_a_crafted_index_runs_nothing_from_the_page(crafted):
    settings, marker = crafted
    client = create_app({"FINDIT_SETTINGS": settings, "TESTING": True}).test_client()
    assert client.get("/", query_string={"q": "algorithmes"}).status_code == 503
    assert client.get("/api/search", query_string={"q": "eig"}).status_code == 503
    assert not marker.exists()


def test_findit_index_rebuilds_a_crafted_index_without_running_it(crafted, make_indexer):
    settings, marker = crafted
    settings = Settings(corpus=settings.corpus, index=settings.index)
    summary = make_indexer(settings).update()
    assert summary.full and not marker.exists()
    client = create_app({"FINDIT_SETTINGS": settings, "TESTING": True}).test_client()
    assert client.get("/api/search", query_string={"q": "algorithmes"}).get_json()["total"] > 0
