"""Shared fixtures: a real on-disk index over the shipped corpus, built once per test session.

- `settings`: Settings whose corpus is the shipped corpus/ and whose index is that session index
  (read-only for tests: build your own with `corpus_copy` + `make_settings` to change things).
- `indexed`: the IndexSummary of that build.
- `corpus_copy`: a writable copy of the shipped corpus in a fresh folder.
- `make_settings(corpus, index=None)`: Settings for a corpus and a fresh index folder, its analysis cache
  seeded from the session index so that unchanged documents need no spaCy run.
- `shared_corpora`: ../shared/corpora, or the test is skipped when it is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from findit.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def copy_corpus(src: Path, dest: Path) -> Path:
    """A writable copy (the shipped files may be read-only: copy contents, not permissions)."""
    shutil.copytree(src, dest, copy_function=shutil.copyfile, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="session")
def session_index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("session-index") / "index"


@pytest.fixture(scope="session")
def indexed(session_index_dir):
    """Build the session index over the shipped corpus (real ingest, real spaCy, real Whoosh)."""
    from findit.index import Indexer

    settings = Settings(corpus=CORPUS, index=session_index_dir)
    return Indexer(settings).update()


@pytest.fixture(scope="session")
def settings(indexed, session_index_dir) -> Settings:
    """Settings pointing at the shipped corpus and at the session's index built over it."""
    return Settings(corpus=CORPUS, index=session_index_dir)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    return copy_corpus(CORPUS, tmp_path / "corpus")


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
