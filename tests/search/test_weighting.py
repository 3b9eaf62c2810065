"""The name fields' length normalisation (findit.search.weighting), on a real index: against the documents
that name someone, so that a page whose one organisation is the one searched comes before a list of
fifty, and a small archive where few documents name anyone still ranks a speaker above a mention."""

from __future__ import annotations

import subprocess
import sys

import pytest

from findit.search import Searcher
from findit.search.generation import Generation
from findit.search.weighting import NAME_FIELDS, Weighting, named_average
from helpers import build_index, doc, ids, search

FILLER = "Le projet avance par étapes, avec les agents et les usagers, dans chaque administration. "
MINISTRIES = [f"Ministère numéro {i}" for i in range(40)]

DOCS = [
    # first: where scores tie, the lower document number comes first
    doc("report", "Rapport annuel", FILLER * 3, organisations=[*MINISTRIES, "Ministère de l'Éducation nationale"]),
    doc("project", "Un outil pour les écoles", FILLER, organisations=["Ministère de l'Éducation nationale"]),
    doc("talk", "Table ronde", FILLER, kind="event", speakers=["Dominique Cardon"]),
    doc("mention", "Compte rendu", FILLER + "Un livre de Cardon était cité. " + FILLER),
    *[doc(f"plain-{i}", f"Note {i}", FILLER) for i in range(12)],
]


@pytest.fixture(scope="module")
def named_index(tmp_path_factory, analyser):
    return build_index(tmp_path_factory.mktemp("weighting"), DOCS, analyser)


def test_the_average_is_taken_over_the_documents_that_name_someone(named_index):
    gen = Generation.open(named_index)
    try:
        reader = gen.searcher.reader()
        for field in NAME_FIELDS:
            named = [d for d in range(reader.doc_count_all()) if reader.doc_field_length(d, field)]
            assert 0 < len(named) < reader.doc_count_all() / 4, "most documents name nobody"
            expected = sum(reader.doc_field_length(d, field) for d in named) / len(named)
            # the length bytes Whoosh keeps are approximate: the totals it keeps are not
            assert named_average(gen.searcher, field) == pytest.approx(expected, rel=0.1)
            assert named_average(gen.searcher, field) > reader.field_length(field) / reader.doc_count_all()
        assert isinstance(gen.searcher.weighting, Weighting)
    finally:
        gen.close()


def test_the_page_whose_one_organisation_is_searched_comes_before_a_list_of_forty(named_index):
    with Searcher(named_index) as searcher:
        found = ids(search(searcher, "éducation nationale"))
    assert found[:2] == ["project", "report"]


def test_a_speaker_still_ranks_above_a_passing_mention_where_few_documents_name_anyone(named_index):
    with Searcher(named_index) as searcher:
        found = ids(search(searcher, "cardon"))
    assert found[:2] == ["talk", "mention"]


def test_a_one_shot_search_does_not_load_numpy(named_index):
    """numpy (the vectorised scorer's) costs a one-shot `findit query` some 40 ms to import, and a process
    without it matches small queries through Whoosh (findit.search.budget): the weighting must not load it."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from findit.search import Searcher\n"
        "from findit.search.results import SearchRequest\n"
        "from findit.settings import Settings\n"
        f"with Searcher(Settings(index=Path({str(named_index.index)!r}))) as s:\n"
        "    assert s.search(SearchRequest(query='éducation nationale')).total >= 2\n"
        "print('numpy' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
