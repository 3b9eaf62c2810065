"""What a user types that is not the archive's own spelling still finds the documents: a question mark,
the outlet and year of a press item, a word joined, apart or hyphenated, a typo, a curator's synonym;
the words as typed always rank first. Real analysis and a real on-disk index."""

from __future__ import annotations

import pytest

from findit.search import Searcher
from findit.search.ranking import split_exact
from findit.search.results import SearchRequest
from findit.search.synonyms import Synonyms, key_of
from findit.search.typos import max_edits, tolerant
from helpers import build_index, doc

FILL = "Les agents en parlent au fil de la journée, entre deux réunions de service. "

DOCS = [
    doc("propose", "Proposer un projet", "Une administration peut proposer un projet aux entrepreneurs. " + FILL),
    doc("other", "Le programme", "Un programme de l'État, décrit pour les usagers. " + FILL),
    doc(
        "press",
        "Le design au service de l'État",
        "Le design de services publics progresse. " + FILL,
        kind="press",
        outlet="Les Echos",
        date="2019-05-02",
    ),
    doc("design", "Le design des services", "Le design de services publics, une méthode. " + FILL, date="2021-01-04"),
    doc("hyphen", "La start-up d'État", "Une start-up d'État et la e-administration en région. " + FILL),
    doc("joined", "Des startups partout", "Les startups du numérique public. " + FILL),
    doc("apart", "Un data lake", "Le data lake de la direction rassemble les données. " + FILL),
    doc("franceconnect", "FranceConnect", "FranceConnect permet de se connecter aux services. " + FILL),
    *[
        doc(f"mob{i}", f"Le Mobilier national {i}", "Le Mobilier national ouvre ses collections. " + FILL)
        for i in range(10)
    ],
    doc("typo", "Le mobillier ancien", "Un mobillier de bureau, écrit ainsi. " + FILL),
    doc("acronym", "La DINUM", "La DINUM et la DINSIC. " + FILL),
    doc("young", "Jeunes entreprises", "Les jeunes pousses de la tech publique. " + FILL),
    # the archive writes a question's verb and pronoun: their joined form (« peutelle ») is known
    doc("faq", "Questions", "La région peut-elle financer ? Les usagers sont-ils prévenus ? " + FILL),
]


@pytest.fixture(scope="module")
def searcher(analyser, tmp_path_factory):
    settings = build_index(tmp_path_factory.mktemp("forms"), DOCS, analyser)
    with Searcher(settings) as s:
        yield s


def ids(searcher, query: str, **kw) -> list[str]:
    return [h.id for h in searcher.search(SearchRequest(query=query, **kw)).hits]


def test_a_question_mark_ends_a_question_and_function_words_do_not_decide(searcher):
    # « peut-elle » is a verb and its pronoun, « ? » is punctuation: neither is required, nor a wildcard.
    found = ids(searcher, "comment une administration peut-elle proposer un projet ?")
    assert found[0] == "propose"
    assert ids(searcher, "proposer un projet?")[0] == "propose"
    # where the archive writes « peut-elle » too (its joined form then an other form of the pair), the verb
    # and pronoun are still no words of the subject: optional, as « comment » and « un »
    query = searcher._current().parser.read("comment une administration peut-elle proposer un projet ?").query
    assert [word["exact"] for word in split_exact(query)[1]] == [["administration"], ["proposer"], ["projet"]]
    result = searcher.search(SearchRequest(query="comment une administration peut-elle proposer un projet ?"))
    assert "peut elle" not in result.message, "a verb and its pronoun searched apart are worth no message"
    # inside a word, `?` is still a wildcard
    assert "propose" in ids(searcher, "pro?oser")


def test_the_outlet_and_year_of_a_press_item_are_words_of_the_query(searcher):
    assert ids(searcher, "les echos design 2019")[0] == "press"
    assert ids(searcher, "design 2021")[0] == "design"


