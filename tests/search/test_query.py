"""The query language's bad inputs: every string gets an answer (read as plain words when the parser
cannot read it) or a clear message, never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from findit.index.schema import build_schema
from findit.search.query import UNREADABLE, QueryReader
from findit.search.results import SearchRequest, SearchResult
from findit.text import typed
from helpers import DOCS, ids, search

NASTY = [
    '"',
    '""',
    '"unbalanced phrase',
    'unbalanced phrase"',
    "(",
    ")",
    "((((",
    "))))",
    "(cartographie",
    "cartographie)",
    "(a OR (b AND c)",
    "AND",
    "OR",
    "NOT",
    "ET",
    "OU",
    "SAUF",
    "AND OR NOT",
    "cartographie AND",
    "OR cartographie",
    "NOT NOT",
    "- -",
    "-",
    "+",
    "--",
    "-cartographie",
    "+cartographie",
    ":",
    "::",
    "titre:",
    ":cartographie",
    "titre::x",
    "a:b:c",
    "inconnu:cartographie",
    "doc:x",
    "draft:true",
    "id:carto-title",
    "content_hash:x",
    "*",
    "**",
    "*:*",
    "?",
    "c*",
    "*phie",
    "carto*graphie",
    "t?tre",
    "annee:abc",
    "annee:..",
    "annee:2019..",
    "annee:..2019",
    "annee:2021..2019",
    "annee:99999999999999999999",
    "year:[2019 TO",
    "year:{",
    "date:hier",
    "date:[a TO b]",
    "[",
    "]",
    "{",
    "}",
    "[a TO b]",
    "{a TO}",
    "^",
    "cartographie^",
    "cartographie^abc",
    "cartographie~",
    "cartographie~~2",
    "~",
    "'",
    "''",
    "l'",
    "\\",
    '\\\\"',
    "/",
    "<script>alert(1)</script>",
    "&amp;",
    "%s%s%n",
    "{0}",
    "$(rm -rf /)",
    "; DROP TABLE",
    "\x00",
    "\x1b[31mrouge\x1b[0m",
    "\t\n\r",
    "\u200b",
    "\ufeffcartographie",
    "🙂",
    "🙂 cartographie",
    "éèêë",
    "ÉTAT",
    "ǅ",
    "ﬁ",
    "İstanbul",
    "ß",
    "٣",
    "ℌ",
    "a" * 5000,
    "cartographie " * 400,
    "(" * 300 + "x",
    '"' * 301,
    "-" * 200,
    "*" * 200,
    "OR " * 200,
    "a:" * 200,
]


# What the small index shows by default: its published documents, one per duplicate group.
VISIBLE = {d.id for d in DOCS if not (d.draft or d.junk)}
GROUPS = {d.id: d.duplicate_group or d.id for d in DOCS}


def assert_an_answer(result: SearchResult, limit: int = 10) -> None:
    """What a user is owed whatever they typed: a page of documents of the archive (published, one per
    duplicate group, no repeats), as many as the total allows, a total that the facets agree with, and a
    JSON object that says the same."""
    assert isinstance(result, SearchResult)
    shown = [h.id for h in result.hits]
    assert set(shown) <= VISIBLE
    assert len({GROUPS[i] for i in shown}) == len(shown)
    assert len(shown) == min(limit, result.total)
    # Every document has one kind: the kind counts add up to the total (duplicate groups count once).
    assert sum(v.count for v in result.facets["kind"]) == result.total
    data = json.loads(json.dumps(result.to_json()))
    assert data["total"] == result.total and [h["id"] for h in data["hits"]] == shown
    for hit in result.hits:
        # A snippet stays escaped text with <mark> around matches only.
        assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")


@pytest.mark.parametrize("text", NASTY)
def test_bad_input_gets_an_answer_not_an_exception(searcher, text):
    result = searcher.search(SearchRequest(query=text))
    assert_an_answer(result)
    # The answer echoes the query as read (composed, control characters made blanks): a date's span in it
    # is a place in that text.
    assert result.query == typed(text)[: searcher.settings.max_query_chars]
    # Excluding what a query finds never adds to it: `text` and `-text`-like inputs are answered
    # consistently with the empty query, which lists every published document.
    assert result.total <= len({GROUPS[i] for i in VISIBLE})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
    | st.lists(
        st.sampled_from(
            [
                "(",
                ")",
                '"',
                "-",
                "+",
                "*",
                "?",
                ":",
                "titre:",
                "annee:",
                "..",
                "AND",
                "OR",
                "NOT",
                "SAUF",
                "cartographie",
                "eig",
                "[",
                "]",
                "^",
                "~",
                " ",
                "l'",
                "2019",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_any_string_gets_an_answer(searcher, text):
    assert_an_answer(searcher.search(SearchRequest(query=text)))


def test_unreadable_clause_is_read_as_words_and_says_so(searcher):
    result = search(searcher, "cartographie annee:abc")
    assert UNREADABLE in result.message
    assert result.total == 0 or all("cartographie" in h.title.lower() + h.snippet.lower() for h in result.hits)


def test_a_query_without_any_word_says_so(searcher):
    result = search(searcher, '""')
    assert result.total == 0 and result.message


def test_a_long_query_is_cut_and_says_so(searcher):
    result = search(searcher, "cartographie " + "x" * 2000)
    assert len(result.query) == searcher.settings.max_query_chars
    assert "500" in result.message


def test_control_characters_are_ignored(searcher):
    assert set(ids(search(searcher, "\x00cartographie\x07"))) == set(ids(search(searcher, "cartographie")))


def test_a_name_before_a_colon_that_is_no_field_is_a_word_of_its_own(searcher):
    # « auteur:cardon »: no field is called « auteur »; its words are searched as words (the documents
    # naming Cardon come, the partial matches widened), not as the phrase « auteur cardon », which no
    # document holds; the message says the name is no field.
    result = search(searcher, "auteur:cardon")
    assert {"speaker", "mention"} <= set(ids(result))
    assert "« auteur: » n’est pas un champ" in result.message
    assert set(ids(search(searcher, "cartographie foo:usages"))) == set(
        ids(search(searcher, "cartographie foo usages"))
    )
    # A field, a quoted colon and a time are left as they were
    assert (
        search(searcher, "intervenant:cardon").message is None
        or "champ" not in search(searcher, "intervenant:cardon").message
    )
    assert "champ" not in (search(searcher, '"auteur:cardon"').message or "")


def test_a_query_of_excluded_words_lists_the_documents_without_them(searcher):
    # « -cartographie » alone is « SAUF cartographie »: every published document but those with the word.
    without = set(ids(search(searcher, "-cartographie", limit=100)))
    assert without and without == set(ids(search(searcher, "SAUF cartographie", limit=100)))
    assert not without & set(ids(search(searcher, "cartographie", limit=100)))
    assert set(ids(search(searcher, "-cartographie -sociologie", limit=100))) == set(
        ids(search(searcher, "SAUF cartographie SAUF sociologie", limit=100))
    )


def test_a_number_s_sign_is_left_out_of_the_number(tmp_path, analyser):
    # « n°12 », « nº 12 », « #12 »: the number the documents share, whichever sign each writes.
    from findit.search import Searcher
    from helpers import build_index, doc

    filler = "Les nouvelles du réseau, les événements à venir et les lectures du mois. " * 4
    docs = [doc(f"l{n}", f"Infolettre du réseau (#{n})", filler) for n in range(10, 15)]
    docs.append(doc("pdf3", "Lettre d'information N°3", filler))
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        for query in ("infolettre n°12", "infolettre N° 12", "infolettre nº12", "infolettre #12", "n°12"):
            assert ids(search(s, query))[:1] == ["l12"], query
        assert ids(search(s, "lettre n°3"))[:1] == ["pdf3"]


def test_words_joined_by_et_or_and_are_each_asked_for(searcher):
    # Typed without an operator, few documents hold both words, so those holding one follow; with ET or
    # AND the user asks for both: only the documents holding both.
    from findit.search.relax import WIDENED

    implicit = search(searcher, "cartographie usages", limit=50)
    assert WIDENED in (implicit.message or "")
    both = set(ids(search(searcher, "cartographie", limit=50))) & set(ids(search(searcher, "usages", limit=50)))
    assert both and len(both) < implicit.total
    for query in ("cartographie ET usages", "cartographie AND usages"):
        result = search(searcher, query, limit=50)
        assert set(ids(result)) == both, query
        assert WIDENED not in (result.message or "")


def test_operators_in_lower_case_are_words():
    reader = QueryReader(build_schema(), {})
    assert "or" in {t for _, t in reader.read("cartographie or sociologie").query.iter_all_terms()}
    assert "and" not in {t for _, t in reader.read("cartographie AND sociologie").query.iter_all_terms()}


def test_field_names_in_french_and_english_any_case():
    reader = QueryReader(
        build_schema(), {"outlet": ["Acteurs publics"], "kind": ["event"]}, {"kind": {"event": ["Événement"]}}
    )
    same = [
        ("titre:x", "title:x"),
        ("TITRE:x", "title:x"),
        ("Intervenant:x", "speaker:x"),
        ("orga:x", "org:x"),
        ("année:2019", "year:2019"),
        ("annee:2019", "year:2019"),
        ("thème:x", "tag:x"),
        ("média:acteurs", 'outlet:"Acteurs publics"'),
        ("type:événement", "kind:event"),
        ("type:evenement", "kind:EVENT"),
    ]
    for french, english in same:
        assert reader.read(french).query == reader.read(english).query, (french, english)


def test_a_pattern_starts_at_its_first_letter(searcher):
    """A leading wildcard would have Whoosh read every word of every field before matching anything: it
    is dropped, so the pattern is searched from its first letter."""
    reader = QueryReader(build_schema(), {})
    for text in ("*algo*", "?algo*", "**algo", "*algo"):
        patterns = [q for q in reader.read(text).query.leaves() if isinstance(q, (wq.Wildcard, wq.Prefix))]
        assert patterns and all(q.text.startswith("algo") for q in patterns), text
    found = ids(search(searcher, "algorithm*"))
    assert found and ids(search(searcher, "*algorithm*")) == found


def test_year_ranges():
    reader = QueryReader(build_schema(), {})
    assert str(reader.read("annee:2019..2021").query) == "year:[2019 TO 2021]"
    assert str(reader.read("annee:2019..").query) == "year:[2019 TO ]"
    assert str(reader.read("annee:..2021").query) == "year:[ TO 2021]"


ACRONYMS = [("DITP", "direction interministérielle de la transformation publique"), ("CE", "Conseil d’État")]


def acronym_reader() -> QueryReader:
    from findit.analysis import Acronym, AcronymTable

    table = AcronymTable(Acronym(a, (long,), f"{long} ({a})") for a, long in ACRONYMS)
    return QueryReader(build_schema(), {}, acronyms=table)


def test_an_acronym_and_its_long_form_are_read_as_one_query():
    from whoosh import query as wq

    reader, plain = acronym_reader(), QueryReader(build_schema(), {})
    ditp = reader.read("DITP").query
    for text in [
        "ditp",
        "direction interministerielle de la transformation publique",
        "DIRECTION INTERMINISTÉRIELLE DE LA TRANSFORMATION PUBLIQUE",
        "Direction interministérielle de la transformation publique (DITP)",
    ]:
        assert reader.read(text).query == ditp, text
        assert reader.read_plain(text).query == ditp, text
    # One group: the acronym, or the long form as a phrase.
    assert ("body", "ditp") in set(ditp.iter_all_terms())
    assert any(isinstance(q, wq.Phrase) and q.fieldname == "body" and len(q.words) == 6 for q in ditp.leaves())
    # Without the archive's table, the acronyms findit ships (DITP is one) still work; others do not.
    assert plain.read("DITP").query == ditp
    assert plain.read("CE").query != reader.read("CE").query
    # Within a longer query, and with operators, the other words stay as they were.
    assert (
        reader.read("la DITP recrute").query
        == reader.read("la direction interministérielle de la transformation publique recrute").query
    )
    assert (
        reader.read("etalab OU DITP").query
        == reader.read("etalab OU (direction interministérielle de la transformation publique)").query
    )
    assert (
        reader.read("etalab -DITP").query
        == reader.read("etalab -(direction interministérielle de la transformation publique)").query
    )
    # Elisions and apostrophes as in the long form.
    assert reader.read("conseil d'etat").query == reader.read("CE").query == reader.read("Conseil d’État").query


def test_quoted_fielded_partial_and_function_words_are_left_as_written():
    reader, plain = acronym_reader(), QueryReader(build_schema(), {})
    for text in [
        '"DITP"',
        "orga:DITP",
        "titre:ditp",
        "DITP*",
        '"direction interministerielle de la transformation publique"',
        "direction interministerielle transformation publique",  # « de la » as the long form has it
        "direction interministerielle de la transformation",
        "ce que",
        "ce",
    ]:
        assert reader.read(text).query == plain.read(text).query, text


@pytest.mark.parametrize(
    "text",
    NASTY
    + [
        "DITP" * 100,
        "(DITP",
        "DITP)",
        "DITP OR",
        "-DITP",
        '"DITP',
        "direction interministerielle de la transformation publique" * 20,
        "CE CE CE",
        "ce CE",
        "DITP^2",
        "orga:(DITP ditp)",
    ],
)
def test_odd_input_with_known_acronyms_is_still_read(text):
    reader = acronym_reader()
    assert reader.read(text) is not None
    assert reader.read_plain(text) is not None


def test_the_shipped_acronyms_work_beside_the_archive_s_own_which_win():
    from findit.analysis import Acronym, AcronymTable
    from findit.analysis.acronyms import common_acronyms

    shipped = common_acronyms()
    assert len(shipped) >= 100 and shipped.get("urssaf") is not None
    plain = QueryReader(build_schema(), {})
    # an acronym the archive never spells out is read with its long form
    cnaf = plain.read("CNAF").query
    assert any(isinstance(q, wq.Phrase) and "allocations" in q.words for q in cnaf.leaves())
    assert plain.read("caisse nationale des allocations familiales").query == cnaf
    # the archive's own expansion wins
    own = AcronymTable([Acronym("CNAF", ("Club national des amis de la forêt",), "Club (CNAF)")])
    reader = QueryReader(build_schema(), {}, acronyms=own)
    assert reader.read("club national des amis de la foret").query == reader.read("CNAF").query
    assert reader.read("caisse nationale des allocations familiales").query != reader.read("CNAF").query
