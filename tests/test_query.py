"""The query language's bad inputs: every string gets an answer (read as plain words when the parser
cannot read it) or a clear message, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from searchkit import analyser, ids, search, searcher, small  # noqa: F401 - fixtures

from findit.query import UNREADABLE, QueryReader
from findit.results import SearchRequest, SearchResult
from findit.schema import build_schema

NASTY = [
    '"', '""', '"unbalanced phrase', 'unbalanced phrase"', "(", ")", "((((", "))))", "(cartographie",
    "cartographie)", "(a OR (b AND c)", "AND", "OR", "NOT", "ET", "OU", "SAUF", "AND OR NOT",
    "cartographie AND", "OR cartographie", "NOT NOT", "- -", "-", "+", "--", "-cartographie", "+cartographie",
    ":", "::", "titre:", ":cartographie", "titre::x", "a:b:c", "inconnu:cartographie", "doc:x", "draft:true",
    "id:carto-title", "content_hash:x", "*", "**", "*:*", "?", "c*", "*phie", "carto*graphie", "t?tre",
    "annee:abc", "annee:..", "annee:2019..", "annee:..2019", "annee:2021..2019", "annee:99999999999999999999",
    "year:[2019 TO", "year:{", "date:hier", "date:[a TO b]", "[", "]", "{", "}", "[a TO b]", "{a TO}",
    "^", "cartographie^", "cartographie^abc", "cartographie~", "cartographie~~2", "~", "'", "''", "l'",
    "\\", "\\\\\"", "/", "<script>alert(1)</script>", "&amp;", "%s%s%n", "{0}", "$(rm -rf /)", "; DROP TABLE",
    "\x00", "\x1b[31mrouge\x1b[0m", "\t\n\r", "\u200b", "\ufeffcartographie", "🙂", "🙂 cartographie",
    "éèêë", "ÉTAT", "ǅ", "ﬁ", "İstanbul", "ß", "٣", "ℌ", "a" * 5000, "cartographie " * 400,
    "(" * 300 + "x", "\"" * 301, "-" * 200, "*" * 200, "OR " * 200, "a:" * 200,
]


@pytest.mark.parametrize("text", NASTY)
def test_bad_input_gets_an_answer_not_an_exception(searcher, text):
    result = searcher.search(SearchRequest(query=text))
    assert isinstance(result, SearchResult)
    assert result.total >= 0 and len(result.hits) <= result.total
    assert result.to_json()["query"] == result.query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.lists(st.sampled_from(["(", ")", '"', "-", "+", "*", "?", ":", "titre:", "annee:", "..",
                                   "AND", "OR", "NOT", "SAUF", "cartographie", "eig", "[", "]", "^", "~",
                                   " ", "l'", "2019"]), max_size=12).map("".join))
def test_any_string_gets_an_answer(searcher, text):
    result = searcher.search(SearchRequest(query=text))
    assert result.total >= 0
    for hit in result.hits:
        # Whatever the query, a snippet stays escaped text with <mark> around matches only.
        assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")


def test_unreadable_clause_is_read_as_words_and_says_so(searcher):
    result = search(searcher, "cartographie annee:abc")
    assert UNREADABLE in result.message
    assert result.total == 0 or all("cartographie" in h.title.lower() + h.snippet.lower()
                                    for h in result.hits)


def test_a_query_without_any_word_says_so(searcher):
    result = search(searcher, '""')
    assert result.total == 0 and result.message


def test_a_long_query_is_cut_and_says_so(searcher):
    result = search(searcher, "cartographie " + "x" * 2000)
    assert len(result.query) == searcher.settings.max_query_chars
    assert "500" in result.message


def test_control_characters_are_ignored(searcher):
    assert set(ids(search(searcher, "\x00cartographie\x07"))) == set(ids(search(searcher, "cartographie")))


def test_operators_in_lower_case_are_words():
    reader = QueryReader(build_schema(), {})
    assert "or" in {t for _, t in reader.read("cartographie or sociologie").query.iter_all_terms()}
    assert "and" not in {t for _, t in reader.read("cartographie AND sociologie").query.iter_all_terms()}


def test_field_names_in_french_and_english_any_case():
    reader = QueryReader(build_schema(), {"outlet": ["Acteurs publics"], "kind": ["event"]},
                         {"kind": {"event": "Événement"}})
    same = [("titre:x", "title:x"), ("TITRE:x", "title:x"), ("Intervenant:x", "speaker:x"),
            ("orga:x", "org:x"), ("année:2019", "year:2019"), ("annee:2019", "year:2019"),
            ("thème:x", "tag:x"), ("média:acteurs", 'outlet:"Acteurs publics"'),
            ("type:événement", "kind:event"), ("type:evenement", "kind:EVENT")]
    for french, english in same:
        assert reader.read(french).query == reader.read(english).query, (french, english)


def test_year_ranges():
    reader = QueryReader(build_schema(), {})
    assert str(reader.read("annee:2019..2021").query) == "year:[2019 TO 2021]"
    assert str(reader.read("annee:2019..").query) == "year:[2019 TO ]"
    assert str(reader.read("annee:..2021").query) == "year:[ TO 2021]"