@pytest.mark.parametrize("query", ["startup", "start-up", "start up", "startups"])
def test_a_hyphenated_word_joined_or_apart_finds_every_spelling(searcher, query):
    assert {"hyphen", "joined"} <= set(ids(searcher, query))


def test_joined_and_apart_spellings(searcher):
    assert "hyphen" in ids(searcher, "eadministration")
    assert ids(searcher, "datalake")[0] == "apart"
    assert ids(searcher, "france connect")[0] == "franceconnect"


def test_a_typo_finds_the_known_word_ranked_below_the_word_as_typed(searcher):
    result = searcher.search(SearchRequest(query="mobillier"))
    found = [h.id for h in result.hits]
    # « mobillier » is in one page, « mobilier » in ten: both are searched, the spelling typed first.
    assert found[0] == "typo" and {"mob0", "mob1", "mob2"} <= set(found)
    assert "mobilier" in (result.message or "")
    assert ids(searcher, "mobillier national")[0].startswith("mob")
    # an unknown word of 5 letters or more is corrected; not a short word, an acronym, a number
    assert {"mob0", "mob1", "mob2"} <= set(ids(searcher, "mobiliar"))
    assert ids(searcher, "DINOM") == []
    assert ids(searcher, "mob") == []


class _Watched:
    """The real reader, counting its walks of the word list."""

    def __init__(self, reader):
        self.reader, self.walks = reader, 0

    def terms_within(self, *args, **kwargs):
        self.walks += 1
        return self.reader.terms_within(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.reader, name)


def test_a_word_s_corrections_are_looked_up_once_per_generation(searcher):
    gen = searcher._current()
    q = gen.parser.read("mobiliar national", other_spellings=False).query
    reader = _Watched(gen.reader)
    known: dict[str, list[str]] = {}

    def word(text):
        return gen.parser.read(text, other_spellings=False).query

    first = tolerant(q, reader, "mobiliar national", word, known)
    assert first.words == {"mobiliar": ["mobilier"]} and reader.walks > 0
    walks = reader.walks
    again = tolerant(q, reader, "mobiliar national", word, known)
    assert reader.walks == walks, "the word list was walked again"
    assert again.words == first.words and repr(again.query) == repr(first.query)


def test_a_word_written_in_the_archive_in_other_forms_is_no_typo(tmp_path, analyser):
    """The archive says « prédictions », never « prédiction »: the singular typed is no typo of the common
    « production » (two edits away), and finds the pages on predictions alone."""
    docs = [doc(f"prod{i}", f"Production {i}", "La production de données. " + FILL) for i in range(25)]
    docs += [doc(f"pred{i}", f"Modèle {i}", "Des prédictions pour les pompiers. " + FILL) for i in range(3)]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        result = s.search(SearchRequest(query="prédiction", limit=50))
        assert sorted(h.id for h in result.hits) == ["pred0", "pred1", "pred2"]
        assert "production" not in (result.message or "")


def test_a_speaker_s_name_is_no_typo_and_nothing_is_corrected_to_a_function_word(tmp_path, analyser):
    """« Lesur » and « Caron », speakers named in one page, are one edit from « leur » and « carton », in
    every page: the names are searched as typed, and a function word is never a correction."""
    docs = [
        doc(f"leur{i}", f"Atelier {i}", "Les agents et leur équipe rangent leur carton. " + FILL) for i in range(25)
    ]
    docs.append(
        doc(
            "lesur",
            "Saison 1",
            "Clôture de la saison. " + FILL,
            kind="event",
            speakers=["Romain Lesur", "Pierre Caron"],
        )
    )
    docs += [doc(f"lsur{i}", f"Note {i}", "Une note sur le sujet. " + FILL) for i in range(3)]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        for query in ("lesur", "Romain Lesur", "caron"):
            result = s.search(SearchRequest(query=query, limit=50))
            assert [h.id for h in result.hits] == ["lesur"], query
            assert "leur" not in (result.message or "") and "carton" not in (result.message or ""), result.message


