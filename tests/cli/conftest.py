"""Fixtures of the terminal tests: a small real index of odd documents (odd_archive), and a copy of the
session index for tests that write its query log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from odd_archive import odd_documents

from helpers import build_index


@pytest.fixture(scope="module")
def odd_settings(tmp_path_factory, analyser):
    """Settings over a real index of odd_documents() (query log on, in its own folder)."""
    return build_index(tmp_path_factory.mktemp("odd"), odd_documents(), analyser)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def own_index(tmp_path, settings) -> Path:
    """A copy of the session index, whose query log a test may write."""
    copy = tmp_path / "index"
    shutil.copytree(settings.index, copy, symlinks=True, ignore=shutil.ignore_patterns("cache", "querylog.sqlite3*"))
    return copy
