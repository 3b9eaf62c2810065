"""The search tests' small real index (helpers.DOCS), built once per module, and a Searcher over it."""

from __future__ import annotations

import pytest

from findit.search import Searcher
from findit.settings import Settings
from helpers import DOCS, build_index


@pytest.fixture(scope="module")
def small(tmp_path_factory, analyser) -> Settings:
    return build_index(tmp_path_factory.mktemp("small"), DOCS, analyser)


@pytest.fixture(scope="module")
def searcher(small):
    with Searcher(small) as s:
        yield s