def test_edit_distance_grows_with_the_word():
    assert [max_edits(w) for w in ("abcd", "abcde", "abcdefgh", "abcdefghi")] == [0, 1, 1, 2]


def test_synonyms_one_way_and_equivalent(tmp_path, analyser):
    settings = build_index(tmp_path, DOCS, analyser)
    settings.corpus.mkdir(parents=True, exist_ok=True)
    path = settings.synonyms_file()
    with Searcher(settings) as s:
        assert "young" not in ids(s, "jeune pousse") or ids(s, "jeune pousse")[0] == "young"
        assert "hyphen" not in ids(s, "jeune pousse")
        # Read at query time: written while the searcher is open, no rebuild.
        path.write_text("# essai\njeune pousse => start-up\nFranceConnect, identité numérique\n", encoding="utf-8")
        result = s.search(SearchRequest(query="jeune pousse"))
        found = [h.id for h in result.hits]
        assert found[0] == "young" and "hyphen" in found
        assert "start-up" in (result.message or "")
        # one way: start-up does not find « jeune pousse »
        assert "young" not in ids(s, "start-up")
        # equivalents find each other
        assert "franceconnect" in ids(s, "identité numérique")
        path.unlink()
        assert "hyphen" not in ids(s, "jeune pousse")


def test_a_bad_synonym_line_is_reported_and_the_rest_applies():
    table = Synonyms.parse("a => \nseul\nMise en œuvre, réalisation\n")
    assert len(table.problems) == 2 and table.problems[0].startswith("ligne 1")
    assert table.rules[key_of("mise en oeuvre")] == ["réalisation"]
    assert key_of("Mise en œuvre") == ("mise", "oeuvre")


def test_explain_says_which_words_matched_where_and_how(searcher):
    from findit.search.explain import explain

    gen = searcher._current()

    def why(query: str, doc_id: str) -> set[tuple[str, str, str]]:
        read = gen.parser.read(query)
        docnum = next(n for n, fields in gen.reader.iter_docs() if fields["id"] == doc_id)
        return {(m.word, m.field, m.how) for m in explain(gen.reader, read.query, docnum)}

    assert ("mobillier", "title", "typo") in why("mobillier", "mob0")
    assert ("mobillier", "title", "exact") not in why("mobillier", "mob0")
    assert ("mobillier", "title", "lemma") in why("mobillier", "typo")
    press = why("les echos design 2019", "press")
    assert {("echos", "context", "outlet-year"), ("2019", "context", "outlet-year")} <= press
    assert ("design", "title", "lemma") in press
    assert any(how == "spelling" for _, _, how in why("datalake", "apart"))
    # a word the document lacks is not listed
    assert not any(word == "echos" for word, _, _ in why("les echos design 2019", "design"))


def test_a_filter_that_leaves_one_full_match_still_shows_the_partial_ones_after_it(analyser, tmp_path):
    docs = [doc(f"both{i}", f"Atelier {i}", "Cartographie des bibliothèques. " + FILL) for i in range(12)]
    docs += [
        doc("echos-both", "Cartographie", "La cartographie des bibliothèques.", kind="press", outlet="Les Echos"),
        doc("echos-one", "Bibliothèques", "Les bibliothèques ouvrent.", kind="press", outlet="Les Echos"),
        doc("echos-none", "Autre", "Rien à voir.", kind="press", outlet="Les Echos"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        # Twelve documents hold both words: no widening without a filter.
        assert len(ids(s, "cartographie bibliothèques", limit=20)) == 13
        found = ids(s, "cartographie bibliothèques", filters={"outlet": ["Les Echos"]})
    assert found == ["echos-both", "echos-one"]


def test_other_forms_can_be_turned_off(tmp_path, analyser):
    from dataclasses import replace

    settings = build_index(tmp_path, DOCS, analyser)
    with Searcher(replace(settings, other_forms=False)) as s:
        assert ids(s, "mobiliar") == [] and ids(s, "datalake") == []
        assert ids(s, "mobilier")  # the words as typed still work
