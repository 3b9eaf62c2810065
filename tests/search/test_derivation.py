"""A verb and the noun of its action find each other (« recruter » / « recrutement », « paralléliser » /
« parallélisation »), above a stem's match and without a message; only regular pairs, only words the
archive holds. Real index, real spaCy analysis."""

from __future__ import annotations

import pytest

from findit.search import Searcher
from findit.search.derivation import related
from findit.search.results import SearchRequest
from helpers import FILLER, build_index, doc


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("paralleliser", "parallelisation"),
        ("parallelisation", "paralleliser"),
        ("recruter", "recrutement"),
        ("recrutement", "recruter"),
        ("identifier", "identification"),
        ("identification", "identifier"),
        ("evaluer", "evaluation"),
        ("investir", "investissement"),
        ("traduire", "traduction"),
        ("recevoir", "reception"),
        ("inscrire", "inscription"),
        ("definition", "definir"),
        ("decrire", "description"),
    ],
)
def test_regular_pairs_either_way(lemma, expected):
    assert expected in related(lemma)


# « ouvrir » / « ouverture » are left out: the archives' « ouverture » is a term of its own.
@pytest.mark.parametrize("lemma", ["nation", "station", "ster", "donnee", "algorithme", "ouverture"])
def test_no_pair_from_a_short_base_or_another_ending(lemma):
    assert related(lemma) == []


DOCS = [
    # The action named by its noun, in the title.
    doc("noun", "Le recrutement des développeurs", FILLER * 3, date="2022-01-10"),
    # The verb itself, once, in a long body: the word typed, but said in passing.
    doc("verb", "Les développeurs de l'administration", FILLER * 6 + "Il faut recruter. " + FILLER, date="2022-01-11"),
    # Neither: the family's stem only, through another word (« recrue »).
    doc("stem", "Une recrue parmi les développeurs", FILLER * 3, date="2022-01-12"),
    doc("other", "La parallélisation des calculs statistiques", FILLER * 2, date="2021-05-01"),
    # « former » / « formation » are a pair; « forme » only shares a stem with « former » (Snowball: form).
    doc("training", "La formation des agents publics", FILLER * 2, date="2020-02-01"),
    doc("shape", "Les agents publics en forme", FILLER * 2, date="2020-02-02"),
    # « former » is a word of the archive (not read as a typo of « forme »).
    *[doc(f"guide-{n}", f"Guide {n}", FILLER + "Il faut former les équipes.", date=f"2019-01-0{n}") for n in (1, 2, 3)],
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, analyser):
    with Searcher(build_index(tmp_path_factory.mktemp("derivation"), DOCS, analyser)) as s:
        yield s


def test_the_pair_ranks_above_a_word_that_only_shares_a_stem(searcher):
    ids = [h.id for h in searcher.search(SearchRequest(query="former les agents")).hits]
    assert ids.index("training") < ids.index("shape")


def test_the_noun_of_the_action_ranks_as_the_verb_does(searcher):
    result = searcher.search(SearchRequest(query="recruter des développeurs", explain=True))
    ids = [h.id for h in result.hits]
    # The page titled by the action comes first; a page sharing only a stem comes after both.
    assert ids[0] == "noun"
    assert ids.index("stem") > ids.index("verb")
    derived = [m for m in result.hits[0].explain if m["how"] == "derivation"]
    assert derived and derived[0]["term"] == "recrutement" and derived[0]["field"] == "title"
    # As common as verbs: no message for it.
    assert "recrutement" not in (result.message or "")


def test_the_verb_finds_the_noun_and_the_noun_the_verb(searcher):
    assert [h.id for h in searcher.search(SearchRequest(query="paralléliser les calculs")).hits][:1] == ["other"]
    found = searcher.search(SearchRequest(query="recrutement", explain=True))
    assert {"noun", "verb"} <= {h.id for h in found.hits}
    verb = next(h for h in found.hits if h.id == "verb")
    assert any(m["how"] == "derivation" and m["term"] == "recruter" for m in verb.explain)
