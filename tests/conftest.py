"""Shared fixtures: a real on-disk index over the shipped corpus, built once per test session.

- `settings`: Settings whose corpus is the shipped corpus/ and whose index is that session index
  (read-only for tests: build your own with `corpus_copy` + `make_settings` to change things).
- `indexed`: the IndexSummary of that build.
- `corpus_copy`: a writable copy of the shipped corpus in a fresh folder.
- `make_settings(corpus, index=None)`: Settings for a corpus and a fresh index folder, its analysis cache
  seeded from the session index so that unchanged documents need no spaCy run.
- `make_indexer(settings, **kw)`: an Indexer whose analyser uses the session's spaCy model (loaded once).
- `analyser`: an Analyser over the session's model with a cache of its own (one per module).
- `shared_corpora`: ../shared/corpora, or the test is skipped when it is absent.

Every process a test starts carries a mark in its environment; a test that leaves a `helpers.Child`
running fails, and the run fails if any marked process outlives it (after killing it).
"""

from __future__ import annotations

import os
import shutil
import signal
import uuid
from pathlib import Path

import pytest

from findit.analysis import Analyser, Lemmatizer
from findit.index import CACHE, Indexer
from findit.settings import Settings
from helpers import CORPUS, RUN_MARK, SHARED_CORPORA, Child, alive, copy_tree, gone, marked_processes

# Set before any test starts a process: children inherit it (and pass it on to theirs). Parallel
# workers (pytest-xdist) keep the mark of the run that started them, so that run checks them all.
XDIST_WORKER = "PYTEST_XDIST_WORKER" in os.environ
if not (XDIST_WORKER and RUN_MARK in os.environ):
    os.environ[RUN_MARK] = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def no_child_left(monkeypatch):
    """A test must stop what it started: a Child still running at its end is killed and fails the test."""
    started: list[Child] = []
    original = Child.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(Child, "__init__", record)
    yield
    left = [child for child in started if child.running()]
    for child in left:
        child.kill()
    assert not left, f"left running: {[child.process.args for child in left]}"


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """After every fixture is torn down (and parallel workers have exited): no process the run started
    may still be alive."""
    if XDIST_WORKER:
        return  # its siblings carry the same mark: the run that started the workers checks, once they exit
    # A process pool's resource tracker lives as long as the process that used the pool (this one): it
    # ends with the run, not before. Those of parallel workers end once their worker has: give them time.
    marked = [pid for pid in marked_processes(os.environ[RUN_MARK]) if not _own_resource_tracker(pid)]
    gone(marked, timeout=10)
    left = [pid for pid in marked if alive(pid)]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if left:
        commands = [
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120]
            for pid in left
            if Path(f"/proc/{pid}/cmdline").exists()
        ]
        session.config.get_terminal_writer().line(
            f"processes left behind by the test run (killed): {left} {commands}", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def session_index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("session-index") / "index"


@pytest.fixture(scope="session")
def lemmatizer() -> Lemmatizer:
    """The real spaCy model, loaded once for the run (on first use) and shared by the tests' analysers."""
    return Lemmatizer()


@pytest.fixture(scope="session")
def new_indexer(lemmatizer):
    def make(settings: Settings, **kwargs) -> Indexer:
        analyser = Analyser(settings, Path(settings.index) / CACHE, lemmatizer=lemmatizer)
        return Indexer(settings, analyser=analyser, **kwargs)

    return make


@pytest.fixture
def make_indexer(new_indexer):
    """An Indexer whose spaCy model is shared with the rest of the run; `once=True` makes it as `findit
    index` does, for one update."""
    return new_indexer


@pytest.fixture(scope="module")
def analyser(tmp_path_factory, lemmatizer) -> Analyser:
    return Analyser(None, tmp_path_factory.mktemp("analysis-cache"), lemmatizer=lemmatizer)


@pytest.fixture(scope="session")
def indexed(session_index_dir, new_indexer):
    """Build the session index over the shipped corpus (real ingest, real spaCy, real Whoosh)."""
    return new_indexer(Settings(corpus=CORPUS, index=session_index_dir)).update()


@pytest.fixture(scope="session")
def settings(indexed, session_index_dir) -> Settings:
    """Settings pointing at the shipped corpus and at the session's index built over it."""
    return Settings(corpus=CORPUS, index=session_index_dir)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    return copy_tree(CORPUS, tmp_path / "corpus")


@pytest.fixture
def make_settings(tmp_path, indexed, session_index_dir):
    def make(corpus: Path, index: Path | None = None, **overrides) -> Settings:
        index = index or tmp_path / "index"
        cache = session_index_dir / "cache"
        if cache.is_dir() and not (index / "cache").exists():
            shutil.copytree(cache, index / "cache")
        return Settings(corpus=Path(corpus), index=Path(index), **overrides)

    return make


@pytest.fixture
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent")
    return SHARED_CORPORA


def _own_resource_tracker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return False
    return b"resource_tracker" in command and parent == os.getpid()
