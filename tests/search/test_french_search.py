"""French search on the sample archive, end to end (real ingest, spaCy, Whoosh index, Searcher): the ways a
user may write the same thing find the same top document, and highlights show the words as written."""

from __future__ import annotations

import unicodedata

import pytest

from findit.search import Searcher
from findit.search.results import SearchRequest
from helpers import build_index, doc

GROUPS = [
    ["algorithmes publics ?", "algorithme public", "ALGORITHMES PUBLICS"],
    ["l’État", "l'etat", "etat"],
    ["données publiques", "donnees publique"],
    ["greffons cardiaques", "greffon cardiaque"],
    ["cœur", "coeur"],
    ["chômeuses", "chomeurs"],
    ["a évoqué", "evoquer"],
    ["Pénicaud", "penicaud"],
    ["Barthélémy", "barthelemy"],
    [
        "DITP",
        "ditp",
        "direction interministerielle de la transformation publique",
        "Direction interministérielle de la transformation publique",
    ],
]


@pytest.fixture(scope="module")
def searcher(settings):
    s = Searcher(settings)
    yield s
    s.close()


def _search(searcher, query):
    return searcher.search(SearchRequest(query=query))


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g[0])
def test_each_way_of_writing_finds_the_same_top_document(searcher, group):
    tops = {}
    for query in group:
        result = _search(searcher, query)
        assert result.hits, f"{query!r} finds nothing"
        tops[query] = result.hits[0].id
    assert len(set(tops.values())) == 1, tops


@pytest.mark.parametrize("query", ["Pénicaud", "événement", "régulation des algorithmes", "données publiques"])
def test_accents_typed_as_combining_marks_find_what_the_composed_letters_find(searcher, query):
    # A macOS keyboard or a paste from a PDF gives « e » and a combining accent for « é ».
    decomposed = unicodedata.normalize("NFD", query)
    assert decomposed != query
    found = [h.id for h in _search(searcher, query).hits]
    assert found, query
    assert [h.id for h in _search(searcher, decomposed).hits] == found


def test_control_characters_pasted_into_a_query_are_blanks(searcher):
    # A bell, a terminal's colour code: not letters of the words, nor of the suggestion.
    found = [h.id for h in _search(searcher, "algorithmes publics").hits]
    pasted = _search(searcher, "algorithmes\x07publics\x1b[31m")
    assert [h.id for h in pasted.hits] == found
    typo = _search(searcher, "algoritmes\x1b[0m publics")
    assert typo.suggestion and typo.suggestion.isprintable(), typo.suggestion


def test_an_acronym_and_its_long_form_are_one_query_on_the_archive(settings):
    # The pairs the archive defines are saved with the index and read back without spaCy: either way of
    # writing the DITP is read as « DITP OR "its long form" », hence ranks alike.
    from whoosh import query as wq

    from findit.index import open_index
    from findit.search.query import QueryReader

    opened = open_index(settings)
    reader = QueryReader(opened.index.schema, {}, acronyms=opened.acronyms)
    ditp = reader.read("DITP").query
    for query in [
        "ditp",
        "direction interministerielle de la transformation publique",
        "Direction interministérielle de la transformation publique (DITP)",
    ]:
        assert reader.read(query).query == ditp, query
    # The long form is a phrase of its six words in the body (a sequence when a word has alternatives).
    assert any(
        (isinstance(q, wq.Phrase) and q.fieldname == "body" and len(q.words) == 6)
        or (
            isinstance(q, wq.Sequence)
            and len(q.subqueries) == 6
            and {leaf.fieldname for leaf in q.leaves()} == {"body"}
        )
        for q in ditp.subqueries
    )
    # Other words of the query stay as they were.
    assert (
        reader.read("la DITP et Etalab").query
        == reader.read("la direction interministérielle de la transformation publique et Etalab").query
    )


def test_an_acronym_and_its_long_form_find_the_same_documents_of_the_archive(searcher):
    # Four documents of the sample archive name the DITP both ways: each form finds exactly the documents
    # the other finds, the one that defines the acronym included.
    found = {}
    for query in ["DITP", "direction interministerielle de la transformation publique", "ditp"]:
        hits = _search(searcher, query).hits
        assert hits, f"{query!r} finds nothing"
        found[query] = {h.id for h in hits}
    assert len({frozenset(ids) for ids in found.values()}) == 1, found
    defining = _search(searcher, '"direction interministérielle de la transformation publique (DITP)"').hits
    assert defining and defining[0].id in found["DITP"]


def test_an_acronym_query_marks_the_acronym_not_the_small_words_of_its_long_form(searcher):
    snippets = " ".join(h.snippet for h in _search(searcher, "DITP").hits)
    assert "<mark>DITP</mark>" in snippets
    for small in ("de", "la", "du"):
        assert f"<mark>{small}</mark>" not in snippets.lower(), small


def test_highlights_show_the_words_as_written(searcher):
    for query, written in [
        ("barthelemy", "Barthélémy"),
        ("algorithme public", "algorithmes"),
        ("greffon cardiaque", "greffons"),
        ("evoquer", "évoqué"),
    ]:
        snippets = " ".join(h.snippet for h in _search(searcher, query).hits)
        assert f"<mark>{written}</mark>" in snippets, (query, snippets[:300])


def test_a_person_is_found_by_full_last_or_first_name_with_or_without_accents(searcher):
    tops = {
        q: _search(searcher, q).hits[0].id for q in ["Eric Barthélémy", "eric barthelemy", "Barthélémy", "BARTHELEMY"]
    }
    assert len(set(tops.values())) == 1, tops
    top = _search(searcher, "barthelemy").hits[0]
    assert "Eric Barthélémy" in top.speakers
    # A first name is shared by several people: the person's document is among those found.
    for query in ["Éric", "eric"]:
        assert top.id in {h.id for h in _search(searcher, query).hits}


def test_an_acronym_and_its_long_form_find_each_other(tmp_path, analyser):
    docs = [
        doc(
            "defines",
            "Le plan d'action",
            "Animée par la direction interministérielle de la transformation publique (DITP), la démarche.",
        ),
        doc("short", "Les mardis de l'innovation", "Un webinaire organisé par la DITP le 7 septembre."),
        doc("long", "Un atelier", "La Direction interministérielle de la transformation publique propose."),
        doc("other", "Autre chose", "La direction interministérielle du numérique recrute."),
    ]
    searcher = Searcher(build_index(tmp_path, docs, analyser))
    try:
        expected = {"defines", "short", "long"}
        assert {h.id for h in _search(searcher, "DITP").hits} == expected
        # The documents with the whole name come first; a page holding only part of it may follow.
        ranked = [h.id for h in _search(searcher, "direction interministerielle transformation publique").hits]
        assert set(ranked[:3]) == expected and set(ranked[3:]) <= {"other"}
        hit = next(h for h in _search(searcher, "DITP").hits if h.id == "short")
        assert "Direction interministérielle de la transformation publique (DITP)" in hit.organisations
    finally:
        searcher.close()


def test_phrases_line_up_across_elisions_lemmas_and_accents(searcher):
    # Quoted: the words must follow each other, as lemmas and folded forms alike.
    for phrase in ['"données publiques"', '"donnees publique"', '"de l\'etat"', '"DE L’ÉTAT"']:
        assert _search(searcher, phrase).hits, phrase
    everything = {h.id for h in searcher.search(SearchRequest(query="etat", limit=100)).hits}
    assert {h.id for h in searcher.search(SearchRequest(query='"de l\'etat"', limit=100)).hits} <= everything
    assert not _search(searcher, '"publiques données"').hits
