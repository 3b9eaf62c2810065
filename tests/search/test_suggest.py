""" "Did you mean" (findit.search.suggest): a typo gets the indexed spelling (a name its display form);
a word the index knows, a short word or a number is never replaced; has_indexed_terms() looks in every
field of a parsed query."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from findit.search.generation import Generation
from findit.search.suggest import Suggester, has_indexed_terms
from helpers import build_index, doc


@pytest.fixture(scope="module")
def gen(small):
    opened = Generation.open(small)
    yield opened
    opened.close()


def suggest(gen, text: str, known=None) -> str | None:
    """As the searcher asks: the query's plain words, `known` = the index holds a term of the word."""
    if known is None:

        def known(word: str) -> bool:
            q = gen.parser.read(word, other_spellings=False).query
            return q is not wq.NullQuery and has_indexed_terms(q, gen.reader)

    return Suggester(gen.searcher, gen.display).suggest(text, gen.parser.read(text).words, known)


def never_known(word: str) -> bool:
    return False


# -- suggestions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("cartografie", "cartographie"),
        ("Cartografie", "Cartographie"),  # a capital typed stays a capital
        ("algoritmes publics", "algorithmes publics"),
        ("publiks", "publics"),
    ],
)
def test_a_typo_in_a_word_gets_the_indexed_spelling(gen, typed, expected):
    assert suggest(gen, typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("cardom", "Cardon"),  # the display form of the name, capitalised
        ("Cardom", "Cardon"),
        ("Dominique Cardom", "Dominique Cardon"),
        ("sciencespa", "SciencesPo"),
    ],
)
def test_a_typo_in_a_name_gets_the_names_display_form(gen, typed, expected):
    assert gen.display["cardon"] == "Cardon"
    assert suggest(gen, typed) == expected


def test_every_occurrence_of_the_word_is_replaced_and_only_whole_words(gen):
    assert suggest(gen, "Cardom et cardom") == "Cardon et Cardon"
    suggester = Suggester(gen.searcher, gen.display)
    assert suggester.suggest("cardom cardomatic", ["cardom"], never_known) == "Cardon cardomatic"


def test_a_word_the_index_knows_is_never_replaced(gen):
    # « décide » is one letter away from the indexed lemma « decider »: a candidate exists...
    assert suggest(gen, "décide", known=never_known) is not None
    # ...but the index holds the word as written, so it stays.
    assert suggest(gen, "décide") is None
    for word in ("cartographie", "Cardon", "SciencesPo", "atelier"):
        assert suggest(gen, word) is None, word
    # Only the unknown word of the query changes.
    assert suggest(gen, "atelier cartografie") == "atelier cartographie"


def test_short_words_are_never_replaced(gen):
    suggester = Suggester(gen.searcher, gen.display)
    assert suggester.suggest("sit", ["sit"], never_known) == "site", "three letters: corrected"
    for word in ("si", "ab", "x"):
        assert suggester.suggest(word, [word], never_known) is None, word


def test_nothing_close_enough_gives_no_suggestion(gen):
    assert suggest(gen, "zzzzzz") is None
    assert suggest(gen, "") is None


@pytest.fixture(scope="module")
def numbers(tmp_path_factory, analyser):
    docs = [
        doc("decret", "Le décret de 2019", "Le décret 2019-1234 du 12 mars 2019 sur les données."),
        doc("loi", "La loi numérique", "La loi pour une République numérique, article 2020."),
    ]
    opened = Generation.open(build_index(tmp_path_factory.mktemp("numbers"), docs, analyser))
    yield opened
    opened.close()


def test_numbers_are_never_replaced(numbers):
    # The index holds 2019 and 2020; 2018 is not a typo of either.
    assert "2019" in list(numbers.searcher.corrector("exact").suggest("2018", limit=3, maxdist=2, prefix=1))
    suggester = Suggester(numbers.searcher, numbers.display)
    assert suggester.suggest("2018", ["2018"], never_known) is None
    assert suggester.suggest("décret 2018", ["décret", "2018"], never_known) is None
    assert suggester.suggest("decrat 2018", ["decrat", "2018"], never_known) == "decret 2018"


# -- has_indexed_terms ------------------------------------------------------------------------------------


def parsed(gen, text: str):
    return gen.parser.read(text, other_spellings=False).query


def test_a_word_is_found_in_whatever_field_holds_it(gen):
    # « ipsum » is in one body only; the query's first term is in the title field, where it is not.
    q = parsed(gen, "ipsum")
    assert next(iter(q.iter_all_terms()))[0] == "title"
    assert has_indexed_terms(q, gen.reader)
    # « dominique » is only a speaker's name.
    assert has_indexed_terms(parsed(gen, "dominique"), gen.reader)
    assert has_indexed_terms(parsed(gen, "Cartographie"), gen.reader)


def test_a_word_no_field_holds_is_unknown(gen):
    assert not has_indexed_terms(parsed(gen, "cartografie"), gen.reader)
    assert not has_indexed_terms(parsed(gen, "titre:ipsum"), gen.reader), "ipsum is in no title"
    assert not has_indexed_terms(None, gen.reader)
    assert not has_indexed_terms(wq.NullQuery, gen.reader)


def test_terms_of_other_kinds_of_fields(gen):
    assert has_indexed_terms(wq.Term("year", 2019), gen.reader)
    assert not has_indexed_terms(wq.Term("year", 1066), gen.reader)
    assert not has_indexed_terms(wq.Term("year", "deux-mille"), gen.reader), "not a number: not a year term"
    assert not has_indexed_terms(wq.Term("no_such_field", "cartographie"), gen.reader)
